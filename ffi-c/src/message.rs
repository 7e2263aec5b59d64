//! `wecom_message`: every message type of the webhook, built field by field, serialized
//! after validation. Template cards have their own setters in `card.rs`.

use crate::boundary::{
    arg_mut, arg_path, arg_ref, arg_slice, arg_str, free_handle, guard, guard_value, into_c_string, into_handle,
    out_ptr,
};
use crate::result::wecom_result;
use std::ffi::c_char;
use wecom_bot::{
    Article, Error, File, Image, Markdown, MarkdownV2, Message, News, NewsNoticeCard, TemplateCard, Text,
    TextNoticeCard, Voice,
};

/// A message of any type. Built by one of the `wecom_message_*_new` / `_from_*`
/// constructors, completed by setters, checked by `wecom_message_validate`, serialized by
/// `wecom_message_to_json`, sent by `wecom_client_send`, released by `wecom_message_free`.
///
/// Constructors and setters do not validate (except that image constructors check the image):
/// every rule of the spec is checked by `wecom_message_validate`, `wecom_message_to_json` and
/// `wecom_client_send`, whose error names the field (`wecom_error_field`).
///
/// Thread safety: a message may be read (validated, serialized, sent) by several threads at
/// once; a setter needs exclusive access.
pub struct wecom_message {
    pub(crate) inner: Message,
}

unsafe fn construct(
    out_message: *mut *mut wecom_message,
    make: impl FnOnce() -> Result<Message, Error>,
) -> wecom_result {
    guard(|| {
        let out = out_ptr(out_message, "out_message")?;
        *out = into_handle(wecom_message { inner: make()? });
        Ok(())
    })
}

/// Runs `f` on the message's body when it is of the type `expected` names.
pub(crate) unsafe fn modify(
    message: *mut wecom_message,
    f: impl FnOnce(&mut Message) -> Result<(), Error>,
) -> wecom_result {
    guard(|| f(&mut arg_mut(message, "message")?.inner))
}

pub(crate) fn wrong_type(setter_for: &str, message: &Message) -> Error {
    Error::invalid_argument(
        "message",
        format!("this setter is for {setter_for} messages; this is a {} message", message.msgtype()),
    )
}

/// The index argument of a list setter, checked against the list's length.
pub(crate) fn item<'a, T>(list: &'a mut [T], index: usize, list_name: &str) -> Result<&'a mut T, Error> {
    let len = list.len();
    list.get_mut(index).ok_or_else(|| {
        Error::invalid_argument("index", format!("index {index} is out of range: {list_name} has {len} items"))
    })
}

/// Makes a text message (`content` ≤ 2048 bytes, checked when validated or sent).
///
/// Ownership: `content` is borrowed for the call (copied). On success `*out_message` is a
/// new message the caller releases with `wecom_message_free`; on failure it is NULL. The
/// same holds for every `wecom_message_*` constructor.
#[no_mangle]
pub unsafe extern "C" fn wecom_message_text_new(
    content: *const c_char,
    out_message: *mut *mut wecom_message,
) -> wecom_result {
    construct(out_message, || Ok(Text::new(arg_str(content, "content")?).into()))
}

/// Adds a userid to a text message's `mentioned_list` (`"@all"` mentions everyone).
///
/// Ownership: `userid` is borrowed for the call (copied).
#[no_mangle]
pub unsafe extern "C" fn wecom_message_text_add_mention(
    message: *mut wecom_message,
    userid: *const c_char,
) -> wecom_result {
    modify(message, |m| match m {
        Message::Text(t) => {
            t.mentioned_list.push(arg_str(userid, "userid")?.to_owned());
            Ok(())
        }
        other => Err(wrong_type("text", other)),
    })
}

/// Adds a mobile number to a text message's `mentioned_mobile_list` (`"@all"`: everyone).
///
/// Ownership: `mobile` is borrowed for the call (copied).
#[no_mangle]
pub unsafe extern "C" fn wecom_message_text_add_mention_mobile(
    message: *mut wecom_message,
    mobile: *const c_char,
) -> wecom_result {
    modify(message, |m| match m {
        Message::Text(t) => {
            t.mentioned_mobile_list.push(arg_str(mobile, "mobile")?.to_owned());
            Ok(())
        }
        other => Err(wrong_type("text", other)),
    })
}

/// Makes a markdown message (`content` ≤ 4096 bytes).
///
/// Ownership: as for `wecom_message_text_new`.
#[no_mangle]
pub unsafe extern "C" fn wecom_message_markdown_new(
    content: *const c_char,
    out_message: *mut *mut wecom_message,
) -> wecom_result {
    construct(out_message, || Ok(Markdown::new(arg_str(content, "content")?).into()))
}

/// Makes a markdown_v2 message (`content` ≤ 4096 bytes).
///
/// Ownership: as for `wecom_message_text_new`.
#[no_mangle]
pub unsafe extern "C" fn wecom_message_markdown_v2_new(
    content: *const c_char,
    out_message: *mut *mut wecom_message,
) -> wecom_result {
    construct(out_message, || Ok(MarkdownV2::new(arg_str(content, "content")?).into()))
}

/// Makes an image message from the raw bytes of a JPG or PNG (≤ 2 MiB; checked now); the
/// base64 and md5 are computed here.
///
/// Ownership: `data` is borrowed for the call (copied); `*out_message` as for
/// `wecom_message_text_new`.
#[no_mangle]
pub unsafe extern "C" fn wecom_message_image_from_bytes(
    data: *const u8,
    len: usize,
    out_message: *mut *mut wecom_message,
) -> wecom_result {
    construct(out_message, || Ok(Image::from_bytes(arg_slice(data, len, "data")?)?.into()))
}

/// Makes an image message from a JPG or PNG file (≤ 2 MiB; checked now).
///
/// Ownership: `path` is borrowed for the call; `*out_message` as for `wecom_message_text_new`.
#[no_mangle]
pub unsafe extern "C" fn wecom_message_image_from_path(
    path: *const c_char,
    out_message: *mut *mut wecom_message,
) -> wecom_result {
    construct(out_message, || Ok(Image::from_path(arg_path(path, "path")?)?.into()))
}

/// Makes an image message from base64 and md5 computed elsewhere, used as they are; they
/// are checked (valid base64 of a JPG/PNG ≤ 2 MiB, md5 matching) when validated or sent.
///
/// Ownership: `base64` and `md5` are borrowed for the call (copied); `*out_message` as for
/// `wecom_message_text_new`.
#[no_mangle]
pub unsafe extern "C" fn wecom_message_image_from_base64(
    base64: *const c_char,
    md5: *const c_char,
    out_message: *mut *mut wecom_message,
) -> wecom_result {
    construct(out_message, || Ok(Image::from_base64(arg_str(base64, "base64")?, arg_str(md5, "md5")?).into()))
}

/// Makes a news message with no articles yet (add 1 to 8 with
/// `wecom_message_news_add_article`).
///
/// Ownership: `*out_message` as for `wecom_message_text_new`.
#[no_mangle]
pub unsafe extern "C" fn wecom_message_news_new(out_message: *mut *mut wecom_message) -> wecom_result {
    construct(out_message, || Ok(News::default().into()))
}

/// Appends an article with its required `title` (truncated past 128 bytes at a character
/// boundary when serialized) and `url` (no scheme required). The first article added has
/// index 0.
///
/// Ownership: `title` and `url` are borrowed for the call (copied).
#[no_mangle]
pub unsafe extern "C" fn wecom_message_news_add_article(
    message: *mut wecom_message,
    title: *const c_char,
    url: *const c_char,
) -> wecom_result {
    modify(message, |m| match m {
        Message::News(n) => {
            n.articles.push(Article::new(arg_str(title, "title")?, arg_str(url, "url")?));
            Ok(())
        }
        other => Err(wrong_type("news", other)),
    })
}

unsafe fn article(
    message: *mut wecom_message,
    index: usize,
    f: impl FnOnce(&mut Article) -> Result<(), Error>,
) -> wecom_result {
    modify(message, |m| match m {
        Message::News(n) => f(item(&mut n.articles, index, "news.articles")?),
        other => Err(wrong_type("news", other)),
    })
}

/// Sets the `description` of article `index` (truncated past 512 bytes when serialized).
///
/// Ownership: `description` is borrowed for the call (copied).
#[no_mangle]
pub unsafe extern "C" fn wecom_message_news_article_set_description(
    message: *mut wecom_message,
    index: usize,
    description: *const c_char,
) -> wecom_result {
    article(message, index, |a| {
        a.description = Some(arg_str(description, "description")?.to_owned());
        Ok(())
    })
}

/// Sets the `picurl` (picture URL) of article `index`.
///
/// Ownership: `picurl` is borrowed for the call (copied).
#[no_mangle]
pub unsafe extern "C" fn wecom_message_news_article_set_picurl(
    message: *mut wecom_message,
    index: usize,
    picurl: *const c_char,
) -> wecom_result {
    article(message, index, |a| {
        a.picurl = Some(arg_str(picurl, "picurl")?.to_owned());
        Ok(())
    })
}

/// Makes a file message for a media id from a `WECOM_MEDIA_KIND_FILE` upload.
///
/// Ownership: `media_id` is borrowed for the call (copied); `*out_message` as for
/// `wecom_message_text_new`.
#[no_mangle]
pub unsafe extern "C" fn wecom_message_file_new(
    media_id: *const c_char,
    out_message: *mut *mut wecom_message,
) -> wecom_result {
    construct(out_message, || Ok(File::new(arg_str(media_id, "media_id")?).into()))
}

/// Makes a voice message for a media id from a `WECOM_MEDIA_KIND_VOICE` upload.
///
/// Ownership: `media_id` is borrowed for the call (copied); `*out_message` as for
/// `wecom_message_text_new`.
#[no_mangle]
pub unsafe extern "C" fn wecom_message_voice_new(
    media_id: *const c_char,
    out_message: *mut *mut wecom_message,
) -> wecom_result {
    construct(out_message, || Ok(Voice::new(arg_str(media_id, "media_id")?).into()))
}

/// Makes an empty `text_notice` template card; fill it with the `wecom_card_*` setters (it
/// needs `main_title.title` or `sub_title_text`, and `card_action`).
///
/// Ownership: `*out_message` as for `wecom_message_text_new`.
#[no_mangle]
pub unsafe extern "C" fn wecom_message_text_notice_new(out_message: *mut *mut wecom_message) -> wecom_result {
    construct(out_message, || Ok(TemplateCard::TextNotice(TextNoticeCard::default()).into()))
}

/// Makes an empty `news_notice` template card; fill it with the `wecom_card_*` setters (it
/// needs `main_title.title`, `card_image.url` and `card_action`).
///
/// Ownership: `*out_message` as for `wecom_message_text_new`.
#[no_mangle]
pub unsafe extern "C" fn wecom_message_news_notice_new(out_message: *mut *mut wecom_message) -> wecom_result {
    construct(out_message, || Ok(TemplateCard::NewsNotice(NewsNoticeCard::default()).into()))
}

/// Parses a request body (`{"msgtype": "…", …}`) strictly: unknown fields and wrong types
/// fail with `WECOM_RESULT_VALIDATION` naming the field; then validates it.
///
/// Ownership: `json` is borrowed for the call; `*out_message` as for `wecom_message_text_new`.
#[no_mangle]
pub unsafe extern "C" fn wecom_message_from_json(
    json: *const c_char,
    out_message: *mut *mut wecom_message,
) -> wecom_result {
    construct(out_message, || {
        let message = Message::from_json(arg_str(json, "json")?)?;
        message.validate()?;
        Ok(message)
    })
}

/// Checks every rule of the spec; on failure `wecom_error_field` names the field (e.g.
/// `template_card.jump_list[1].url`) and `wecom_error_rule` the rule.
#[no_mangle]
pub unsafe extern "C" fn wecom_message_validate(message: *const wecom_message) -> wecom_result {
    guard(|| arg_ref(message, "message")?.inner.validate())
}

/// Validates, then serializes the message to the exact request body (UTF-8 JSON).
///
/// Ownership: on success `*out_json` is a new string the caller releases with
/// `wecom_string_free`; on failure it is NULL.
#[no_mangle]
pub unsafe extern "C" fn wecom_message_to_json(
    message: *const wecom_message,
    out_json: *mut *mut c_char,
) -> wecom_result {
    guard(|| {
        let out = out_ptr(out_json, "out_json")?;
        let json = arg_ref(message, "message")?.inner.to_json()?;
        *out = into_c_string(json, "message")?;
        Ok(())
    })
}

/// The message's wire `msgtype` (`"text"`, `"markdown"`, `"markdown_v2"`, `"image"`,
/// `"news"`, `"file"`, `"voice"`, `"template_card"`); NULL when `message` is NULL.
///
/// Ownership: static; never free it.
#[no_mangle]
pub unsafe extern "C" fn wecom_message_msgtype(message: *const wecom_message) -> *const c_char {
    guard_value(std::ptr::null(), || {
        let Some(m) = message.as_ref() else { return std::ptr::null() };
        let name = match m.inner {
            Message::Text(_) => c"text",
            Message::Markdown(_) => c"markdown",
            Message::MarkdownV2(_) => c"markdown_v2",
            Message::Image(_) => c"image",
            Message::News(_) => c"news",
            Message::File(_) => c"file",
            Message::Voice(_) => c"voice",
            Message::TemplateCard(_) => c"template_card",
        };
        name.as_ptr()
    })
}

/// Releases a message. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn wecom_message_free(message: *mut wecom_message) {
    guard_value((), || free_handle(message))
}
