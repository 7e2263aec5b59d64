//! The content helpers: splitting long content, truncation, mentions, font colours and
//! markdown_v2 tables.

use crate::errors::invalid_argument;
use pyo3::prelude::*;
use wecom_bot::FontColor;

/// Splits text into chunks of at most 2048 UTF-8 bytes, at line breaks where possible and never
/// inside a character; joined, the chunks give back `content`.
#[pyfunction]
pub(crate) fn split_text(py: Python<'_>, content: String) -> Vec<String> {
    py.detach(move || wecom_bot::split_text(&content))
}

/// Splits markdown into chunks of at most 4096 UTF-8 bytes, keeping ``` code fences balanced
/// (an open fence is closed at a chunk's end and reopened in the next).
#[pyfunction]
pub(crate) fn split_markdown(py: Python<'_>, content: String) -> Vec<String> {
    py.detach(move || wecom_bot::split_markdown(&content))
}

/// The longest prefix of `text` of at most `max_bytes` UTF-8 bytes that ends on a character
/// boundary.
#[pyfunction]
pub(crate) fn truncate_to_bytes(py: Python<'_>, text: &str, max_bytes: i64) -> PyResult<String> {
    let max = usize::try_from(max_bytes).map_err(|_| invalid_argument(py, "max_bytes", "must be at least 0"))?;
    Ok(wecom_bot::truncate_to_bytes(text, max).to_owned())
}

/// `<@userid>`: mentions a member inside text or markdown content.
#[pyfunction]
pub(crate) fn mention(userid: &str) -> String {
    wecom_bot::mention(userid)
}

/// `<font color="…">text</font>` for markdown messages; `color` is `"info"` (green),
/// `"comment"` (grey) or `"warning"` (orange-red).
#[pyfunction]
pub(crate) fn font_color(py: Python<'_>, text: &str, color: &str) -> PyResult<String> {
    let color = match color {
        "info" => FontColor::Info,
        "comment" => FontColor::Comment,
        "warning" => FontColor::Warning,
        _ => return Err(invalid_argument(py, "color", "must be \"info\", \"comment\" or \"warning\"")),
    };
    Ok(wecom_bot::font_color(text, color))
}

/// A markdown_v2 table: the header row, a separator, then the rows (`|` in a cell is escaped,
/// line breaks become spaces; short rows are padded, long rows cut to the header's width).
#[pyfunction]
pub(crate) fn markdown_table(headers: Vec<String>, rows: Vec<Vec<String>>) -> String {
    wecom_bot::markdown_table(&headers, &rows)
}
