//! The `mailtrace_mx._core` extension module: a thin layer over the Rust core.
//!
//! Each submodule maps one area of the core to Python and exposes a
//! `register` function; this file only wires them together and installs the
//! logging bridge. Which Python exception a core error becomes is decided in
//! [`errors`] alone.

use pyo3::prelude::*;

mod blocking;
mod check;
mod discovery;
mod errors;
mod log_bridge;
mod testserver;
mod zone;

/// Module initialisation: logging bridge first, then each area's classes.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    install_logging(m.py());
    discovery::register(m)?;
    check::register(m)?;
    testserver::register(m)?;
    zone::register(m)?;
    Ok(())
}

/// Routes `log` records to Python's `logging` (see [`log_bridge`]).
fn install_logging(_py: Python<'_>) {
    log_bridge::install();
}
