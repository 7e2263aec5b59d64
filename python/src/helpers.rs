//! The content helpers: splitting long content, truncation, mentions, font colours,
//! markdown_v2 tables, Markdown conversion, and checking a request body given as JSON.

use crate::args::{optional, required};
use crate::errors::{invalid_argument, OrRaise};
use pyo3::prelude::*;
use wecom_bot::content::{split, SplitOptions, Structure};
use wecom_bot::limits::{MARKDOWN_CONTENT_MAX_BYTES, TEXT_CONTENT_MAX_BYTES};
use wecom_bot::FontColor;

/// A chunk size from 1 to `limit` (the message type's own limit when absent).
fn chunk_limit(py: Python<'_>, max_bytes: Option<&Bound<'_, PyAny>>, limit: usize) -> PyResult<usize> {
    match optional::<i64>(max_bytes, "max_bytes")? {
        None => Ok(limit),
        Some(n) => usize::try_from(n)
            .ok()
            .filter(|n| (1..=limit).contains(n))
            .ok_or_else(|| invalid_argument(py, "max_bytes", format!("must be from 1 to {limit}, not {n}"))),
    }
}

/// Splits text into chunks of at most 2048 UTF-8 bytes (or `max_bytes`, to leave room for
/// something else), at line breaks where possible and never inside a character; joined, the
/// chunks give back `content`.
///
/// Raises:
///     InvalidArgumentError: `max_bytes` is not from 1 to 2048.
///     TypeError: an argument has the wrong type.
#[pyfunction]
#[pyo3(signature = (content, max_bytes = None))]
pub(crate) fn split_text(
    py: Python<'_>,
    content: &Bound<'_, PyAny>,
    max_bytes: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<String>> {
    let content: String = required(content, "content")?;
    let max = chunk_limit(py, max_bytes, TEXT_CONTENT_MAX_BYTES)?;
    Ok(py.detach(move || split(&content, SplitOptions::new(max, Structure::Lines))))
}

/// Splits markdown (v1) into chunks of at most 4096 UTF-8 bytes (or `max_bytes`) like
/// `split_text`: v1 has no code blocks, so ``` lines are plain text and nothing is added (the
/// chunks concatenate to `content`).
///
/// Raises:
///     InvalidArgumentError: `max_bytes` is not from 1 to 4096.
///     TypeError: an argument has the wrong type.
#[pyfunction]
#[pyo3(signature = (content, max_bytes = None))]
pub(crate) fn split_markdown(
    py: Python<'_>,
    content: &Bound<'_, PyAny>,
    max_bytes: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<String>> {
    let content: String = required(content, "content")?;
    let max = chunk_limit(py, max_bytes, MARKDOWN_CONTENT_MAX_BYTES)?;
    Ok(py.detach(move || split(&content, SplitOptions::new(max, Structure::Lines))))
}

/// The longest prefix of `text` of at most `max_bytes` UTF-8 bytes that ends on a character
/// boundary.
///
/// Raises:
///     InvalidArgumentError: `max_bytes` is negative.
///     OverflowError: `max_bytes` does not fit in 64 bits.
///     TypeError: an argument has the wrong type.
#[pyfunction]
pub(crate) fn truncate_to_bytes(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    max_bytes: &Bound<'_, PyAny>,
) -> PyResult<String> {
    let text: String = required(text, "text")?;
    let max_bytes: i64 = required(max_bytes, "max_bytes")?;
    let max = usize::try_from(max_bytes).map_err(|_| invalid_argument(py, "max_bytes", "must be at least 0"))?;
    Ok(wecom_bot::truncate_to_bytes(&text, max).to_owned())
}

/// `<@userid>`: mentions a member inside text or markdown content.
///
/// Raises:
///     TypeError: `userid` is not a str.
#[pyfunction]
pub(crate) fn mention(userid: &Bound<'_, PyAny>) -> PyResult<String> {
    let userid: String = required(userid, "userid")?;
    Ok(wecom_bot::mention(&userid))
}

/// `<font color="…">text</font>` for markdown messages; `color` is `"info"` (green),
/// `"comment"` (grey) or `"warning"` (orange-red).
///
/// Raises:
///     InvalidArgumentError: another colour.
///     TypeError: an argument has the wrong type.
#[pyfunction]
pub(crate) fn font_color(py: Python<'_>, text: &Bound<'_, PyAny>, color: &Bound<'_, PyAny>) -> PyResult<String> {
    let text: String = required(text, "text")?;
    let color = match required::<String>(color, "color")?.as_str() {
        "info" => FontColor::Info,
        "comment" => FontColor::Comment,
        "warning" => FontColor::Warning,
        _ => return Err(invalid_argument(py, "color", "must be \"info\", \"comment\" or \"warning\"")),
    };
    Ok(wecom_bot::font_color(&text, color))
}

/// A markdown_v2 table: the header row, a separator, then the rows (`|` in a cell is escaped,
/// line breaks become spaces; short rows are padded, long rows cut to the header's width).
/// `align` gives each column's alignment: `"left"`, `"center"`, `"right"` or `"none"`
/// (missing columns are `"none"`).
///
/// Raises:
///     TypeError: `headers` is not a list of str, `rows` not a list of lists of str, or
///         `align` not a list of str.
///     ValidationError: `headers` is empty (a table needs a column), or an `align` value is
///         not one of the four.
#[pyfunction]
#[pyo3(signature = (headers, rows, align = None))]
pub(crate) fn markdown_table(
    py: Python<'_>,
    headers: &Bound<'_, PyAny>,
    rows: &Bound<'_, PyAny>,
    align: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let headers: Vec<String> = required(headers, "headers")?;
    let rows: Vec<Vec<String>> = required(rows, "rows")?;
    let align: Option<Vec<String>> = optional(align, "align")?;
    let aligns = align
        .unwrap_or_default()
        .iter()
        .map(|a| wecom_bot::Align::parse(a))
        .collect::<Result<Vec<_>, _>>()
        .or_raise(py)?;
    wecom_bot::markdown_table_aligned(&headers, &rows, &aligns).or_raise(py)
}

/// Splits markdown_v2 into chunks of at most 4096 UTF-8 bytes: code blocks closed and
/// reopened, a table's header and separator rows repeated at the top of the next chunk.
///
/// Raises:
///     TypeError: `content` is not a str.
#[pyfunction]
pub(crate) fn split_markdown_v2(py: Python<'_>, content: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let content: String = required(content, "content")?;
    Ok(py.detach(move || wecom_bot::split_markdown_v2(&content)))
}

/// CommonMark converted to WeCom markdown (v1): what v1 cannot show is rewritten.
///
/// Raises:
///     TypeError: `commonmark` is not a str.
#[pyfunction]
pub(crate) fn to_wecom_markdown(py: Python<'_>, commonmark: &Bound<'_, PyAny>) -> PyResult<String> {
    let commonmark: String = required(commonmark, "commonmark")?;
    Ok(py.detach(move || wecom_bot::to_wecom_markdown(&commonmark)))
}

/// CommonMark converted to WeCom markdown_v2 (HTML reduced to its text).
///
/// Raises:
///     TypeError: `commonmark` is not a str.
#[pyfunction]
pub(crate) fn to_wecom_markdown_v2(py: Python<'_>, commonmark: &Bound<'_, PyAny>) -> PyResult<String> {
    let commonmark: String = required(commonmark, "commonmark")?;
    Ok(py.detach(move || wecom_bot::to_wecom_markdown_v2(&commonmark)))
}

/// Markdown converted to plain text for a text message (links as `text (url)`).
///
/// Raises:
///     TypeError: `markdown` is not a str.
#[pyfunction]
pub(crate) fn to_plain_text(py: Python<'_>, markdown: &Bound<'_, PyAny>) -> PyResult<String> {
    let markdown: String = required(markdown, "markdown")?;
    Ok(py.detach(move || wecom_bot::to_plain_text(&markdown)))
}

/// Parses a request body given as JSON text strictly (as `Bot.send_json` does: an unknown
/// field, a wrong type or a missing required field is an error naming it; `null` for an
/// optional list counts as absent), validates it, and returns the exact body `send_json`
/// would send (compact JSON). Nothing is sent.
///
/// Raises:
///     ValidationError: the JSON is malformed or breaks a rule of the spec (`field` names it).
///     TypeError: `json` is not a str.
#[pyfunction]
pub(crate) fn validate_json(py: Python<'_>, json: &Bound<'_, PyAny>) -> PyResult<String> {
    let json: String = required(json, "json")?;
    py.detach(move || wecom_bot::Message::from_json(&json).and_then(|m| m.to_json())).or_raise(py)
}
