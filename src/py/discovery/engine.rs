//! `MXDiscovery`: the engine as a Python class. Every blocking wait runs with
//! the GIL released; warnings are logged afterwards, on the calling thread.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

use super::args::{str_arg, str_list};
use super::config::{config_from_any, count_arg, PyMxDiscoveryConfig};
use super::record::PyMxRecord;
use crate::discovery::record::Answer;
use crate::discovery::{
    emit_warnings, parse_entry, Entry, LookupError, MxDiscovery, DEFAULT_MAX_CACHE_ENTRIES,
    DEFAULT_MAX_IN_FLIGHT,
};
use crate::dns::name::display_without_dot;
use crate::dns::runtime::Kind;
use crate::py::blocking::wait;
use crate::py::errors::lookup_error;

/// Largest accepted `max_in_flight` / `max_cache_entries`.
const MAX_COUNT: usize = 1 << 30;
/// Cached answers whose host list is kept as Python objects (then cleared).
const MEMO_MAX: usize = 4096;

/// The host lists of recent cache hits as Python lists, keyed by the address
/// of the cached answer; the `Weak` pins that address, so a live answer at
/// the same address is the same answer. A hit returns a shallow copy.
type HostsMemo = HashMap<usize, (Weak<Answer>, Py<PyList>), foldhash::fast::RandomState>;

/// Concurrent, cached MX discovery (the drop-in for mailtrace's dnspython
/// path). `config` is an `MXDiscoveryConfig`, a mapping, any object with
/// `servers`/`timeout`/`cache_ttl`, or None; at most `max_in_flight`
/// lookups are on the wire at once and the cache holds at most
/// `max_cache_entries` domains (least recently used evicted first).
/// Safe to share between threads.
#[pyclass(frozen, module = "mailtrace_mx", name = "MXDiscovery")]
pub struct PyMxDiscovery {
    engine: MxDiscovery,
    config: PyMxDiscoveryConfig,
    max_cache_entries: usize,
    hosts_memo: Mutex<HostsMemo>,
}

impl PyMxDiscovery {
    /// The core engine (shared by `Clusters`).
    pub fn engine(&self) -> &MxDiscovery {
        &self.engine
    }

    /// A cache hit answered without copying the domain or releasing the GIL.
    fn cached_hosts<'py>(
        &self,
        py: Python<'py>,
        domain: &str,
    ) -> PyResult<Option<Bound<'py, PyList>>> {
        let Some(answer) = self.engine.cached_answer(domain) else {
            return Ok(None);
        };
        match &*answer {
            Answer::Records(records) => {
                let key = Arc::as_ptr(&answer) as usize;
                let mut memo = self.hosts_memo.lock().unwrap_or_else(|e| e.into_inner());
                if let Some((_, list)) = memo.get(&key) {
                    let list = list.bind(py);
                    return Ok(Some(list.get_slice(0, list.len())));
                }
                let list = PyList::new(py, records.iter().map(|r| r.exchange.as_str()))?;
                if memo.len() >= MEMO_MAX {
                    memo.clear();
                }
                memo.insert(key, (Arc::downgrade(&answer), list.clone().unbind()));
                Ok(Some(list.get_slice(0, list.len())))
            }
            Answer::Implicit { .. } => PyList::new(py, [display_without_dot(domain)]).map(Some),
            Answer::NullMx => Ok(None),
        }
    }

    fn resolve_domains(&self, py: Python<'_>, domains: Vec<String>) -> PyResult<Vec<Vec<String>>> {
        let (hosts, warnings) = match self.engine.resolve_offline(&domains) {
            Some(done) => done,
            None => {
                let kind = MxDiscovery::kind_for(domains.len());
                wait(py, kind, self.engine.resolve_many_future(domains, kind))?
            }
        };
        emit_warnings(&warnings);
        Ok(hosts)
    }
}

#[pymethods]
impl PyMxDiscovery {
    #[new]
    #[pyo3(
        signature = (config=None, *, max_in_flight=None, max_cache_entries=None),
        text_signature = "(config=None, *, max_in_flight=256, max_cache_entries=100000)"
    )]
    fn py_new(
        py: Python<'_>,
        config: Option<&Bound<'_, PyAny>>,
        max_in_flight: Option<&Bound<'_, PyAny>>,
        max_cache_entries: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let config = config_from_any(config)?;
        let in_flight = match max_in_flight {
            Some(v) => count_arg("max_in_flight", v, 1, MAX_COUNT)?,
            None => DEFAULT_MAX_IN_FLIGHT,
        };
        let cache_entries = match max_cache_entries {
            Some(v) => count_arg("max_cache_entries", v, 0, MAX_COUNT)?,
            None => DEFAULT_MAX_CACHE_ENTRIES,
        };
        let engine = MxDiscovery::new(config.to_core(py)?, in_flight, cache_entries);
        Ok(Self {
            engine,
            config,
            max_cache_entries: cache_entries,
            hosts_memo: Mutex::new(HostsMemo::default()),
        })
    }

    /// A copy of the configuration in use (a snapshot taken at construction).
    #[getter]
    fn config(&self) -> PyMxDiscoveryConfig {
        self.config.clone()
    }

    /// The cap on lookups on the wire at once.
    #[getter]
    fn max_in_flight(&self) -> usize {
        self.engine.max_in_flight()
    }

    /// The cap on cached domains.
    #[getter]
    fn max_cache_entries(&self) -> usize {
        self.max_cache_entries
    }

    /// The MX hostnames of `domain` (by preference, then name); on a DNS
    /// failure logs one warning and returns `[]`.
    fn resolve<'py>(
        &self,
        py: Python<'py>,
        domain: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        if let Some(text) = domain.cast::<PyString>().ok().and_then(|s| s.to_cow().ok()) {
            if let Some(hit) = self.cached_hosts(py, &text)? {
                return Ok(hit);
            }
        }
        let domain = str_arg("domain", domain)?;
        let hosts = self.resolve_domains(py, vec![domain])?;
        PyList::new(py, hosts.into_iter().next().unwrap_or_default())
    }

    /// `mx:DOMAIN` resolves DOMAIN; any other string is returned as `[entry]`.
    fn expand_entry(&self, py: Python<'_>, entry: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let entry = str_arg("entry", entry)?;
        Ok(match parse_entry(&entry) {
            Entry::Mx(domain) => self
                .resolve_domains(py, vec![domain.to_owned()])?
                .into_iter()
                .next()
                .unwrap_or_default(),
            Entry::Static(s) => vec![s.to_owned()],
        })
    }

    /// Expands all entries, every `mx:` lookup at once; the expansions in
    /// entry order, first occurrence kept.
    fn expand_entries(&self, py: Python<'_>, entries: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
        let entries = str_list("entries", entries)?;
        let groups = self.expand_groups(py, vec![entries])?;
        Ok(groups.into_iter().next().unwrap_or_default())
    }

    /// Expands several lists of entries (e.g. clusters) with all their `mx:`
    /// lookups at once; one expansion per list.
    fn expand_entry_groups(
        &self,
        py: Python<'_>,
        groups: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<Vec<String>>> {
        let mut lists = Vec::new();
        for (i, group) in groups.try_iter()?.enumerate() {
            lists.push(str_list(&format!("groups[{i}]"), &group?)?);
        }
        self.expand_groups(py, lists)
    }

    /// The structured answer: `MXRecord`s in the same order as `resolve`;
    /// raises an `MXLookupError` subclass instead of warning.
    fn lookup(&self, py: Python<'_>, domain: &Bound<'_, PyAny>) -> PyResult<Vec<PyMxRecord>> {
        let domain = str_arg("domain", domain)?;
        let written = crate::dns::text::py_strip(&domain).to_owned();
        let offline = self.engine.lookup_offline(&[&domain]);
        let results = match offline {
            Some(done) => done,
            None => wait(
                py,
                Kind::Local,
                self.engine.lookup_many_future(vec![domain], Kind::Local),
            )?,
        };
        let result = results
            .into_iter()
            .next()
            .unwrap_or_else(|| Err(LookupError::Internal("lookup lost".to_owned())));
        match result {
            Ok(records) => Ok(records.into_iter().map(PyMxRecord::from).collect()),
            Err(e) => Err(lookup_error(&written, &e)),
        }
    }

    /// Drops every cached answer.
    fn clear_cache(&self) {
        self.engine.clear_cache();
        self.hosts_memo
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "MXDiscovery(config={}, max_in_flight={}, max_cache_entries={})",
            self.config.repr_text(py)?,
            self.engine.max_in_flight(),
            self.max_cache_entries
        ))
    }
}

impl PyMxDiscovery {
    /// Expands groups of entries (all `mx:` lookups at once) through the
    /// blocking helper and logs the warnings on the calling thread.
    pub(super) fn expand_groups(
        &self,
        py: Python<'_>,
        groups: Vec<Vec<String>>,
    ) -> PyResult<Vec<Vec<String>>> {
        let kind = MxDiscovery::kind_for(MxDiscovery::mx_count(&groups));
        let work = self.engine.expand_groups_future(groups, kind);
        let (expanded, warnings) = wait(py, kind, work)?;
        emit_warnings(&warnings);
        Ok(expanded)
    }
}
