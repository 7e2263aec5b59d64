//! Mentions for markdown and markdown_v2: one API (`mention`, `mention_mobile`, `mention_all`)
//! on every builder that can carry them, each type using the mechanism it supports.
//!
//! - text: `mentioned_list` / `mentioned_mobile_list` (see [`super::Text`]).
//! - markdown: an inline `<@userid>` per member, appended to the content; the spec gives
//!   markdown no list fields, so mobile numbers and `@all` cannot be expressed.
//! - markdown_v2: no mention syntax at all (the spec says so).
//!
//! What a type cannot express is a validation error, never a silent no-op, unless the caller
//! asks for a follow-up text message that carries the mentions in its lists
//! ([`Mentions::followup`]).

use crate::check;
use crate::error::{Error, Result, Rule};
use crate::limits::TEXT_CONTENT_MAX_BYTES;

use super::text::{Text, MENTION_ALL};

/// Who a markdown or markdown_v2 message mentions, and whether a follow-up text carries them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mentions {
    /// userids; [`MENTION_ALL`] (`"@all"`) mentions everyone.
    pub userids: Vec<String>,
    /// Mobile numbers; `"@all"` mentions everyone.
    pub mobiles: Vec<String>,
    /// When set, every mention goes into a text message with this content, sent right after
    /// the message itself, instead of into the message.
    pub followup: Option<String>,
}

impl Mentions {
    /// No mentions at all.
    pub fn is_empty(&self) -> bool {
        self.userids.is_empty() && self.mobiles.is_empty()
    }

    /// The follow-up text message, when one was asked for and there is someone to mention.
    pub fn followup_text(&self) -> Option<Text> {
        let content = self.followup.as_ref().filter(|_| !self.is_empty())?;
        Some(Text {
            content: content.clone(),
            mentioned_list: self.userids.clone(),
            mentioned_mobile_list: self.mobiles.clone(),
        })
    }

    /// The inline `<@userid>` suffix for markdown content (empty when the mentions go into a
    /// follow-up, or there are none).
    pub(crate) fn inline_suffix(&self, content: &str) -> String {
        if self.followup.is_some() || self.userids.is_empty() {
            return String::new();
        }
        let tags: Vec<String> = self.userids.iter().map(|u| crate::content::mention(u)).collect();
        let sep = if content.is_empty() || content.ends_with('\n') { "" } else { "\n" };
        format!("{sep}{}", tags.join(" "))
    }

    /// Checks the mentions of a markdown message (`inline`: userids are written into the
    /// content) or a markdown_v2 message (`inline` false: nothing can be written inline).
    pub(crate) fn validate(&self, msgtype: &str, inline: bool) -> Result<()> {
        if self.followup.is_some() {
            if self.is_empty() {
                return Ok(());
            }
            let text = self.followup_text().expect("followup set and mentions present");
            let field = format!("{msgtype}.mention_followup");
            if text.content.is_empty() {
                return Err(Error::validation(&field, Rule::Required, format!("{field}: the follow-up text is empty")));
            }
            return check::required_max_bytes(msgtype, "mention_followup", &text.content, TEXT_CONTENT_MAX_BYTES);
        }
        let why = "; ask for a follow-up text message to carry the mentions (mention_followup)";
        if !inline {
            if let Some((list, _)) = self.first_list() {
                let field = format!("{msgtype}.{list}");
                return Err(Error::validation(
                    &field,
                    Rule::AllowedValues,
                    format!("{field}: {msgtype} cannot mention members (the spec: no <@userid> in markdown_v2){why}"),
                ));
            }
            return Ok(());
        }
        if !self.mobiles.is_empty() {
            let field = format!("{msgtype}.mentioned_mobile_list");
            return Err(Error::validation(
                &field,
                Rule::AllowedValues,
                format!("{field}: {msgtype} can mention by userid (<@userid>) but not by mobile number{why}"),
            ));
        }
        for (i, u) in self.userids.iter().enumerate() {
            let field = format!("{msgtype}.mentioned_list[{i}]");
            if u == MENTION_ALL {
                return Err(Error::validation(
                    &field,
                    Rule::AllowedValues,
                    format!("{field}: the spec defines \"@all\" only for a text message's lists, not for <@userid> in {msgtype}{why}"),
                ));
            }
            if u.is_empty() || u.chars().any(|c| c == '<' || c == '>' || c.is_whitespace()) {
                return Err(Error::validation(
                    &field,
                    Rule::Format,
                    format!("{field}: {u:?} cannot be written as <@userid> (empty, or holds '<', '>' or whitespace)"),
                ));
            }
        }
        Ok(())
    }

    fn first_list(&self) -> Option<(&'static str, &str)> {
        if let Some(u) = self.userids.first() {
            return Some(("mentioned_list", u));
        }
        self.mobiles.first().map(|m| ("mentioned_mobile_list", m.as_str()))
    }
}
