//! Python bindings for the test DNS server: `_core._DnsServer`, wrapped by
//! `mailtrace_mx.testing.DnsServer`.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBool;

use super::blocking::detached;
use super::errors::server_start_error;
use crate::testserver::{parse_record, DnsServer, Fault, Records, ServerState};

/// The longest delay accepted, in seconds (one day).
const MAX_DELAY_SECS: f64 = 86_400.0;

/// The largest TTL (RFC 2181 §8).
const MAX_TTL: i64 = 2_147_483_647;

/// Adds this area's class to the module. It is private (wrapped by
/// `mailtrace_mx.testing`), so it is set as an attribute without joining
/// `__all__` (which would leak it into `from mailtrace_mx import *`).
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.setattr("_DnsServer", m.py().get_type::<PyDnsServer>())
}

/// The native test DNS server: records, faults and query log live here; the
/// server itself runs between `start()` and `stop()` on a background thread.
#[pyclass(frozen, name = "_DnsServer", module = "mailtrace_mx._core")]
pub struct PyDnsServer {
    state: ServerState,
    server: Mutex<Option<DnsServer>>,
}

/// A record as handed over from Python: (name, type, value, ttl).
type RecordTuple = (String, String, String, i64);

#[pymethods]
impl PyDnsServer {
    /// An empty, stopped server.
    #[new]
    fn new() -> Self {
        Self {
            state: ServerState::default(),
            server: Mutex::new(None),
        }
    }

    /// Starts serving on a free port of 127.0.0.1 (no-op when running).
    fn start(&self) -> PyResult<()> {
        let mut server = self.lock();
        if server.is_none() {
            let started = DnsServer::serve(self.state.clone()).map_err(server_start_error)?;
            *server = Some(started);
        }
        Ok(())
    }

    /// Stops serving and waits for the server thread (no-op when stopped).
    fn stop(&self, py: Python<'_>) {
        let server = self.lock().take();
        detached(py, move || drop(server));
    }

    /// True between `start()` and `stop()`.
    #[getter]
    fn running(&self) -> bool {
        self.lock().is_some()
    }

    /// The port of the running server (UDP and TCP).
    #[getter]
    fn port(&self) -> PyResult<u16> {
        self.lock()
            .as_ref()
            .map(DnsServer::port)
            .ok_or_else(|| PyRuntimeError::new_err("the DNS server is not running; call start()"))
    }

    /// Adds records given as (name, type, value, ttl) tuples; all or none.
    fn add_records(&self, records: Vec<RecordTuple>) -> PyResult<()> {
        let parsed = parse_all(&records)?;
        self.state.insert_records(parsed);
        Ok(())
    }

    /// Replaces every record with the given (name, type, value, ttl) tuples;
    /// on an error the old records stay.
    fn set_records(&self, records: Vec<RecordTuple>) -> PyResult<()> {
        let mut fresh = Records::new();
        for record in parse_all(&records)? {
            fresh.insert(record);
        }
        self.state.set_records(fresh);
        Ok(())
    }

    /// Adds a fault for `name`: "timeout"/"drop" (no reply), "servfail",
    /// "refused", "truncate" or "delay" (needs `delay`); `delay` given with
    /// another kind delays that fault too.
    #[pyo3(signature = (name, kind, delay=None))]
    fn set_fault(&self, name: &str, kind: &str, delay: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let delay = delay.map(|d| seconds(d, "delay")).transpose()?;
        let fault = match kind {
            "timeout" | "drop" => Some(Fault::NoReply),
            "servfail" => Some(Fault::ServFail),
            "refused" => Some(Fault::Refused),
            "truncate" => Some(Fault::Truncate),
            "delay" if delay.is_none() => {
                return Err(PyValueError::new_err(
                    "fault kind \"delay\" needs delay=SECONDS",
                ))
            }
            "delay" => None,
            other => {
                return Err(PyValueError::new_err(format!(
                    "unknown fault kind {other:?} (expected one of \"timeout\", \"drop\", \
                     \"servfail\", \"refused\", \"truncate\", \"delay\")"
                )))
            }
        };
        if let Some(fault) = fault {
            self.state.set_fault(name, fault);
        }
        if let Some(delay) = delay {
            self.state.set_fault(name, Fault::Delay(delay));
        }
        Ok(())
    }

    /// Marks `name` and every name under it signed: answers to queries with
    /// the DO or AD bit carry the AD bit (RFC 6840 §5.7).
    fn sign(&self, name: &str) {
        self.state.sign(name);
    }

    /// Removes `name` from the signed names.
    fn unsign(&self, name: &str) {
        self.state.unsign(name);
    }

    /// The names marked signed, sorted (lower case, no trailing dot).
    fn signed(&self) -> Vec<String> {
        self.state.signed()
    }

    /// Removes every fault.
    fn clear_faults(&self) {
        self.state.clear_faults();
    }

    /// Removes records, faults and the query log (the delay stays).
    fn clear(&self) {
        self.state.clear();
    }

    /// Forgets the queries received so far.
    fn clear_queries(&self) {
        self.state.clear_queries();
    }

    /// Seconds every query waits before its answer (unless its name has a delay fault).
    #[getter]
    fn get_delay(&self) -> f64 {
        self.state.default_delay().as_secs_f64()
    }

    #[setter]
    fn set_delay(&self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        self.state.set_default_delay(seconds(value, "delay")?);
        Ok(())
    }

    /// Queries received for `name` (case-insensitive), or in all when `name` is None.
    #[pyo3(signature = (name=None))]
    fn query_count(&self, name: Option<&str>) -> usize {
        match name {
            Some(name) => self.state.query_count(name),
            None => self.state.total_queries(),
        }
    }

    /// Every query received, oldest first, as (name, type, "udp" | "tcp").
    fn queries(&self) -> Vec<(String, String, &'static str)> {
        self.state
            .queries()
            .into_iter()
            .map(|q| (q.name, q.rtype, q.protocol.as_str()))
            .collect()
    }

    /// The queries that carried the DNSSEC OK bit, oldest first, as (name, type).
    fn dnssec_ok_queries(&self) -> Vec<(String, String)> {
        self.state
            .queries()
            .into_iter()
            .filter(|q| q.dnssec_ok)
            .map(|q| (q.name, q.rtype))
            .collect()
    }
}

impl PyDnsServer {
    /// The running server slot; a poisoned lock is still usable.
    fn lock(&self) -> MutexGuard<'_, Option<DnsServer>> {
        self.server.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Parses every tuple, failing on the first bad one.
fn parse_all(records: &[RecordTuple]) -> PyResult<Vec<hickory_proto::rr::Record>> {
    records
        .iter()
        .map(|(name, rtype, value, ttl)| {
            let ttl = checked_ttl(*ttl)?;
            Ok(parse_record(name, rtype, value, ttl)?)
        })
        .collect()
}

/// A TTL in 0..=2^31-1.
fn checked_ttl(ttl: i64) -> PyResult<u32> {
    if (0..=MAX_TTL).contains(&ttl) {
        Ok(ttl as u32)
    } else {
        Err(PyValueError::new_err(format!(
            "invalid ttl {ttl}: must be between 0 and {MAX_TTL}"
        )))
    }
}

/// A number of seconds (int or float, not bool) in 0..=86400.
fn seconds(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Duration> {
    if value.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a number of seconds, not {}",
            value.repr()?
        )));
    }
    let secs: f64 = value.extract().map_err(|_| {
        let shown = value.repr().map(|r| r.to_string()).unwrap_or_default();
        PyTypeError::new_err(format!("{what} must be a number of seconds, not {shown}"))
    })?;
    if !(0.0..=MAX_DELAY_SECS).contains(&secs) {
        return Err(PyValueError::new_err(format!(
            "invalid {what} {secs}: must be between 0 and {MAX_DELAY_SECS} seconds"
        )));
    }
    Duration::try_from_secs_f64(secs)
        .map_err(|e| PyValueError::new_err(format!("invalid {what} {secs}: {e}")))
}
