//! Python bindings of the live check (API.md §4): `check_domain`,
//! `check_domain_async`, `DomainReport`, `Finding`, `resolve_addresses`,
//! `Checker` (the checks of one run, sharing a pool and a cap), and
//! the async twins of `MXDiscovery` (a separate `#[pymethods]` block).

use pyo3::prelude::*;

mod aio;
mod args;
mod checker;
mod discovery_async;
mod functions;
mod probes;
mod report;

pub use report::{PyDomainReport, PyFinding};

/// Adds this area's classes and functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyFinding>()?;
    m.add_class::<PyDomainReport>()?;
    m.add_class::<checker::PyChecker>()?;
    m.add_function(wrap_pyfunction!(functions::check_domain, m)?)?;
    m.add_function(wrap_pyfunction!(functions::check_domain_async, m)?)?;
    m.add_function(wrap_pyfunction!(functions::resolve_addresses, m)?)?;
    Ok(())
}
