//! Argument checks of the check bindings: a `TypeError` naming the value.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::discovery::DiscoveryConfig;
use crate::py::discovery::PyMxDiscovery;

fn describe(value: &Bound<'_, PyAny>) -> String {
    let t = value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_default();
    let r = value.repr().map(|r| r.to_string()).unwrap_or_default();
    format!("{t} {r}")
}

/// A str argument (lone surrogates kept visible as escapes).
pub fn text(what: &str, value: &Bound<'_, PyAny>) -> PyResult<String> {
    let s = value.cast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!("{what} must be a str, got {}", describe(value)))
    })?;
    match s.to_str() {
        Ok(t) => Ok(t.to_owned()),
        Err(_) => {
            let b = s.call_method1("encode", ("utf-8", "backslashreplace"))?;
            Ok(String::from_utf8_lossy(b.cast::<PyBytes>()?.as_bytes()).into_owned())
        }
    }
}

/// An iterable of str (a bare str or bytes is refused).
pub fn texts(what: &str, value: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
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
    iter.enumerate()
        .map(|(i, item)| text(&format!("{what}[{i}]"), &item?))
        .collect()
}

/// The core config of anything `MXDiscovery` accepts as config (or an
/// `MXDiscovery`, whose config is used), validated the same way.
pub fn core_config(config: Option<&Bound<'_, PyAny>>) -> PyResult<DiscoveryConfig> {
    let py = match config {
        Some(c) => c.py(),
        None => return Ok(DiscoveryConfig::default()),
    };
    let config = config.filter(|c| !c.is_none());
    if let Some(d) = config.and_then(|c| c.cast::<PyMxDiscovery>().ok()) {
        return Ok(d.get().engine().config().clone());
    }
    let cls = py.get_type::<PyMxDiscovery>();
    let built = cls.call1((config,))?;
    let d = built.cast::<PyMxDiscovery>()?;
    Ok(d.get().engine().config().clone())
}
