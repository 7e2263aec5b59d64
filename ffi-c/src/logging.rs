//! The library's log lines for C services: `wecom_set_log_callback` hands every line of the
//! wecom-bot crates (requests, answers, retries, waits on the rate limit) to a function of the
//! caller's. Lines of other crates (the HTTP stack) are never passed on: they may carry the
//! request URL, and with it the key.

use crate::boundary::guard;
use crate::result::wecom_result;
use std::ffi::{c_char, c_void, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{OnceLock, RwLock};
use wecom_bot::Error;

/// How much the library logs: a `wecom_log_level` value.
pub type wecom_log_level = u32;
/// Nothing (the callback is not called).
pub const WECOM_LOG_LEVEL_OFF: wecom_log_level = 0;
/// Failures the library could not handle.
pub const WECOM_LOG_LEVEL_ERROR: wecom_log_level = 1;
/// Something went wrong and was handled.
pub const WECOM_LOG_LEVEL_WARN: wecom_log_level = 2;
/// Waits of more than 2 s (rate limit, errcode 45009, retry back-off): why and for how long.
pub const WECOM_LOG_LEVEL_INFO: wecom_log_level = 3;
/// Every request and answer (key masked), every retry.
pub const WECOM_LOG_LEVEL_DEBUG: wecom_log_level = 4;
/// Everything the library logs.
pub const WECOM_LOG_LEVEL_TRACE: wecom_log_level = 5;

/// Receives one log line: its level (`WECOM_LOG_LEVEL_ERROR` … `_TRACE`), the module that
/// wrote it (`wecom_bot::client`, `wecom_bot::wait`, …) and the line itself, without a
/// newline. Both strings are UTF-8 and live only during the call: copy what you keep. The key
/// is masked in every line (`693a…5aaa`).
pub type wecom_log_callback = Option<
    unsafe extern "C" fn(user_data: *mut c_void, level: wecom_log_level, target: *const c_char, line: *const c_char),
>;

#[derive(Clone, Copy)]
struct Sink {
    callback: unsafe extern "C" fn(*mut c_void, wecom_log_level, *const c_char, *const c_char),
    /// The caller's pointer, stored as an address: the library never dereferences it.
    user_data: usize,
}

static SINK: RwLock<Option<Sink>> = RwLock::new(None);

struct CallbackLogger;

impl log::Log for CallbackLogger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target().starts_with("wecom_bot") && metadata.level() <= log::max_level()
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        // Copied out so that no lock is held while the caller's code runs (it may log, or
        // replace the callback, itself).
        let Some(sink) = *SINK.read().unwrap_or_else(|p| p.into_inner()) else { return };
        // A panic must never unwind into the logging call site's caller (C).
        let _ = catch_unwind(AssertUnwindSafe(|| {
            let line = c_text(&mask_keys(&record.args().to_string()));
            let target = c_text(record.target());
            // SAFETY: the caller promised a callback that accepts these arguments.
            unsafe {
                (sink.callback)(
                    sink.user_data as *mut c_void,
                    level_number(record.level()),
                    target.as_ptr(),
                    line.as_ptr(),
                )
            };
        }));
    }

    fn flush(&self) {}
}

fn level_number(level: log::Level) -> wecom_log_level {
    match level {
        log::Level::Error => WECOM_LOG_LEVEL_ERROR,
        log::Level::Warn => WECOM_LOG_LEVEL_WARN,
        log::Level::Info => WECOM_LOG_LEVEL_INFO,
        log::Level::Debug => WECOM_LOG_LEVEL_DEBUG,
        log::Level::Trace => WECOM_LOG_LEVEL_TRACE,
    }
}

fn level_filter(level: wecom_log_level) -> Result<log::LevelFilter, Error> {
    Ok(match level {
        WECOM_LOG_LEVEL_OFF => log::LevelFilter::Off,
        WECOM_LOG_LEVEL_ERROR => log::LevelFilter::Error,
        WECOM_LOG_LEVEL_WARN => log::LevelFilter::Warn,
        WECOM_LOG_LEVEL_INFO => log::LevelFilter::Info,
        WECOM_LOG_LEVEL_DEBUG => log::LevelFilter::Debug,
        WECOM_LOG_LEVEL_TRACE => log::LevelFilter::Trace,
        other => {
            return Err(Error::invalid_argument(
                "max_level",
                format!("{other} is not a wecom_log_level (WECOM_LOG_LEVEL_OFF 0 to WECOM_LOG_LEVEL_TRACE 5)"),
            ))
        }
    })
}

/// The line as a C string (an interior NUL, which a C reader would stop at, becomes U+FFFD).
fn c_text(s: &str) -> CString {
    CString::new(s.replace('\0', "\u{fffd}")).unwrap_or_default()
}

/// Masks the value of every `key=` in a line. The library's own lines are masked where they are
/// written; this is the second line of defence, since a line goes to the caller's own logs.
fn mask_keys(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find("key=") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i + 4..];
        let end = rest
            .find(|c: char| c == '&' || c == '#' || c.is_whitespace() || c == '"' || c == '\'')
            .unwrap_or(rest.len());
        let value = &rest[..end];
        // Already masked (`693a…5aaa`) values are kept as they are.
        out.push_str(&if value.contains('…') { value.to_string() } else { wecom_bot::webhook::mask(value) });
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Sends the library's log lines of `max_level` and more severe to `callback` (process-wide:
/// one callback for every client), replacing any callback set before. A NULL `callback` (or
/// `WECOM_LOG_LEVEL_OFF`) turns logging off. Without a callback the library logs nothing.
///
/// The callback may be called from any thread that uses the library, several at once: it must
/// be thread-safe. It may call the library (even this function); a line being delivered on
/// another thread while this function replaces the callback may still reach the old one.
/// `user_data` is passed to every call as it is (it may be NULL).
///
/// Returns `WECOM_RESULT_INVALID_ARGUMENT` for a level above `WECOM_LOG_LEVEL_TRACE`, or when a
/// Rust program linking the static library installed a logger of its own first.
///
/// # Safety
/// `callback` is NULL or a function with the `wecom_log_callback` signature that stays callable
/// until it is replaced; `user_data` is anything the callback accepts.
#[no_mangle]
pub unsafe extern "C" fn wecom_set_log_callback(
    callback: wecom_log_callback,
    user_data: *mut c_void,
    max_level: wecom_log_level,
) -> wecom_result {
    guard(|| {
        let filter = level_filter(max_level)?;
        static INSTALLED: OnceLock<bool> = OnceLock::new();
        if !*INSTALLED.get_or_init(|| log::set_logger(&CallbackLogger).is_ok()) {
            return Err(Error::invalid_argument("callback", "another logger is installed in this process"));
        }
        let sink = callback.map(|callback| Sink { callback, user_data: user_data as usize });
        *SINK.write().unwrap_or_else(|p| p.into_inner()) = sink;
        log::set_max_level(if sink.is_some() { filter } else { log::LevelFilter::Off });
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_in_lines_are_masked() {
        assert_eq!(
            mask_keys("POST http://x/cgi-bin/webhook/send?key=0123456789abcdef-secret&type=file"),
            format!(
                "POST http://x/cgi-bin/webhook/send?key={}&type=file",
                wecom_bot::webhook::mask("0123456789abcdef-secret")
            )
        );
        assert_eq!(mask_keys("key=693a…5aaa ok"), "key=693a…5aaa ok");
        assert_eq!(mask_keys("no key here"), "no key here");
    }

    #[test]
    fn levels_outside_the_range_are_refused() {
        assert!(level_filter(6).is_err());
        assert_eq!(level_filter(WECOM_LOG_LEVEL_INFO).unwrap(), log::LevelFilter::Info);
    }
}
