//! `MXRecord`: an immutable, hashable MX record.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt, PyString, PyTuple};

use super::args::{describe, str_arg};
use crate::discovery::MxRecord;

/// One MX record: `preference` (lower is preferred), `exchange` (hostname
/// without trailing dot, case as the server sent it) and `ttl` (seconds).
/// Immutable, hashable, compared by value.
#[pyclass(frozen, eq, hash, module = "mailtrace_mx", name = "MXRecord")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PyMxRecord {
    /// Lower is preferred.
    #[pyo3(get)]
    preference: u16,
    /// The exchange hostname, without the trailing dot.
    #[pyo3(get)]
    exchange: String,
    /// TTL in seconds.
    #[pyo3(get)]
    ttl: u32,
}

impl From<MxRecord> for PyMxRecord {
    fn from(r: MxRecord) -> Self {
        Self {
            preference: r.preference,
            exchange: r.exchange,
            ttl: r.ttl,
        }
    }
}

fn int_in_range(name: &str, value: &Bound<'_, PyAny>, max: u64) -> PyResult<u64> {
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be an int, got {}",
            describe(value)
        )));
    }
    match value.extract::<i128>() {
        Ok(n) if (0..=max as i128).contains(&n) => Ok(n as u64),
        _ => Err(PyValueError::new_err(format!(
            "{name} must be between 0 and {max}, got {}",
            value.repr()?
        ))),
    }
}

#[pymethods]
impl PyMxRecord {
    #[new]
    #[pyo3(signature = (preference, exchange, ttl))]
    fn py_new(
        preference: &Bound<'_, PyAny>,
        exchange: &Bound<'_, PyAny>,
        ttl: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        Ok(Self {
            preference: int_in_range("preference", preference, u16::MAX.into())? as u16,
            exchange: str_arg("exchange", exchange)?,
            ttl: int_in_range("ttl", ttl, u32::MAX.into())? as u32,
        })
    }

    #[classattr]
    fn __match_args__() -> (&'static str, &'static str, &'static str) {
        ("preference", "exchange", "ttl")
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "MXRecord(preference={}, exchange={}, ttl={})",
            self.preference,
            PyString::new(py, &self.exchange).repr()?,
            self.ttl
        ))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let this = slf.get();
        let args = (this.preference, this.exchange.clone(), this.ttl).into_pyobject(py)?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }
}
