//! Setters of the parts only `text_notice` cards have: `emphasis_content`, `sub_title_text`.

use super::text_notice_card;
use crate::boundary::arg_str;
use crate::message::{modify, wecom_message};
use crate::result::wecom_result;
use std::ffi::c_char;
use wecom_bot::{EmphasisContent, Error, Message};

fn emphasis_content(m: &mut Message) -> Result<&mut EmphasisContent, Error> {
    Ok(text_notice_card(m, "emphasis_content")?.emphasis_content.get_or_insert_with(EmphasisContent::default))
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
        text_notice_card(m, "sub_title_text")?.sub_title_text =
            Some(arg_str(sub_title_text, "sub_title_text")?.to_owned());
        Ok(())
    })
}
