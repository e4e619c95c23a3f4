//! Python objects to the core's loosely typed [`InputValue`].

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

use super::types::PyMxValue;
use crate::zone::InputValue;

/// Deepest nesting of lists and mappings converted: octoDNS data nests four
/// levels; a list that contains itself would otherwise recurse until the
/// stack overflows.
const MAX_DEPTH: usize = 32;

/// Converts a value of a record (or a whole record mapping).
pub fn to_input(obj: &Bound<'_, PyAny>) -> PyResult<InputValue> {
    to_input_at(obj, 0)
}

fn to_input_at(obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<InputValue> {
    if depth > MAX_DEPTH {
        return Err(PyValueError::new_err(format!(
            "record data nested more than {MAX_DEPTH} levels deep (a list or mapping that contains itself?)"
        )));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(InputValue::Str(s.to_str()?.to_owned()));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(InputValue::Bool(b.is_true()));
    }
    if let Ok(i) = obj.cast::<PyInt>() {
        return Ok(match i.extract::<i64>() {
            Ok(v) => InputValue::Int(v),
            Err(_) => InputValue::Other(format!("integer {i} (out of range)")),
        });
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(InputValue::Float(f.value()));
    }
    if obj.is_none() {
        return Ok(InputValue::Null);
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut entries = Vec::with_capacity(d.len());
        for (k, v) in d.iter() {
            entries.push((key(&k)?, to_input_at(&v, depth + 1)?));
        }
        return Ok(InputValue::Map(entries));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return l
            .iter()
            .map(|v| to_input_at(&v, depth + 1))
            .collect::<PyResult<_>>()
            .map(InputValue::List);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return t
            .iter()
            .map(|v| to_input_at(&v, depth + 1))
            .collect::<PyResult<_>>()
            .map(InputValue::List);
    }
    if let Ok(mx) = obj.cast::<PyMxValue>() {
        let mx = mx.get();
        return Ok(InputValue::Map(vec![
            (
                "preference".into(),
                InputValue::Int(i64::from(mx.inner.preference)),
            ),
            (
                "exchange".into(),
                InputValue::Str(mx.inner.exchange.clone()),
            ),
        ]));
    }
    Ok(InputValue::Other(obj.get_type().name()?.to_string()))
}

/// A mapping key: must be a str.
pub fn key(k: &Bound<'_, PyAny>) -> PyResult<String> {
    match k.cast::<PyString>() {
        Ok(s) => Ok(s.to_str()?.to_owned()),
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
    for item in obj.try_iter()? {
        let item = item?;
        match item.cast::<PyString>() {
            Ok(s) => out.push(s.to_str()?.to_owned()),
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
