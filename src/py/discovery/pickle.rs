//! `copy.copy`, `copy.deepcopy` and `pickle` for `MXDiscovery`: the copy has
//! the same config and limits and an empty cache (a cache is tied to its
//! process and its runtime), so an object holding one (mailtrace's `Config`)
//! can be deep-copied or sent to a spawn worker.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use super::engine::PyMxDiscovery;

#[pymethods]
impl PyMxDiscovery {
    /// `(copyreg.__newobj_ex__, (MXDiscovery, (config,), {limits}))`: the
    /// constructor called again, keyword-only limits included; read through
    /// the public attributes, so a copy is exactly what a user could build.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let limits = PyDict::new(py);
        limits.set_item("max_in_flight", slf.getattr("max_in_flight")?)?;
        limits.set_item("max_cache_entries", slf.getattr("max_cache_entries")?)?;
        let args = PyTuple::new(py, [slf.getattr("config")?])?;
        let newobj = py.import("copyreg")?.getattr("__newobj_ex__")?;
        let call = PyTuple::new(
            py,
            [
                slf.get_type().into_any(),
                args.into_any(),
                limits.into_any(),
            ],
        )?;
        PyTuple::new(py, [newobj, call.into_any()])
    }
}
