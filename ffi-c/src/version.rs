//! The library's version at run time (the header's `WECOM_BOT_VERSION*` macros give the
//! version it was compiled against).

use std::ffi::c_char;

/// The version of the loaded library, e.g. `"0.1.0"`; compare with `WECOM_BOT_VERSION`.
///
/// Ownership: static; never free it.
#[no_mangle]
pub extern "C" fn wecom_version() -> *const c_char {
    const VERSION: &std::ffi::CStr =
        match std::ffi::CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
            Ok(v) => v,
            Err(_) => c"unknown",
        };
    VERSION.as_ptr()
}
