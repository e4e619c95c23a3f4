//! The `"policy"` and `"tls"` items of `DomainReport.to_dict()` (issue 9):
//! present only when the probe ran.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::probe::cert::{rfc3339, CertInfo};
use crate::probe::{PolicyProbe, Probed, TlsProbe, TlsaLookup, Verdict};

/// Adds `"policy"` / `"tls"` to `d` for the probes that ran.
pub fn add_items(d: &Bound<'_, PyDict>, probed: &Probed) -> PyResult<()> {
    let py = d.py();
    if let Some(p) = &probed.policy {
        d.set_item("policy", policy(py, p)?)?;
    }
    if let Some(list) = &probed.tls {
        let out = PyList::empty(py);
        for t in list {
            out.append(tls(py, t)?)?;
        }
        d.set_item("tls", out)?;
    }
    Ok(())
}

fn certificate<'py>(py: Python<'py>, c: Option<&CertInfo>) -> PyResult<Bound<'py, PyAny>> {
    let Some(c) = c else {
        return Ok(py.None().into_bound(py));
    };
    let d = PyDict::new(py);
    d.set_item("subject", &c.subject)?;
    d.set_item("sans", PyList::new(py, &c.sans)?)?;
    d.set_item("issuer", &c.issuer)?;
    d.set_item("not_after", rfc3339(c.not_after))?;
    Ok(d.into_any())
}

fn policy<'py>(py: Python<'py>, p: &PolicyProbe) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("url", &p.fetched.url)?;
    d.set_item("address", p.fetched.address.map(|a| a.to_string()))?;
    d.set_item(
        "certificate",
        certificate(py, p.fetched.certificate.as_ref())?,
    )?;
    d.set_item("fetched", p.fetched.body.is_ok())?;
    let error = match (&p.fetched.body, &p.policy) {
        (Err(f), _) => Some(f.reason()),
        (Ok(_), Some(Err(e))) => Some(e.to_string()),
        _ => None,
    };
    d.set_item("error", error)?;
    let parsed = match &p.policy {
        Some(Ok(pol)) => Some(pol),
        _ => None,
    };
    d.set_item("mode", parsed.map(|p| p.mode.as_str()))?;
    d.set_item("max_age", parsed.map(|p| p.max_age))?;
    d.set_item("mx", parsed.map(|p| p.mx.clone()))?;
    Ok(d)
}

fn tls<'py>(py: Python<'py>, t: &TlsProbe) -> PyResult<Bound<'py, PyDict>> {
    let s = &t.smtp;
    let d = PyDict::new(py);
    d.set_item("host", &s.host)?;
    d.set_item("address", s.address.to_string())?;
    d.set_item("port", s.port)?;
    d.set_item("reached", s.reached)?;
    d.set_item("banner", &s.banner)?;
    d.set_item("starttls", s.starttls)?;
    d.set_item("protocol", &s.protocol)?;
    d.set_item("cipher", &s.cipher)?;
    d.set_item("certificate", certificate(py, s.certificate.as_ref())?)?;
    let verified = match &s.verdict {
        Some(Ok(())) => Some(true),
        Some(Err(_)) => Some(false),
        None => None,
    };
    d.set_item("verified", verified)?;
    let verify_error = match &s.verdict {
        Some(Err(Verdict::Name(r) | Verdict::Expired(r) | Verdict::Untrusted(r))) => Some(r),
        _ => None,
    };
    d.set_item("verify_error", verify_error)?;
    d.set_item("error", s.failure.as_ref().map(|f| f.reason()))?;
    d.set_item("dane", dane(py, t)?)?;
    Ok(d)
}

fn dane<'py>(py: Python<'py>, t: &TlsProbe) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    match &t.tlsa {
        TlsaLookup::Found {
            records,
            authenticated,
        } => {
            let params: Vec<String> = records.iter().map(|r| r.params()).collect();
            d.set_item("tlsa", params)?;
            d.set_item("authenticated", *authenticated)?;
            d.set_item("error", py.None())?;
        }
        TlsaLookup::Failed(why) => {
            d.set_item("tlsa", PyList::empty(py))?;
            d.set_item("authenticated", false)?;
            d.set_item("error", why)?;
        }
    }
    d.set_item("match", &t.dane_match)?;
    Ok(d)
}
