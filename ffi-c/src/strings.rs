//! Strings the library hands to C: single strings (`char *`, released by
//! `wecom_string_free`) and lists of strings (`wecom_string_list`).

use crate::boundary::{free_handle, guard_value};
use std::ffi::{c_char, CString};

/// Releases a string returned by this library through a `char **out` parameter
/// (`wecom_message_to_json`, `wecom_mention`, …). NULL is a no-op.
///
/// # Safety
/// Never pass a string from `malloc`, a literal, or one borrowed from a handle
/// (`wecom_string_list_get`, …).
#[no_mangle]
pub unsafe extern "C" fn wecom_string_free(s: *mut c_char) {
    guard_value((), || {
        if !s.is_null() {
            drop(CString::from_raw(s));
        }
    })
}

/// An immutable list of strings (the chunks of a split). Thread-safe to read.
pub struct wecom_string_list {
    items: Vec<CString>,
}

impl wecom_string_list {
    /// A list holding these strings (each must be free of NUL bytes).
    pub(crate) fn new(items: Vec<CString>) -> wecom_string_list {
        wecom_string_list { items }
    }
}

/// The number of strings in `list`; 0 when `list` is NULL.
#[no_mangle]
pub unsafe extern "C" fn wecom_string_list_len(list: *const wecom_string_list) -> usize {
    guard_value(0, || list.as_ref().map_or(0, |l| l.items.len()))
}

/// The string at `index` (from 0), NUL-terminated UTF-8; NULL when `list` is NULL or
/// `index >= wecom_string_list_len(list)`.
///
/// Ownership: borrowed from `list`; valid until `wecom_string_list_free(list)`; never free it.
#[no_mangle]
pub unsafe extern "C" fn wecom_string_list_get(list: *const wecom_string_list, index: usize) -> *const c_char {
    guard_value(std::ptr::null(), || {
        list.as_ref().and_then(|l| l.items.get(index)).map_or(std::ptr::null(), |s| s.as_ptr())
    })
}

/// Releases a list and every string borrowed from it. NULL is a no-op.
#[no_mangle]
pub unsafe extern "C" fn wecom_string_list_free(list: *mut wecom_string_list) {
    guard_value((), || free_handle(list))
}
