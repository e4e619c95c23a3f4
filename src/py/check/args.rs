//! The `config` argument of the check bindings (str arguments use `py::discovery::args`).

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt};

use crate::discovery::DiscoveryConfig;
use crate::py::discovery::args::describe;
use crate::py::discovery::PyMxDiscovery;

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

/// The transport-probe keywords of `check_domain` (API.md §5), validated:
/// flags must be bools, ports ints in 1..=65535, `cafile` a path whose PEM
/// certificates load (else a `ValueError` naming it).
pub fn probe_options(
    fetch_policy: Option<&Bound<'_, PyAny>>,
    probe_smtp: Option<&Bound<'_, PyAny>>,
    cafile: Option<&Bound<'_, PyAny>>,
    smtp_port: Option<&Bound<'_, PyAny>>,
    https_port: Option<&Bound<'_, PyAny>>,
) -> PyResult<crate::probe::ProbeOptions> {
    let fetch_policy = fetch_policy.map_or(Ok(false), |v| flag("fetch_policy", v))?;
    let probe_smtp = probe_smtp.map_or(Ok(false), |v| flag("probe_smtp", v))?;
    let smtp_port = smtp_port.map_or(Ok(25), |v| port("smtp_port", v))?;
    let https_port = https_port.map_or(Ok(443), |v| port("https_port", v))?;
    let cafile = match cafile.filter(|c| !c.is_none()) {
        Some(c) => {
            let os = c.py().import("os")?;
            let path = os.call_method1("fspath", (c,)).map_err(|_| {
                PyTypeError::new_err(format!(
                    "cafile must be a path (str or os.PathLike), got {}",
                    describe(c)
                ))
            })?;
            let path: String = path.extract().map_err(|_| {
                PyTypeError::new_err(format!("cafile must be a str path, got {}", describe(c)))
            })?;
            Some(std::path::PathBuf::from(path))
        }
        None => None,
    };
    crate::probe::ProbeOptions::new(
        fetch_policy,
        probe_smtp,
        cafile.as_deref(),
        smtp_port,
        https_port,
    )
    .map_err(PyValueError::new_err)
}

fn flag(name: &str, value: &Bound<'_, PyAny>) -> PyResult<bool> {
    value.cast::<PyBool>().map(|b| b.is_true()).map_err(|_| {
        PyTypeError::new_err(format!("{name} must be a bool, got {}", describe(value)))
    })
}

fn port(name: &str, value: &Bound<'_, PyAny>) -> PyResult<u16> {
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be an int, got {}",
            describe(value)
        )));
    }
    value
        .extract::<u16>()
        .ok()
        .filter(|p| *p != 0)
        .ok_or_else(|| {
            PyValueError::new_err(format!(
                "{name} must be a port number in 1..65535, got {}",
                describe(value)
            ))
        })
}
