//! The content helpers: splitting long content into sendable chunks, mentions, markdown font
//! colours, markdown_v2 tables and truncation at a character boundary.

use crate::error::Result;
use crate::numbers::non_negative;

/// Splits text into chunks of at most 2048 bytes, at line breaks where possible, never inside
/// a UTF-8 character; concatenated, the chunks give back `content`.
#[uniffi::export]
pub fn split_text(content: String) -> Vec<String> {
    wecom_bot::split_text(&content)
}

/// Splits markdown (v1) into chunks of at most 4096 bytes, as `split_text` does: v1 has no
/// code blocks, so ``` is plain text and nothing is added (the chunks join to the input).
#[uniffi::export]
pub fn split_markdown(content: String) -> Vec<String> {
    wecom_bot::split_markdown(&content)
}

/// Splits markdown_v2 into chunks of at most 4096 bytes: code blocks closed and reopened, a
/// table's header and separator rows repeated at the top of the next chunk.
#[uniffi::export]
pub fn split_markdown_v2(content: String) -> Vec<String> {
    wecom_bot::split_markdown_v2(&content)
}

/// CommonMark converted to WeCom markdown (v1): what v1 cannot show is rewritten.
#[uniffi::export]
pub fn to_wecom_markdown(commonmark: String) -> String {
    wecom_bot::to_wecom_markdown(&commonmark)
}

/// CommonMark converted to WeCom markdown_v2 (HTML reduced to its text).
#[uniffi::export]
pub fn to_wecom_markdown_v2(commonmark: String) -> String {
    wecom_bot::to_wecom_markdown_v2(&commonmark)
}

/// Markdown converted to plain text for a text message (links as `text (url)`).
#[uniffi::export]
pub fn to_plain_text(markdown: String) -> String {
    wecom_bot::to_plain_text(&markdown)
}

/// A column's alignment in a markdown_v2 table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum TableAlign {
    /// `---`
    None,
    /// `:---`
    Left,
    /// `:---:`
    Center,
    /// `---:`
    Right,
}

/// A markdown_v2 table with column alignments (columns past the end of `align` are
/// unaligned). A table without columns is a `Validation` error.
#[uniffi::export]
pub fn markdown_table_aligned(headers: Vec<String>, rows: Vec<Vec<String>>, align: Vec<TableAlign>) -> Result<String> {
    let aligns: Vec<wecom_bot::Align> = align
        .into_iter()
        .map(|a| match a {
            TableAlign::None => wecom_bot::Align::None,
            TableAlign::Left => wecom_bot::Align::Left,
            TableAlign::Center => wecom_bot::Align::Center,
            TableAlign::Right => wecom_bot::Align::Right,
        })
        .collect();
    Ok(wecom_bot::markdown_table_aligned(&headers, &rows, &aligns)?)
}

/// `<@userid>`: mentions a member inside text or markdown content.
#[uniffi::export]
pub fn mention(userid: String) -> String {
    wecom_bot::mention(&userid)
}

/// The three font colours markdown supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum FontColor {
    /// `info`: green.
    Info,
    /// `comment`: grey.
    Comment,
    /// `warning`: orange-red.
    Warning,
}

/// `<font color="…">text</font>` for markdown messages.
#[uniffi::export]
pub fn font_color(text: String, color: FontColor) -> String {
    let color = match color {
        FontColor::Info => wecom_bot::FontColor::Info,
        FontColor::Comment => wecom_bot::FontColor::Comment,
        FontColor::Warning => wecom_bot::FontColor::Warning,
    };
    wecom_bot::font_color(&text, color)
}

/// A markdown_v2 table: the header row, a `---` separator row, then the rows (cells escaped;
/// short rows padded, long rows cut to the header's width).
/// A table without columns is a `Validation` error.
#[uniffi::export]
pub fn markdown_table(headers: Vec<String>, rows: Vec<Vec<String>>) -> Result<String> {
    Ok(wecom_bot::markdown_table(&headers, &rows)?)
}

/// The longest prefix of `text` of at most `max_bytes` UTF-8 bytes that ends on a character
/// boundary. A negative `max_bytes` is an `InvalidArgument` error.
#[uniffi::export]
pub fn truncate(text: String, max_bytes: i64) -> Result<String> {
    let max = non_negative("max_bytes", max_bytes)?;
    Ok(wecom_bot::truncate_to_bytes(&text, max).to_owned())
}
