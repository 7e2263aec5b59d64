//! The error details of the last failed call, kept per thread (like `errno`), and the
//! `wecom_error_*` getters that copy them into caller buffers: no memory allocated by the
//! library is ever handed out by these functions.
//!
//! Every function that returns a `wecom_result` replaces the calling thread's details: a
//! failure records them, a success clears them. The getters themselves never change them.

use crate::boundary::{copy_out, guard_value, out_value};
use crate::result::wecom_result;
use std::cell::RefCell;
use std::ffi::c_char;
use wecom_bot::Error;

/// What a failure left for the getters.
#[derive(Debug, Clone, Default)]
struct LastError {
    code: u32,
    message: String,
    field: Option<String>,
    rule: Option<&'static str>,
    limit: Option<u64>,
    errcode: Option<i64>,
    errmsg: Option<String>,
    status: Option<u16>,
    retry_after_ms: Option<u64>,
    timeout_phase: Option<&'static str>,
    path: Option<String>,
    may_have_been_delivered: bool,
}

thread_local! {
    static LAST: RefCell<Option<LastError>> = const { RefCell::new(None) };
}

fn set(last: Option<LastError>) {
    // During thread teardown the slot may be gone: then there is nobody left to read it.
    let _ = LAST.try_with(|slot| {
        if let Ok(mut s) = slot.try_borrow_mut() {
            *s = last;
        }
    });
}

fn with_last<T>(default: T, f: impl FnOnce(&LastError) -> T) -> T {
    LAST.try_with(|slot| match slot.try_borrow() {
        Ok(s) => s.as_ref().map(f),
        Err(_) => None,
    })
    .ok()
    .flatten()
    .unwrap_or(default)
}

pub(crate) fn clear_last_error() {
    set(None);
}

pub(crate) fn record_error(code: wecom_result, e: &Error) {
    set(Some(LastError {
        code: code as u32,
        message: e.message().to_owned(),
        field: e.field().map(str::to_owned),
        rule: e.rule().map(|r| r.as_str()),
        limit: e.limit(),
        errcode: e.errcode(),
        errmsg: e.errmsg().map(str::to_owned),
        status: e.status(),
        retry_after_ms: e.retry_after().map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
        timeout_phase: e.timeout_phase().map(|p| p.as_str()),
        path: e.path().map(|p| p.to_string_lossy().into_owned()),
        may_have_been_delivered: e.may_have_been_delivered(),
    }));
}

pub(crate) fn record_panic(payload: &(dyn std::any::Any + Send)) -> wecom_result {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned());
    set(Some(LastError {
        code: wecom_result::Panic as u32,
        message: format!("internal error in wecom_bot (a Rust panic was caught at the C boundary): {what}"),
        ..LastError::default()
    }));
    wecom_result::Panic
}

/// The result code of the last failed call on this thread, or `WECOM_RESULT_OK` (0) when
/// the last call succeeded or none was made.
#[no_mangle]
pub extern "C" fn wecom_error_code() -> u32 {
    guard_value(0, || with_last(0, |e| e.code))
}

/// Copies the last error's message (one readable sentence; it never contains the webhook
/// key) into `buf`, like `snprintf`: at most `buf_len - 1` bytes, cut at a UTF-8 character
/// boundary, then a NUL. Returns the message's full length in bytes (without the NUL), so a
/// return value `>= buf_len` means the copy was cut; when there is no last error (or, for the
/// other getters, the error lacks that detail) `buf` receives an empty string and 0 is returned.
///
/// Ownership: `buf` is the caller's; `buf` may be NULL when `buf_len` is 0 (to ask for the
/// length). The same rules hold for every `wecom_error_*` string getter.
#[no_mangle]
pub unsafe extern "C" fn wecom_error_message(buf: *mut c_char, buf_len: usize) -> usize {
    string_getter(buf, buf_len, |e| Some(&e.message))
}

/// Copies the field path of a `validation` error (e.g. `template_card.jump_list[1].url`),
/// or the argument named by an `invalid_argument` error, into `buf` (see
/// `wecom_error_message` for the buffer rules). Returns its length; 0 when absent.
#[no_mangle]
pub unsafe extern "C" fn wecom_error_field(buf: *mut c_char, buf_len: usize) -> usize {
    string_getter(buf, buf_len, |e| e.field.as_deref())
}

/// Copies the rule a `validation` error broke (`required`, `max_bytes`, `min_bytes`,
/// `max_items`, `min_items`, `allowed_values`, `range`, `format`, `md5_mismatch`,
/// `max_duration`) into `buf` (see `wecom_error_message`). Returns its length; 0 when absent.
#[no_mangle]
pub unsafe extern "C" fn wecom_error_rule(buf: *mut c_char, buf_len: usize) -> usize {
    string_getter(buf, buf_len, |e| e.rule)
}

/// Copies the server's errmsg of an `api` or `rate_limited` error (key redacted) into `buf`
/// (see `wecom_error_message`). Returns its length; 0 when absent.
#[no_mangle]
pub unsafe extern "C" fn wecom_error_errmsg(buf: *mut c_char, buf_len: usize) -> usize {
    string_getter(buf, buf_len, |e| e.errmsg.as_deref())
}

/// Copies the path of an `io` error into `buf` (see `wecom_error_message`; a path that is
/// not UTF-8 is shown with U+FFFD replacements). Returns its length; 0 when absent.
#[no_mangle]
pub unsafe extern "C" fn wecom_error_path(buf: *mut c_char, buf_len: usize) -> usize {
    string_getter(buf, buf_len, |e| e.path.as_deref())
}

/// Copies the phase of a `timeout` error (`connect`, `send`, `receive`, `overall`) into
/// `buf` (see `wecom_error_message`). Returns its length; 0 when absent.
#[no_mangle]
pub unsafe extern "C" fn wecom_error_timeout_phase(buf: *mut c_char, buf_len: usize) -> usize {
    string_getter(buf, buf_len, |e| e.timeout_phase)
}

/// Stores the server's errcode of an `api` or `rate_limited` error in `*out_errcode` and
/// returns true; returns false (leaving `*out_errcode` alone) when the last error has none
/// or `out_errcode` is NULL.
#[no_mangle]
pub unsafe extern "C" fn wecom_error_errcode(out_errcode: *mut i64) -> bool {
    guard_value(false, || store(out_errcode, with_last(None, |e| e.errcode)))
}

/// Stores the HTTP status of an `http_status` error (or of another error that came with a
/// status) in `*out_status` and returns true; false when absent or `out_status` is NULL.
#[no_mangle]
pub unsafe extern "C" fn wecom_error_status(out_status: *mut u16) -> bool {
    guard_value(false, || store(out_status, with_last(None, |e| e.status)))
}

/// Stores the limit a `validation` rule enforces (a byte or item count, or milliseconds for
/// `max_duration`) in `*out_limit` and returns true; false when absent or `out_limit` is NULL.
#[no_mangle]
pub unsafe extern "C" fn wecom_error_limit(out_limit: *mut u64) -> bool {
    guard_value(false, || store(out_limit, with_last(None, |e| e.limit)))
}

/// Stores how many milliseconds to wait before retrying a `rate_limited` call in
/// `*out_ms` and returns true; false when unknown or `out_ms` is NULL.
#[no_mangle]
pub unsafe extern "C" fn wecom_error_retry_after_ms(out_ms: *mut u64) -> bool {
    guard_value(false, || store(out_ms, with_last(None, |e| e.retry_after_ms)))
}

/// True when the last failed call's request went out and no answer came back (a timeout
/// waiting for the answer, a connection closed after sending): the robot may have posted the
/// message, so the library never retries it and the caller should check before sending it
/// again. False for everything that sent nothing, for every other kind, and when the last call
/// succeeded. The core decides it, for every language and the CLI.
#[no_mangle]
pub extern "C" fn wecom_error_may_have_been_delivered() -> bool {
    guard_value(false, || with_last(false, |e| e.may_have_been_delivered))
}

/// Copies the string `pick` selects from the last error into `buf` (an empty string when
/// there is no last error or it lacks that detail); returns its length.
unsafe fn string_getter(buf: *mut c_char, buf_len: usize, pick: impl FnOnce(&LastError) -> Option<&str>) -> usize {
    guard_value(0, || {
        let text = with_last(None, |e| pick(e).map(str::to_owned)).unwrap_or_default();
        copy_out(&text, buf, buf_len)
    })
}

unsafe fn store<T>(out: *mut T, value: Option<T>) -> bool {
    match (out_value(out, "out").ok(), value) {
        (Some(slot), Some(v)) => {
            *slot = v;
            true
        }
        _ => false,
    }
}
