//! The message records (one per `msgtype`) and the [`Message`] enum that holds any of them.
//!
//! Each record mirrors the spec's JSON object with the spec's field names; optional fields
//! default to absent (Kotlin default arguments, Swift defaulted initializer parameters).
//! Validation and serialization are the core's: `to_json()` gives the exact request body.

use crate::card::{NewsNoticeCard, TextNoticeCard};
use crate::error::Result;

/// A plain text message (`content` ≤ 2048 UTF-8 bytes), optionally mentioning members.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Text {
    /// The text; `<@userid>` inside it mentions a member.
    pub content: String,
    /// userids to mention; `"@all"` mentions everyone.
    #[uniffi(default = [])]
    pub mentioned_list: Vec<String>,
    /// Mobile numbers to mention; `"@all"` mentions everyone.
    #[uniffi(default = [])]
    pub mentioned_mobile_list: Vec<String>,
}

/// A markdown message (`content` ≤ 4096 UTF-8 bytes; `<@userid>` and `<font color>` work).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Markdown {
    /// The markdown source.
    pub content: String,
    /// userids to mention (markdown: written as `<@userid>`; markdown_v2: needs
    /// `mention_followup`); `"@all"` needs `mention_followup`.
    #[uniffi(default = [])]
    pub mentioned_list: Vec<String>,
    /// Mobile numbers to mention (needs `mention_followup`).
    #[uniffi(default = [])]
    pub mentioned_mobile_list: Vec<String>,
    /// When set, the mentions go into a text message with this content, sent right after.
    #[uniffi(default = None)]
    pub mention_followup: Option<String>,
}

/// A markdown_v2 message (`content` ≤ 4096 UTF-8 bytes; tables, lists, images).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MarkdownV2 {
    /// The markdown_v2 source.
    pub content: String,
    /// userids to mention (markdown: written as `<@userid>`; markdown_v2: needs
    /// `mention_followup`); `"@all"` needs `mention_followup`.
    #[uniffi(default = [])]
    pub mentioned_list: Vec<String>,
    /// Mobile numbers to mention (needs `mention_followup`).
    #[uniffi(default = [])]
    pub mentioned_mobile_list: Vec<String>,
    /// When set, the mentions go into a text message with this content, sent right after.
    #[uniffi(default = None)]
    pub mention_followup: Option<String>,
}

/// An image message: base64 of a JPG or PNG (≤ 2 MiB raw) and the lowercase-hex md5 of the
/// raw bytes. Build it with `image_from_bytes` / `image_from_path` (which compute both), or
/// give both ready-made (checked when the message is validated).
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct Image {
    /// The raw bytes in standard, padded base64.
    pub base64: String,
    /// The lowercase-hex md5 of the raw bytes.
    pub md5: String,
}

impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The payload can be megabytes: show its size only.
        f.debug_struct("Image").field("base64_len", &self.base64.len()).field("md5", &self.md5).finish()
    }
}

/// One article of a news message; `title` (128 bytes) and `description` (512 bytes) are
/// truncated at a character boundary, as the server would.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Article {
    /// Required.
    pub title: String,
    /// Required: the link opened on click (no scheme required).
    pub url: String,
    /// Optional description.
    #[uniffi(default = None)]
    pub description: Option<String>,
    /// Optional picture URL.
    #[uniffi(default = None)]
    pub picurl: Option<String>,
}

/// A news message: 1 to 8 articles.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct News {
    /// The articles, shown in order.
    pub articles: Vec<Article>,
}

/// A file message: the `media_id` of an upload of kind `file`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct File {
    /// The id returned by the upload (valid 3 days, this robot only).
    pub media_id: String,
}

/// A voice message: the `media_id` of an upload of kind `voice`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Voice {
    /// The id returned by the upload (valid 3 days, this robot only).
    pub media_id: String,
}

/// Any message the webhook accepts.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
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
    /// `msgtype: template_card`, `card_type: text_notice`
    TextNotice(TextNoticeCard),
    /// `msgtype: template_card`, `card_type: news_notice`
    NewsNotice(NewsNoticeCard),
}

#[uniffi::export]
impl Message {
    /// Validates, then serializes to the exact request body.
    pub fn to_json(&self) -> Result<String> {
        Ok(wecom_bot::Message::from(self.clone()).to_json()?)
    }

    /// Checks every hard rule of the spec; the error names the field and the rule.
    pub fn validate(&self) -> Result<()> {
        Ok(wecom_bot::Message::from(self.clone()).validate()?)
    }

    /// The wire `msgtype`, e.g. `"markdown_v2"`.
    pub fn msgtype(&self) -> String {
        wecom_bot::Message::from(self.clone()).msgtype().to_owned()
    }
}

/// `to_json()`, `validate()` and `to_message()` on each message record.
macro_rules! record_methods {
    ($($ty:ident),*) => {$(
        #[uniffi::export]
        impl $ty {
            /// Validates, then serializes to the exact request body.
            pub fn to_json(&self) -> Result<String> {
                self.to_message().to_json()
            }

            /// Checks every hard rule of the spec; the error names the field and the rule.
            pub fn validate(&self) -> Result<()> {
                self.to_message().validate()
            }

            /// This record as a [`Message`], for `Bot.send`.
            pub fn to_message(&self) -> Message {
                Message::$ty(self.clone())
            }
        }
    )*};
}
record_methods!(Text, Markdown, MarkdownV2, Image, News, File, Voice);

#[uniffi::export]
impl TextNoticeCard {
    /// Validates, then serializes to the exact request body.
    pub fn to_json(&self) -> Result<String> {
        self.to_message().to_json()
    }

    /// Checks the text_notice table of the spec.
    pub fn validate(&self) -> Result<()> {
        self.to_message().validate()
    }

    /// This card as a [`Message`], for `Bot.send`.
    pub fn to_message(&self) -> Message {
        Message::TextNotice(self.clone())
    }
}

#[uniffi::export]
impl NewsNoticeCard {
    /// Validates, then serializes to the exact request body.
    pub fn to_json(&self) -> Result<String> {
        self.to_message().to_json()
    }

    /// Checks the news_notice table of the spec.
    pub fn validate(&self) -> Result<()> {
        self.to_message().validate()
    }

    /// This card as a [`Message`], for `Bot.send`.
    pub fn to_message(&self) -> Message {
        Message::NewsNotice(self.clone())
    }
}

/// An image from raw JPG or PNG bytes (≤ 2 MiB): base64 and md5 are computed.
#[uniffi::export]
pub fn image_from_bytes(bytes: Vec<u8>) -> Result<Image> {
    Ok(Image::from(wecom_bot::Image::from_bytes(&bytes)?))
}

/// An image from a JPG or PNG file (≤ 2 MiB; a larger file is refused without reading it).
#[uniffi::export]
pub fn image_from_path(path: String) -> Result<Image> {
    Ok(Image::from(wecom_bot::Image::from_path(&path)?))
}

/// An image from base64 and md5 computed elsewhere; both are checked by `validate`/`to_json`.
#[uniffi::export]
pub fn image_from_base64(base64: String, md5: String) -> Image {
    Image { base64, md5 }
}

// ---- conversions to the core ---------------------------------------------------------

impl From<Text> for wecom_bot::Text {
    fn from(t: Text) -> Self {
        wecom_bot::Text {
            content: t.content,
            mentioned_list: t.mentioned_list,
            mentioned_mobile_list: t.mentioned_mobile_list,
        }
    }
}

impl From<wecom_bot::Image> for Image {
    fn from(i: wecom_bot::Image) -> Self {
        Image { base64: i.base64().to_owned(), md5: i.md5().to_owned() }
    }
}

impl From<Article> for wecom_bot::Article {
    fn from(a: Article) -> Self {
        wecom_bot::Article { title: a.title, description: a.description, url: a.url, picurl: a.picurl }
    }
}

impl From<Message> for wecom_bot::Message {
    fn from(m: Message) -> Self {
        use wecom_bot as wb;
        match m {
            Message::Text(t) => wb::Message::Text(t.into()),
            Message::Markdown(t) => wb::Message::Markdown(wb::Markdown {
                content: t.content,
                mentions: wb::Mentions {
                    userids: t.mentioned_list,
                    mobiles: t.mentioned_mobile_list,
                    followup: t.mention_followup,
                },
            }),
            Message::MarkdownV2(t) => wb::Message::MarkdownV2(wb::MarkdownV2 {
                content: t.content,
                mentions: wb::Mentions {
                    userids: t.mentioned_list,
                    mobiles: t.mentioned_mobile_list,
                    followup: t.mention_followup,
                },
            }),
            Message::Image(i) => wb::Message::Image(wb::Image::from_base64(i.base64, i.md5)),
            Message::News(n) => wb::Message::News(wb::News::new(n.articles.into_iter().map(Into::into))),
            Message::File(f) => wb::Message::File(wb::File::new(f.media_id)),
            Message::Voice(v) => wb::Message::Voice(wb::Voice::new(v.media_id)),
            Message::TextNotice(c) => wb::TextNoticeCard::from(c).into(),
            Message::NewsNotice(c) => wb::NewsNoticeCard::from(c).into(),
        }
    }
}
