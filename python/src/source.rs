//! Inputs that are either a file path (str, os.PathLike) or content (bytes-like).

use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView};
use std::borrow::Cow;
use std::path::PathBuf;

/// A file to read, or bytes already in memory.
pub(crate) enum Source<'a> {
    /// Content: a `bytes` object's own buffer (immutable, and kept alive by the caller's
    /// reference, so it can be read with the GIL released); a copy of anything mutable.
    Bytes(Cow<'a, [u8]>),
    /// A path (str or os.PathLike).
    Path(PathBuf),
}

impl<'a> Source<'a> {
    /// `bytes`, `bytearray`, `memoryview` → content; `str`, `os.PathLike` → a path.
    pub(crate) fn from_py(obj: &'a Bound<'_, PyAny>, argument: &str) -> PyResult<Source<'a>> {
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Ok(Source::Bytes(Cow::Borrowed(b.as_bytes())));
        }
        if let Ok(b) = obj.cast::<PyByteArray>() {
            return Ok(Source::Bytes(Cow::Owned(b.to_vec())));
        }
        if obj.is_instance_of::<PyMemoryView>() {
            let bytes = obj.py().get_type::<PyBytes>().call1((obj,))?;
            return Ok(Source::Bytes(Cow::Owned(bytes.cast::<PyBytes>()?.as_bytes().to_vec())));
        }
        Source::path_from_py(obj, argument)
            .map_err(|_| crate::args::type_error(argument, "a path (str or os.PathLike) or bytes", obj))
    }

    /// `str`, `os.PathLike` → a path; anything else is a `TypeError` naming `argument`.
    pub(crate) fn path_from_py(obj: &Bound<'_, PyAny>, argument: &str) -> PyResult<Source<'a>> {
        obj.extract::<PathBuf>()
            .map(Source::Path)
            .map_err(|_| crate::args::type_error(argument, "a path (str or os.PathLike)", obj))
    }
}
