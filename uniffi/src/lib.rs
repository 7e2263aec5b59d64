//! # wecom-bot for Kotlin and Swift (UniFFI)
//!
//! The binding layer of the `wecom-bot` core for [UniFFI](https://mozilla.github.io/uniffi-rs/):
//! proc-macro exports only (no UDL). Everything here is a thin, typed mirror of the core:
//!
//! - [`Bot`]: the client (from a webhook URL or key, plus a [`BotConfig`] whose every field has
//!   a default), sending a [`Message`] or uploading media ([`Media`]);
//! - records for every message type ([`Text`], [`Markdown`], [`MarkdownV2`], [`Image`],
//!   [`News`] + [`Article`], [`File`], [`Voice`], [`TextNoticeCard`], [`NewsNoticeCard`]) and
//!   every card part, each with `to_json()` and `validate()`;
//! - the content helpers ([`split_text`], [`split_markdown`], [`mention`], [`font_color`],
//!   [`markdown_table`], [`truncate`]);
//! - [`Outbox`]: the robot's durable queue, packing bursts through the rate window;
//! - one error enum, [`WecomError`], converted from the core error in one place.
//!
//! The Kotlin package is `com.wecombot`, the Swift module `WecomBot` (see `uniffi.toml`).
//! The webhook key never appears in a `toString`/`description`, an error or a log line.
#![deny(missing_docs)]

uniffi::setup_scaffolding!("wecom_bot");

mod bot;
mod card;
mod content;
mod error;
mod message;
mod numbers;
mod outbox;

pub use bot::{Bot, BotConfig, Media, MediaKind, RateLimit};
pub use card::{
    CardAction, CardImage, EmphasisContent, HorizontalContent, ImageTextArea, Jump, MainTitle, NewsNoticeCard,
    QuoteArea, Source, TextNoticeCard, VerticalContent,
};
pub use content::{
    font_color, markdown_table, markdown_table_aligned, mention, split_markdown, split_markdown_v2, split_text,
    to_plain_text, to_wecom_markdown, to_wecom_markdown_v2, truncate, FontColor, TableAlign,
};
pub use error::{ErrorKind, WecomError};
pub use message::{
    image_from_base64, image_from_bytes, image_from_path, Article, File, Image, Markdown, MarkdownV2, Message, News,
    Text, Voice,
};
pub use outbox::{DeadLetter, Outbox, OutboxConfig, OutboxStatus, RunReport};
