//! The mutable state a running server shares with its owner: records,
//! faults, the default delay and the log of queries received.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use hickory_proto::rr::Record;

use super::error::RecordError;
use super::fault::{Fault, FaultSet};
use super::parse::{name_key, parse_name};
use super::records::{parse_record, Records};

/// How a query reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Transport {
    /// A UDP datagram.
    Udp,
    /// A length-prefixed message on a TCP connection.
    Tcp,
}

impl Transport {
    /// `"udp"` or `"tcp"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Udp => "udp",
            Self::Tcp => "tcp",
        }
    }
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One query the server received (malformed packets are not logged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryLog {
    /// The queried name, lower case, without the trailing dot.
    pub name: String,
    /// The query type, e.g. `"MX"`.
    pub rtype: String,
    /// How it arrived.
    pub protocol: Transport,
    /// Whether the query carried EDNS(0) with the DNSSEC OK bit (RFC 3225 §3).
    pub dnssec_ok: bool,
}

/// Everything the server reads to answer, behind one lock.
#[derive(Debug, Default)]
pub(crate) struct Inner {
    pub(crate) records: Records,
    pub(crate) faults: HashMap<String, FaultSet>,
    pub(crate) default_delay: Duration,
    pub(crate) log: Vec<QueryLog>,
    /// Names marked signed: answers at or under them carry the AD bit.
    pub(crate) signed: BTreeSet<String>,
}

/// A cheap, cloneable handle on a server's data; all methods are thread-safe.
#[derive(Debug, Clone, Default)]
pub struct ServerState {
    inner: Arc<Mutex<Inner>>,
}

impl ServerState {
    /// A state serving `records`, with no faults and no delay.
    pub fn new(records: Records) -> Self {
        let inner = Inner {
            records,
            ..Inner::default()
        };
        Self {
            inner: Arc::new(Mutex::new(inner)),
        }
    }

    /// Locks the state; a panic elsewhere never makes it unusable.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds one record (see [`Records::add`]).
    pub fn add_record(
        &self,
        name: &str,
        rtype: &str,
        value: &str,
        ttl: u32,
    ) -> Result<(), RecordError> {
        let record = parse_record(name, rtype, value, ttl)?;
        self.lock().records.insert(record);
        Ok(())
    }

    /// Adds already parsed records (see [`parse_record`]) under one lock.
    pub fn insert_records(&self, records: impl IntoIterator<Item = Record>) {
        let mut inner = self.lock();
        for record in records {
            inner.records.insert(record);
        }
    }

    /// Replaces all records.
    pub fn set_records(&self, records: Records) {
        self.lock().records = records;
    }

    /// Adds `fault` for queries of `name` (case-insensitive, trailing dot optional).
    pub fn set_fault(&self, name: &str, fault: Fault) {
        let key = lookup_key(name);
        self.lock().faults.entry(key).or_default().add(fault);
    }

    /// Marks `name` and every name under it as signed (case-insensitive,
    /// trailing dot optional): answers to queries with the DO or AD bit set
    /// carry the AD bit, as a validating resolver's would (RFC 6840 §5.7,
    /// RFC 4035 §3.2.3). No signatures are made: only the flag is served.
    pub fn sign(&self, name: &str) {
        self.lock().signed.insert(lookup_key(name));
    }

    /// Removes `name` from the signed names (names under it that were
    /// marked themselves stay signed).
    pub fn unsign(&self, name: &str) {
        self.lock().signed.remove(&lookup_key(name));
    }

    /// The names marked signed, sorted.
    pub fn signed(&self) -> Vec<String> {
        self.lock().signed.iter().cloned().collect()
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        self.lock().faults.clear();
    }

    /// Sets the delay applied to every query without its own delay fault.
    pub fn set_default_delay(&self, delay: Duration) {
        self.lock().default_delay = delay;
    }

    /// The delay applied to every query without its own delay fault.
    pub fn default_delay(&self) -> Duration {
        self.lock().default_delay
    }

    /// Removes records, faults, signed names and the query log (the default
    /// delay stays).
    pub fn clear(&self) {
        let mut inner = self.lock();
        inner.records.clear();
        inner.faults.clear();
        inner.signed.clear();
        inner.log.clear();
    }

    /// Forgets the queries received so far.
    pub fn clear_queries(&self) {
        self.lock().log.clear();
    }

    /// How many queries for `name` (case-insensitive, trailing dot optional)
    /// arrived, over UDP and TCP together.
    pub fn query_count(&self, name: &str) -> usize {
        let key = lookup_key(name);
        self.lock().log.iter().filter(|q| q.name == key).count()
    }

    /// How many queries arrived in all.
    pub fn total_queries(&self) -> usize {
        self.lock().log.len()
    }

    /// Every query received, oldest first.
    pub fn queries(&self) -> Vec<QueryLog> {
        self.lock().log.clone()
    }
}

/// The key of a name given by a caller: parsed (IDN to punycode) when valid,
/// else just lower-cased with the trailing dot removed.
pub(crate) fn lookup_key(name: &str) -> String {
    match parse_name(name) {
        Ok(parsed) => name_key(&parsed),
        Err(_) => name.trim().trim_end_matches('.').to_ascii_lowercase(),
    }
}

impl Inner {
    /// Whether `key` (a name key) is a signed name or lies under one.
    pub(crate) fn is_signed(&self, key: &str) -> bool {
        self.signed
            .iter()
            .any(|zone| zone.is_empty() || key == zone || key.ends_with(&format!(".{zone}")))
    }
}
