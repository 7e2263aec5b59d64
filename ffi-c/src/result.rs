//! `wecom_result`: the return code of every fallible function, with one stable number per
//! error kind of the core (DESIGN.md §3), and the one table mapping kinds to codes.

use crate::boundary::guard_value;
use std::ffi::c_char;
use wecom_bot::ErrorKind;

/// The outcome of a call. 0 is success; 1 to 9 and 11 are the error kinds in the order of
/// `ErrorKind::ALL` of the Rust core (10 is a caught panic); these numbers never change. Details of a failure are
/// available from the `wecom_error_*` functions on the same thread.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum wecom_result {
    /// Success.
    Ok = 0,
    /// The message or upload breaks a rule of the spec; nothing was sent. See
    /// `wecom_error_field` and `wecom_error_rule`.
    Validation = 1,
    /// The server answered with `errcode != 0` (or an errmsg carrying a Warning). See
    /// `wecom_error_errcode` and `wecom_error_errmsg`.
    Api = 2,
    /// errcode 45009, or the local rate limiter refused under the fail-fast policy. See
    /// `wecom_error_retry_after_ms`.
    RateLimited = 3,
    /// The server answered with a non-2xx HTTP status. See `wecom_error_status`.
    HttpStatus = 4,
    /// A connect, send, receive or overall deadline passed. See `wecom_error_timeout_phase`.
    Timeout = 5,
    /// DNS, connect, TLS or a reset connection.
    Transport = 6,
    /// The response was not the JSON the API documents.
    Decode = 7,
    /// A local file could not be read. See `wecom_error_path`.
    Io = 8,
    /// Misuse of the API: a NULL pointer, invalid UTF-8, a bad key or URL, an index out of
    /// range, a setter for another message type. `wecom_error_field` names the argument.
    InvalidArgument = 9,
    /// A bug in the library: a Rust panic was caught at the boundary (it never unwinds into
    /// C). The library stays usable; please report it.
    Panic = 10,
    /// The shared store (SQLite, Redis) could not be used under the `fail` policy.
    /// `wecom_error_field` names the store (its password masked).
    Store = 11,
}

/// The one table mapping the core's error kinds to result codes.
const KIND_CODES: [(ErrorKind, wecom_result); 10] = [
    (ErrorKind::Validation, wecom_result::Validation),
    (ErrorKind::Api, wecom_result::Api),
    (ErrorKind::RateLimited, wecom_result::RateLimited),
    (ErrorKind::HttpStatus, wecom_result::HttpStatus),
    (ErrorKind::Timeout, wecom_result::Timeout),
    (ErrorKind::Transport, wecom_result::Transport),
    (ErrorKind::Decode, wecom_result::Decode),
    (ErrorKind::Io, wecom_result::Io),
    (ErrorKind::InvalidArgument, wecom_result::InvalidArgument),
    (ErrorKind::Store, wecom_result::Store),
];

/// The result code of an error kind (a kind added to the core later maps to `Panic` until
/// it gets its own number here).
pub(crate) fn result_for(kind: ErrorKind) -> wecom_result {
    KIND_CODES.iter().find(|(k, _)| *k == kind).map(|(_, r)| *r).unwrap_or(wecom_result::Panic)
}

impl wecom_result {
    /// The stable snake_case name: "ok", the core's `ErrorKind::as_str`, or "panic".
    pub(crate) fn name(self) -> &'static str {
        match self {
            wecom_result::Ok => "ok",
            wecom_result::Panic => "panic",
            other => KIND_CODES.iter().find(|(_, r)| *r == other).map(|(k, _)| k.as_str()).unwrap_or("panic"),
        }
    }

    fn from_u32(code: u32) -> Option<wecom_result> {
        match code {
            0 => Some(wecom_result::Ok),
            10 => Some(wecom_result::Panic),
            c => KIND_CODES.iter().map(|(_, r)| *r).find(|r| *r as u32 == c),
        }
    }
}

/// The stable snake_case name of a result code: `"ok"`, `"validation"`, `"api"`,
/// `"rate_limited"`, `"http_status"`, `"timeout"`, `"transport"`, `"decode"`, `"io"`,
/// `"invalid_argument"`, `"store"`, `"panic"`; `"unknown"` for any other number.
///
/// Ownership: the returned string is static; never free it.
#[no_mangle]
pub extern "C" fn wecom_result_name(result: u32) -> *const c_char {
    guard_value(c"unknown".as_ptr(), || {
        let name = match wecom_result::from_u32(result).map(wecom_result::name) {
            Some("ok") => c"ok",
            Some("validation") => c"validation",
            Some("api") => c"api",
            Some("rate_limited") => c"rate_limited",
            Some("http_status") => c"http_status",
            Some("timeout") => c"timeout",
            Some("transport") => c"transport",
            Some("decode") => c"decode",
            Some("io") => c"io",
            Some("invalid_argument") => c"invalid_argument",
            Some("store") => c"store",
            Some("panic") => c"panic",
            _ => c"unknown",
        };
        name.as_ptr()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_the_core_order() {
        for (i, kind) in ErrorKind::ALL.into_iter().enumerate() {
            let code = result_for(kind);
            // 10 was taken by `Panic` before `store` (11) was added
            let expected = if i < 9 { i as u32 + 1 } else { i as u32 + 2 };
            assert_eq!(code as u32, expected, "{kind}");
            assert_eq!(code.name(), kind.as_str());
            let c = unsafe { std::ffi::CStr::from_ptr(wecom_result_name(code as u32)) };
            assert_eq!(c.to_str().unwrap(), kind.as_str());
        }
        assert_eq!(wecom_result::Panic as u32, 10);
    }
}
