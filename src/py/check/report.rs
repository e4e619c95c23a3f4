//! `Finding` and `DomainReport` as Python classes.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use crate::check::hosts::{Fcrdns, HostChecks, Reverse};
use crate::check::spf::summary::qualifier_name;
use crate::check::spf::{Branch, SpfSummary};
use crate::check::{DomainReport, Finding, Severity};
use crate::py::discovery::args::{describe, str_arg, str_list};
use crate::py::discovery::PyMxRecord;

/// One finding of a live check: `id` (kebab-case rule id), `severity`
/// (`'error'`, `'warning'` or `'info'`), `message` (for people) and
/// `records` (the records concerned, presentation form). Immutable,
/// hashable, compared by value.
#[pyclass(frozen, eq, hash, module = "mailtrace_mx", name = "Finding")]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PyFinding {
    id: String,
    severity: Severity,
    message: String,
    records: Vec<String>,
}

impl From<Finding> for PyFinding {
    fn from(f: Finding) -> Self {
        Self {
            id: f.id,
            severity: f.severity,
            message: f.message,
            records: f.records,
        }
    }
}

impl PyFinding {
    fn dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("id", &self.id)?;
        d.set_item("severity", self.severity.as_str())?;
        d.set_item("message", &self.message)?;
        d.set_item("records", PyList::new(py, &self.records)?)?;
        Ok(d)
    }
}

#[pymethods]
impl PyFinding {
    #[new]
    #[pyo3(signature = (id, severity, message, records=None))]
    fn py_new(
        id: &Bound<'_, PyAny>,
        severity: &Bound<'_, PyAny>,
        message: &Bound<'_, PyAny>,
        records: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let sev = str_arg("severity", severity)?;
        let severity = Severity::parse(&sev).ok_or_else(|| {
            PyValueError::new_err(format!(
                "severity must be 'error', 'warning' or 'info', got {:?}",
                sev
            ))
        })?;
        Ok(Self {
            id: str_arg("id", id)?,
            severity,
            message: str_arg("message", message)?,
            records: match records {
                Some(r) => str_list("records", r)?,
                None => Vec::new(),
            },
        })
    }

    /// The rule id, e.g. `"mx-cname"`.
    #[getter]
    fn id(&self) -> &str {
        &self.id
    }

    /// `"error"`, `"warning"` or `"info"`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.severity.as_str()
    }

    /// The explanation, for people.
    #[getter]
    fn message(&self) -> &str {
        &self.message
    }

    /// The records concerned (a copy).
    #[getter]
    fn records(&self) -> Vec<String> {
        self.records.clone()
    }

    #[classattr]
    fn __match_args__() -> (&'static str, &'static str, &'static str, &'static str) {
        ("id", "severity", "message", "records")
    }

    /// `{"id", "severity", "message", "records"}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.dict(py)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Finding(id={}, severity={}, message={}, records={})",
            PyString::new(py, &self.id).repr()?,
            PyString::new(py, self.severity.as_str()).repr()?,
            PyString::new(py, &self.message).repr()?,
            PyList::new(py, &self.records)?.repr()?,
        ))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let f = slf.get();
        let args = (
            f.id.clone(),
            f.severity.as_str(),
            f.message.clone(),
            f.records.clone(),
        )
            .into_pyobject(py)?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }
}

/// The result of `check_domain`: `domain` (as written), `mx` (`MXRecord`s in
/// RFC 5321 order, as `MXDiscovery.lookup`), `addresses` (exchange ->
/// A/AAAA addresses, A first) and `findings`. `to_dict()` is the CLI's
/// `check --json` item.
#[pyclass(frozen, module = "mailtrace_mx", name = "DomainReport")]
pub struct PyDomainReport {
    report: DomainReport,
}

impl From<DomainReport> for PyDomainReport {
    fn from(report: DomainReport) -> Self {
        Self { report }
    }
}

impl PyDomainReport {
    fn addresses_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (host, ips) in &self.report.addresses {
            let ips: Vec<String> = ips.iter().map(|i| i.to_string()).collect();
            d.set_item(host, PyList::new(py, ips)?)?;
        }
        Ok(d)
    }

    /// `{"record", "name", "inherited", "policy", "subdomain_policy", "rua",
    /// "ruf", "external_authorized": {dest: bool | None}}`.
    fn dmarc_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = &self.report.dmarc;
        let d = PyDict::new(py);
        d.set_item("record", &s.record)?;
        d.set_item("name", &s.name)?;
        d.set_item("inherited", s.inherited)?;
        d.set_item("policy", &s.policy)?;
        d.set_item("subdomain_policy", &s.subdomain_policy)?;
        d.set_item("rua", PyList::new(py, &s.rua)?)?;
        d.set_item("ruf", PyList::new(py, &s.ruf)?)?;
        let external = PyDict::new(py);
        for (dest, ok) in &s.external_authorized {
            external.set_item(dest, ok)?;
        }
        d.set_item("external_authorized", external)?;
        Ok(d)
    }

    fn findings_vec(&self) -> Vec<PyFinding> {
        self.report
            .findings
            .iter()
            .cloned()
            .map(PyFinding::from)
            .collect()
    }
}

/// `{"record", "lookups", "void_lookups", "effective_all", "result",
/// "tree", "unexpanded"}` of the SPF tree.
fn spf_dict<'py>(py: Python<'py>, spf: &SpfSummary) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("record", spf.record.as_deref())?;
    d.set_item("lookups", spf.lookups)?;
    d.set_item("void_lookups", spf.void_lookups)?;
    d.set_item("effective_all", spf.effective_all.map(qualifier_name))?;
    d.set_item("result", spf.result.as_str())?;
    d.set_item("tree", branches_list(py, &spf.tree)?)?;
    let unexpanded = PyList::empty(py);
    for (name, term) in &spf.unexpanded {
        let u = PyDict::new(py);
        u.set_item("name", name)?;
        u.set_item("term", term)?;
        unexpanded.append(u)?;
    }
    d.set_item("unexpanded", unexpanded)?;
    Ok(d)
}

/// `[{"name", "via", "record", "status", "children"}]`, nested.
fn branches_list<'py>(py: Python<'py>, branches: &[Branch]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for b in branches {
        let d = PyDict::new(py);
        d.set_item("name", &b.name)?;
        d.set_item("via", b.via.as_str())?;
        d.set_item("record", b.record.as_deref())?;
        d.set_item("status", b.status)?;
        d.set_item("children", branches_list(py, &b.children)?)?;
        list.append(d)?;
    }
    Ok(list)
}

#[pymethods]
impl PyDomainReport {
    /// The domain as the caller wrote it (whitespace trimmed).
    #[getter]
    fn domain(&self) -> &str {
        &self.report.domain
    }

    /// MX records in RFC 5321 order (empty for a Null MX).
    #[getter]
    fn mx(&self) -> Vec<PyMxRecord> {
        self.report
            .mx
            .iter()
            .cloned()
            .map(PyMxRecord::from)
            .collect()
    }

    /// Exchange -> its addresses (A first, then AAAA), in `mx` order.
    #[getter]
    fn addresses<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.addresses_dict(py)
    }

    /// The findings, in rule order.
    #[getter]
    fn findings(&self) -> Vec<PyFinding> {
        self.findings_vec()
    }

    /// `{"domain", "mx": [{"preference", "exchange", "ttl"}], "addresses",
    /// "findings": [{"id", "severity", "message", "records"}], "dmarc", "spf": {"record",
    /// "lookups", "void_lookups", "effective_all", "result", "tree",
    /// "unexpanded"}}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("domain", &self.report.domain)?;
        let mx = PyList::empty(py);
        for r in &self.report.mx {
            let m = PyDict::new(py);
            m.set_item("preference", r.preference)?;
            m.set_item("exchange", &r.exchange)?;
            m.set_item("ttl", r.ttl)?;
            mx.append(m)?;
        }
        d.set_item("mx", mx)?;
        d.set_item("addresses", self.addresses_dict(py)?)?;
        let findings = PyList::empty(py);
        for f in self.findings_vec() {
            findings.append(f.dict(py)?)?;
        }
        d.set_item("findings", findings)?;
        d.set_item("dmarc", self.dmarc_dict(py)?)?;
        d.set_item("spf", spf_dict(py, &self.report.spf)?)?;
        d.set_item("dnssec", dnssec_dict(py, &self.report)?)?;
        let hosts = PyDict::new(py);
        for h in &self.report.hosts {
            hosts.set_item(&h.exchange, host_dict(py, h)?)?;
        }
        d.set_item("hosts", hosts)?;
        super::probes::add_items(&d, &self.report.probes)?;
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let exchanges: Vec<&str> = self.report.mx.iter().map(|r| r.exchange.as_str()).collect();
        let ids: Vec<&str> = self.report.findings.iter().map(|f| f.id.as_str()).collect();
        Ok(format!(
            "DomainReport(domain={}, mx={}, findings={})",
            PyString::new(py, &self.report.domain).repr()?,
            PyList::new(py, exchanges)?.repr()?,
            PyList::new(py, ids)?.repr()?,
        ))
    }
}

/// `{"authenticated": {"mx": bool, "tlsa": bool | None}}`: the AD bit of the
/// MX answer, and whether every TLSA answer had it (None: no host checked).
fn dnssec_dict<'py>(py: Python<'py>, report: &DomainReport) -> PyResult<Bound<'py, PyDict>> {
    let auth = PyDict::new(py);
    auth.set_item("mx", report.mx_authenticated)?;
    let tlsa =
        (!report.hosts.is_empty()).then(|| report.hosts.iter().all(|h| h.tlsa.authenticated));
    auth.set_item("tlsa", tlsa)?;
    let d = PyDict::new(py);
    d.set_item("authenticated", auth)?;
    Ok(d)
}

/// One exchange: `{"ptr": {address: {"name", "ptr", "confirmed", "error"}},
/// "tlsa": [{"usage", "selector", "matching", "data"}], "tlsa_authenticated",
/// "tlsa_error"}` (`data` in hex).
fn host_dict<'py>(py: Python<'py>, host: &HostChecks) -> PyResult<Bound<'py, PyDict>> {
    let ptr = PyDict::new(py);
    for r in &host.reverse {
        ptr.set_item(r.ip.to_string(), reverse_dict(py, r)?)?;
    }
    let tlsa = PyList::empty(py);
    for t in host.tlsa.lookup.records() {
        let item = PyDict::new(py);
        item.set_item("usage", t.usage)?;
        item.set_item("selector", t.selector)?;
        item.set_item("matching", t.matching)?;
        let hex: String = t.data.iter().map(|b| format!("{b:02x}")).collect();
        item.set_item("data", hex)?;
        tlsa.append(item)?;
    }
    let d = PyDict::new(py);
    d.set_item("ptr", ptr)?;
    d.set_item("tlsa", tlsa)?;
    d.set_item("tlsa_authenticated", host.tlsa.authenticated)?;
    d.set_item("tlsa_error", host.tlsa.lookup.failure())?;
    Ok(d)
}

/// One address: its reverse name, PTR targets, whether one resolves back
/// (None: undecided, `error` says why).
fn reverse_dict<'py>(py: Python<'py>, r: &Reverse) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("name", &r.name)?;
    d.set_item("ptr", PyList::new(py, r.ptr.records())?)?;
    let (confirmed, error) = match r.verdict() {
        Fcrdns::Confirmed(_) => (Some(true), None),
        Fcrdns::NotConfirmed(_) | Fcrdns::Missing => (Some(false), None),
        Fcrdns::Failed(reason) => (None, Some(reason)),
    };
    d.set_item("confirmed", confirmed)?;
    d.set_item("error", error)?;
    Ok(d)
}

/// A report built from Python (e.g. for a domain that could not be checked:
/// `check_domains` gives an invalid name a report with one finding).
#[pymethods]
impl PyDomainReport {
    /// `DomainReport(domain, findings=None)`: no MX records, no addresses.
    #[new]
    #[pyo3(signature = (domain, findings=None))]
    fn py_new(domain: &Bound<'_, PyAny>, findings: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let findings = match findings {
            Some(f) => finding_list(f)?,
            None => Vec::new(),
        };
        Ok(Self::from(DomainReport {
            domain: str_arg("domain", domain)?,
            mx: Vec::new(),
            addresses: Vec::new(),
            findings,
            dmarc: Default::default(),
            spf: Default::default(),
            probes: Default::default(),
            mx_authenticated: false,
            hosts: Vec::new(),
        }))
    }
}

/// The `findings` argument: an iterable of `Finding` (not a bare str).
fn finding_list(value: &Bound<'_, PyAny>) -> PyResult<Vec<Finding>> {
    let not_findings = || {
        PyTypeError::new_err(format!(
            "findings must be an iterable of Finding, got {}",
            describe(value)
        ))
    };
    if value.is_instance_of::<PyString>() {
        return Err(not_findings());
    }
    let mut out = Vec::new();
    for (i, item) in value.try_iter().map_err(|_| not_findings())?.enumerate() {
        let item = item?;
        let finding = item.cast::<PyFinding>().map_err(|_| {
            PyTypeError::new_err(format!(
                "findings[{i}] must be a Finding, got {}",
                describe(&item)
            ))
        })?;
        let f = finding.get();
        out.push(Finding {
            id: f.id.clone(),
            severity: f.severity,
            message: f.message.clone(),
            records: f.records.clone(),
        });
    }
    Ok(out)
}
