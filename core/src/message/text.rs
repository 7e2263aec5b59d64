//! text, markdown and markdown_v2.

use crate::check;
use crate::error::Result;
use crate::limits::{MARKDOWN_CONTENT_MAX_BYTES, TEXT_CONTENT_MAX_BYTES};
use serde::{Deserialize, Serialize};

/// The value of `mentioned_list` / `mentioned_mobile_list` that mentions everyone.
pub const MENTION_ALL: &str = "@all";

/// A plain text message (`content` ≤ 2048 UTF-8 bytes), optionally mentioning members.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// The text; `<@userid>` inside it mentions a member.
    pub content: String,
    /// userids to mention; `"@all"` mentions everyone. Omitted from the JSON when empty.
    #[serde(default, deserialize_with = "super::null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub mentioned_list: Vec<String>,
    /// Mobile numbers to mention; `"@all"` mentions everyone. Omitted from the JSON when empty.
    #[serde(default, deserialize_with = "super::null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub mentioned_mobile_list: Vec<String>,
}

impl Text {
    /// A text message with `content` and no mentions.
    pub fn new(content: impl Into<String>) -> Text {
        Text { content: content.into(), ..Text::default() }
    }

    /// Mentions the member with this userid.
    pub fn mention(mut self, userid: impl Into<String>) -> Text {
        self.mentioned_list.push(userid.into());
        self
    }

    /// Mentions the member with this mobile number.
    pub fn mention_mobile(mut self, mobile: impl Into<String>) -> Text {
        self.mentioned_mobile_list.push(mobile.into());
        self
    }

    /// Mentions everyone in the group (`"@all"` in `mentioned_list`).
    pub fn mention_all(self) -> Text {
        self.mention(MENTION_ALL)
    }

    /// Checks: content non-empty and at most 2048 bytes.
    pub fn validate(&self) -> Result<()> {
        check::required_max_bytes("text", "content", &self.content, TEXT_CONTENT_MAX_BYTES)
    }
}

/// A markdown message (`content` ≤ 4096 UTF-8 bytes; `<@userid>` and `<font color>` work).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Markdown {
    /// The markdown source.
    pub content: String,
}

impl Markdown {
    /// A markdown message.
    pub fn new(content: impl Into<String>) -> Markdown {
        Markdown { content: content.into() }
    }

    /// Checks: content non-empty and at most 4096 bytes.
    pub fn validate(&self) -> Result<()> {
        check::required_max_bytes("markdown", "content", &self.content, MARKDOWN_CONTENT_MAX_BYTES)
    }
}

/// A markdown_v2 message (`content` ≤ 4096 UTF-8 bytes; tables, lists, images; no mentions or colours).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownV2 {
    /// The markdown_v2 source.
    pub content: String,
}

impl MarkdownV2 {
    /// A markdown_v2 message.
    pub fn new(content: impl Into<String>) -> MarkdownV2 {
        MarkdownV2 { content: content.into() }
    }

    /// Checks: content non-empty and at most 4096 bytes.
    pub fn validate(&self) -> Result<()> {
        check::required_max_bytes("markdown_v2", "content", &self.content, MARKDOWN_CONTENT_MAX_BYTES)
    }
}
