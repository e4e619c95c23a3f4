//! `MxValue`: one MX value of a zone record, for Python.

use pyo3::prelude::*;

use super::scalar::scalar_or_other;
use crate::zone::{typed_values, InputValue, MxValue, RData, RType};

/// One MX value: `MxValue(preference, exchange)`.
#[pyclass(name = "MxValue", module = "mailtrace_mx", frozen, eq, ord, hash)]
#[derive(PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PyMxValue {
    pub inner: MxValue,
}

#[pymethods]
impl PyMxValue {
    #[new]
    fn py_new(preference: &Bound<'_, PyAny>, exchange: &Bound<'_, PyAny>) -> PyResult<Self> {
        let value = InputValue::Map(vec![
            ("preference".into(), scalar_or_other(preference)?),
            ("exchange".into(), scalar_or_other(exchange)?),
        ]);
        match typed_values(&RType::Mx, &[value], "MxValue", false)? {
            RData::Mx(mut v) if v.len() == 1 => Ok(PyMxValue { inner: v.remove(0) }),
            _ => Err(pyo3::exceptions::PyValueError::new_err("invalid MX value")),
        }
    }

    #[getter]
    fn preference(&self) -> u16 {
        self.inner.preference
    }

    /// IDNA-encoded, lower-case.
    #[getter]
    fn exchange(&self) -> &str {
        &self.inner.exchange
    }

    fn __repr__(&self) -> String {
        format!(
            "MxValue({}, {:?})",
            self.inner.preference, self.inner.exchange
        )
    }

    fn __str__(&self) -> String {
        format!("{} {}", self.inner.preference, self.inner.exchange)
    }
}
