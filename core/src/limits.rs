//! The spec's hard limits, in one place: every check in the crate reads its number from here.
//!
//! Lengths are counted in UTF-8 bytes of the string itself, before JSON escaping.
//! The spec's "建议不超过" (suggested) lengths are advice and are deliberately absent.

/// text.content: at most this many bytes.
pub const TEXT_CONTENT_MAX_BYTES: usize = 2048;
/// markdown.content and markdown_v2.content: at most this many bytes.
pub const MARKDOWN_CONTENT_MAX_BYTES: usize = 4096;
/// image: raw bytes (before base64) at most 2 MiB.
pub const IMAGE_MAX_BYTES: usize = 2 * 1024 * 1024;
/// news.articles: at least this many.
pub const NEWS_ARTICLES_MIN: usize = 1;
/// news.articles: at most this many.
pub const NEWS_ARTICLES_MAX: usize = 8;
/// news article title: longer titles are truncated (at a character boundary).
pub const NEWS_TITLE_MAX_BYTES: usize = 128;
/// news article description: longer descriptions are truncated (at a character boundary).
pub const NEWS_DESCRIPTION_MAX_BYTES: usize = 512;
/// Uploads must be MORE than this many bytes.
pub const UPLOAD_MIN_BYTES_EXCLUSIVE: u64 = 5;
/// file uploads: at most 20 MiB.
pub const FILE_UPLOAD_MAX_BYTES: u64 = 20 * 1024 * 1024;
/// voice uploads: at most 2 MiB.
pub const VOICE_UPLOAD_MAX_BYTES: u64 = 2 * 1024 * 1024;
/// voice uploads: at most 60 s of audio (milliseconds).
pub const VOICE_MAX_DURATION_MS: u64 = 60_000;
/// template_card.horizontal_content_list: at most 6 items.
pub const HORIZONTAL_CONTENT_MAX: usize = 6;
/// template_card.jump_list: at most 3 items.
pub const JUMP_LIST_MAX: usize = 3;
/// template_card.vertical_content_list: at most 4 items.
pub const VERTICAL_CONTENT_MAX: usize = 4;
/// card_image.aspect_ratio: at least 1.3 (the spec's default; inclusive).
pub const ASPECT_RATIO_MIN: f64 = 1.3;
/// card_image.aspect_ratio: at most 2.25 (the spec's own example; inclusive).
pub const ASPECT_RATIO_MAX: f64 = 2.25;
/// source.desc_color: 0 grey (default), 1 black, 2 red, 3 green.
pub const DESC_COLOR_MAX: i64 = 3;
/// quote_area.type, jump_list.type, image_text_area.type: 0 none, 1 url, 2 mini program.
pub const CLICK_TYPE_MAX: i64 = 2;
/// horizontal_content_list.type: 0 plain, 1 url, 2 file attachment, 3 member details.
pub const HORIZONTAL_TYPE_MAX: i64 = 3;
/// card_action.type: 1 url or 2 mini program (0 is not allowed for these two card types).
pub const CARD_ACTION_TYPES: [i64; 2] = [1, 2];
/// Messages per robot per window (the server's limit; the client limiter's default).
pub const MESSAGES_PER_WINDOW: u32 = 20;
/// The server's rate window, in seconds.
pub const RATE_WINDOW_SECS: u64 = 60;
