//! Python bindings of the discovery area: `MXDiscoveryConfig`, `MXRecord`,
//! `MXDiscovery` and `get_hosts` (API.md section 1).

use pyo3::prelude::*;

pub(crate) mod args;
mod clusters;
mod config;
mod engine;
mod pickle;
mod record;

pub use config::PyMxDiscoveryConfig;
pub use engine::PyMxDiscovery;
pub use record::PyMxRecord;

/// `get_hosts(hostnames, domain)`: mailtrace's host expansion (blank entries
/// skipped, IP literals kept, short/long forms added, de-duplicated in order).
#[pyfunction]
#[pyo3(signature = (hostnames, domain))]
fn get_hosts(hostnames: &Bound<'_, PyAny>, domain: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let names = args::str_list("hostnames", hostnames)?;
    let domain = args::str_arg("domain", domain)?;
    Ok(crate::discovery::get_hosts(&names, &domain))
}

/// `normalize_domain(domain)`: the lowercased IDNA (punycode) form of a
/// domain without the trailing dot, as used for queries and cache keys; a
/// `ValueError` naming the domain when it is not a valid DNS name.
#[pyfunction]
#[pyo3(signature = (domain))]
fn normalize_domain(domain: &Bound<'_, PyAny>) -> PyResult<String> {
    let text = args::str_arg("domain", domain)?;
    crate::dns::name::normalize(&text)
        .map(|q| q.key)
        .map_err(|_| crate::py::errors::invalid_domain(&text))
}

/// Adds this area's classes and functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyMxDiscoveryConfig>()?;
    m.add_class::<PyMxRecord>()?;
    m.add_class::<PyMxDiscovery>()?;
    m.add_function(wrap_pyfunction!(get_hosts, m)?)?;
    m.add_function(wrap_pyfunction!(normalize_domain, m)?)?;
    Ok(())
}
