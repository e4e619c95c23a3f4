//! Reading an `octodns.zone.Zone` by duck typing (no octodns import): its
//! `name`, `sub_zones` and records (`name`, `_type`, `ttl`, `values`/`value`).
//!
//! For validation only, a *partial* read skips what no rule looks at: values
//! of A/AAAA/CNAME/other records, and TXT values away from the apex, `_dmarc`
//! and MX names. Record types are looked up once per Python class.

use std::collections::HashMap;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PySet, PyString};
use pyo3::{intern, PyTypeInfo};

use super::scalar::names;
use crate::py::discovery::args::describe;
use crate::zone::{typed_values, InputValue, MxValue, RData, RType, Record, Zone, ZoneError};

/// True if `obj` looks like an octoDNS zone.
pub fn is_octodns_zone(obj: &Bound<'_, PyAny>) -> bool {
    let py = obj.py();
    obj.hasattr(intern!(py, "name")).unwrap_or(false)
        && (obj.hasattr(intern!(py, "_records")).unwrap_or(false)
            || obj.hasattr(intern!(py, "records")).unwrap_or(false))
}

/// What a read of an octoDNS zone covers.
#[derive(Debug, Clone, Copy)]
pub struct Read {
    /// Only what the rules look at (else every record and value).
    pub partial: bool,
    /// TXT values (the mail rule).
    pub txt: bool,
    /// What exists at in-zone MX targets (the MX-target rules).
    pub targets: bool,
}

impl Read {
    /// Everything: `Zone.from_octodns`.
    pub const FULL: Read = Read {
        partial: false,
        txt: true,
        targets: true,
    };
    /// What all three rules need: `validate_zone`.
    pub const ALL_RULES: Read = Read {
        partial: true,
        txt: true,
        targets: true,
    };
    /// What `MailZoneValidator` needs.
    pub const MAIL: Read = Read {
        partial: true,
        txt: true,
        targets: false,
    };
    /// What the two MX-target validators need.
    pub const MX_TARGETS: Read = Read {
        partial: true,
        txt: false,
        targets: true,
    };
}

/// Converts an octoDNS zone, reading what `read` says.
pub fn zone_from_octodns(obj: &Bound<'_, PyAny>, read: Read) -> PyResult<Zone> {
    let partial = read.partial;
    let py = obj.py();
    if !is_octodns_zone(obj) {
        return Err(PyTypeError::new_err(format!(
            "expected an octoDNS zone (with .name and .records), got {}",
            describe(obj)
        )));
    }
    let name: String = obj.getattr(intern!(py, "name"))?.extract()?;
    let subs = match obj.getattr_opt(intern!(py, "sub_zones"))? {
        Some(s) if !s.is_none() => names(&s, "sub_zones")?,
        _ => Vec::new(),
    };
    let mut zone = Zone::new(&name, subs)?;
    if !read.targets {
        zone.skip_mx_targets();
    }
    let mut reader = Reader {
        types: HashMap::default(),
        partial,
        txt: read.txt,
        node_types: Vec::new(),
    };
    // a copy-on-write copy keeps its records in its origin
    let mut source = obj.clone();
    while let Some(origin) = source.getattr_opt(intern!(py, "_origin"))? {
        if origin.is_none() {
            break;
        }
        source = origin;
    }
    match source.getattr_opt(intern!(py, "_records"))? {
        Some(nodes) if nodes.is_instance_of::<PyDict>() => {
            let nodes = nodes.cast::<PyDict>()?;
            if !partial {
                zone.reserve(nodes.len());
            }
            let mut records: Vec<Bound<'_, PyAny>> = Vec::new();
            for (node_name, node) in nodes.iter() {
                records.clear();
                match node.cast::<PySet>() {
                    Ok(set) => records.extend(set.iter()),
                    Err(_) => {
                        for r in node.try_iter()? {
                            records.push(r?);
                        }
                    }
                }
                let node_name = node_name.cast::<PyString>()?.to_cow()?;
                if partial && !reader.is_mail_node(&node_name, &records)? {
                    continue; // looked up below only if an MX points at it
                }
                reader.node(&mut zone, &node_name, &records)?;
            }
            if partial && read.targets {
                // what exists at in-zone MX targets: octoDNS's own `_records.get(name)`
                zone.fill_target_nodes(|host, types| -> PyResult<()> {
                    if let Some(node) = nodes.get_item(host)? {
                        for record in node.try_iter()? {
                            types.push(reader.rtype(&record?)?);
                        }
                    }
                    Ok(())
                })?;
            }
        }
        _ => {
            let mut by_name: HashMap<String, Vec<Bound<'_, PyAny>>> = HashMap::new();
            for record in obj.getattr(intern!(py, "records"))?.try_iter()? {
                let record = record?;
                let rname: String = record.getattr(intern!(py, "name"))?.extract()?;
                by_name.entry(rname).or_default().push(record);
            }
            for (node_name, records) in by_name {
                reader.node(&mut zone, &node_name, &records)?;
            }
        }
    }
    Ok(zone)
}

struct Reader {
    /// Python class pointer -> record type.
    types: HashMap<usize, RType, foldhash::fast::RandomState>,
    partial: bool,
    /// Read TXT values (else keep TXT records as stubs in a partial read).
    txt: bool,
    /// The types at the current node (a buffer reused across nodes).
    node_types: Vec<RType>,
}

impl Reader {
    fn rtype(&mut self, record: &Bound<'_, PyAny>) -> PyResult<RType> {
        let key = record.get_type_ptr() as usize;
        if let Some(t) = self.types.get(&key) {
            return Ok(t.clone());
        }
        let s: String = record.getattr(intern!(record.py(), "_type"))?.extract()?;
        let t = RType::parse(&s).ok_or_else(|| {
            PyErr::from(ZoneError::InvalidType {
                fqdn: String::new(),
                rtype: s.clone(),
            })
        })?;
        self.types.insert(key, t.clone());
        Ok(t)
    }

    /// Does a rule read this name's records (apex, `_dmarc`, names with MX)?
    fn is_mail_node(&mut self, name: &str, records: &[Bound<'_, PyAny>]) -> PyResult<bool> {
        if name.is_empty() || name == "_dmarc" {
            return Ok(true);
        }
        for r in records {
            if self.rtype(r)? == RType::Mx {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn node(&mut self, zone: &mut Zone, name: &str, records: &[Bound<'_, PyAny>]) -> PyResult<()> {
        if records.is_empty() {
            return Ok(());
        }
        let mut types = std::mem::take(&mut self.node_types);
        types.clear();
        for r in records {
            types.push(self.rtype(r)?);
        }
        let result = self.node_with_types(zone, name, records, &types);
        self.node_types = types;
        result
    }

    fn node_with_types(
        &mut self,
        zone: &mut Zone,
        name: &str,
        records: &[Bound<'_, PyAny>],
        types: &[RType],
    ) -> PyResult<()> {
        let mail_name = name.is_empty() || name == "_dmarc" || types.contains(&RType::Mx);
        if self.partial && !mail_name {
            // nothing here is read by a rule beyond its existence and type
            let name = canonical(name);
            for rtype in types {
                zone.insert_stub(&name, rtype);
            }
            return Ok(());
        }
        let (name, decoded_name) = zone.normalize_name(name)?;
        for (record, rtype) in records.iter().zip(types) {
            let needed = match rtype {
                RType::Mx => true,
                RType::Txt => self.txt,
                _ => false,
            };
            if self.partial && !needed {
                zone.insert_stub(&name, rtype);
                continue;
            }
            let ttl: i64 = record.getattr(intern!(record.py(), "ttl"))?.extract()?;
            let data = read_values(record, rtype, || zone.fqdn_of(&name))?;
            zone.insert(
                Record {
                    name: name.clone(),
                    decoded_name: decoded_name.clone(),
                    rtype: rtype.clone(),
                    ttl,
                    data,
                },
                true,
            )?;
        }
        Ok(())
    }
}

/// octoDNS keeps names IDNA-encoded and lower-case already; only odd input
/// needs the full normalisation.
fn canonical(name: &str) -> std::borrow::Cow<'_, str> {
    if name
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        name.into()
    } else {
        crate::zone::idna_encode(name)
            .map(Into::into)
            .unwrap_or_else(|_| name.to_lowercase().into())
    }
}

/// Calls `f` on each value: `values` (a list) or `value` (single-value types).
fn for_each_value<'py>(
    record: &Bound<'py, PyAny>,
    mut f: impl FnMut(&Bound<'py, PyAny>) -> PyResult<()>,
) -> PyResult<()> {
    let py = record.py();
    if let Some(values) = record.getattr_opt(intern!(py, "values"))? {
        if let Ok(list) = values.cast::<PyList>() {
            for v in list.iter() {
                f(&v)?;
            }
            return Ok(());
        }
        for v in values.try_iter()? {
            f(&v?)?;
        }
        return Ok(());
    }
    match record.getattr_opt(intern!(py, "value"))? {
        Some(v) if !v.is_none() => f(&v),
        _ => Ok(()),
    }
}

fn read_values(
    record: &Bound<'_, PyAny>,
    rtype: &RType,
    fqdn: impl Fn() -> String,
) -> PyResult<RData> {
    let py = record.py();
    match rtype {
        RType::Mx => {
            let mut out = Vec::with_capacity(2);
            for_each_value(record, |v| {
                let (pref, exchange) = match v.cast::<PyDict>() {
                    Ok(d) => (
                        d.get_item(intern!(py, "preference"))?,
                        d.get_item(intern!(py, "exchange"))?,
                    ),
                    Err(_) => (
                        v.getattr_opt(intern!(py, "preference"))?,
                        v.getattr_opt(intern!(py, "exchange"))?,
                    ),
                };
                let bad = || {
                    PyErr::from(ZoneError::value(
                        &fqdn(),
                        "MX",
                        format!("invalid value {v}"),
                    ))
                };
                let preference: u16 = pref.ok_or_else(bad)?.extract().map_err(|_| bad())?;
                let exchange = exchange.ok_or_else(bad)?;
                let exchange = exchange.cast::<PyString>().map_err(|_| bad())?.to_cow()?;
                out.push(MxValue {
                    preference,
                    exchange: exchange.into_owned(),
                });
                Ok(())
            })?;
            out.sort();
            Ok(RData::Mx(out))
        }
        RType::Txt => {
            let mut out = Vec::with_capacity(1);
            for_each_value(record, |v| {
                let s = v.cast::<PyString>().map_err(|_| {
                    PyErr::from(ZoneError::value(
                        &fqdn(),
                        "TXT",
                        format!("value {v} is not a str"),
                    ))
                })?;
                out.push(s.to_cow()?.into_owned());
                Ok(())
            })?;
            Ok(RData::Txt(out))
        }
        _ => {
            let mut inputs = Vec::new();
            for_each_value(record, |v| {
                inputs.push(InputValue::Str(text_of(v)?));
                Ok(())
            })?;
            Ok(typed_values(rtype, &inputs, &fqdn(), false)?)
        }
    }
}

/// A non-MX/TXT value as text: str values as they are, others through
/// `to_rdata_text()` when they have it, else `str()`.
fn text_of(v: &Bound<'_, PyAny>) -> PyResult<String> {
    if PyString::is_type_of(v) {
        return Ok(v.cast::<PyString>()?.to_cow()?.into_owned());
    }
    if let Some(method) = v.getattr_opt(intern!(v.py(), "to_rdata_text"))? {
        if let Ok(text) = method.call0() {
            return Ok(text.str()?.to_cow()?.into_owned());
        }
    }
    Ok(v.str()?.to_cow()?.into_owned())
}
