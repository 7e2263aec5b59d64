//! The mock's mapping from "what is wrong" (a core validation error, or a transport-level
//! problem the mock finds itself) to the errcode the server answers. The codes and their
//! errmsgs are the core's table (`wecom_bot::errcode`); only the mapping lives here.
//!
//! The mock never re-implements a rule of the spec: message and upload rules come from the core
//! crate (`wecom_bot::Message::validate`, `wecom_bot::media::validate_upload`); this module only
//! maps the core's `(field, rule)` to the server's errcode.

use wecom_bot::{Error, Rule};

pub use wecom_bot::errcode::{
    EMPTY_CONTENT, EMPTY_MEDIA, FILE_TOO_LARGE, INVALID_FILE_SIZE, INVALID_FILE_TYPE, INVALID_IMAGE_SIZE,
    INVALID_MEDIA_ID, INVALID_MEDIA_TYPE, INVALID_MESSAGE_TYPE, INVALID_PARAMETER, INVALID_VOICE, INVALID_WEBHOOK_URL,
    MD5_MISMATCH, OK, RATE_LIMITED, REQUIRE_POST, SYSTEM_BUSY, TOO_MANY_ARTICLES,
};

/// One row of the mock's mapping: which errcode it answers, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrcodeRow {
    /// The errcode.
    pub errcode: i64,
    /// The errmsg when it is not the core's for this code (placeholders in braces).
    pub template: Option<&'static str>,
    /// When the mock answers it.
    pub when: &'static str,
}

impl ErrcodeRow {
    /// The start of the errmsg (the mock adds `, hint: [...], from ip: ..., more info at ...`).
    pub fn errmsg(&self) -> &'static str {
        self.template.unwrap_or_else(|| default_errmsg(self.errcode))
    }
}

const fn row(errcode: i64, when: &'static str) -> ErrcodeRow {
    ErrcodeRow { errcode, template: None, when }
}

const fn templated(errcode: i64, template: &'static str, when: &'static str) -> ErrcodeRow {
    ErrcodeRow { errcode, template: Some(template), when }
}

/// Every errcode the mock answers by itself, in the order its checks run. `mock/README.md`
/// holds the same table (a test keeps them in step).
pub const TABLE: &[ErrcodeRow] = &[
    row(REQUIRE_POST, "send or upload with a method other than POST"),
    row(INVALID_WEBHOOK_URL, "`key` missing, empty, or not one of the registered keys"),
    row(RATE_LIMITED, "send when the key already had COUNT delivered messages in the last WINDOW (sliding; default 20 per 60 s); not delivered"),
    templated(OK, "Warning: wrong json format", "send body not UTF-8 JSON; nothing delivered (errcode 0, like the real server)"),
    row(INVALID_MESSAGE_TYPE, "core error on field `msgtype` (missing, not a string, unknown) or a body that is not a JSON object"),
    templated(EMPTY_CONTENT, "empty content: {field}", "core `required` on `text`/`markdown`/`markdown_v2` or their `.content`"),
    templated(INVALID_PARAMETER, "{field} exceed max length {limit}. invalid Request Parameter", "core `max_bytes` on any field but `image.*`"),
    row(TOO_MANY_ARTICLES, "core `max_items` on `news.articles`"),
    row(MD5_MISMATCH, "core `md5_mismatch`"),
    row(INVALID_IMAGE_SIZE, "core `max_bytes` / `min_bytes` on `image.*`"),
    row(INVALID_FILE_TYPE, "core `format` on `image.base64` (not JPG/PNG, not base64)"),
    row(INVALID_MEDIA_ID, "core error on a `media_id` field; or a media_id not uploaded with this key, expired (3 days), or of the wrong type (`voice` needs a voice upload, `file` a file upload)"),
    templated(INVALID_PARAMETER, "invalid Request Parameter: {field} ({rule})", "any other core validation error (unknown field, missing title/url, out of range, …)"),
    row(INVALID_MEDIA_TYPE, "upload `type` missing or not `file`/`voice`"),
    row(EMPTY_MEDIA, "upload not `multipart/form-data` with a boundary, malformed multipart, no part named `media`, or a 0-byte `media`"),
    row(INVALID_FILE_SIZE, "core `min_bytes` on the upload (5 bytes or fewer)"),
    row(FILE_TOO_LARGE, "core `max_bytes` on the upload (file > 20 MiB, voice > 2 MiB), or a body over the mock's `max_body`"),
    row(INVALID_VOICE, "core `format` / `max_duration` on a voice upload (not AMR, truncated, > 60 s)"),
    row(SYSTEM_BUSY, "only when scripted (`{\"kind\":\"errcode\",\"errcode\":-1}`)"),
];

/// The errmsg start for a code (the core's; used for scripted errcodes without an errmsg).
pub fn default_errmsg(errcode: i64) -> &'static str {
    match errcode {
        OK => "ok",
        _ => wecom_bot::errcode::known(errcode).map(|r| r.errmsg).unwrap_or("unknown error"),
    }
}

/// An answer the server gives with HTTP 200: errcode and the start of the errmsg.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub errcode: i64,
    pub errmsg: String,
}

impl ApiError {
    pub(crate) fn new(errcode: i64, errmsg: impl Into<String>) -> ApiError {
        ApiError { errcode, errmsg: errmsg.into() }
    }

    pub(crate) fn code(errcode: i64) -> ApiError {
        ApiError::new(errcode, default_errmsg(errcode))
    }
}

fn is_content_field(field: &str) -> bool {
    matches!(field, "text" | "markdown" | "markdown_v2" | "text.content" | "markdown.content" | "markdown_v2.content")
}

/// Maps a core validation error of a send body to the server's answer.
pub(crate) fn for_message(e: &Error) -> ApiError {
    let field = e.field().unwrap_or("");
    let rule = e.rule();
    let is_image = field == "image" || field.starts_with("image.");
    if field.is_empty() || field == "msgtype" {
        return ApiError::code(INVALID_MESSAGE_TYPE);
    }
    if field == "media_id" || field.ends_with(".media_id") {
        return ApiError::code(INVALID_MEDIA_ID);
    }
    match rule {
        Some(Rule::Required | Rule::MinBytes) if is_content_field(field) => {
            ApiError::new(EMPTY_CONTENT, format!("empty content: {field}"))
        }
        Some(Rule::MaxItems) if field == "news.articles" => ApiError::code(TOO_MANY_ARTICLES),
        Some(Rule::Md5Mismatch) => ApiError::code(MD5_MISMATCH),
        Some(Rule::MaxBytes | Rule::MinBytes) if is_image => ApiError::code(INVALID_IMAGE_SIZE),
        Some(Rule::Format) if field == "image.base64" => ApiError::code(INVALID_FILE_TYPE),
        Some(Rule::MaxBytes) => {
            let limit = e.limit().map(|l| format!(" {l}")).unwrap_or_default();
            ApiError::new(INVALID_PARAMETER, format!("{field} exceed max length{limit}. invalid Request Parameter"))
        }
        _ => {
            let rule = rule.map(|r| r.as_str()).unwrap_or("invalid");
            ApiError::new(INVALID_PARAMETER, format!("invalid Request Parameter: {field} ({rule})"))
        }
    }
}

/// Maps a core validation error of an upload to the server's answer.
pub(crate) fn for_upload(e: &Error) -> ApiError {
    match e.rule() {
        Some(Rule::MinBytes) => ApiError::code(INVALID_FILE_SIZE),
        Some(Rule::MaxBytes) => ApiError::code(FILE_TOO_LARGE),
        Some(Rule::Format | Rule::MaxDuration) => ApiError::new(INVALID_VOICE, format!("invalid voice file: {e}")),
        Some(Rule::AllowedValues) if e.field() == Some("type") => ApiError::code(INVALID_MEDIA_TYPE),
        _ => ApiError::new(
            INVALID_PARAMETER,
            format!(
                "invalid Request Parameter: {} ({})",
                e.field().unwrap_or("media"),
                e.rule().map(|r| r.as_str()).unwrap_or("invalid")
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_core_rules() {
        let e = Error::validation("markdown.content", Rule::MaxBytes, "x").with_limit(4096);
        let a = for_message(&e);
        assert_eq!(a.errcode, INVALID_PARAMETER);
        assert_eq!(a.errmsg, "markdown.content exceed max length 4096. invalid Request Parameter");
        assert_eq!(for_message(&Error::validation("msgtype", Rule::AllowedValues, "x")).errcode, INVALID_MESSAGE_TYPE);
        assert_eq!(for_message(&Error::validation("text.content", Rule::Required, "x")).errcode, EMPTY_CONTENT);
        assert_eq!(for_message(&Error::validation("news.articles", Rule::MaxItems, "x")).errcode, TOO_MANY_ARTICLES);
        assert_eq!(for_message(&Error::validation("news.articles", Rule::MinItems, "x")).errcode, INVALID_PARAMETER);
        assert_eq!(for_message(&Error::validation("image.md5", Rule::Md5Mismatch, "x")).errcode, MD5_MISMATCH);
        assert_eq!(for_message(&Error::validation("file.media_id", Rule::Required, "x")).errcode, INVALID_MEDIA_ID);
        assert_eq!(for_upload(&Error::validation("media", Rule::MinBytes, "x")).errcode, INVALID_FILE_SIZE);
        assert_eq!(for_upload(&Error::validation("media", Rule::MaxDuration, "x")).errcode, INVALID_VOICE);
        assert_eq!(default_errmsg(-1), "system busy");
        assert_eq!(default_errmsg(44004), "empty content");
        assert_eq!(default_errmsg(12345), "unknown error");
    }
}

#[cfg(test)]
mod readme {
    use super::TABLE;

    fn row(r: &super::ErrcodeRow) -> String {
        format!("| {} | `{}` | {} |", r.errcode, r.errmsg(), r.when)
    }

    #[test]
    fn readme_lists_the_same_table() {
        let readme = include_str!("../README.md");
        let missing: Vec<String> = TABLE.iter().map(row).filter(|l| !readme.contains(l.as_str())).collect();
        assert!(missing.is_empty(), "mock/README.md lacks these rows of errcode::TABLE:\n{}", missing.join("\n"));
    }
}
