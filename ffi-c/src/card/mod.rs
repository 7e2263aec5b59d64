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
//!
//! The setters live in one file per part of a card: `parts` (source, main_title, quote_area,
//! card_action: every card has them), `lists` (horizontal_content_list and jump_list: every
//! card has them), `text_notice` and `news_notice` (the parts only that card type has).

pub mod lists;
pub mod news_notice;
pub mod parts;
pub mod text_notice;

use crate::message::wrong_type;
use wecom_bot::{Error, Message, NewsNoticeCard, TemplateCard, TextNoticeCard};

fn card(m: &mut Message) -> Result<&mut TemplateCard, Error> {
    match m {
        Message::TemplateCard(c) => Ok(c),
        other => Err(wrong_type("template_card", other)),
    }
}

fn text_notice_card<'a>(m: &'a mut Message, part: &str) -> Result<&'a mut TextNoticeCard, Error> {
    match card(m)? {
        TemplateCard::TextNotice(c) => Ok(c),
        TemplateCard::NewsNotice(_) => Err(Error::invalid_argument(
            "message",
            format!("{part} belongs to text_notice cards; this is a news_notice card"),
        )),
    }
}

fn news_notice_card<'a>(m: &'a mut Message, part: &str) -> Result<&'a mut NewsNoticeCard, Error> {
    match card(m)? {
        TemplateCard::NewsNotice(c) => Ok(c),
        TemplateCard::TextNotice(_) => Err(Error::invalid_argument(
            "message",
            format!("{part} belongs to news_notice cards; this is a text_notice card"),
        )),
    }
}
