//! Python bindings for the `zone` area: `Zone`, `Record`, `MxValue`,
//! `ValidationReason`, the three validators and `validate_zone`.

mod convert;
mod mx_value;
mod octodns;
mod scalar;
mod types;
mod validators;

use pyo3::prelude::*;

pub use mx_value::PyMxValue;
pub use types::{PyRecord, PyValidationReason, PyZone};

/// Adds this area's classes and functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyZone>()?;
    m.add_class::<PyRecord>()?;
    m.add_class::<PyMxValue>()?;
    m.add_class::<PyValidationReason>()?;
    m.add_class::<validators::PyMailZoneValidator>()?;
    m.add_class::<validators::PyMxTargetNotCnameZoneValidator>()?;
    m.add_class::<validators::PyMxTargetResolvableInZoneZoneValidator>()?;
    m.add_function(wrap_pyfunction!(validators::validate_zone, m)?)?;
    Ok(())
}
