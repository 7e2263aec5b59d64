//! Arguments converted with errors in Python's words.
//!
//! PyO3's own extraction says `'int' object cannot be converted to 'PyString'` and, from 0.30,
//! puts the argument's name only in an exception note (absent before Python 3.11). Every public
//! function therefore takes its arguments as Python objects and converts them here, so that
//! each `TypeError` names the argument and the expected type: `mentioned_list must be a list of
//! str, got str`.

use pyo3::exceptions::{PyOverflowError, PyTypeError, PyUnicodeEncodeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyString};

/// A value an argument can be converted to.
pub(crate) trait FromArg: Sized {
    /// What the argument must be, as the error says it: `a str`, `a list of str`, …
    const EXPECTED: &'static str;
    /// The value, or a `TypeError` naming `name`.
    fn from_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Self>;
}

/// `TypeError: {name} must be {expected}, got {type}`.
pub(crate) fn type_error(name: &str, expected: &str, obj: &Bound<'_, PyAny>) -> PyErr {
    let got = obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "an unknown type".into());
    PyTypeError::new_err(format!("{name} must be {expected}, got {got}"))
}

/// A required argument.
pub(crate) fn required<T: FromArg>(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<T> {
    T::from_arg(obj, name)
}

/// An optional argument: absent or `None` is `None`.
pub(crate) fn optional<T: FromArg>(obj: Option<&Bound<'_, PyAny>>, name: &str) -> PyResult<Option<T>> {
    match obj {
        Some(o) if !o.is_none() => T::from_arg(o, name).map(Some),
        _ => Ok(None),
    }
}

/// An argument with a default when absent (`None` is refused: the stubs do not allow it).
pub(crate) fn or_default<T: FromArg>(obj: Option<&Bound<'_, PyAny>>, name: &str, default: T) -> PyResult<T> {
    match obj {
        Some(o) => T::from_arg(o, name),
        None => Ok(default),
    }
}

impl FromArg for String {
    const EXPECTED: &'static str = "a str";
    fn from_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Self> {
        match obj.cast::<PyString>() {
            // A lone surrogate raises UnicodeEncodeError, as Python's own encoders do.
            Ok(s) => s.to_cow().map(|c| c.into_owned()).map_err(|e| naming(obj.py(), e, name)),
            Err(_) => Err(type_error(name, Self::EXPECTED, obj)),
        }
    }
}

/// A `UnicodeEncodeError` again, its reason naming the argument (`… in position 0: content:
/// surrogates not allowed`); any other error as it is.
fn naming(py: Python<'_>, e: PyErr, name: &str) -> PyErr {
    if !e.is_instance_of::<PyUnicodeEncodeError>(py) {
        return e;
    }
    let v = e.value(py);
    let fields = || -> PyResult<_> {
        let reason = format!("{name}: {}", v.getattr("reason")?);
        Ok((v.getattr("encoding")?, v.getattr("object")?, v.getattr("start")?, v.getattr("end")?, reason))
    };
    match fields().and_then(|f| py.get_type::<PyUnicodeEncodeError>().call1(f)) {
        Ok(named) => PyErr::from_value(named),
        Err(_) => e,
    }
}

impl FromArg for Vec<String> {
    const EXPECTED: &'static str = "a list of str";
    fn from_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Self> {
        // A str is iterable, but a str of userids is a mistake, not a list of one-letter ids.
        if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyDict>() {
            return Err(type_error(name, Self::EXPECTED, obj));
        }
        let iter = obj.try_iter().map_err(|_| type_error(name, Self::EXPECTED, obj))?;
        iter.enumerate().map(|(i, item)| String::from_arg(&item?, &format!("{name}[{i}]"))).collect()
    }
}

impl FromArg for Vec<Vec<String>> {
    const EXPECTED: &'static str = "a list of lists of str";
    fn from_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Self> {
        if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyDict>() {
            return Err(type_error(name, Self::EXPECTED, obj));
        }
        let iter = obj.try_iter().map_err(|_| type_error(name, Self::EXPECTED, obj))?;
        iter.enumerate().map(|(i, item)| Vec::<String>::from_arg(&item?, &format!("{name}[{i}]"))).collect()
    }
}

impl FromArg for i64 {
    const EXPECTED: &'static str = "an int";
    fn from_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Self> {
        // bool is an int in Python, but `type=True` is a mistake.
        if !obj.is_instance_of::<PyInt>() || obj.is_instance_of::<PyBool>() {
            return Err(type_error(name, Self::EXPECTED, obj));
        }
        obj.extract::<i64>()
            .map_err(|_| PyOverflowError::new_err(format!("{name} must fit in 64 bits (from -2**63 to 2**63-1)")))
    }
}

impl FromArg for f64 {
    const EXPECTED: &'static str = "a number (int or float)";
    fn from_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Self> {
        if obj.is_instance_of::<PyBool>() || !(obj.is_instance_of::<PyFloat>() || obj.is_instance_of::<PyInt>()) {
            return Err(type_error(name, Self::EXPECTED, obj));
        }
        // An int too large for a float raises OverflowError, as float(10**400) does.
        obj.extract::<f64>()
    }
}

impl FromArg for bool {
    const EXPECTED: &'static str = "a bool";
    fn from_arg(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Self> {
        obj.cast::<PyBool>().map(|b| b.is_true()).map_err(|_| type_error(name, Self::EXPECTED, obj))
    }
}
