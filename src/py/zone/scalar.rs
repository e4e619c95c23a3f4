//! The leaves of the Python-to-core conversion: scalars, mapping keys and
//! collections of names. Nothing here knows the zone's Python classes.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};

use crate::py::discovery::args::{describe, text_of};
use crate::zone::InputValue;

/// A str, bool, int, float or None as an [`InputValue`]; None for anything
/// else (a container or another object).
pub fn scalar(obj: &Bound<'_, PyAny>) -> PyResult<Option<InputValue>> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Some(InputValue::Str(text_of(s)?)));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Some(InputValue::Bool(b.is_true())));
    }
    if let Ok(i) = obj.cast::<PyInt>() {
        return Ok(Some(match i.extract::<i64>() {
            Ok(v) => InputValue::Int(v),
            Err(_) => InputValue::Other(format!("integer {i} (out of range)")),
        }));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(Some(InputValue::Float(f.value())));
    }
    if obj.is_none() {
        return Ok(Some(InputValue::Null));
    }
    Ok(None)
}

/// A scalar as an [`InputValue`], any other object as `Other(type name)`.
pub fn scalar_or_other(obj: &Bound<'_, PyAny>) -> PyResult<InputValue> {
    match scalar(obj)? {
        Some(v) => Ok(v),
        None => Ok(InputValue::Other(obj.get_type().name()?.to_string())),
    }
}

/// A mapping key: must be a str.
pub fn key(k: &Bound<'_, PyAny>) -> PyResult<String> {
    match k.cast::<PyString>() {
        Ok(s) => text_of(s),
        Err(_) => Err(PyTypeError::new_err(format!(
            "record names must be str, not {}: {}",
            k.get_type().name()?,
            k.repr()?
        ))),
    }
}

/// A collection of names (`sub_zones`, `sets`): any iterable of str but a bare str.
pub fn names(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<String>> {
    if obj.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be an iterable of str, not a str: {}",
            obj.repr()?
        )));
    }
    let mut out = Vec::new();
    let iter = obj.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "{what} must be an iterable of str, got {}",
            describe(obj)
        ))
    })?;
    for item in iter {
        let item = item?;
        match item.cast::<PyString>() {
            Ok(s) => out.push(text_of(s)?),
            Err(_) => {
                return Err(PyTypeError::new_err(format!(
                    "{what} must contain str, not {}: {}",
                    item.get_type().name()?,
                    item.repr()?
                )))
            }
        }
    }
    Ok(out)
}
