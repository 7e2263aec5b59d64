//! Content helpers: splitting long content into sendable chunks, mentions, markdown font
//! colours, markdown_v2 tables, truncation at a character boundary.

use crate::boundary::{arg_slice, arg_str, arg_str_array, guard, into_c_string, into_handle, out_ptr};
use crate::result::wecom_result;
use crate::strings::wecom_string_list;
use std::ffi::{c_char, CString};
use wecom_bot::{Align, Error, FontColor};

/// A markdown font colour.
pub type wecom_color = u32;
/// `info`: green.
pub const WECOM_COLOR_INFO: wecom_color = 1;
/// `comment`: grey.
pub const WECOM_COLOR_COMMENT: wecom_color = 2;
/// `warning`: orange-red.
pub const WECOM_COLOR_WARNING: wecom_color = 3;

pub(crate) unsafe fn split(
    content: *const c_char,
    out_chunks: *mut *mut wecom_string_list,
    f: fn(&str) -> Vec<String>,
) -> wecom_result {
    guard(|| {
        let out = out_ptr(out_chunks, "out_chunks")?;
        let chunks = f(arg_str(content, "content")?)
            .into_iter()
            .map(|c| CString::new(c).map_err(|_| Error::invalid_argument("content", "contains a NUL byte")))
            .collect::<Result<Vec<_>, _>>()?;
        *out = into_handle(wecom_string_list::new(chunks));
        Ok(())
    })
}

/// Splits text into chunks of at most 2048 bytes (one text message each), at line breaks
/// where possible and never inside a UTF-8 character; concatenated, the chunks give back
/// `content`. Empty content gives an empty list.
///
/// Ownership: `content` is borrowed for the call. On success `*out_chunks` is a new list
/// the caller releases with `wecom_string_list_free`; on failure it is NULL.
#[no_mangle]
pub unsafe extern "C" fn wecom_split_text(
    content: *const c_char,
    out_chunks: *mut *mut wecom_string_list,
) -> wecom_result {
    split(content, out_chunks, wecom_bot::split_text)
}

/// Splits markdown (v1) into chunks of at most 4096 bytes, as `wecom_split_text` does: v1
/// has no code blocks, so ``` is plain text and nothing is added (the chunks join to the
/// input).
///
/// Ownership: as for `wecom_split_text`.
#[no_mangle]
pub unsafe extern "C" fn wecom_split_markdown(
    content: *const c_char,
    out_chunks: *mut *mut wecom_string_list,
) -> wecom_result {
    split(content, out_chunks, wecom_bot::split_markdown)
}

pub(crate) unsafe fn string_out(
    out_string: *mut *mut c_char,
    f: impl FnOnce() -> Result<String, Error>,
) -> wecom_result {
    guard(|| {
        let out = out_ptr(out_string, "out_string")?;
        *out = into_c_string(f()?, "result")?;
        Ok(())
    })
}

/// `<@userid>`: mentions a member inside text or markdown content (not markdown_v2).
///
/// Ownership: `userid` is borrowed for the call. On success `*out_string` is a new string
/// the caller releases with `wecom_string_free`; on failure it is NULL.
#[no_mangle]
pub unsafe extern "C" fn wecom_mention(userid: *const c_char, out_string: *mut *mut c_char) -> wecom_result {
    string_out(out_string, || Ok(wecom_bot::mention(arg_str(userid, "userid")?)))
}

/// `<font color="info|comment|warning">text</font>` for markdown messages.
///
/// Ownership: as for `wecom_mention`.
#[no_mangle]
pub unsafe extern "C" fn wecom_font_color(
    text: *const c_char,
    color: wecom_color,
    out_string: *mut *mut c_char,
) -> wecom_result {
    string_out(out_string, || {
        let color = match color {
            WECOM_COLOR_INFO => FontColor::Info,
            WECOM_COLOR_COMMENT => FontColor::Comment,
            WECOM_COLOR_WARNING => FontColor::Warning,
            other => return Err(Error::invalid_argument("color", format!("{other} is not a wecom_color"))),
        };
        Ok(wecom_bot::font_color(arg_str(text, "text")?, color))
    })
}

/// A markdown_v2 table: the `n_headers` header cells, a `| --- |` separator, then
/// `n_rows` rows. The rows' cells are given one row after another in `cells`, row `i`
/// having `row_lengths[i]` cells; a row shorter than the header is padded with empty cells,
/// a longer one cut. A `|` inside a cell is escaped and line breaks become spaces.
///
/// Ownership: the arrays and strings are borrowed for the call; `*out_string` as for
/// `wecom_mention`.
///
/// # Safety
/// `headers` points to `n_headers` string pointers, `row_lengths` to `n_rows` counts, and
/// `cells` to as many string pointers as the counts add up to.
#[no_mangle]
pub unsafe extern "C" fn wecom_markdown_table(
    headers: *const *const c_char,
    n_headers: usize,
    cells: *const *const c_char,
    row_lengths: *const usize,
    n_rows: usize,
    out_string: *mut *mut c_char,
) -> wecom_result {
    string_out(out_string, || {
        let (headers, rows) = table_args(headers, n_headers, cells, row_lengths, n_rows)?;
        wecom_bot::markdown_table(&headers, &rows)
    })
}

/// A column's alignment in `wecom_markdown_table_aligned`: a `wecom_table_align` value.
pub type wecom_table_align = u32;
/// `---` (the client's default).
pub const WECOM_TABLE_ALIGN_NONE: wecom_table_align = 0;
/// `:---`
pub const WECOM_TABLE_ALIGN_LEFT: wecom_table_align = 1;
/// `:---:`
pub const WECOM_TABLE_ALIGN_CENTER: wecom_table_align = 2;
/// `---:`
pub const WECOM_TABLE_ALIGN_RIGHT: wecom_table_align = 3;

/// As `wecom_markdown_table`, with each column's alignment in the separator row: `align`
/// holds `n_align` values (`WECOM_TABLE_ALIGN_*`), one per column from the first; columns
/// beyond them are `WECOM_TABLE_ALIGN_NONE`. `align` may be NULL when `n_align` is 0.
///
/// Ownership: as for `wecom_markdown_table`.
///
/// # Safety
/// As for `wecom_markdown_table`; `align` points to `n_align` values.
#[no_mangle]
pub unsafe extern "C" fn wecom_markdown_table_aligned(
    headers: *const *const c_char,
    n_headers: usize,
    cells: *const *const c_char,
    row_lengths: *const usize,
    n_rows: usize,
    align: *const wecom_table_align,
    n_align: usize,
    out_string: *mut *mut c_char,
) -> wecom_result {
    string_out(out_string, || {
        let (headers, rows) = table_args(headers, n_headers, cells, row_lengths, n_rows)?;
        let align = if n_align == 0 { &[][..] } else { arg_slice(align, n_align, "align")? };
        let aligns = align
            .iter()
            .map(|a| match *a {
                WECOM_TABLE_ALIGN_NONE => Ok(Align::None),
                WECOM_TABLE_ALIGN_LEFT => Ok(Align::Left),
                WECOM_TABLE_ALIGN_CENTER => Ok(Align::Center),
                WECOM_TABLE_ALIGN_RIGHT => Ok(Align::Right),
                other => Err(Error::invalid_argument("align", format!("{other} is not a wecom_table_align"))),
            })
            .collect::<Result<Vec<_>, _>>()?;
        wecom_bot::markdown_table_aligned(&headers, &rows, &aligns)
    })
}

/// The header cells and the rows of a table, from the C arrays.
unsafe fn table_args<'a>(
    headers: *const *const c_char,
    n_headers: usize,
    cells: *const *const c_char,
    row_lengths: *const usize,
    n_rows: usize,
) -> Result<(Vec<&'a str>, Vec<Vec<&'a str>>), Error> {
    let headers = arg_str_array(headers, n_headers, "headers")?;
    let lengths = arg_slice(row_lengths, n_rows, "row_lengths")?;
    let total = lengths
        .iter()
        .try_fold(0usize, |acc, n| acc.checked_add(*n))
        .ok_or_else(|| Error::invalid_argument("row_lengths", "the counts overflow"))?;
    let all = arg_str_array(cells, total, "cells")?;
    let mut rows = Vec::with_capacity(lengths.len());
    let mut at = 0;
    for &n in lengths {
        rows.push(all[at..at + n].to_vec());
        at += n;
    }
    Ok((headers, rows))
}

/// The longest prefix of `s` that is at most `max_bytes` bytes long and ends on a UTF-8
/// character boundary.
///
/// Ownership: as for `wecom_mention`.
#[no_mangle]
pub unsafe extern "C" fn wecom_truncate_to_bytes(
    s: *const c_char,
    max_bytes: usize,
    out_string: *mut *mut c_char,
) -> wecom_result {
    string_out(out_string, || Ok(wecom_bot::truncate_to_bytes(arg_str(s, "s")?, max_bytes).to_owned()))
}
