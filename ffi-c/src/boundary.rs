//! The FFI boundary: the panic guard, argument checks and out-parameter handling shared by
//! every entry point.

use crate::error::{clear_last_error, record_error, record_panic};
use crate::result::{result_for, wecom_result};
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};
use wecom_bot::Error;

/// Runs `body` behind a panic boundary and turns its outcome into a result code, recording
/// the error details (or clearing them on success) for the calling thread.
pub(crate) fn guard(body: impl FnOnce() -> Result<(), Error>) -> wecom_result {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => {
            clear_last_error();
            wecom_result::Ok
        }
        Ok(Err(e)) => {
            let code = result_for(e.kind());
            record_error(code, &e);
            code
        }
        Err(payload) => record_panic(payload.as_ref()),
    }
}

/// Runs `body` behind a panic boundary for functions that return a value instead of a code
/// (getters, `_free`); a panic yields `fallback`. The last error is not touched.
pub(crate) fn guard_value<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

fn null(name: &str) -> Error {
    Error::invalid_argument(name, "must not be NULL")
}

/// A NUL-terminated UTF-8 string argument.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string that stays valid for `'a`.
pub(crate) unsafe fn arg_str<'a>(p: *const c_char, name: &str) -> Result<&'a str, Error> {
    if p.is_null() {
        return Err(null(name));
    }
    CStr::from_ptr(p).to_str().map_err(|e| {
        Error::invalid_argument(name, format!("is not valid UTF-8 (bad byte at offset {})", e.valid_up_to()))
    })
}

/// A NUL-terminated path argument: any bytes (Unix paths need not be UTF-8).
///
/// # Safety
/// As for [`arg_str`].
pub(crate) unsafe fn arg_path<'a>(p: *const c_char, name: &str) -> Result<&'a std::path::Path, Error> {
    if p.is_null() {
        return Err(null(name));
    }
    let bytes = CStr::from_ptr(p).to_bytes();
    if bytes.is_empty() {
        return Err(Error::invalid_argument(name, "must not be empty"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Ok(std::path::Path::new(std::ffi::OsStr::from_bytes(bytes)))
    }
    #[cfg(not(unix))]
    {
        let s = std::str::from_utf8(bytes).map_err(|_| Error::invalid_argument(name, "is not valid UTF-8"))?;
        Ok(std::path::Path::new(s))
    }
}

/// An array argument of `n` items (`p` must not be NULL, even when `n` is 0).
///
/// # Safety
/// `p` is NULL or points to `n` readable, initialized items that stay valid for `'a`.
pub(crate) unsafe fn arg_slice<'a, T>(p: *const T, n: usize, name: &str) -> Result<&'a [T], Error> {
    if p.is_null() {
        return Err(null(name));
    }
    if n > isize::MAX as usize / std::mem::size_of::<T>().max(1) {
        return Err(Error::invalid_argument(name, "length is larger than any buffer can be"));
    }
    Ok(std::slice::from_raw_parts(p, n))
}

/// A shared handle argument.
///
/// # Safety
/// `p` is NULL or a live handle of type `T` made by this library.
pub(crate) unsafe fn arg_ref<'a, T>(p: *const T, name: &str) -> Result<&'a T, Error> {
    p.as_ref().ok_or_else(|| null(name))
}

/// An exclusive handle argument.
///
/// # Safety
/// `p` is NULL or a live handle of type `T` made by this library, used by no other thread.
pub(crate) unsafe fn arg_mut<'a, T>(p: *mut T, name: &str) -> Result<&'a mut T, Error> {
    p.as_mut().ok_or_else(|| null(name))
}

/// An array of `n` string pointers, each checked.
///
/// # Safety
/// `p` is NULL or points to `n` pointers, each NULL or a NUL-terminated string.
pub(crate) unsafe fn arg_str_array<'a>(p: *const *const c_char, n: usize, name: &str) -> Result<Vec<&'a str>, Error> {
    arg_slice(p, n, name)?.iter().enumerate().map(|(i, s)| arg_str(*s, &format!("{name}[{i}]"))).collect()
}

/// An out-parameter: checked for NULL, then set to NULL until the call succeeds.
///
/// # Safety
/// `p` is NULL or points to writable storage for one pointer.
pub(crate) unsafe fn out_ptr<'a, T>(p: *mut *mut T, name: &str) -> Result<&'a mut *mut T, Error> {
    let out = p.as_mut().ok_or_else(|| null(name))?;
    *out = std::ptr::null_mut();
    Ok(out)
}

/// An out-parameter for a plain value.
///
/// # Safety
/// `p` is NULL or points to writable storage for one `T`.
pub(crate) unsafe fn out_value<'a, T>(p: *mut T, name: &str) -> Result<&'a mut T, Error> {
    p.as_mut().ok_or_else(|| null(name))
}

/// Moves a value to the heap and hands it to C (to be released by the matching `_free`).
pub(crate) fn into_handle<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Releases a handle made by [`into_handle`]; NULL is a no-op.
///
/// # Safety
/// `p` is NULL or a handle of type `T` made by this library and not yet freed.
pub(crate) unsafe fn free_handle<T>(p: *mut T) {
    if !p.is_null() {
        drop(Box::from_raw(p));
    }
}

/// A Rust string as a C string owned by the caller (released by `wecom_string_free`).
pub(crate) fn into_c_string(s: String, name: &str) -> Result<*mut c_char, Error> {
    CString::new(s)
        .map(CString::into_raw)
        .map_err(|_| Error::invalid_argument(name, "the result contains a NUL byte and cannot be a C string"))
}

/// Copies `s` into the caller's buffer like `snprintf`: at most `buf_len - 1` bytes (cut at a
/// UTF-8 character boundary) then a NUL; returns the full length of `s` in bytes. A NULL
/// buffer or a zero length copies nothing.
///
/// # Safety
/// `buf` is NULL or points to `buf_len` writable bytes.
pub(crate) unsafe fn copy_out(s: &str, buf: *mut c_char, buf_len: usize) -> usize {
    if !buf.is_null() && buf_len > 0 {
        let part = wecom_bot::truncate_to_bytes(s, buf_len - 1);
        std::ptr::copy_nonoverlapping(part.as_ptr(), buf.cast::<u8>(), part.len());
        *buf.add(part.len()) = 0;
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{wecom_error_code, wecom_error_field, wecom_error_message};

    fn last_message() -> String {
        let mut buf = [0 as c_char; 256];
        let n = unsafe { wecom_error_message(buf.as_mut_ptr(), buf.len()) };
        let s = unsafe { CStr::from_ptr(buf.as_ptr()) }.to_str().unwrap().to_owned();
        assert_eq!(n, s.len());
        s
    }

    #[test]
    fn a_panic_becomes_the_panic_code_and_the_library_stays_usable() {
        let code = guard(|| panic!("boom"));
        assert_eq!(code, wecom_result::Panic);
        assert_eq!(wecom_error_code(), wecom_result::Panic as u32);
        assert!(last_message().contains("boom"), "{}", last_message());
        assert_eq!(guard(|| Ok(())), wecom_result::Ok);
        assert_eq!(wecom_error_code(), 0);
        assert_eq!(guard_value(7, || panic!("again")), 7);
    }

    #[test]
    fn copy_out_cuts_at_a_character_boundary_and_reports_the_full_length() {
        let mut buf = [1 as c_char; 5];
        let n = unsafe { copy_out("广州市", buf.as_mut_ptr(), buf.len()) };
        assert_eq!(n, "广州市".len());
        assert_eq!(unsafe { CStr::from_ptr(buf.as_ptr()) }.to_str().unwrap(), "广");
        assert_eq!(unsafe { copy_out("abc", std::ptr::null_mut(), 10) }, 3);
        let mut one = [1 as c_char; 1];
        assert_eq!(unsafe { copy_out("abc", one.as_mut_ptr(), 1) }, 3);
        assert_eq!(one[0], 0);
    }

    #[test]
    fn string_arguments_are_checked_for_null_and_utf8() {
        let e = unsafe { arg_str(std::ptr::null(), "content") }.unwrap_err();
        assert_eq!(e.field(), Some("content"));
        let bad = c"a\xffb";
        let e = unsafe { arg_str(bad.as_ptr(), "title") }.unwrap_err();
        assert_eq!(e.kind(), wecom_bot::ErrorKind::InvalidArgument);
        assert!(e.message().contains("UTF-8"));
        let code = guard(|| unsafe { arg_str(bad.as_ptr(), "title") }.map(|_| ()));
        assert_eq!(code, wecom_result::InvalidArgument);
        let mut buf = [0 as c_char; 16];
        unsafe { wecom_error_field(buf.as_mut_ptr(), buf.len()) };
        assert_eq!(unsafe { CStr::from_ptr(buf.as_ptr()) }.to_str().unwrap(), "title");
    }

    #[test]
    fn out_pointers_are_cleared_before_anything_can_fail() {
        let mut slot: *mut u8 = std::ptr::dangling_mut::<u8>();
        let out = unsafe { out_ptr(&mut slot, "out") }.unwrap();
        assert!(out.is_null());
        assert!(unsafe { out_ptr::<u8>(std::ptr::null_mut(), "out") }.is_err());
    }
}
