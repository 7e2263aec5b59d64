//! # libwecom_bot: the C ABI of wecom-bot
//!
//! Everything the Rust client can do, callable from C11 and C++17, in the style of rustls-ffi:
//!
//! - opaque handles (`wecom_client`, `wecom_client_config`, `wecom_message`, `wecom_media`,
//!   `wecom_string_list`, and the outbox's `wecom_outbox`, `wecom_outbox_config`,
//!   `wecom_deliverer`, `wecom_dead_letters`), each made by a `_new` (or another constructor) and released by its
//!   `_free`; `_free(NULL)` is a no-op;
//! - every fallible function returns a `wecom_result` (`WECOM_RESULT_OK` is 0; each error
//!   kind has a stable number) and leaves the details in a per-thread "last error" that the
//!   `wecom_error_*` getters copy into caller buffers;
//! - constructors return objects through an out-parameter that is set to NULL first, so that
//!   on failure it never holds a dangling value;
//! - every pointer is checked for NULL, every string for UTF-8, and every entry point runs
//!   behind a panic boundary: no input crashes the caller's process.
//!
//! The header `include/wecom_bot.h` is generated from this crate by cbindgen (see
//! `src/bin/gen_header.rs`); the ownership of every pointer is documented on each function.
//!
//! # Safety
//! Every exported function is `unsafe` under one contract, written once at the top of the
//! header (`cbindgen.toml`): pointers are NULL or valid for what their type and name say
//! (live handles, NUL-terminated strings, `data`/`len` and `buf`/`buf_len` pairs, writable
//! out-parameters), and messages and configs are not modified while another thread uses
//! them. A function's own `# Safety` section says only what differs from that contract, which
//! is why `clippy::missing_safety_doc` is off for this crate.
#![deny(missing_docs)]
#![allow(clippy::missing_safety_doc)]
#![allow(non_camel_case_types)]

mod boundary;
pub mod card;
pub mod client;
pub mod config;
pub mod content;
pub mod error;
pub mod helpers;
pub mod logging;
pub mod media;
pub mod message;
pub mod outbox;
pub mod result;
pub mod strings;
pub mod version;
