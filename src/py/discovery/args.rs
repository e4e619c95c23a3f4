//! Argument checks shared by the discovery bindings: clear `TypeError`s that
//! name the offending value.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// `type(value).__name__: repr(value)`, for messages.
pub fn describe(value: &Bound<'_, PyAny>) -> String {
    let type_name = value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_owned());
    let repr = value
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| "<unrepresentable>".to_owned());
    format!("{type_name} {repr}")
}

/// The text of a str; lone surrogates (not valid UTF-8) are kept visible as
/// `\udc80` escapes, which no valid domain contains.
pub fn text_of(s: &Bound<'_, PyString>) -> PyResult<String> {
    match s.to_cow() {
        Ok(t) => Ok(t.into_owned()),
        Err(_) => {
            let encoded = s.call_method1("encode", ("utf-8", "backslashreplace"))?;
            let bytes = encoded.cast::<PyBytes>()?;
            Ok(String::from_utf8_lossy(bytes.as_bytes()).into_owned())
        }
    }
}

/// A str argument, or a `TypeError` naming `what` and the value.
pub fn str_arg(what: &str, value: &Bound<'_, PyAny>) -> PyResult<String> {
    match value.cast::<PyString>() {
        Ok(s) => text_of(s),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{what} must be a str, got {}",
            describe(value)
        ))),
    }
}

/// An iterable of str (a bare str or bytes is refused, as is any non-str item).
pub fn str_list(what: &str, value: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if value.is_instance_of::<PyString>() || value.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a list of str, not a bare {}",
            describe(value)
        )));
    }
    let iter = value.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "{what} must be a list of str, got {}",
            describe(value)
        ))
    })?;
    let mut out = Vec::new();
    for (i, item) in iter.enumerate() {
        let item = item?;
        out.push(str_arg(&format!("{what}[{i}]"), &item)?);
    }
    Ok(out)
}
