//! Setters of the parts only `news_notice` cards have: `card_image`, `image_text_area`,
//! `vertical_content_list`.

use super::news_notice_card;
use crate::boundary::arg_str;
use crate::message::item;
use crate::message::{modify, wecom_message};
use crate::result::wecom_result;
use std::ffi::c_char;
use wecom_bot::{CardImage, Error, ImageTextArea, Message, VerticalContent};

fn card_image(m: &mut Message) -> Result<&mut CardImage, Error> {
    Ok(news_notice_card(m, "card_image")?.card_image.get_or_insert_with(CardImage::default))
}

fn image_text_area(m: &mut Message) -> Result<&mut ImageTextArea, Error> {
    Ok(news_notice_card(m, "image_text_area")?.image_text_area.get_or_insert_with(ImageTextArea::default))
}

fn vertical(m: &mut Message, index: usize) -> Result<&mut VerticalContent, Error> {
    item(
        &mut news_notice_card(m, "vertical_content_list")?.vertical_content_list,
        index,
        "template_card.vertical_content_list",
    )
}

/// Sets `template_card.card_image.url`: the picture's URL (news_notice cards only; required there).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_card_image_url(
    message: *mut wecom_message,
    url: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        card_image(m)?.url = arg_str(url, "url")?.to_owned();
        Ok(())
    })
}

/// Sets `template_card.card_image.aspect_ratio`: width / height, from 1.3 to 2.25 inclusive
/// (news_notice cards only; NaN and infinities are refused when validated).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_card_image_aspect_ratio(
    message: *mut wecom_message,
    aspect_ratio: f64,
) -> wecom_result {
    modify(message, |m| {
        card_image(m)?.aspect_ratio = Some(aspect_ratio);
        Ok(())
    })
}

/// Sets `template_card.image_text_area.type`: 0 none, 1 url (needs `url`), 2 mini program (needs
/// `appid`) (news_notice cards only).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_image_text_area_type(message: *mut wecom_message, kind: i64) -> wecom_result {
    modify(message, |m| {
        image_text_area(m)?.kind = Some(kind);
        Ok(())
    })
}

/// Sets `template_card.image_text_area.url`: the URL opened on click (type 1; news_notice cards only).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_image_text_area_url(
    message: *mut wecom_message,
    url: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        image_text_area(m)?.url = Some(arg_str(url, "url")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.image_text_area.appid`: the mini program opened on click (type 2; news_notice cards only).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_image_text_area_appid(
    message: *mut wecom_message,
    appid: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        image_text_area(m)?.appid = Some(arg_str(appid, "appid")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.image_text_area.pagepath`: the mini program page (type 2; news_notice cards only).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_image_text_area_pagepath(
    message: *mut wecom_message,
    pagepath: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        image_text_area(m)?.pagepath = Some(arg_str(pagepath, "pagepath")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.image_text_area.title`: the area's title (news_notice cards only).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_image_text_area_title(
    message: *mut wecom_message,
    title: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        image_text_area(m)?.title = Some(arg_str(title, "title")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.image_text_area.desc`: the area's description (news_notice cards only).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_image_text_area_desc(
    message: *mut wecom_message,
    desc: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        image_text_area(m)?.desc = Some(arg_str(desc, "desc")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.image_text_area.image_url`: the picture's URL (required in the area;
/// news_notice cards only).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_image_text_area_image_url(
    message: *mut wecom_message,
    image_url: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        image_text_area(m)?.image_url = arg_str(image_url, "image_url")?.to_owned();
        Ok(())
    })
}

/// Appends a `template_card.vertical_content_list` block with its required `title` (at most 4
/// blocks; news_notice cards only).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_add_vertical_content(
    message: *mut wecom_message,
    title: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        let title = arg_str(title, "title")?.to_owned();
        news_notice_card(m, "vertical_content_list")?.vertical_content_list.push(VerticalContent { title, desc: None });
        Ok(())
    })
}

/// Sets `template_card.vertical_content_list[index].desc`: the block's text (news_notice cards only).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_vertical_content_set_desc(
    message: *mut wecom_message,
    index: usize,
    desc: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        vertical(m, index)?.desc = Some(arg_str(desc, "desc")?.to_owned());
        Ok(())
    })
}
