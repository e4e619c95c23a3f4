//! `Checker(config=None, *, max_queries_in_flight=None)`: the checks of one
//! run sharing one server pool and one cap on queries in flight
//! ([`crate::check::Run`]); `check_domains` makes one per run.

use std::sync::Arc;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt};

use super::aio::coroutine;
use super::args::core_config;
use super::report::PyDomainReport;
use crate::check::run::{BadCap, Run};
use crate::dns::runtime::Kind;
use crate::py::blocking::wait;
use crate::py::discovery::args::{describe, str_arg};
use crate::py::errors::{bad_cap, check_error};

/// Checks of one run: one pool per server and a run-wide cap.
#[pyclass(frozen, module = "mailtrace_mx", name = "Checker")]
pub struct PyChecker {
    run: Arc<Run>,
}

/// `max_queries_in_flight`: `None` or an int in range.
fn cap_arg(value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<i64>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "max_queries_in_flight must be an int or None, got {}",
            describe(value)
        )));
    }
    match value.extract::<i64>() {
        Ok(v) => Ok(Some(v)),
        Err(_) => Err(bad_cap(&BadCap(value.to_string()))),
    }
}

#[pymethods]
impl PyChecker {
    /// A run of `config` (as `check_domain` takes it) with at most
    /// `max_queries_in_flight` queries in flight across all its checks
    /// (default: 256, or a quarter of the open-files limit if lower).
    #[new]
    #[pyo3(signature = (config=None, *, max_queries_in_flight=None))]
    fn new(
        config: Option<&Bound<'_, PyAny>>,
        max_queries_in_flight: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let cap = cap_arg(max_queries_in_flight)?;
        let config = core_config(config)?;
        let run = Run::new(config, cap).map_err(|e| bad_cap(&e))?;
        Ok(Self { run: Arc::new(run) })
    }

    /// The cap on queries in flight.
    #[getter]
    fn max_queries_in_flight(&self) -> usize {
        self.run.cap()
    }

    /// `check_domain(domain, config)` on this run's pool (blocking).
    fn check(&self, py: Python<'_>, domain: &Bound<'_, PyAny>) -> PyResult<PyDomainReport> {
        let domain = str_arg("domain", domain)?;
        let run = self.run.clone();
        let result = wait(py, Kind::Shared, async { run.check(&domain).await })?;
        result
            .map(PyDomainReport::from)
            .map_err(|e| check_error(&domain, &e))
    }

    /// `check_domain_async(domain, config)` on this run's pool.
    fn check_async<'py>(
        &self,
        py: Python<'py>,
        domain: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let domain = str_arg("domain", domain)?;
        let (run, d) = (self.run.clone(), domain.clone());
        let work = Box::pin(async move { run.check(&d).await });
        coroutine(py, work, move |py, result| {
            let report = result
                .map(PyDomainReport::from)
                .map_err(|e| check_error(&domain, &e))?;
            Ok(Bound::new(py, report)?.into_any().unbind())
        })
    }

    fn __repr__(&self) -> String {
        format!("Checker(max_queries_in_flight={})", self.run.cap())
    }
}
