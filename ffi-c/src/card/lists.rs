//! The lists every card has: `horizontal_content_list` and `jump_list` (add an item, then set
//! its other fields by index).

use super::card;
use crate::boundary::arg_str;
use crate::message::item;
use crate::message::{modify, wecom_message};
use crate::result::wecom_result;
use std::ffi::c_char;
use wecom_bot::{Error, HorizontalContent, Jump, Message, TemplateCard};

fn horizontal_list(m: &mut Message) -> Result<&mut Vec<HorizontalContent>, Error> {
    Ok(match card(m)? {
        TemplateCard::TextNotice(c) => &mut c.horizontal_content_list,
        TemplateCard::NewsNotice(c) => &mut c.horizontal_content_list,
    })
}

fn jump_list(m: &mut Message) -> Result<&mut Vec<Jump>, Error> {
    Ok(match card(m)? {
        TemplateCard::TextNotice(c) => &mut c.jump_list,
        TemplateCard::NewsNotice(c) => &mut c.jump_list,
    })
}

fn horizontal(m: &mut Message, index: usize) -> Result<&mut HorizontalContent, Error> {
    item(horizontal_list(m)?, index, "template_card.horizontal_content_list")
}

fn jump(m: &mut Message, index: usize) -> Result<&mut Jump, Error> {
    item(jump_list(m)?, index, "template_card.jump_list")
}

/// Appends a `template_card.horizontal_content_list` line with its required `keyname`
/// (at most 6 lines; checked when validated).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_add_horizontal_content(
    message: *mut wecom_message,
    keyname: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        let keyname = arg_str(keyname, "keyname")?.to_owned();
        horizontal_list(m)?.push(HorizontalContent { keyname, ..HorizontalContent::default() });
        Ok(())
    })
}

/// Sets `template_card.horizontal_content_list[index].value`: the value (for type 2, the file name shown).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_horizontal_content_set_value(
    message: *mut wecom_message,
    index: usize,
    value: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        horizontal(m, index)?.value = Some(arg_str(value, "value")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.horizontal_content_list[index].type`: 0 plain, 1 url (needs `url`), 2 file (needs `media_id`), 3 member (needs `userid`).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_horizontal_content_set_type(
    message: *mut wecom_message,
    index: usize,
    kind: i64,
) -> wecom_result {
    modify(message, |m| {
        horizontal(m, index)?.kind = Some(kind);
        Ok(())
    })
}

/// Sets `template_card.horizontal_content_list[index].url`: the URL opened on click (type 1).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_horizontal_content_set_url(
    message: *mut wecom_message,
    index: usize,
    url: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        horizontal(m, index)?.url = Some(arg_str(url, "url")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.horizontal_content_list[index].media_id`: the attached file's media id (type 2).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_horizontal_content_set_media_id(
    message: *mut wecom_message,
    index: usize,
    media_id: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        horizontal(m, index)?.media_id = Some(arg_str(media_id, "media_id")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.horizontal_content_list[index].userid`: the member whose details open on click (type 3).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_horizontal_content_set_userid(
    message: *mut wecom_message,
    index: usize,
    userid: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        horizontal(m, index)?.userid = Some(arg_str(userid, "userid")?.to_owned());
        Ok(())
    })
}

/// Appends a `template_card.jump_list` link with its required `title` (at most 3 links;
/// checked when validated).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_add_jump(message: *mut wecom_message, title: *const c_char) -> wecom_result {
    modify(message, |m| {
        let title = arg_str(title, "title")?.to_owned();
        jump_list(m)?.push(Jump { title, ..Jump::default() });
        Ok(())
    })
}

/// Sets `template_card.jump_list[index].type`: 0 not a link, 1 url (needs `url`), 2 mini program (needs `appid`).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_jump_set_type(
    message: *mut wecom_message,
    index: usize,
    kind: i64,
) -> wecom_result {
    modify(message, |m| {
        jump(m, index)?.kind = Some(kind);
        Ok(())
    })
}

/// Sets `template_card.jump_list[index].url`: the URL opened on click (type 1).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_jump_set_url(
    message: *mut wecom_message,
    index: usize,
    url: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        jump(m, index)?.url = Some(arg_str(url, "url")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.jump_list[index].appid`: the mini program opened on click (type 2).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_jump_set_appid(
    message: *mut wecom_message,
    index: usize,
    appid: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        jump(m, index)?.appid = Some(arg_str(appid, "appid")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.jump_list[index].pagepath`: the mini program page (type 2).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_jump_set_pagepath(
    message: *mut wecom_message,
    index: usize,
    pagepath: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        jump(m, index)?.pagepath = Some(arg_str(pagepath, "pagepath")?.to_owned());
        Ok(())
    })
}
