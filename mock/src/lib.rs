//! # wecom-bot-mock
//!
//! A faithful local mock of the WeCom (企业微信) group-robot webhook server, for tests: the
//! real endpoints (`/cgi-bin/webhook/send`, `/cgi-bin/webhook/upload_media`) with the real
//! response shapes and errcodes, validation by the `wecom-bot` core's own rules, a record of
//! every request (exact bytes), scripted faults, an injectable clock, and control endpoints
//! under `/_mock/` for test runners in any language. See `mock/README.md`.
//!
//! It runs on [`serve`], a small bounded HTTP/1.1 server on hyper with a runtime of its own
//! (connection cap, read timeout, body cap, prompt stop), meant for other loopback services
//! of this project as well.
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
mod control;
pub mod errcode;
mod fault;
mod multipart;
mod preview;
mod query;
mod record;
mod redact;
pub mod serve;
mod server;
mod state;
mod validate;
mod webhook;

pub use cli::{config_from, run, run_cli, MockArgs, Scenario, ScenarioMedia, ScenarioRate};
pub use clock::{Clock, ManualClock, SystemClock, MAX_MOCK_UNIX_SECS};
pub use config::{rate_window, MockConfig, DEFAULT_RATE_LIMIT, MAX_RATE_WINDOW_SECS, MEDIA_TTL};
pub use fault::{Fault, Script};
pub use preview::{open_in_browser, wait_for_interrupt, CSP as INBOX_CSP, MAX_SHOWN as INBOX_MAX_SHOWN};
pub use record::{Record, RecordHeaders, RecordKind, Reply, UploadPart, BODY_PREFIX};
pub use redact::redact_key;
pub use server::MockServer;
pub use webhook::{SEND_PATH, UPLOAD_PATH};
pub use wecom_bot::media::MediaKind;

/// The mock's parsers, for the fuzz targets in `fuzz/` (not a stable API).
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::multipart::{boundary, parse, Part};
}
