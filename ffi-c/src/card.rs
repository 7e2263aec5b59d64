//! Template card setters: every field of the `text_notice` and `news_notice` cards
//! (DESIGN.md §3 and the spec's template_card tables), one C function per field.
//!
//! Setters only store values; the card's rules (required fields, `type` values, list
//! lengths, aspect ratio) are checked by `wecom_message_validate`, `wecom_message_to_json`
//! and `wecom_client_send`, whose error names the field. A setter for a part the card type
//! does not have (e.g. `emphasis_content` on a `news_notice` card) and a setter on a message
//! that is not a template card fail with `WECOM_RESULT_INVALID_ARGUMENT`.
//!
//! Lists (`horizontal_content_list`, `jump_list`, `vertical_content_list`) grow with a
//! `wecom_card_add_*` function taking the item's required field; the item's other fields are
//! set by index (the first item added has index 0); an index out of range fails with
//! `WECOM_RESULT_INVALID_ARGUMENT`.
//!
//! Ownership for every function here: `message` must be a live message used by no other
//! thread during the call; string arguments are borrowed for the call (copied).

use crate::boundary::arg_str;
use crate::message::{item, modify, wecom_message, wrong_type};
use crate::result::wecom_result;
use std::ffi::c_char;
use wecom_bot::{
    CardAction, CardImage, EmphasisContent, Error, HorizontalContent, ImageTextArea, Jump, MainTitle, Message,
    NewsNoticeCard, QuoteArea, Source, TemplateCard, TextNoticeCard, VerticalContent,
};

fn card(m: &mut Message) -> Result<&mut TemplateCard, Error> {
    match m {
        Message::TemplateCard(c) => Ok(c),
        other => Err(wrong_type("template_card", other)),
    }
}

fn text_notice<'a>(m: &'a mut Message, part: &str) -> Result<&'a mut TextNoticeCard, Error> {
    match card(m)? {
        TemplateCard::TextNotice(c) => Ok(c),
        TemplateCard::NewsNotice(_) => Err(Error::invalid_argument(
            "message",
            format!("{part} belongs to text_notice cards; this is a news_notice card"),
        )),
    }
}

fn news_notice<'a>(m: &'a mut Message, part: &str) -> Result<&'a mut NewsNoticeCard, Error> {
    match card(m)? {
        TemplateCard::NewsNotice(c) => Ok(c),
        TemplateCard::TextNotice(_) => Err(Error::invalid_argument(
            "message",
            format!("{part} belongs to news_notice cards; this is a text_notice card"),
        )),
    }
}

fn source(m: &mut Message) -> Result<&mut Source, Error> {
    Ok(match card(m)? {
        TemplateCard::TextNotice(c) => c.source.get_or_insert_with(Source::default),
        TemplateCard::NewsNotice(c) => c.source.get_or_insert_with(Source::default),
    })
}

fn main_title(m: &mut Message) -> Result<&mut MainTitle, Error> {
    Ok(match card(m)? {
        TemplateCard::TextNotice(c) => c.main_title.get_or_insert_with(MainTitle::default),
        TemplateCard::NewsNotice(c) => c.main_title.get_or_insert_with(MainTitle::default),
    })
}

fn quote_area(m: &mut Message) -> Result<&mut QuoteArea, Error> {
    Ok(match card(m)? {
        TemplateCard::TextNotice(c) => c.quote_area.get_or_insert_with(QuoteArea::default),
        TemplateCard::NewsNotice(c) => c.quote_area.get_or_insert_with(QuoteArea::default),
    })
}

fn card_action(m: &mut Message) -> Result<&mut CardAction, Error> {
    Ok(match card(m)? {
        TemplateCard::TextNotice(c) => c.card_action.get_or_insert_with(CardAction::default),
        TemplateCard::NewsNotice(c) => c.card_action.get_or_insert_with(CardAction::default),
    })
}

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

fn emphasis_content(m: &mut Message) -> Result<&mut EmphasisContent, Error> {
    Ok(text_notice(m, "emphasis_content")?.emphasis_content.get_or_insert_with(EmphasisContent::default))
}

fn card_image(m: &mut Message) -> Result<&mut CardImage, Error> {
    Ok(news_notice(m, "card_image")?.card_image.get_or_insert_with(CardImage::default))
}

fn image_text_area(m: &mut Message) -> Result<&mut ImageTextArea, Error> {
    Ok(news_notice(m, "image_text_area")?.image_text_area.get_or_insert_with(ImageTextArea::default))
}

fn vertical(m: &mut Message, index: usize) -> Result<&mut VerticalContent, Error> {
    item(
        &mut news_notice(m, "vertical_content_list")?.vertical_content_list,
        index,
        "template_card.vertical_content_list",
    )
}

/// Sets `template_card.source.icon_url`: the source icon's URL.
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_source_icon_url(
    message: *mut wecom_message,
    icon_url: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        source(m)?.icon_url = Some(arg_str(icon_url, "icon_url")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.source.desc`: the source text next to the icon.
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_source_desc(message: *mut wecom_message, desc: *const c_char) -> wecom_result {
    modify(message, |m| {
        source(m)?.desc = Some(arg_str(desc, "desc")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.source.desc_color`: 0 grey (default), 1 black, 2 red, 3 green.
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_source_desc_color(
    message: *mut wecom_message,
    desc_color: i64,
) -> wecom_result {
    modify(message, |m| {
        source(m)?.desc_color = Some(desc_color);
        Ok(())
    })
}

/// Sets `template_card.main_title.title`: the card's first-level title.
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_main_title_title(
    message: *mut wecom_message,
    title: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        main_title(m)?.title = Some(arg_str(title, "title")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.main_title.desc`: the title's description.
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_main_title_desc(
    message: *mut wecom_message,
    desc: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        main_title(m)?.desc = Some(arg_str(desc, "desc")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.emphasis_content.title`: the key figure shown large (text_notice cards only).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_emphasis_content_title(
    message: *mut wecom_message,
    title: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        emphasis_content(m)?.title = Some(arg_str(title, "title")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.emphasis_content.desc`: what the key figure means (text_notice cards only).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_emphasis_content_desc(
    message: *mut wecom_message,
    desc: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        emphasis_content(m)?.desc = Some(arg_str(desc, "desc")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.sub_title_text`: secondary plain text (text_notice cards only).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_sub_title_text(
    message: *mut wecom_message,
    sub_title_text: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        text_notice(m, "sub_title_text")?.sub_title_text = Some(arg_str(sub_title_text, "sub_title_text")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.quote_area.type`: 0 none, 1 url (needs `url`), 2 mini program (needs `appid`).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_quote_area_type(message: *mut wecom_message, kind: i64) -> wecom_result {
    modify(message, |m| {
        quote_area(m)?.kind = Some(kind);
        Ok(())
    })
}

/// Sets `template_card.quote_area.url`: the URL opened on click (type 1).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_quote_area_url(
    message: *mut wecom_message,
    url: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        quote_area(m)?.url = Some(arg_str(url, "url")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.quote_area.appid`: the mini program opened on click (type 2).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_quote_area_appid(
    message: *mut wecom_message,
    appid: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        quote_area(m)?.appid = Some(arg_str(appid, "appid")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.quote_area.pagepath`: the mini program page (type 2).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_quote_area_pagepath(
    message: *mut wecom_message,
    pagepath: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        quote_area(m)?.pagepath = Some(arg_str(pagepath, "pagepath")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.quote_area.title`: the quote's title.
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_quote_area_title(
    message: *mut wecom_message,
    title: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        quote_area(m)?.title = Some(arg_str(title, "title")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.quote_area.quote_text`: the quoted text.
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_quote_area_quote_text(
    message: *mut wecom_message,
    quote_text: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        quote_area(m)?.quote_text = Some(arg_str(quote_text, "quote_text")?.to_owned());
        Ok(())
    })
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

/// Sets `template_card.card_action.type`: 1 url (needs `url`) or 2 mini program (needs `appid`);
/// required, as is `card_action` itself. Until it is set, the type is 0, which validation refuses.
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_card_action_type(message: *mut wecom_message, kind: i64) -> wecom_result {
    modify(message, |m| {
        card_action(m)?.kind = kind;
        Ok(())
    })
}

/// Sets `template_card.card_action.url`: the URL opened on click (type 1).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_card_action_url(
    message: *mut wecom_message,
    url: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        card_action(m)?.url = Some(arg_str(url, "url")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.card_action.appid`: the mini program opened on click (type 2).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_card_action_appid(
    message: *mut wecom_message,
    appid: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        card_action(m)?.appid = Some(arg_str(appid, "appid")?.to_owned());
        Ok(())
    })
}

/// Sets `template_card.card_action.pagepath`: the mini program page (type 2).
#[no_mangle]
pub unsafe extern "C" fn wecom_card_set_card_action_pagepath(
    message: *mut wecom_message,
    pagepath: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        card_action(m)?.pagepath = Some(arg_str(pagepath, "pagepath")?.to_owned());
        Ok(())
    })
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
        news_notice(m, "vertical_content_list")?.vertical_content_list.push(VerticalContent { title, desc: None });
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
