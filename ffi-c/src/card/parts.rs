//! Setters of the parts every card has: `source`, `main_title`, `quote_area`, `card_action`.

use super::card;
use crate::boundary::arg_str;
use crate::message::{modify, wecom_message};
use crate::result::wecom_result;
use std::ffi::c_char;
use wecom_bot::{CardAction, Error, MainTitle, Message, QuoteArea, Source, TemplateCard};

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
