//! The validators and `validate_zone` for Python. `validate()` takes a
//! `Zone` or, by duck typing, an octoDNS zone (converted, partially).

use std::collections::BTreeSet;
use std::sync::Arc;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PySet, PyTuple};

use super::octodns::{is_octodns_zone, zone_from_octodns, Read};
use super::scalar::names;
use super::types::{PyValidationReason, PyZone};
use crate::py::discovery::args::{describe, int_arg, text_arg, Arg};
use crate::validators::{
    validate_zone as core_validate_zone, MailZoneValidator, MxTargetRule, MxTargetValidator,
    ValidationReason, ZoneValidator, DEFAULT_SETS, DEFAULT_SINGLE_MX_REGEXES,
};
use crate::zone::{Zone, ZoneName};

/// Runs `f` on the zone behind `obj`: a `Zone`, or an octoDNS zone.
fn with_zone(
    obj: &Bound<'_, PyAny>,
    read: Read,
    f: impl FnOnce(&Zone) -> Vec<ValidationReason>,
) -> PyResult<Vec<PyValidationReason>> {
    let (reasons, names): (Vec<ValidationReason>, Arc<ZoneName>) =
        if let Ok(zone) = obj.cast::<PyZone>() {
            let zone = zone.borrow();
            (f(&zone.inner), zone.inner.names().clone())
        } else if is_octodns_zone(obj) {
            let zone = zone_from_octodns(obj, read)?;
            (f(&zone), zone.names().clone())
        } else {
            return Err(PyTypeError::new_err(format!(
                "validate() takes a mailtrace_mx.Zone or an octoDNS zone, got {}",
                describe(obj)
            )));
        };
    Ok(PyValidationReason::wrap(reasons, &names))
}

fn to_sets(sets: Option<&Bound<'_, PyAny>>) -> PyResult<Option<BTreeSet<String>>> {
    match sets {
        Some(s) if !s.is_none() => Ok(Some(names(s, "sets")?.into_iter().collect())),
        _ => Ok(None),
    }
}

fn sets_py<'py>(
    py: Python<'py>,
    sets: Option<&BTreeSet<String>>,
) -> PyResult<Option<Bound<'py, PySet>>> {
    sets.map(|s| PySet::new(py, s)).transpose()
}

/// `min_mx` when not given (octoDNS 1.22.0's default).
const DEFAULT_MIN_MX: i64 = 2;

/// Best-practice checks for mail records (MX, SPF, DMARC), as octoDNS 1.22.0.
#[pyclass(name = "MailZoneValidator", module = "mailtrace_mx", frozen, subclass)]
pub struct PyMailZoneValidator {
    inner: MailZoneValidator,
}

impl PyMailZoneValidator {
    /// What this rule reads of an octoDNS zone.
    const READ: Read = Read::MAIL;
}

#[pymethods]
impl PyMailZoneValidator {
    #[new]
    #[pyo3(
        signature = (id, mode = Arg::Missing, min_mx = Arg::Missing, single_mx_regexes = None, sets = None),
        text_signature = "(id, mode='auto', min_mx=2, single_mx_regexes=None, sets=None)"
    )]
    fn py_new(
        id: &Bound<'_, PyAny>,
        mode: Arg<'_>,
        min_mx: Arg<'_>,
        single_mx_regexes: Option<&Bound<'_, PyAny>>,
        sets: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let id = text_arg("id", id)?;
        let mode = match mode.as_option() {
            Some(v) => text_arg("mode", v)?,
            None => "auto".to_owned(),
        };
        let min_mx = match min_mx.as_option() {
            Some(v) => int_arg("min_mx", v, i64::MIN, i64::MAX)?,
            None => DEFAULT_MIN_MX,
        };
        let patterns = match single_mx_regexes {
            Some(p) if !p.is_none() => names(p, "single_mx_regexes")?,
            _ => Vec::new(),
        };
        Ok(PyMailZoneValidator {
            inner: MailZoneValidator::new(&id, &mode, min_mx, patterns, to_sets(sets)?)?,
        })
    }

    /// octoDNS's default single-MX provider patterns.
    #[classattr]
    #[allow(non_snake_case)]
    fn DEFAULT_SINGLE_MX_REGEXES(py: Python<'_>) -> PyResult<Py<PyTuple>> {
        Ok(PyTuple::new(py, DEFAULT_SINGLE_MX_REGEXES)?.unbind())
    }

    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }

    #[getter]
    fn sets<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PySet>>> {
        sets_py(py, self.inner.sets())
    }

    #[getter]
    fn mode(&self) -> &'static str {
        self.inner.mode().as_str()
    }

    #[getter]
    fn min_mx(&self) -> i64 {
        self.inner.min_mx()
    }

    /// The extra patterns given (the defaults always apply too).
    #[getter]
    fn single_mx_regexes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.inner.single_mx_regexes())
    }

    /// Findings for `zone` (a `Zone` or an octoDNS zone); empty when fine.
    fn validate(&self, zone: &Bound<'_, PyAny>) -> PyResult<Vec<PyValidationReason>> {
        with_zone(zone, Self::READ, |z| self.inner.validate(z))
    }

    fn __repr__(&self) -> String {
        format!(
            "MailZoneValidator({:?}, mode={:?}, min_mx={})",
            self.inner.id(),
            self.inner.mode().as_str(),
            self.inner.min_mx()
        )
    }
}

macro_rules! mx_target_class {
    ($rust:ident, $py:literal, $rule:expr, $doc:literal) => {
        #[doc = $doc]
        #[pyclass(name = $py, module = "mailtrace_mx", frozen, subclass)]
        pub struct $rust {
            inner: MxTargetValidator,
        }

        impl $rust {
            /// What this rule reads of an octoDNS zone.
            const READ: Read = Read::MX_TARGETS;
        }

        #[pymethods]
        impl $rust {
            #[new]
            #[pyo3(signature = (id, sets = None))]
            fn py_new(id: &Bound<'_, PyAny>, sets: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
                let id = text_arg("id", id)?;
                Ok($rust {
                    inner: MxTargetValidator::new($rule, &id, to_sets(sets)?)?,
                })
            }

            #[getter]
            fn id(&self) -> &str {
                self.inner.id()
            }

            #[getter]
            fn sets<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PySet>>> {
                sets_py(py, self.inner.sets())
            }

            /// Findings for `zone` (a `Zone` or an octoDNS zone); empty when fine.
            fn validate(&self, zone: &Bound<'_, PyAny>) -> PyResult<Vec<PyValidationReason>> {
                with_zone(zone, Self::READ, |z| self.inner.validate(z))
            }

            fn __repr__(&self) -> String {
                format!("{}({:?})", $py, self.inner.id())
            }
        }
    };
}

mx_target_class!(
    PyMxTargetNotCnameZoneValidator,
    "MxTargetNotCnameZoneValidator",
    MxTargetRule::NotCname,
    "MX exchanges must not be CNAMEs within the zone (RFC 2181 §10.3)."
);
mx_target_class!(
    PyMxTargetResolvableInZoneZoneValidator,
    "MxTargetResolvableInZoneZoneValidator",
    MxTargetRule::ResolvableInZone,
    "MX exchanges inside the zone must exist in it."
);

/// Runs the default validators (`mx-target-not-cname` in `strict`; `mail`
/// and `mx-target-resolvable-in-zone` in `best-practice`) of the given sets.
#[pyfunction]
#[pyo3(signature = (zone, sets = None), text_signature = "(zone, sets=('strict', 'best-practice'))")]
pub fn validate_zone(
    zone: &Bound<'_, PyAny>,
    sets: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<PyValidationReason>> {
    let sets: Vec<String> = match sets {
        Some(s) if !s.is_none() => names(s, "sets")?,
        _ => DEFAULT_SETS.iter().map(|s| s.to_string()).collect(),
    };
    with_zone(zone, Read::ALL_RULES, |z| core_validate_zone(z, &sets))
}
