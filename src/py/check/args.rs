//! The `config` argument of the check bindings (str arguments use `py::discovery::args`).

use pyo3::prelude::*;

use crate::discovery::DiscoveryConfig;
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
