//! # wecom-bot
//!
//! A typed, validated client for the WeCom (企业微信) group-robot webhook: every message type
//! serializes to exactly the JSON the server expects, and everything the spec forbids is
//! refused before any network use, with an error naming the field and the rule.
//!
//! ```
//! use wecom_bot::{Message, Text};
//! let msg: Message = Text::new("build #42 passed").mention_all().into();
//! assert_eq!(
//!     msg.to_json().unwrap(),
//!     r#"{"msgtype":"text","text":{"content":"build #42 passed","mentioned_list":["@all"]}}"#
//! );
//! ```
#![deny(missing_docs)]

mod check;
mod client;
pub mod content;
pub mod env;
pub mod errcode;
mod error;
pub mod input;
pub mod limits;
pub mod media;
mod message;
pub mod multipart;
pub mod outbox;
pub mod progress;
mod proxy;
pub mod rate_limit;
pub mod secret;
pub mod store;
pub mod wait;
pub mod webhook;

/// Internals for the fuzz targets in `fuzz/` (not a stable API).
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::client::read_answer_for_fuzzing as read_answer;
}

pub use client::{Client, ClientConfig, ProxyConfig, RetryPolicy, TlsRoots, DEFAULT_MAX_TOTAL, USER_AGENT};
pub use content::{
    font_color, markdown_table, markdown_table_aligned, mention, split_markdown, split_markdown_v2, split_text,
    to_plain_text, to_wecom_markdown, to_wecom_markdown_v2, truncate_to_bytes, Align, FontColor,
};
pub use env::Environment;
pub use error::{Error, ErrorKind, Result, Rule, TimeoutPhase};
pub use media::{Media, MediaKind};
pub use message::*;
pub use rate_limit::{QuotaStatus, RateLimit, RatePolicy};
pub use store::{OnStoreError, Store};
pub use webhook::Webhook;
