//! The shared machinery of the value classes: nested parts given as a class instance or a
//! dict, and the methods every message class has.

use crate::convert::{at_path, json_to_py};
use crate::errors::OrRaise;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3::PyClass;
use wecom_bot::Message;

/// A value class that wraps a part of a message (an `Article`, a `Jump`, …).
pub(crate) trait Part: PyClass<Frozen = pyo3::pyclass::boolean_struct::True> + Sync {
    /// The core type it wraps.
    type Core;
    /// The class name shown in errors.
    const PART_NAME: &'static str;
    /// A copy of the core value.
    fn core(&self) -> Self::Core;
}

/// The part at `path`, given as an instance of `T` or as a dict of `T`'s keyword arguments.
pub(crate) fn extract_part<T: Part>(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<T::Core> {
    let py = obj.py();
    if let Ok(part) = obj.cast::<T>() {
        return Ok(part.get().core());
    }
    if let Ok(kwargs) = obj.cast::<PyDict>() {
        let made = py.get_type::<T>().call((), Some(kwargs)).map_err(|e| at_path(py, path, e))?;
        return Ok(made.cast::<T>()?.get().core());
    }
    Err(crate::args::type_error(path, &format!("a {} or a dict of its fields", T::PART_NAME), obj))
}

/// An optional part.
pub(crate) fn extract_opt<T: Part>(obj: Option<&Bound<'_, PyAny>>, path: &str) -> PyResult<Option<T::Core>> {
    match obj {
        Some(o) if !o.is_none() => extract_part::<T>(o, path).map(Some),
        _ => Ok(None),
    }
}

/// A list of parts (`None` is the empty list).
pub(crate) fn extract_list<T: Part>(obj: Option<&Bound<'_, PyAny>>, path: &str) -> PyResult<Vec<T::Core>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else { return Ok(Vec::new()) };
    crate::convert::list_items(obj, path)?
        .iter()
        .enumerate()
        .map(|(i, item)| extract_part::<T>(item, &format!("{path}[{i}]")))
        .collect()
}

/// The request body as a dict (validated first, like `to_json`).
pub(crate) fn message_dict<'py>(py: Python<'py>, message: &Message) -> PyResult<Bound<'py, PyAny>> {
    message.validate().or_raise(py)?;
    let value = serde_json::to_value(message).map_err(|e| PyTypeError::new_err(e.to_string()))?;
    json_to_py(py, &value)
}

/// A serialized value (for `repr` and `to_dict` of parts).
pub(crate) fn value_of(value: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

/// The hash of an immutable value, consistent with its `==` (equal values serialize equally;
/// `-0.0 == 0.0`, so a zero float hashes as `0.0`).
pub(crate) fn hash_of(value: &impl serde::Serialize) -> u64 {
    use std::hash::{Hash, Hasher};
    fn feed(v: &serde_json::Value, h: &mut impl Hasher) {
        use serde_json::Value;
        match v {
            Value::Null => 0u8.hash(h),
            Value::Bool(b) => (1u8, b).hash(h),
            Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(i), _, _) => (2u8, i).hash(h),
                (None, Some(u), _) => (3u8, u).hash(h),
                (None, None, Some(f)) => (4u8, if f == 0.0 { 0.0f64 } else { f }.to_bits()).hash(h),
                _ => 5u8.hash(h),
            },
            Value::String(s) => (6u8, s).hash(h),
            Value::Array(items) => {
                (7u8, items.len()).hash(h);
                items.iter().for_each(|i| feed(i, h));
            }
            Value::Object(map) => {
                (8u8, map.len()).hash(h);
                for (k, v) in map {
                    k.hash(h);
                    feed(v, h);
                }
            }
        }
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    feed(&value_of(value), &mut hasher);
    hasher.finish()
}

/// Declares a message class's `#[pymethods]`: its own methods plus `msgtype`, `validate`,
/// `to_json`, `to_dict`, `__repr__` and the conversion to the core `Message`.
macro_rules! message_class {
    ($ty:ident, $name:literal, $msgtype:literal, [$($field:literal),*], { $($methods:tt)* }) => {
        #[pymethods]
        impl $ty {
            $($methods)*

            /// The wire `msgtype` of this class.
            #[classattr]
            fn msgtype() -> &'static str {
                $msgtype
            }

            /// Checks every rule of the spec; raises `ValidationError` naming the field.
            fn validate(&self, py: Python<'_>) -> PyResult<()> {
                use crate::errors::OrRaise as _;
                self.message().validate().or_raise(py)
            }

            /// The exact request body (compact JSON); validates first.
            fn to_json(&self, py: Python<'_>) -> PyResult<String> {
                use crate::errors::OrRaise as _;
                self.message().to_json().or_raise(py)
            }

            /// The request body as a dict; validates first.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                crate::parts::message_dict(py, &self.message())
            }

            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                crate::convert::repr_attrs(slf.as_any(), $name, &[$($field),*])
            }

            /// Immutable, so hashable (consistent with `==`).
            fn __hash__(&self) -> u64 {
                crate::parts::hash_of(&self.inner)
            }
        }
    };
}
pub(crate) use message_class;

/// Declares a part class's `core`, `to_dict` and `__repr__`.
macro_rules! part_class {
    ($ty:ident, $core:ty, $name:literal) => {
        impl crate::parts::Part for $ty {
            type Core = $core;
            const PART_NAME: &'static str = $name;
            fn core(&self) -> $core {
                self.inner.clone()
            }
        }

        impl From<$core> for $ty {
            fn from(inner: $core) -> $ty {
                $ty { inner }
            }
        }
    };
}
pub(crate) use part_class;

/// Declares a part class's `#[pymethods]`: its own methods plus `to_dict` (not validated: a
/// part is checked as part of its message) and `__repr__`.
macro_rules! part_methods {
    ($ty:ident, $name:literal, [$($field:literal),*], { $($methods:tt)* }) => {
        #[pymethods]
        impl $ty {
            $($methods)*

            /// The part's fields as they appear in the request body.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                crate::convert::json_to_py(py, &crate::parts::value_of(&self.inner))
            }

            fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
                crate::convert::repr_attrs(slf.as_any(), $name, &[$($field),*])
            }

            /// Immutable, so hashable (consistent with `==`).
            fn __hash__(&self) -> u64 {
                crate::parts::hash_of(&self.inner)
            }
        }
    };
}
pub(crate) use part_methods;
