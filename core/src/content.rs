//! Helpers for message content: truncation, splitting long content into sendable chunks,
//! mentions, markdown font colours and markdown_v2 tables.

use crate::limits::{MARKDOWN_CONTENT_MAX_BYTES, TEXT_CONTENT_MAX_BYTES};

/// The longest prefix of `s` that is at most `max_bytes` long and ends on a character boundary.
pub fn truncate_to_bytes(s: &str, max_bytes: usize) -> &str {
    if s.len() <= max_bytes {
        return s;
    }
    let mut end = max_bytes;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Splits text into chunks of at most 2048 bytes, at line breaks where possible and never
/// inside a UTF-8 character. Concatenating the chunks gives back `content`.
pub fn split_text(content: &str) -> Vec<String> {
    split_with(content, TEXT_CONTENT_MAX_BYTES, false)
}

/// Splits markdown into chunks of at most 4096 bytes, at line breaks where possible, never
/// inside a UTF-8 character, and never leaving a ``` fence open at a chunk's end: an open
/// fence is closed at the end of one chunk and reopened (with its info string) in the next.
/// No chunk ends with an empty code block: a fence's opening line that would be the last line
/// of a chunk moves on to the next one.
pub fn split_markdown(content: &str) -> Vec<String> {
    split_with(content, MARKDOWN_CONTENT_MAX_BYTES, true)
}

/// The splitter behind [`split_text`] and [`split_markdown`], with any byte limit.
///
/// With `fences`, a line starting with ``` (after indentation) opens or closes a code block.
/// A limit too small to hold a fence's reopening line falls back to plain splitting.
pub fn split_with(content: &str, max_bytes: usize, fences: bool) -> Vec<String> {
    const CLOSE: &str = "```";
    let max_bytes = max_bytes.max(4); // room for at least one character
    let mut chunks = Vec::new();
    let mut current = String::new();
    let mut open_fence: Option<&str> = None; // the opening line of the fence we are inside
    let mut opener_at: Option<usize> = None; // where that line starts in `current`, if it is its last line

    for line in content.split_inclusive('\n') {
        let toggles = fences && line.trim_start().starts_with(CLOSE);
        let fence_after = match (open_fence, toggles) {
            (None, true) => Some(line.trim_end_matches(['\n', '\r'])),
            (Some(_), true) => None,
            (f, false) => f,
        };
        // Room needed to close a fence left open after this line: "\n```".
        let reserve = |f: Option<&str>| if f.is_some() { CLOSE.len() + 1 } else { 0 };
        let opens = open_fence.is_none() && fence_after.is_some();
        if current.len() + line.len() + reserve(fence_after) <= max_bytes {
            opener_at = opens.then_some(current.len());
            current.push_str(line);
            open_fence = fence_after;
            continue;
        }
        // Close the current chunk, unless it holds only the open fence's first line (reopened
        // or the original, which may end in "\r\n"): closing it there would leave an empty
        // code block, so the line is cut into it instead.
        let reopen = open_fence.map(|f| format!("{f}\n")).unwrap_or_default();
        let fenced = open_fence.is_some() || fence_after.is_some();
        if fenced && max_bytes < reopen.len() + CLOSE.len() + 1 + 4 {
            // A limit too small for fence handling to leave room for content.
            return split_plain(content, max_bytes);
        }
        let only_fence_line = open_fence.is_some() && current.find('\n') == Some(current.len().wrapping_sub(1));
        if !current.is_empty() && !only_fence_line {
            if let Some(at) = opener_at.take().filter(|&at| at > 0) {
                // The chunk would end with an empty code block: move its opening line on.
                let opener = current.split_off(at);
                finish(&mut chunks, &mut current, false);
                current = opener;
            } else {
                finish(&mut chunks, &mut current, open_fence.is_some());
                current.push_str(&reopen);
            }
        }
        if current.len() + line.len() + reserve(fence_after) <= max_bytes {
            opener_at = opens.then_some(current.len());
            current.push_str(line);
            open_fence = fence_after;
            continue;
        }
        // The line alone is too long: cut it at character boundaries.
        opener_at = None;
        let mut rest = line;
        while !rest.is_empty() {
            let room = max_bytes - current.len() - reserve(open_fence.or(fence_after));
            let piece = truncate_to_bytes(rest, room);
            if piece.is_empty() {
                finish(&mut chunks, &mut current, open_fence.is_some());
                current.push_str(&reopen);
                continue;
            }
            current.push_str(piece);
            rest = &rest[piece.len()..];
            if !rest.is_empty() {
                finish(&mut chunks, &mut current, open_fence.is_some());
                current.push_str(&reopen);
            }
        }
        open_fence = fence_after;
    }
    if !current.is_empty() {
        finish(&mut chunks, &mut current, open_fence.is_some());
    }
    chunks
}

fn finish(chunks: &mut Vec<String>, current: &mut String, close_fence: bool) {
    if close_fence {
        if !current.ends_with('\n') {
            current.push('\n');
        }
        current.push_str("```");
    }
    chunks.push(std::mem::take(current));
}

fn split_plain(content: &str, max_bytes: usize) -> Vec<String> {
    split_with(content, max_bytes, false)
}

/// `<@userid>`: mentions a member inside text or markdown content (not markdown_v2).
pub fn mention(userid: &str) -> String {
    format!("<@{userid}>")
}

/// The three font colours markdown supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontColor {
    /// Green.
    Info,
    /// Grey.
    Comment,
    /// Orange-red.
    Warning,
}

impl FontColor {
    /// The value of the `color` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            FontColor::Info => "info",
            FontColor::Comment => "comment",
            FontColor::Warning => "warning",
        }
    }
}

/// `<font color="…">text</font>` for markdown messages (markdown_v2 ignores colours).
pub fn font_color(text: &str, color: FontColor) -> String {
    format!("<font color=\"{}\">{text}</font>", color.as_str())
}

/// A markdown_v2 table: a header row, a `| --- |` separator, then the rows. A `|` inside a
/// cell is escaped and line breaks become spaces, so a cell can never break the table. Rows
/// shorter than the header are padded with empty cells; longer rows are cut to its width.
pub fn markdown_table<S: AsRef<str>>(headers: &[S], rows: &[Vec<S>]) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace("\r\n", " ").replace(['\n', '\r'], " ");
    let mut out = String::new();
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = String>| {
        out.push('|');
        for c in cells {
            out.push(' ');
            out.push_str(&c);
            out.push_str(" |");
        }
        out.push('\n');
    };
    line(&mut out, &mut headers.iter().map(|h| cell(h.as_ref())));
    line(&mut out, &mut headers.iter().map(|_| "---".to_owned()));
    for row in rows {
        line(&mut out, &mut (0..headers.len()).map(|i| row.get(i).map(|c| cell(c.as_ref())).unwrap_or_default()));
    }
    out
}
