//! `check_domain`, `check_domain_async` and `resolve_addresses`.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::aio::coroutine;
use super::args::core_config;
use super::report::PyDomainReport;
use crate::check::{self, DomainReport};
use crate::discovery::LookupError;
use crate::dns::runtime::Kind;
use crate::py::blocking::wait;
use crate::py::discovery::args::{str_arg, str_list};
use crate::py::errors::check_error;

fn to_report(domain: &str, r: Result<DomainReport, LookupError>) -> PyResult<PyDomainReport> {
    r.map(PyDomainReport::from)
        .map_err(|e| check_error(domain, &e))
}

/// `check_domain(domain, config=None)`: a live check of `domain`'s mail DNS
/// (MX, exchange addresses, SPF, DMARC, MTA-STS and TLS-RPT records); every
/// query runs concurrently and the whole check ends by the config's
/// `timeout`. DNS failures are findings; an invalid domain is a `ValueError`.
#[pyfunction]
#[pyo3(signature = (domain, config=None))]
pub fn check_domain(
    py: Python<'_>,
    domain: &Bound<'_, PyAny>,
    config: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyDomainReport> {
    let domain = str_arg("domain", domain)?;
    let config = core_config(config)?;
    let work = check::check_domain_async(config, domain.clone());
    let result = wait(py, Kind::Shared, work)?;
    to_report(&domain, result)
}

/// `check_domain_async(domain, config=None)`: `check_domain` as a coroutine
/// (the lookups run on the module's runtime; the event loop is not blocked).
/// Arguments are checked when it is called.
#[pyfunction]
#[pyo3(signature = (domain, config=None))]
pub fn check_domain_async<'py>(
    py: Python<'py>,
    domain: &Bound<'py, PyAny>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let domain = str_arg("domain", domain)?;
    let config = core_config(config)?;
    let d = domain.clone();
    let work = Box::pin(check::check_domain_async(config, d));
    coroutine(py, work, move |py, result| {
        Ok(Bound::new(py, to_report(&domain, result)?)?
            .into_any()
            .unbind())
    })
}

/// `resolve_addresses(hosts, config=None)`: `{host: [address, ...]}` (A
/// first, then AAAA), all queried at once within the config's `timeout`; a
/// host whose lookups fail maps to `[]`.
#[pyfunction]
#[pyo3(signature = (hosts, config=None))]
pub fn resolve_addresses<'py>(
    py: Python<'py>,
    hosts: &Bound<'py, PyAny>,
    config: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let hosts = str_list("hosts", hosts)?;
    let config = core_config(config)?;
    let work = check::addresses_of_async(config, hosts.clone());
    let found = wait(py, Kind::Shared, work)?;
    let out = PyDict::new(py);
    for (host, ips) in hosts.iter().zip(found) {
        let ips: Vec<String> = ips.iter().map(|i| i.to_string()).collect();
        out.set_item(host, PyList::new(py, ips)?)?;
    }
    Ok(out)
}
