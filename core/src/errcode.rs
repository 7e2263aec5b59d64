//! The server's errcodes, in one table: every code this project has seen documented or
//! observed, the errmsg the server starts its answer with, and what the code means to a user.
//! The client explains errors with it; the mock answers with it (`mock/src/errcode.rs` keeps
//! only its mapping from core errors to these codes).

/// errcode 0: success (possibly with a `Warning` errmsg, which the client treats as a failure).
pub const OK: i64 = 0;
/// errcode -1: the server is busy; nothing was done, retrying is safe.
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
/// errcode 45009: more than 20 messages per minute for this robot.
pub const RATE_LIMITED: i64 = 45009;
/// errcode 93000: the key is missing, wrong, or the robot was removed.
pub const INVALID_WEBHOOK_URL: i64 = 93000;
/// errcode 301017: a voice upload that is not AMR, or plays longer than 60 s.
pub const INVALID_VOICE: i64 = 301017;
/// errcode 301019: `image.md5` does not match the image.
pub const MD5_MISMATCH: i64 = 301019;

/// One known errcode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Errcode {
    /// The code.
    pub code: i64,
    /// How the server's errmsg starts (it adds `, hint: [...], from ip: ..., more info at ...`).
    pub errmsg: &'static str,
    /// What it means to a user.
    pub meaning: &'static str,
}

const fn row(code: i64, errmsg: &'static str, meaning: &'static str) -> Errcode {
    Errcode { code, errmsg, meaning }
}

/// Every errcode this project knows (success excepted).
pub const KNOWN: &[Errcode] = &[
    row(SYSTEM_BUSY, "system busy", "system busy, retry later"),
    row(INVALID_MEDIA_TYPE, "invalid media type", "invalid media type: uploads are \"file\" or \"voice\""),
    row(INVALID_FILE_TYPE, "invalid file type", "invalid file type: images are JPG or PNG"),
    row(INVALID_FILE_SIZE, "invalid file size", "invalid media size"),
    row(
        INVALID_MEDIA_ID,
        "invalid media_id",
        "invalid media_id: unknown, expired (3 days) or uploaded by another robot",
    ),
    row(INVALID_MESSAGE_TYPE, "invalid message type", "invalid message type"),
    row(INVALID_IMAGE_SIZE, "invalid image size", "invalid image size: at most 2 MiB"),
    row(INVALID_PARAMETER, "invalid Request Parameter", "a parameter is invalid or too long"),
    row(REQUIRE_POST, "require POST method", "the request must be a POST"),
    row(EMPTY_MEDIA, "empty media data", "empty media data"),
    row(EMPTY_CONTENT, "empty content", "empty text content"),
    row(FILE_TOO_LARGE, "file size out of limit", "media too large"),
    row(TOO_MANY_ARTICLES, "article size out of limit", "too many articles (1 to 8)"),
    row(RATE_LIMITED, "api freq out of limit", "more than 20 messages per minute for this robot"),
    row(INVALID_WEBHOOK_URL, "invalid webhook url", "invalid webhook url: the key is wrong or the robot was removed"),
    row(INVALID_VOICE, "invalid voice file", "voice must be AMR and at most 60 s"),
    row(MD5_MISMATCH, "image md5 not match", "image md5 does not match its content"),
];

/// The row of a known errcode.
pub fn known(errcode: i64) -> Option<&'static Errcode> {
    KNOWN.iter().find(|r| r.code == errcode)
}

/// What a known errcode means, if we know it.
pub fn meaning(errcode: i64) -> Option<&'static str> {
    known(errcode).map(|r| r.meaning)
}
