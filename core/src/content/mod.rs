//! Helpers for message content: truncation, splitting long content into sendable chunks,
//! converting CommonMark to what WeCom renders, mentions, font colours and tables.

mod convert;
mod html;
mod split;
mod table;

pub use convert::{to_plain_text, to_wecom_markdown, to_wecom_markdown_v2};
pub use split::{
    marker, split, split_markdown, split_markdown_v2, split_pieces, split_text, Piece, SplitOptions, Structure,
};
pub use table::{markdown_table, markdown_table_aligned, Align};

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
