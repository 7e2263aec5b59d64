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
//!
//! ## Many senders
//!
//! The server allows 20 messages per minute per robot, whoever sends them. The client keeps
//! that window in a [`Store`] ([`ClientConfig::store`]) that every sender naming it shares:
//! [`Store::Memory`] (the threads of this process; never fails), `sqlite:PATH` (every process
//! of the host; the default, a per-user file; one local `BEGIN IMMEDIATE` transaction per
//! message; fails when the disk is full or the file stays locked past
//! [`ClientConfig::store_timeout`]) or `redis://…`/`rediss://…` (every process on every host;
//! one round trip per message; fails when Redis is down or slow). When the store fails,
//! [`OnStoreError::Local`] (the default) keeps sending under this process's own window with
//! one logged warning per outage, and [`OnStoreError::Fail`] returns an error of kind
//! [`ErrorKind::Store`]. The README's "Many senders" has the whole table.
//!
//! Two clients (two processes would do the same) share a 20-per-2-s window through one SQLite
//! file: the mock, limited alike, never answers 45009.
//!
//! ```
//! use std::time::Duration;
//! use wecom_bot::{Client, ClientConfig, OnStoreError, RateLimit, RatePolicy, Store, Webhook};
//! # use wecom_bot_mock::{MockConfig, MockServer};
//! # let mock = MockServer::start(MockConfig::new().with_rate_limit(Some((20, Duration::from_secs(2))))).unwrap();
//! # let dir = tempfile::tempdir().unwrap();
//! let store = Store::parse(&format!("sqlite:{}/shared.sqlite3", dir.path().display()))?;
//! let sender = |name: &'static str| -> wecom_bot::Result<std::thread::JoinHandle<wecom_bot::Result<()>>> {
//!     let config = ClientConfig {
//!         base_url: Some(mock.base_url()),
//!         rate_limit: Some(RateLimit {
//!             max_messages: 20,
//!             window: Duration::from_secs(2),
//!             policy: RatePolicy::Wait { max_wait: Duration::from_secs(30) },
//!         }),
//!         store: store.clone(),
//!         on_store_error: OnStoreError::Fail,
//!         ..ClientConfig::default()
//!     };
//!     let bot = Client::with_config(Webhook::from_key("doc-many-senders")?, config)?;
//!     Ok(std::thread::spawn(move || (1..=15).try_for_each(|i| bot.send_text(&format!("{name} {i}")))))
//! };
//! let (a, b) = (sender("a")?, sender("b")?);
//! a.join().unwrap()?;
//! b.join().unwrap()?;
//! let answers = mock.records("doc-many-senders");
//! assert_eq!(answers.len(), 30); // 30 requests, none refused with 45009
//! assert!(answers.iter().all(|r| r.reply.errcode() == Some(0)));
//! # Ok::<(), wecom_bot::Error>(())
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
