//! Argument checks shared by the discovery bindings: clear `TypeError`s that
//! name the offending value.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyInt, PyString};

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

/// A str argument that must be valid Unicode text (no lone surrogate):
/// a non-str is a `TypeError`, a lone surrogate a `ValueError`; both name
/// `what` and the value.
pub fn text_arg(what: &str, value: &Bound<'_, PyAny>) -> PyResult<String> {
    let s = value.cast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!("{what} must be a str, got {}", describe(value)))
    })?;
    match s.to_cow() {
        Ok(t) => Ok(t.into_owned()),
        Err(_) => Err(PyValueError::new_err(format!(
            "{what} must be text without lone surrogates, got {}",
            s.repr()?
        ))),
    }
}

/// An optional str argument: None (or left out) is `None`.
pub fn opt_text_arg(what: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    match value {
        Some(v) if !v.is_none() => text_arg(what, v).map(Some),
        _ => Ok(None),
    }
}

/// A bool argument: only `True`/`False` (not 0, 1 or None); a `TypeError`
/// naming `what` and the value otherwise.
pub fn flag_arg(what: &str, value: &Bound<'_, PyAny>) -> PyResult<bool> {
    match value.cast::<PyBool>() {
        Ok(b) => Ok(b.is_true()),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{what} must be a bool, got {}",
            describe(value)
        ))),
    }
}

/// An int argument in `min..=max`: a bool or any non-int is a `TypeError`,
/// an int out of range (however large) a `ValueError`; both name `what` and
/// the value.
pub fn int_arg(what: &str, value: &Bound<'_, PyAny>, min: i64, max: i64) -> PyResult<i64> {
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be an int, got {}",
            describe(value)
        )));
    }
    match value.extract::<i128>() {
        Ok(n) if n >= i128::from(min) && n <= i128::from(max) => Ok(n as i64),
        _ => Err(PyValueError::new_err(format!(
            "{what} must be between {min} and {max}, got {}",
            value.repr()?
        ))),
    }
}

/// An optional argument: left out (the default applies) or given (None
/// included, which the caller refuses: None is not silently the default).
#[derive(Debug)]
pub enum Arg<'py> {
    /// Not passed.
    Missing,
    /// Passed, possibly as None.
    Given(Bound<'py, PyAny>),
}

impl<'py> Arg<'py> {
    /// The value when given (None included).
    pub fn as_option(&self) -> Option<&Bound<'py, PyAny>> {
        match self {
            Self::Missing => None,
            Self::Given(v) => Some(v),
        }
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for Arg<'py> {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Self::Given(obj.to_owned()))
    }
}
