//! Core errors → Python exceptions, through ONE table.
//!
//! The exception classes are pure Python (`wecom_bot/errors.py`): with the abi3 wheel a native
//! exception subclass could not carry attributes on every supported Python. Every exception is
//! raised with every attribute the core error has (`None` where it does not apply).

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};
use wecom_bot::{Error, ErrorKind};

/// The module that defines the exception classes.
const ERRORS_MODULE: &str = "wecom_bot.errors";

/// THE mapping: every error kind of the core and the exception class it raises.
pub(crate) const EXCEPTION_CLASSES: [(ErrorKind, &str); 10] = [
    (ErrorKind::Validation, "ValidationError"),
    (ErrorKind::Api, "ApiError"),
    (ErrorKind::RateLimited, "RateLimitedError"),
    (ErrorKind::HttpStatus, "HttpStatusError"),
    (ErrorKind::Timeout, "TimeoutError"),
    (ErrorKind::Transport, "TransportError"),
    (ErrorKind::Decode, "DecodeError"),
    (ErrorKind::Io, "IoError"),
    (ErrorKind::InvalidArgument, "InvalidArgumentError"),
    (ErrorKind::Store, "StoreError"),
];

/// The class name raised for `kind` (the root class for a kind the table does not know, which
/// only a newer core could produce).
fn class_name(kind: ErrorKind) -> &'static str {
    EXCEPTION_CLASSES.iter().find(|(k, _)| *k == kind).map(|(_, name)| *name).unwrap_or("WecomBotError")
}

/// The Python exception for a core error.
pub(crate) fn to_pyerr(py: Python<'_>, error: &Error) -> PyErr {
    build(py, error).unwrap_or_else(|failure| failure)
}

fn build(py: Python<'_>, e: &Error) -> PyResult<PyErr> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    let module = MODULE.get_or_try_init(py, || py.import(ERRORS_MODULE).map(Bound::unbind))?.bind(py);
    let class = module.getattr(class_name(e.kind()))?.cast_into::<PyType>()?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("field", e.field())?;
    kwargs.set_item("rule", e.rule().map(|r| r.as_str()))?;
    kwargs.set_item("limit", e.limit())?;
    kwargs.set_item("errcode", e.errcode())?;
    kwargs.set_item("errmsg", e.errmsg())?;
    kwargs.set_item("status", e.status())?;
    kwargs.set_item("retry_after", e.retry_after().map(|d| d.as_secs_f64()))?;
    kwargs.set_item("phase", e.timeout_phase().map(|p| p.as_str()))?;
    kwargs.set_item("path", e.path().map(|p| p.to_string_lossy().into_owned()))?;
    kwargs.set_item("may_have_been_delivered", e.may_have_been_delivered())?;
    let args = PyTuple::new(py, [e.message()])?;
    let exception = class.call(args, Some(&kwargs))?;
    Ok(PyErr::from_value(exception))
}

/// `?` for core results inside functions that return `PyResult`.
pub(crate) trait OrRaise<T> {
    /// Converts the core error into its Python exception.
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> OrRaise<T> for wecom_bot::Result<T> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_pyerr(py, &e))
    }
}

/// A binding-level misuse (`InvalidArgumentError`, also a `ValueError`) naming `argument`.
pub(crate) fn invalid_argument(py: Python<'_>, argument: &str, message: impl std::fmt::Display) -> PyErr {
    to_pyerr(py, &Error::invalid_argument(argument, message))
}

/// `[(kind, class name), …]` in the core's stable order, for the tests that prove the table
/// covers every kind.
#[pyfunction]
pub(crate) fn _error_classes() -> Vec<(&'static str, &'static str)> {
    ErrorKind::ALL.iter().map(|k| (k.as_str(), class_name(*k))).collect()
}
