//! Python objects to the core's loosely typed [`InputValue`]: containers and
//! `MxValue`s on top of the scalars of [`super::scalar`].

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use super::mx_value::PyMxValue;
use super::scalar::{key, scalar};
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
    if let Some(v) = scalar(obj)? {
        return Ok(v);
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
