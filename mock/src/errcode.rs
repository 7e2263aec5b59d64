//! The one table from "what is wrong" (a core validation error, or a transport-level problem
//! the mock finds itself) to the errcode and errmsg the server answers.
//!
//! The mock never re-implements a rule of the spec: message and upload rules come from the core
//! crate (`wecom_bot::Message::validate`, `wecom_bot::media::validate_upload`); this module only
//! maps the core's `(field, rule)` to the server's errcode.

use wecom_bot::{Error, Rule};

/// errcode 0: success (possibly with a `Warning` errmsg).
pub const OK: i64 = 0;
/// errcode -1: system busy (only when scripted).
pub const SYSTEM_BUSY: i64 = -1;
/// errcode 40004: the upload's `type` is not `file` or `voice`.
pub const INVALID_MEDIA_TYPE: i64 = 40004;
/// errcode 40005: the image is not a JPG or PNG (or not decodable base64).
pub const INVALID_FILE_TYPE: i64 = 40005;
/// errcode 40006: an upload of 5 bytes or fewer.
pub const INVALID_FILE_SIZE: i64 = 40006;
/// errcode 40007: a media_id unknown, expired, of the wrong type, or uploaded with another key.
pub const INVALID_MEDIA_ID: i64 = 40007;
/// errcode 40008: msgtype missing or unknown (or the body is not a JSON object).
pub const INVALID_MESSAGE_TYPE: i64 = 40008;
/// errcode 40009: the image is larger than 2 MiB.
pub const INVALID_IMAGE_SIZE: i64 = 40009;
/// errcode 40058: any other invalid parameter (too long, missing, out of range …).
pub const INVALID_PARAMETER: i64 = 40058;
/// errcode 43002: a method other than POST.
pub const REQUIRE_POST: i64 = 43002;
/// errcode 44001: the upload is not multipart, is malformed, has no `media` part, or is empty.
pub const EMPTY_MEDIA: i64 = 44001;
/// errcode 44004: text / markdown / markdown_v2 content missing or empty.
pub const EMPTY_CONTENT: i64 = 44004;
/// errcode 45001: an upload larger than its type allows (file 20 MiB, voice 2 MiB).
pub const FILE_TOO_LARGE: i64 = 45001;
/// errcode 45008: more than 8 news articles.
pub const TOO_MANY_ARTICLES: i64 = 45008;
/// errcode 45009: more messages than the rate limit allows.
pub const RATE_LIMITED: i64 = 45009;
/// errcode 93000: the key is missing or not a registered key.
pub const INVALID_WEBHOOK_URL: i64 = 93000;
/// errcode 301017: a voice upload that is not AMR, or plays longer than 60 s.
pub const INVALID_VOICE: i64 = 301017;
/// errcode 301019: `image.md5` does not match the image.
pub const MD5_MISMATCH: i64 = 301019;

/// One row of the errcode table: what the mock answers, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrcodeRow {
    /// The errcode.
    pub errcode: i64,
    /// The start of the errmsg (the mock adds `, hint: [...], from ip: ..., more info at ...`).
    pub errmsg: &'static str,
    /// When the mock answers it.
    pub when: &'static str,
}

/// Every errcode the mock answers by itself, in the order its checks run. `mock/README.md`
/// holds the same table (a test keeps them in step).
pub const TABLE: &[ErrcodeRow] = &[
    ErrcodeRow { errcode: REQUIRE_POST, errmsg: "require POST method", when: "send or upload with a method other than POST" },
    ErrcodeRow { errcode: INVALID_WEBHOOK_URL, errmsg: "invalid webhook url", when: "`key` missing, empty, or not one of the registered keys" },
    ErrcodeRow { errcode: RATE_LIMITED, errmsg: "api freq out of limit", when: "send when the key already had COUNT delivered messages in the last WINDOW (sliding; default 20 per 60 s); not delivered" },
    ErrcodeRow { errcode: OK, errmsg: "Warning: wrong json format", when: "send body not UTF-8 JSON; nothing delivered (errcode 0, like the real server)" },
    ErrcodeRow { errcode: INVALID_MESSAGE_TYPE, errmsg: "invalid message type", when: "core error on field `msgtype` (missing, not a string, unknown) or a body that is not a JSON object" },
    ErrcodeRow { errcode: EMPTY_CONTENT, errmsg: "empty content: {field}", when: "core `required` on `text`/`markdown`/`markdown_v2` or their `.content`" },
    ErrcodeRow { errcode: INVALID_PARAMETER, errmsg: "{field} exceed max length {limit}. invalid Request Parameter", when: "core `max_bytes` on any field but `image.*`" },
    ErrcodeRow { errcode: TOO_MANY_ARTICLES, errmsg: "article size out of limit", when: "core `max_items` on `news.articles`" },
    ErrcodeRow { errcode: MD5_MISMATCH, errmsg: "image md5 not match", when: "core `md5_mismatch`" },
    ErrcodeRow { errcode: INVALID_IMAGE_SIZE, errmsg: "invalid image size", when: "core `max_bytes` / `min_bytes` on `image.*`" },
    ErrcodeRow { errcode: INVALID_FILE_TYPE, errmsg: "invalid file type", when: "core `format` on `image.base64` (not JPG/PNG, not base64)" },
    ErrcodeRow { errcode: INVALID_MEDIA_ID, errmsg: "invalid media_id", when: "core error on a `media_id` field; or a media_id not uploaded with this key, expired (3 days), or of the wrong type (`voice` needs a voice upload, `file` a file upload)" },
    ErrcodeRow { errcode: INVALID_PARAMETER, errmsg: "invalid Request Parameter: {field} ({rule})", when: "any other core validation error (unknown field, missing title/url, out of range, …)" },
    ErrcodeRow { errcode: INVALID_MEDIA_TYPE, errmsg: "invalid media type", when: "upload `type` missing or not `file`/`voice`" },
    ErrcodeRow { errcode: EMPTY_MEDIA, errmsg: "empty media data", when: "upload not `multipart/form-data` with a boundary, malformed multipart, no part named `media`, or a 0-byte `media`" },
    ErrcodeRow { errcode: INVALID_FILE_SIZE, errmsg: "invalid file size", when: "core `min_bytes` on the upload (5 bytes or fewer)" },
    ErrcodeRow { errcode: FILE_TOO_LARGE, errmsg: "file size out of limit", when: "core `max_bytes` on the upload (file > 20 MiB, voice > 2 MiB), or a body over the mock's `max_body`" },
    ErrcodeRow { errcode: INVALID_VOICE, errmsg: "invalid voice file", when: "core `format` / `max_duration` on a voice upload (not AMR, truncated, > 60 s)" },
    ErrcodeRow { errcode: SYSTEM_BUSY, errmsg: "system busy", when: "only when scripted (`{\"kind\":\"errcode\",\"errcode\":-1}`)" },
];

/// The mock's own errmsg start for a code (used for scripted errcodes without an errmsg).
pub fn default_errmsg(errcode: i64) -> &'static str {
    match errcode {
        OK => "ok",
        INVALID_PARAMETER => "invalid Request Parameter",
        _ => TABLE
            .iter()
            .find(|r| r.errcode == errcode)
            .map(|r| r.errmsg.split(": {").next().unwrap_or(r.errmsg))
            .unwrap_or("unknown error"),
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
        format!("| {} | `{}` | {} |", r.errcode, r.errmsg, r.when)
    }

    #[test]
    fn readme_lists_the_same_table() {
        let readme = include_str!("../README.md");
        let missing: Vec<String> = TABLE.iter().map(row).filter(|l| !readme.contains(l.as_str())).collect();
        assert!(missing.is_empty(), "mock/README.md lacks these rows of errcode::TABLE:\n{}", missing.join("\n"));
    }
}
