//! # wecom-bot-mock
//!
//! A faithful local mock of the WeCom (企业微信) group-robot webhook server, for tests: the
//! real endpoints (`/cgi-bin/webhook/send`, `/cgi-bin/webhook/upload_media`) with the real
//! response shapes and errcodes, validation by the `wecom-bot` core's own rules, a record of
//! every request (exact bytes), scripted faults, an injectable clock, and control endpoints
//! under `/_mock/` for test runners in any language. See `mock/README.md`.
//!
//! ```
//! use wecom_bot_mock::{MockConfig, MockServer};
//!
//! let server = MockServer::start(MockConfig::default()).unwrap();
//! let url = server.send_url("test-key");
//! // ... point the client at server.base_url() and send ...
//! assert!(url.starts_with("http://127.0.0.1:"));
//! assert!(server.records("test-key").is_empty());
//! ```
#![deny(missing_docs)]

mod cli;
mod clock;
mod config;
pub mod errcode;
mod fault;
mod http;
mod multipart;
mod query;
mod record;
mod redact;
mod server;
mod validate;

pub use cli::{config_from, run, run_cli, MockArgs, Scenario, ScenarioMedia, ScenarioRate};
pub use clock::{Clock, ManualClock, SystemClock};
pub use config::{MockConfig, DEFAULT_RATE_LIMIT, MEDIA_TTL};
pub use fault::{Fault, Script};
pub use record::{Record, RecordHeaders, RecordKind, Reply, UploadPart};
pub use redact::redact_key;
pub use server::{MockServer, SEND_PATH, UPLOAD_PATH};
pub use wecom_bot::media::MediaKind;
