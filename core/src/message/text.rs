//! text, markdown and markdown_v2.

use super::mention::Mentions;
use crate::check;
use crate::error::Result;
use crate::limits::{MARKDOWN_CONTENT_MAX_BYTES, TEXT_CONTENT_MAX_BYTES};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

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

    /// Mentions the member with this userid (`mentioned_list`).
    pub fn mention(mut self, userid: impl Into<String>) -> Text {
        self.mentioned_list.push(userid.into());
        self
    }

    /// Mentions the member with this mobile number (`mentioned_mobile_list`).
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

/// The mention builder methods shared by markdown and markdown_v2.
macro_rules! mention_api {
    ($ty:ident) => {
        impl $ty {
            /// Mentions the member with this userid (see the type's documentation for how).
            pub fn mention(mut self, userid: impl Into<String>) -> $ty {
                self.mentions.userids.push(userid.into());
                self
            }

            /// Mentions the member with this mobile number: needs [`Self::mention_followup`].
            pub fn mention_mobile(mut self, mobile: impl Into<String>) -> $ty {
                self.mentions.mobiles.push(mobile.into());
                self
            }

            /// Mentions everyone: needs [`Self::mention_followup`].
            pub fn mention_all(self) -> $ty {
                self.mention(MENTION_ALL)
            }

            /// Sends the mentions in a text message with this content right after this
            /// message (its `mentioned_list` / `mentioned_mobile_list`), instead of inline.
            pub fn mention_followup(mut self, text: impl Into<String>) -> $ty {
                self.mentions.followup = Some(text.into());
                self
            }

            /// The follow-up text message carrying the mentions, when one was asked for.
            pub fn followup_text(&self) -> Option<Text> {
                self.mentions.followup_text()
            }
        }
    };
}

/// A markdown message (`content` ≤ 4096 UTF-8 bytes; `<@userid>` and `<font color>` work).
///
/// [`Markdown::mention`] appends `<@userid>` to the content (on a line of its own); mobile
/// numbers and `@all` have no markdown syntax, so they are refused unless
/// [`Markdown::mention_followup`] sends them in a text message after this one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Markdown {
    /// The markdown source.
    pub content: String,
    /// Who the message mentions (not a wire field: see the type's documentation).
    #[serde(skip)]
    pub mentions: Mentions,
}

impl Markdown {
    /// A markdown message.
    pub fn new(content: impl Into<String>) -> Markdown {
        Markdown { content: content.into(), mentions: Mentions::default() }
    }

    /// The `content` that is sent: the source followed by any inline `<@userid>` mentions.
    pub fn wire_content(&self) -> String {
        format!("{}{}", self.content, self.mentions.inline_suffix(&self.content))
    }

    /// Checks: content non-empty and (with inline mentions) at most 4096 bytes; mentions
    /// markdown can carry.
    pub fn validate(&self) -> Result<()> {
        check::required("markdown", "content", Some(&self.content))?;
        self.mentions.validate("markdown", true)?;
        check::required_max_bytes("markdown", "content", &self.wire_content(), MARKDOWN_CONTENT_MAX_BYTES)
    }
}
mention_api!(Markdown);

impl Serialize for Markdown {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Markdown", 1)?;
        st.serialize_field("content", &self.wire_content())?;
        st.end()
    }
}

/// A markdown_v2 message (`content` ≤ 4096 UTF-8 bytes; tables, lists, images; no mentions or
/// colours).
///
/// markdown_v2 has no mention syntax: any mention is refused unless
/// [`MarkdownV2::mention_followup`] sends them in a text message after this one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownV2 {
    /// The markdown_v2 source.
    pub content: String,
    /// Who the message mentions (only through a follow-up text).
    #[serde(skip)]
    pub mentions: Mentions,
}

impl MarkdownV2 {
    /// A markdown_v2 message.
    pub fn new(content: impl Into<String>) -> MarkdownV2 {
        MarkdownV2 { content: content.into(), mentions: Mentions::default() }
    }

    /// Checks: content non-empty and at most 4096 bytes; no mention unless in a follow-up.
    pub fn validate(&self) -> Result<()> {
        check::required_max_bytes("markdown_v2", "content", &self.content, MARKDOWN_CONTENT_MAX_BYTES)?;
        self.mentions.validate("markdown_v2", false)
    }
}
mention_api!(MarkdownV2);
