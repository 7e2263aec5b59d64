//! Content that renders right: mentions on text, markdown and markdown_v2 messages, CommonMark
//! conversion, and markdown_v2 splitting that repeats table headers (the chunked send is
//! `wecom_client_send_markdown_v2_chunked`, beside the other sends).

use crate::boundary::arg_str;
use crate::helpers::{split, string_out};
use crate::message::{modify, wecom_message, wrong_type};
use crate::result::wecom_result;
use crate::strings::wecom_string_list;
use std::ffi::c_char;
use wecom_bot::{Error, Message, MENTION_ALL};

/// Mentions the member with this userid, by the mechanism the message's type supports: a
/// text message's `mentioned_list`; an inline `<@userid>` in a markdown message. A
/// markdown_v2 message cannot mention: validating or sending it fails naming
/// `markdown_v2.mentioned_list` unless `wecom_message_mention_followup` was called.
/// Any other type is `WECOM_RESULT_INVALID_ARGUMENT` at once.
///
/// Ownership: `userid` is borrowed for the call (copied).
#[no_mangle]
pub unsafe extern "C" fn wecom_message_mention(message: *mut wecom_message, userid: *const c_char) -> wecom_result {
    mention(message, || Ok(Who::User(arg_str(userid, "userid")?.to_owned())))
}

/// Mentions the member with this mobile number: a text message's `mentioned_mobile_list`;
/// markdown and markdown_v2 cannot carry it unless `wecom_message_mention_followup` was called.
///
/// Ownership: `mobile` is borrowed for the call (copied).
#[no_mangle]
pub unsafe extern "C" fn wecom_message_mention_mobile(
    message: *mut wecom_message,
    mobile: *const c_char,
) -> wecom_result {
    mention(message, || Ok(Who::Mobile(arg_str(mobile, "mobile")?.to_owned())))
}

/// Mentions everyone (`"@all"`): a text message's `mentioned_list`; markdown and
/// markdown_v2 need `wecom_message_mention_followup`.
#[no_mangle]
pub unsafe extern "C" fn wecom_message_mention_all(message: *mut wecom_message) -> wecom_result {
    mention(message, || Ok(Who::All))
}

/// Asks a markdown or markdown_v2 message to carry its mentions in a text message with this
/// content, sent by `wecom_client_send` right after it (instead of inline).
///
/// Ownership: `text` is borrowed for the call (copied).
#[no_mangle]
pub unsafe extern "C" fn wecom_message_mention_followup(
    message: *mut wecom_message,
    text: *const c_char,
) -> wecom_result {
    modify(message, |m| {
        let text = arg_str(text, "text")?.to_owned();
        match m {
            Message::Markdown(md) => md.mentions.followup = Some(text),
            Message::MarkdownV2(md) => md.mentions.followup = Some(text),
            other => return Err(wrong_type("markdown or markdown_v2", other)),
        }
        Ok(())
    })
}

enum Who {
    User(String),
    Mobile(String),
    All,
}

unsafe fn mention(message: *mut wecom_message, who: impl FnOnce() -> Result<Who, Error>) -> wecom_result {
    modify(message, |m| {
        let who = who()?;
        let (userids, mobiles) = match m {
            Message::Text(t) => (&mut t.mentioned_list, &mut t.mentioned_mobile_list),
            Message::Markdown(md) => (&mut md.mentions.userids, &mut md.mentions.mobiles),
            Message::MarkdownV2(md) => (&mut md.mentions.userids, &mut md.mentions.mobiles),
            other => return Err(wrong_type("text, markdown or markdown_v2", other)),
        };
        match who {
            Who::User(u) => userids.push(u),
            Who::Mobile(p) => mobiles.push(p),
            Who::All => userids.push(MENTION_ALL.to_owned()),
        }
        Ok(())
    })
}

/// Splits markdown_v2 into chunks of at most 4096 bytes: at line breaks where possible, never
/// inside a UTF-8 character or a `<@userid>`; a code block cut by a boundary is closed and
/// reopened; a table cut by a boundary has its header and separator rows repeated at the top
/// of the next chunk.
///
/// Ownership: as for `wecom_split_text`.
#[no_mangle]
pub unsafe extern "C" fn wecom_split_markdown_v2(
    content: *const c_char,
    out_chunks: *mut *mut wecom_string_list,
) -> wecom_result {
    split(content, out_chunks, wecom_bot::split_markdown_v2)
}

/// Converts CommonMark to WeCom markdown (v1): headings, bold, links, inline code, quotes and
/// `<font color>` kept; tables, lists, code blocks, images and HTML rewritten into those.
///
/// Ownership: `commonmark` is borrowed for the call. On success `*out_string` is a new
/// string the caller releases with `wecom_string_free`; on failure it is NULL.
#[no_mangle]
pub unsafe extern "C" fn wecom_to_wecom_markdown(
    commonmark: *const c_char,
    out_string: *mut *mut c_char,
) -> wecom_result {
    string_out(out_string, || Ok(wecom_bot::to_wecom_markdown(arg_str(commonmark, "commonmark")?)))
}

/// Converts CommonMark to WeCom markdown_v2 (tables, lists, code and images kept; HTML
/// reduced to its text). Ownership: as for `wecom_to_wecom_markdown`.
#[no_mangle]
pub unsafe extern "C" fn wecom_to_wecom_markdown_v2(
    commonmark: *const c_char,
    out_string: *mut *mut c_char,
) -> wecom_result {
    string_out(out_string, || Ok(wecom_bot::to_wecom_markdown_v2(arg_str(commonmark, "commonmark")?)))
}

/// Converts markdown to plain text for a text message (syntax removed, links written as
/// `text (url)`). Ownership: as for `wecom_to_wecom_markdown`.
#[no_mangle]
pub unsafe extern "C" fn wecom_to_plain_text(markdown: *const c_char, out_string: *mut *mut c_char) -> wecom_result {
    string_out(out_string, || Ok(wecom_bot::to_plain_text(arg_str(markdown, "markdown")?)))
}
