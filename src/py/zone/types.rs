//! `Zone`, `Record` and `ValidationReason` for Python.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};

use super::convert::to_input;
use super::mx_value::PyMxValue;
use super::octodns::{zone_from_octodns, Read};
use super::scalar::{key, names};
use crate::py::discovery::args::{describe, flag_arg, int_arg, opt_text_arg, text_arg, Arg};
use crate::validators::ValidationReason;
use crate::zone::DEFAULT_TTL;
use crate::zone::{RData, RType, Record, Zone, ZoneName};

/// A DNS zone: records by (name, type), sub-zones, octoDNS's ownership rules.
#[pyclass(name = "Zone", module = "mailtrace_mx")]
pub struct PyZone {
    pub inner: Zone,
}

/// One record set of a zone (read-only).
#[pyclass(name = "Record", module = "mailtrace_mx", frozen)]
pub struct PyRecord {
    pub record: Arc<Record>,
    pub zone: Arc<ZoneName>,
}

/// One validation finding; `str()` is the reason text.
#[pyclass(name = "ValidationReason", module = "mailtrace_mx", frozen)]
pub struct PyValidationReason {
    pub inner: ValidationReason,
    pub zone: Arc<ZoneName>,
}

impl PyRecord {
    pub fn new(record: &Arc<Record>, zone: &Arc<ZoneName>) -> Self {
        PyRecord {
            record: record.clone(),
            zone: zone.clone(),
        }
    }
}

impl PyValidationReason {
    /// Wraps core reasons for a zone.
    pub fn wrap(reasons: Vec<ValidationReason>, zone: &Arc<ZoneName>) -> Vec<Self> {
        reasons
            .into_iter()
            .map(|inner| PyValidationReason {
                inner,
                zone: zone.clone(),
            })
            .collect()
    }
}

fn parse_type(rtype: &str) -> PyResult<RType> {
    RType::parse(rtype).ok_or_else(|| {
        pyo3::exceptions::PyValueError::new_err(format!("Invalid record type \"{rtype}\""))
    })
}

#[pymethods]
impl PyZone {
    #[new]
    #[pyo3(signature = (name, sub_zones = None), text_signature = "(name, sub_zones=())")]
    fn py_new(name: &Bound<'_, PyAny>, sub_zones: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let name = text_arg("name", name)?;
        let subs = match sub_zones {
            Some(s) if !s.is_none() => names(s, "sub_zones")?,
            _ => Vec::new(),
        };
        Ok(PyZone {
            inner: Zone::new(&name, subs)?,
        })
    }

    /// IDNA-encoded name with the trailing dot.
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    /// Unicode name with the trailing dot.
    #[getter]
    fn decoded_name(&self) -> &str {
        self.inner.decoded_name()
    }

    /// Sub-zone names, relative to this zone.
    #[getter]
    fn sub_zones<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.inner.sub_zones())
    }

    /// Adds a record; `values` is one value or a list. Returns the record.
    #[pyo3(
        signature = (name, r#type, values, ttl = Arg::Missing, *, replace = Arg::Missing),
        text_signature = "($self, name, type, values, ttl=3600, *, replace=False)"
    )]
    fn add_record(
        &mut self,
        name: &Bound<'_, PyAny>,
        r#type: &Bound<'_, PyAny>,
        values: &Bound<'_, PyAny>,
        ttl: Arg<'_>,
        replace: Arg<'_>,
    ) -> PyResult<PyRecord> {
        let name = text_arg("name", name)?;
        let rtype = text_arg("type", r#type)?;
        let replace = match replace.as_option() {
            Some(v) => flag_arg("replace", v)?,
            None => false,
        };
        let ttl = match ttl.as_option() {
            Some(t) => int_arg("ttl", t, i64::MIN, i64::MAX)?,
            None => DEFAULT_TTL,
        };
        let values = to_input(values)?;
        let record = self
            .inner
            .add_input(&name, &rtype, &values, ttl, false, replace)?;
        Ok(PyRecord::new(&record, self.inner.names()))
    }

    /// All records, sorted by (name, type).
    #[getter]
    fn records(&self) -> Vec<PyRecord> {
        let zone = self.inner.names();
        self.inner
            .records()
            .iter()
            .map(|r| PyRecord::new(r, zone))
            .collect()
    }

    /// Records at `name` (relative), optionally of one type.
    #[pyo3(signature = (name, r#type = None))]
    fn get(
        &self,
        name: &Bound<'_, PyAny>,
        r#type: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<PyRecord>> {
        let (name, _) = self.inner.normalize_name(&text_arg("name", name)?)?;
        let rtype = opt_text_arg("type", r#type)?;
        let rtype = rtype.as_deref().map(parse_type).transpose()?;
        let zone = self.inner.names();
        Ok(self
            .inner
            .get(&name)
            .filter(|r| rtype.as_ref().map_or(true, |t| &r.rtype == t))
            .map(|r| PyRecord::new(r, zone))
            .collect())
    }

    /// The record of `type` at `name`, or None.
    fn get_type(
        &self,
        name: &Bound<'_, PyAny>,
        r#type: &Bound<'_, PyAny>,
    ) -> PyResult<Option<PyRecord>> {
        let (name, _) = self.inner.normalize_name(&text_arg("name", name)?)?;
        let rtype = parse_type(&text_arg("type", r#type)?)?;
        Ok(self
            .inner
            .get_type(&name, &rtype)
            .map(|r| PyRecord::new(r, self.inner.names())))
    }

    /// octoDNS `Zone.owns`: does a record of `type` at `fqdn` belong here?
    fn owns(&self, r#type: &Bound<'_, PyAny>, fqdn: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self
            .inner
            .owns(&text_arg("type", r#type)?, &text_arg("fqdn", fqdn)?))
    }

    /// octoDNS `Zone.hostname_from_fqdn`: the name relative to this zone.
    fn hostname_from_fqdn(&self, fqdn: &Bound<'_, PyAny>) -> PyResult<String> {
        Ok(self
            .inner
            .hostname_from_fqdn(&text_arg("fqdn", fqdn)?)
            .into_owned())
    }

    /// A zone from octoDNS's YAML layout: `{name: record | [record, ...]}`.
    /// With `escaped_semicolons=False`, `;` in TXT values is escaped first,
    /// like octoDNS's YamlProvider option of that name.
    #[staticmethod]
    #[pyo3(
        signature = (name, data, *, sub_zones = None, escaped_semicolons = Arg::Missing),
        text_signature = "(name, data, *, sub_zones=None, escaped_semicolons=True)"
    )]
    fn from_dict(
        name: &Bound<'_, PyAny>,
        data: &Bound<'_, PyAny>,
        sub_zones: Option<&Bound<'_, PyAny>>,
        escaped_semicolons: Arg<'_>,
    ) -> PyResult<Self> {
        let name = text_arg("name", name)?;
        let escaped_semicolons = match escaped_semicolons.as_option() {
            Some(v) => flag_arg("escaped_semicolons", v)?,
            None => true,
        };
        let subs = match sub_zones {
            Some(s) if !s.is_none() => names(s, "sub_zones")?,
            _ => Vec::new(),
        };
        let data = data.cast::<PyDict>().map_err(|_| {
            PyTypeError::new_err(format!(
                "Zone.from_dict() data must be a dict, got {}",
                describe(data)
            ))
        })?;
        // one name at a time: no second copy of the whole data
        let mut zone = Zone::new(&name, subs)?;
        for (k, v) in data.iter() {
            zone.add_entry(&key(&k)?, &to_input(&v)?, !escaped_semicolons)?;
        }
        Ok(PyZone { inner: zone })
    }

    /// A zone from an `octodns.zone.Zone` (read by duck typing).
    #[staticmethod]
    fn from_octodns(zone: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyZone {
            inner: zone_from_octodns(zone, Read::FULL)?,
        })
    }

    /// A zone from an RFC 1035 master file: a path (str or os.PathLike), or
    /// zone text when a str contains a newline.
    #[staticmethod]
    #[pyo3(signature = (source, origin = None))]
    fn from_zonefile(
        source: &Bound<'_, PyAny>,
        origin: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let origin = opt_text_arg("origin", origin)?;
        let origin = origin.as_deref();
        if source.is_instance_of::<PyString>() {
            let s = text_arg("source", source)?;
            if s.contains('\n') {
                return Ok(PyZone {
                    inner: Zone::from_zonefile_text(&s, origin)?,
                });
            }
        }
        let path: PathBuf = source.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "Zone.from_zonefile() source must be a str or os.PathLike, got {}",
                describe(source)
            ))
        })?;
        let py = source.py();
        let zone = crate::py::blocking::detached(py, || Zone::from_zonefile_path(&path, origin))?;
        Ok(PyZone { inner: zone })
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!("Zone<{}>", self.inner.decoded_name())
    }
}

#[pymethods]
impl PyRecord {
    /// Name relative to the zone ('' is the apex), IDNA-encoded.
    #[getter]
    fn name(&self) -> &str {
        &self.record.name
    }

    /// Unicode form of `name`.
    #[getter]
    fn decoded_name(&self) -> &str {
        &self.record.decoded_name
    }

    /// Type mnemonic (`MX`, `TXT`, ...).
    #[getter]
    fn r#type(&self) -> &str {
        self.record.rtype.as_str()
    }

    #[getter]
    fn fqdn(&self) -> String {
        self.record.fqdn(&self.zone)
    }

    #[getter]
    fn decoded_fqdn(&self) -> String {
        self.record.decoded_fqdn(&self.zone)
    }

    #[getter]
    fn ttl(&self) -> i64 {
        self.record.ttl
    }

    /// MX: `MxValue`s; other types: str.
    #[getter]
    fn values<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        match &self.record.data {
            RData::Mx(values) => values
                .iter()
                .map(|v| Ok(Bound::new(py, PyMxValue { inner: v.clone() })?.into_any()))
                .collect(),
            RData::Txt(values) | RData::Text(values) => values
                .iter()
                .map(|v| Ok(PyString::new(py, v).into_any()))
                .collect(),
            RData::Address(values) => values
                .iter()
                .map(|v| Ok(PyString::new(py, &v.to_string()).into_any()))
                .collect(),
        }
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyRecord>() {
            Ok(o) => {
                let o = o.get();
                o.zone.name == self.zone.name && o.record == self.record
            }
            Err(_) => false,
        }
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (
            &self.zone.name,
            &self.record.name,
            self.record.rtype.as_str(),
        )
            .hash(&mut h);
        h.finish()
    }

    fn __repr__(&self) -> String {
        let values: Vec<String> = match &self.record.data {
            RData::Mx(v) => v
                .iter()
                .map(|m| format!("'{} {}'", m.preference, m.exchange))
                .collect(),
            RData::Txt(v) | RData::Text(v) => v.iter().map(|s| format!("{s:?}")).collect(),
            RData::Address(v) => v.iter().map(|a| format!("'{a}'")).collect(),
        };
        format!(
            "<Record {} {}, {}, [{}]>",
            self.record.rtype.as_str(),
            self.record.ttl,
            self.record.decoded_fqdn(&self.zone),
            values.join(", ")
        )
    }
}

#[pymethods]
impl PyValidationReason {
    #[getter]
    fn reason(&self) -> &str {
        &self.inner.reason
    }

    /// The records the finding is about.
    #[getter]
    fn records(&self) -> Vec<PyRecord> {
        self.inner
            .records
            .iter()
            .map(|r| PyRecord::new(r, &self.zone))
            .collect()
    }

    #[getter]
    fn validator_id(&self) -> &str {
        &self.inner.validator_id
    }

    fn __str__(&self) -> &str {
        &self.inner.reason
    }

    fn __repr__(&self) -> String {
        format!(
            "ValidationReason({:?}, validator_id={:?})",
            self.inner.reason, self.inner.validator_id
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyValidationReason>() {
            Ok(o) => {
                let o = o.get();
                o.inner.reason == self.inner.reason
                    && o.inner.validator_id == self.inner.validator_id
            }
            Err(_) => false,
        }
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (&self.inner.reason, &self.inner.validator_id).hash(&mut h);
        h.finish()
    }
}
