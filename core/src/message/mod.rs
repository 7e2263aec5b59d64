//! The eight message types of the webhook, as typed values that serialize to exactly the JSON
//! the server expects (`{"msgtype": NAME, NAME: {...}}`) and validate every hard rule first.

mod card;
mod image;
mod json;
mod media_ref;
mod mention;
mod news;
mod text;

pub use card::{
    CardAction, CardImage, DescColor, EmphasisContent, HorizontalContent, ImageTextArea, Jump, MainTitle,
    NewsNoticeCard, QuoteArea, Source, TemplateCard, TextNoticeCard, VerticalContent,
};
pub use image::Image;
pub use json::{Parsed, UnknownFields};
pub use media_ref::{File, Voice};
pub use mention::Mentions;
pub use news::{Article, News};
pub use text::{Markdown, MarkdownV2, Text, MENTION_ALL};

use crate::error::{Error, Result, Rule};
pub(crate) use json::{null_as_empty, parse_part, Dropped};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::cell::RefCell;

/// Any message the webhook accepts.
// A card is a few hundred bytes inline; messages are built once per send, so boxing it would
// cost every caller a less direct API for no measurable gain.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// `msgtype: text`
    Text(Text),
    /// `msgtype: markdown`
    Markdown(Markdown),
    /// `msgtype: markdown_v2`
    MarkdownV2(MarkdownV2),
    /// `msgtype: image`
    Image(Image),
    /// `msgtype: news`
    News(News),
    /// `msgtype: file`
    File(File),
    /// `msgtype: voice`
    Voice(Voice),
    /// `msgtype: template_card` (`text_notice` or `news_notice`)
    TemplateCard(TemplateCard),
}

/// Every `msgtype` the webhook accepts, in the spec's order.
pub const MSGTYPES: [&str; 8] = ["text", "markdown", "markdown_v2", "image", "news", "file", "voice", "template_card"];

impl Message {
    /// The wire `msgtype` of this message.
    pub fn msgtype(&self) -> &'static str {
        match self {
            Message::Text(_) => "text",
            Message::Markdown(_) => "markdown",
            Message::MarkdownV2(_) => "markdown_v2",
            Message::Image(_) => "image",
            Message::News(_) => "news",
            Message::File(_) => "file",
            Message::Voice(_) => "voice",
            Message::TemplateCard(_) => "template_card",
        }
    }

    /// Checks every hard rule of the spec; the error names the field and the rule.
    pub fn validate(&self) -> Result<()> {
        match self {
            Message::Text(m) => m.validate(),
            Message::Markdown(m) => m.validate(),
            Message::MarkdownV2(m) => m.validate(),
            Message::Image(m) => m.validate(),
            Message::News(m) => m.validate(),
            Message::File(m) => m.validate(),
            Message::Voice(m) => m.validate(),
            Message::TemplateCard(m) => m.validate(),
        }
    }

    /// Validates, then serializes to the exact request body.
    pub fn to_json(&self) -> Result<String> {
        Ok(String::from_utf8(self.to_json_bytes()?).expect("JSON is UTF-8"))
    }

    /// Validates, then serializes to the request body as bytes.
    pub fn to_json_bytes(&self) -> Result<Vec<u8>> {
        self.json_body().map(Cow::into_owned)
    }

    /// Validates, then the request body, as the client sends it: borrowed where the message
    /// already holds it (an image keeps its body, megabytes of base64, ready to send), else
    /// serialized. The same bytes as [`Message::to_json_bytes`].
    pub fn json_body(&self) -> Result<Cow<'_, [u8]>> {
        if let Message::Image(image) = self {
            return Ok(Cow::Borrowed(image.json_body()?.as_bytes()));
        }
        self.validate()?;
        Ok(Cow::Owned(serde_json::to_vec(self).expect("messages always serialize")))
    }

    /// Parses a request body (`{"msgtype": …}`) strictly: unknown fields are errors, and every
    /// error names the field. Does not validate; call [`Message::validate`] (or `to_json`).
    pub fn from_json(json: &str) -> Result<Message> {
        Message::from_json_with(json, UnknownFields::Refuse).map(|p| p.message)
    }

    /// Like [`Message::from_json`], from an already parsed JSON value.
    pub fn from_value(value: serde_json::Value) -> Result<Message> {
        Message::from_value_with(value, UnknownFields::Refuse).map(|p| p.message)
    }

    /// Parses a request body, choosing what an unknown field does. Under
    /// [`UnknownFields::Drop`] the dropped fields' paths are returned ([`Parsed::warning`] is
    /// the one line naming them, for the caller to show). Does not validate.
    pub fn from_json_with(json: &str, unknown: UnknownFields) -> Result<Parsed> {
        let value: serde_json::Value = serde_json::from_str(json)
            .map_err(|e| Error::validation("", Rule::Format, format!("the message is not valid JSON: {e}")))?;
        Message::from_value_with(value, unknown)
    }

    /// Like [`Message::from_json_with`], from an already parsed JSON value.
    pub fn from_value_with(value: serde_json::Value, unknown: UnknownFields) -> Result<Parsed> {
        let sink = RefCell::new(Vec::new());
        let dropped = (unknown == UnknownFields::Drop).then_some(&sink);
        let message = Message::parse(value, dropped)?;
        Ok(Parsed { message, dropped: sink.into_inner() })
    }

    fn parse(value: serde_json::Value, dropped: Dropped<'_>) -> Result<Message> {
        let serde_json::Value::Object(mut map) = value else {
            return Err(Error::validation("", Rule::Format, "the message must be a JSON object"));
        };
        let msgtype = match map.remove("msgtype") {
            Some(serde_json::Value::String(s)) => s,
            Some(_) => return Err(Error::validation("msgtype", Rule::Format, "msgtype must be a string")),
            None => return Err(Error::validation("msgtype", Rule::Required, "msgtype is required")),
        };
        if !MSGTYPES.contains(&msgtype.as_str()) {
            return Err(Error::validation(
                "msgtype",
                Rule::AllowedValues,
                format!("msgtype {msgtype:?} is not one of {}", MSGTYPES.join(", ")),
            ));
        }
        let body = map.remove(&msgtype).ok_or_else(|| {
            Error::validation(&msgtype, Rule::Required, format!("a {msgtype} message needs a \"{msgtype}\" object"))
        })?;
        match dropped {
            Some(sink) => sink.borrow_mut().extend(map.keys().cloned()),
            None => {
                if let Some(extra) = map.keys().next() {
                    return Err(Error::validation(
                        extra,
                        Rule::AllowedValues,
                        format!("unknown field {extra:?} beside msgtype {msgtype:?}"),
                    ));
                }
            }
        }
        Ok(match msgtype.as_str() {
            "text" => Message::Text(parse_part("text", body, dropped)?),
            "markdown" => Message::Markdown(parse_part("markdown", body, dropped)?),
            "markdown_v2" => Message::MarkdownV2(parse_part("markdown_v2", body, dropped)?),
            "image" => Message::Image(parse_part("image", body, dropped)?),
            "news" => Message::News(parse_part("news", body, dropped)?),
            "file" => Message::File(parse_part("file", body, dropped)?),
            "voice" => Message::Voice(parse_part("voice", body, dropped)?),
            _ => Message::TemplateCard(TemplateCard::from_value(body, dropped)?),
        })
    }

    /// The text message that carries this message's mentions, sent right after it, when a
    /// markdown or markdown_v2 message asked for one (`mention_followup`).
    pub fn followup_text(&self) -> Option<Text> {
        match self {
            Message::Markdown(m) => m.followup_text(),
            Message::MarkdownV2(m) => m.followup_text(),
            _ => None,
        }
    }

    /// The media ids this message refers to (file, voice, and card attachments).
    pub fn media_ids(&self) -> Vec<&str> {
        match self {
            Message::File(f) => vec![f.media_id.as_str()],
            Message::Voice(v) => vec![v.media_id.as_str()],
            Message::TemplateCard(c) => {
                // Only a type 2 (file) line uses its media_id; the server ignores it elsewhere.
                c.horizontal_content_list()
                    .iter()
                    .filter(|h| h.kind == Some(2))
                    .filter_map(|h| h.media_id.as_deref())
                    .collect()
            }
            _ => Vec::new(),
        }
    }
}

impl Serialize for Message {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("msgtype", self.msgtype())?;
        match self {
            Message::Text(m) => map.serialize_entry("text", m)?,
            Message::Markdown(m) => map.serialize_entry("markdown", m)?,
            Message::MarkdownV2(m) => map.serialize_entry("markdown_v2", m)?,
            Message::Image(m) => map.serialize_entry("image", m)?,
            Message::News(m) => map.serialize_entry("news", m)?,
            Message::File(m) => map.serialize_entry("file", m)?,
            Message::Voice(m) => map.serialize_entry("voice", m)?,
            Message::TemplateCard(m) => map.serialize_entry("template_card", m)?,
        }
        map.end()
    }
}

macro_rules! into_message {
    ($($ty:ident),*) => {$(
        impl From<$ty> for Message {
            fn from(m: $ty) -> Message { Message::$ty(m) }
        }
    )*};
}
into_message!(Text, Markdown, MarkdownV2, Image, News, File, Voice, TemplateCard);

impl From<TextNoticeCard> for Message {
    fn from(c: TextNoticeCard) -> Message {
        Message::TemplateCard(TemplateCard::TextNotice(c))
    }
}

impl From<NewsNoticeCard> for Message {
    fn from(c: NewsNoticeCard) -> Message {
        Message::TemplateCard(TemplateCard::NewsNotice(c))
    }
}
