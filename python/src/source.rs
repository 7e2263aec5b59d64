//! Inputs that are either a file path (str, os.PathLike) or content (bytes-like).

use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView};
use std::path::PathBuf;

/// A file to read, or bytes already in memory.
pub(crate) enum Source {
    /// Content (copied out of the Python object, so the GIL can be released while it is used).
    Bytes(Vec<u8>),
    /// A path (str or os.PathLike).
    Path(PathBuf),
}

impl Source {
    /// `bytes`, `bytearray`, `memoryview` → content; `str`, `os.PathLike` → a path.
    pub(crate) fn from_py(obj: &Bound<'_, PyAny>, argument: &str) -> PyResult<Source> {
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Ok(Source::Bytes(b.as_bytes().to_vec()));
        }
        if let Ok(b) = obj.cast::<PyByteArray>() {
            return Ok(Source::Bytes(b.to_vec()));
        }
        if obj.is_instance_of::<PyMemoryView>() {
            let bytes = obj.py().get_type::<PyBytes>().call1((obj,))?;
            return Ok(Source::Bytes(bytes.cast::<PyBytes>()?.as_bytes().to_vec()));
        }
        Source::path_from_py(obj, argument)
            .map_err(|_| crate::args::type_error(argument, "a path (str or os.PathLike) or bytes", obj))
    }

    /// `str`, `os.PathLike` → a path; anything else is a `TypeError` naming `argument`.
    pub(crate) fn path_from_py(obj: &Bound<'_, PyAny>, argument: &str) -> PyResult<Source> {
        obj.extract::<PathBuf>()
            .map(Source::Path)
            .map_err(|_| crate::args::type_error(argument, "a path (str or os.PathLike)", obj))
    }
}
