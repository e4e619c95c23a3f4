//! `check_domain`, `check_domain_async` and `resolve_addresses`.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::aio::coroutine;
use super::args::{core_config, probe_options};
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

/// `check_domain(domain, config=None, *, fetch_policy=False,
/// probe_smtp=False, cafile=None, smtp_port=25, https_port=443)`: a live
/// check of `domain`'s mail DNS (MX, exchange addresses, SPF, DMARC, MTA-STS
/// and TLS-RPT records); every query runs concurrently and the DNS part
/// ends by the config's `timeout`. `fetch_policy` fetches the MTA-STS policy
/// over HTTPS, `probe_smtp` probes each MX address with STARTTLS (each
/// probe phase bounded by `timeout` too). DNS and probe failures are
/// findings; an invalid domain is a `ValueError`.
#[pyfunction]
#[pyo3(
    signature = (domain, config=None, *, fetch_policy=None, probe_smtp=None, cafile=None, smtp_port=None, https_port=None),
    text_signature = "(domain, config=None, *, fetch_policy=False, probe_smtp=False, cafile=None, smtp_port=25, https_port=443)"
)]
#[allow(clippy::too_many_arguments)]
pub fn check_domain(
    py: Python<'_>,
    domain: &Bound<'_, PyAny>,
    config: Option<&Bound<'_, PyAny>>,
    fetch_policy: Option<&Bound<'_, PyAny>>,
    probe_smtp: Option<&Bound<'_, PyAny>>,
    cafile: Option<&Bound<'_, PyAny>>,
    smtp_port: Option<&Bound<'_, PyAny>>,
    https_port: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyDomainReport> {
    let domain = str_arg("domain", domain)?;
    let config = core_config(config)?;
    let probes = probe_options(fetch_policy, probe_smtp, cafile, smtp_port, https_port)?;
    let work = check::check_domain_async_probed(config, domain.clone(), probes);
    let result = wait(py, Kind::Shared, work)?;
    to_report(&domain, result)
}

/// `check_domain_async(domain, config=None, *, fetch_policy=False, ...)`:
/// `check_domain` as a coroutine (the lookups and probes run on the
/// module's runtime; the event loop is not blocked). Arguments are checked
/// when it is called.
#[pyfunction]
#[pyo3(
    signature = (domain, config=None, *, fetch_policy=None, probe_smtp=None, cafile=None, smtp_port=None, https_port=None),
    text_signature = "(domain, config=None, *, fetch_policy=False, probe_smtp=False, cafile=None, smtp_port=25, https_port=443)"
)]
#[allow(clippy::too_many_arguments)]
pub fn check_domain_async<'py>(
    py: Python<'py>,
    domain: &Bound<'py, PyAny>,
    config: Option<&Bound<'py, PyAny>>,
    fetch_policy: Option<&Bound<'py, PyAny>>,
    probe_smtp: Option<&Bound<'py, PyAny>>,
    cafile: Option<&Bound<'py, PyAny>>,
    smtp_port: Option<&Bound<'py, PyAny>>,
    https_port: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let domain = str_arg("domain", domain)?;
    let config = core_config(config)?;
    let probes = probe_options(fetch_policy, probe_smtp, cafile, smtp_port, https_port)?;
    let d = domain.clone();
    let work = Box::pin(check::check_domain_async_probed(config, d, probes));
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
