//! The engine: concurrent, cached MX lookups bounded by `max_in_flight`.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::sync::Semaphore;

use super::answer;
use super::cache::Cache;
use super::config::DiscoveryConfig;
use super::error::{emit_warnings, LookupError};
use super::record::{Answer, MxRecord};
use crate::dns::name::{cache_key, display_without_dot, normalize, QueryName};
use crate::dns::runtime::{self, Kind};
use crate::dns::text::py_strip;
use crate::dns::{deadline_after, ServerPool};

/// One cluster entry: a static host or an `mx:` domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry<'a> {
    /// Returned as it is.
    Static(&'a str),
    /// `mx:` + domain; the domain has its surrounding whitespace removed.
    Mx(&'a str),
}

/// Splits an entry on the exact lowercase `mx:` prefix.
pub fn parse_entry(entry: &str) -> Entry<'_> {
    match entry.strip_prefix("mx:") {
        Some(domain) => Entry::Mx(py_strip(domain)),
        None => Entry::Static(entry),
    }
}

/// What is tied to one runtime generation: rebuilt after a fork.
struct Wire {
    generation: u64,
    pool: Result<ServerPool, LookupError>,
    permits: Arc<Semaphore>,
}

struct Inner {
    config: DiscoveryConfig,
    max_in_flight: usize,
    cache: Cache,
    /// One wire per runtime kind ([`runtime::Kind`] as index).
    wire: Mutex<[Option<Arc<Wire>>; 2]>,
}

/// An MX discovery engine: one config, one cache, at most `max_in_flight`
/// lookups on the wire. Cheap to share between threads.
#[derive(Clone)]
pub struct MxDiscovery {
    inner: Arc<Inner>,
}

/// A lookup's outcome before it is tied to the domain as written.
type RawResult = Result<Arc<Answer>, LookupError>;

impl MxDiscovery {
    /// An engine for `config`; `max_in_flight` >= 1 bounds concurrent
    /// queries, `max_cache_entries` bounds the cache (LRU).
    pub fn new(config: DiscoveryConfig, max_in_flight: usize, max_cache_entries: usize) -> Self {
        let cache = Cache::new(config.cache_ttl, max_cache_entries);
        Self {
            inner: Arc::new(Inner {
                config,
                max_in_flight: max_in_flight.clamp(1, Semaphore::MAX_PERMITS),
                cache,
                wire: Mutex::new([None, None]),
            }),
        }
    }

    /// The configuration in use.
    pub fn config(&self) -> &DiscoveryConfig {
        &self.inner.config
    }

    /// The cap on lookups on the wire at once.
    pub fn max_in_flight(&self) -> usize {
        self.inner.max_in_flight
    }

    /// Drops every cached answer.
    pub fn clear_cache(&self) {
        self.inner.cache.clear();
    }

    /// Number of cached domains.
    pub fn cache_len(&self) -> usize {
        self.inner.cache.len()
    }

    /// The runtime a blocking call over `n` distinct domains drives: one
    /// name on a current-thread runtime polled by the caller (no thread
    /// hand-offs), a batch on the shared workers (its CPU work spread).
    pub fn kind_for(n: usize) -> Kind {
        if n <= 1 {
            Kind::Local
        } else {
            Kind::Shared
        }
    }

    /// Looks up several domains at once (identical domains are asked once):
    /// each one's records or error, in order. Nothing is logged. The future
    /// must be polled on the runtime `runtime::current(kind)` (its resolvers
    /// are built there).
    pub fn lookup_many_future(
        &self,
        domains: Vec<String>,
        kind: Kind,
    ) -> impl Future<Output = Vec<LookupResult>> + Send + 'static {
        let mut unique: Vec<QueryName> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let slots: Vec<Result<usize, LookupError>> = domains
            .iter()
            .map(|d| {
                let q = normalize(d)?;
                Ok(*index.entry(q.key.clone()).or_insert_with(|| {
                    unique.push(q);
                    unique.len() - 1
                }))
            })
            .collect();
        let inner = self.inner.clone();
        async move {
            let raw = answer_all(inner, unique, kind).await;
            slots
                .into_iter()
                .zip(&domains)
                .map(|(slot, d)| {
                    let found = slot.and_then(|i| {
                        raw.get(i)
                            .cloned()
                            .unwrap_or_else(|| Err(internal("lookup lost")))
                    });
                    materialize(found, d)
                })
                .collect()
        }
    }

    /// [`Self::lookup_many_future`] with the warning texts of the failures
    /// (one per distinct text, in order) instead of the errors.
    pub fn resolve_many_future(
        &self,
        domains: Vec<String>,
        kind: Kind,
    ) -> impl Future<Output = Resolved> + Send + 'static {
        let lookups = self.lookup_many_future(domains.clone(), kind);
        async move { hosts_and_warnings(lookups.await, &domains) }
    }

    /// Expands groups of entries (clusters) with all `mx:` lookups at once:
    /// each group's expansions concatenated, first occurrence kept, and the
    /// warnings in entry order, unlogged. Polled as
    /// [`Self::lookup_many_future`].
    pub fn expand_groups_future(
        &self,
        groups: Vec<Vec<String>>,
        kind: Kind,
    ) -> impl Future<Output = Resolved> + Send + 'static {
        let domains = mx_domains(&groups);
        let resolving = self.resolve_many_future(domains, kind);
        async move {
            let (resolved, warnings) = resolving.await;
            (assemble(&groups, resolved), warnings)
        }
    }

    /// The number of `mx:` lookups an expansion of `groups` needs (to pick
    /// its runtime with [`Self::kind_for`]).
    pub fn mx_count<S: AsRef<str>>(groups: &[Vec<S>]) -> usize {
        groups
            .iter()
            .flatten()
            .filter(|e| matches!(parse_entry(e.as_ref()), Entry::Mx(_)))
            .count()
    }

    /// Looks up several domains at once (blocking): [`Self::lookup_many_future`]
    /// driven to its end.
    pub fn lookup_many<S: AsRef<str>>(&self, domains: &[S]) -> Vec<LookupResult> {
        let owned: Vec<String> = domains.iter().map(|d| d.as_ref().to_owned()).collect();
        let kind = Self::kind_for(owned.len());
        match runtime::current(kind) {
            Ok((_, rt)) => runtime::block_on(&rt, self.lookup_many_future(owned, kind)),
            Err(e) => {
                let e = internal(&format!("cannot start the DNS runtime: {e}"));
                domains.iter().map(|_| Err(e.clone())).collect()
            }
        }
    }

    /// The MX records of one domain, or why there are none (blocking).
    pub fn lookup(&self, domain: &str) -> Result<Vec<MxRecord>, LookupError> {
        self.lookup_many(&[domain]).remove(0)
    }

    /// The exchange names of `domain`; on failure logs the warning and
    /// returns nothing.
    pub fn resolve(&self, domain: &str) -> Vec<String> {
        let (mut hosts, warnings) = self.resolve_many_quiet(&[domain]);
        emit_warnings(&warnings);
        hosts.remove(0)
    }

    /// Resolves several domains at once: the hosts of each, and the warning
    /// texts of the failures (one per distinct domain, in order), unlogged.
    pub fn resolve_many_quiet<S: AsRef<str>>(
        &self,
        domains: &[S],
    ) -> (Vec<Vec<String>>, Vec<String>) {
        hosts_and_warnings(self.lookup_many(domains), domains)
    }

    /// Like [`Self::resolve_many_quiet`] but only when no domain needs the
    /// network (each is cached or invalid): `None` otherwise. Lets a caller
    /// skip releasing the GIL for a cache hit.
    pub fn resolve_offline<S: AsRef<str>>(
        &self,
        domains: &[S],
    ) -> Option<(Vec<Vec<String>>, Vec<String>)> {
        Some(hosts_and_warnings(self.lookup_offline(domains)?, domains))
    }

    /// The cached answer of one domain, if any (no network, no logging):
    /// the fast path of a cache hit.
    pub fn cached_answer(&self, domain: &str) -> Option<Arc<Answer>> {
        if !self.inner.cache.enabled() {
            return None;
        }
        self.inner.cache.get(&cache_key(domain).ok()?)
    }

    /// Like [`Self::lookup`] but `None` when the network would be needed.
    pub fn lookup_offline<S: AsRef<str>>(
        &self,
        domains: &[S],
    ) -> Option<Vec<Result<Vec<MxRecord>, LookupError>>> {
        domains
            .iter()
            .map(|d| match cache_key(d.as_ref()) {
                Ok(key) => Some(materialize(Ok(self.inner.cache.get(&key)?), d.as_ref())),
                Err(e) => Some(Err(e.into())),
            })
            .collect()
    }

    /// Expands groups of entries (blocking): [`Self::expand_groups_future`]'s
    /// result, with the lookups of [`Self::lookup_many`].
    pub fn expand_groups_quiet<S: AsRef<str>>(
        &self,
        groups: &[Vec<S>],
    ) -> (Vec<Vec<String>>, Vec<String>) {
        let (resolved, warnings) = self.resolve_many_quiet(&mx_domains(groups));
        (assemble(groups, resolved), warnings)
    }

    /// Expands entries (`mx:` lookups at once) and logs the warnings.
    pub fn expand_entries<S: AsRef<str>>(&self, entries: &[S]) -> Vec<String> {
        let entries: Vec<&str> = entries.iter().map(AsRef::as_ref).collect();
        let (mut groups, warnings) = self.expand_groups_quiet(&[entries]);
        emit_warnings(&warnings);
        groups.remove(0)
    }
}

/// One lookup's records or why there are none.
pub type LookupResult = Result<Vec<MxRecord>, LookupError>;

/// Hosts per domain (or group) and the warning texts, unlogged.
pub type Resolved = (Vec<Vec<String>>, Vec<String>);

/// The domains of the `mx:` entries of `groups`, in entry order.
fn mx_domains<S: AsRef<str>>(groups: &[Vec<S>]) -> Vec<String> {
    groups
        .iter()
        .flatten()
        .filter_map(|e| match parse_entry(e.as_ref()) {
            Entry::Mx(d) => Some(d.to_owned()),
            Entry::Static(_) => None,
        })
        .collect()
}

/// Each group's expansion: `resolved` holds the hosts of the `mx:` entries
/// in entry order; first occurrence of a host kept.
fn assemble<S: AsRef<str>>(groups: &[Vec<S>], resolved: Vec<Vec<String>>) -> Vec<Vec<String>> {
    let mut resolved = resolved.into_iter();
    groups
        .iter()
        .map(|group| {
            let mut out = Vec::new();
            let mut seen = std::collections::HashSet::new();
            for entry in group {
                let hosts = match parse_entry(entry.as_ref()) {
                    Entry::Mx(_) => resolved.next().unwrap_or_default(),
                    Entry::Static(s) => vec![s.to_owned()],
                };
                out.extend(hosts.into_iter().filter(|h| seen.insert(h.clone())));
            }
            out
        })
        .collect()
}

/// Answers each name: from the cache when possible, the rest on the wire.
async fn answer_all(inner: Arc<Inner>, names: Vec<QueryName>, kind: Kind) -> Vec<RawResult> {
    let mut out: Vec<Option<RawResult>> = Vec::with_capacity(names.len());
    let mut pending = Vec::new();
    for (i, q) in names.into_iter().enumerate() {
        match inner.cache.get(&q.key) {
            Some(answer) => out.push(Some(Ok(answer))),
            None => {
                out.push(None);
                pending.push((i, q));
            }
        }
    }
    if !pending.is_empty() {
        let (slots, names): (Vec<usize>, Vec<QueryName>) = pending.into_iter().unzip();
        for (slot, result) in slots.into_iter().zip(run_all(inner, names, kind).await) {
            if let Some(place) = out.get_mut(slot) {
                *place = Some(result);
            }
        }
    }
    out.into_iter()
        .map(|r| r.unwrap_or_else(|| Err(internal("lookup lost"))))
        .collect()
}

/// Runs the lookups of `names` concurrently on the runtime of `kind` (the
/// one polling this future).
async fn run_all(inner: Arc<Inner>, names: Vec<QueryName>, kind: Kind) -> Vec<RawResult> {
    let generation = match runtime::current(kind) {
        Ok((generation, _)) => generation,
        Err(e) => {
            let e = internal(&format!("cannot start the DNS runtime: {e}"));
            return names.iter().map(|_| Err(e.clone())).collect();
        }
    };
    let wire = inner.wire_for(generation, kind);
    if names.len() == 1 {
        if let Some(q) = names.into_iter().next() {
            // One name: polled by the caller's task itself, no task of its own.
            return vec![lookup_one(inner, wire, q).await];
        }
        return Vec::new();
    }
    // A batch: a task per name; dropping this future (a cancelled call)
    // aborts them with the set.
    let mut tasks = tokio::task::JoinSet::new();
    let mut out: Vec<Option<RawResult>> = names.iter().map(|_| None).collect();
    for (i, q) in names.into_iter().enumerate() {
        let work = lookup_one(inner.clone(), wire.clone(), q);
        tasks.spawn(async move { (i, work.await) });
    }
    while let Some(done) = tasks.join_next().await {
        if let Ok((i, result)) = done {
            if let Some(place) = out.get_mut(i) {
                *place = Some(result);
            }
        }
    }
    out.into_iter()
        .map(|r| r.unwrap_or_else(|| Err(internal("lookup task failed"))))
        .collect()
}

/// Hosts per domain, and the warning texts of the failures (one per
/// distinct text, in order).
fn hosts_and_warnings<S: AsRef<str>>(
    results: Vec<Result<Vec<MxRecord>, LookupError>>,
    domains: &[S],
) -> (Vec<Vec<String>>, Vec<String>) {
    let mut warned = std::collections::HashSet::new();
    let mut warnings = Vec::new();
    let hosts = results
        .into_iter()
        .zip(domains)
        .map(|(r, d)| match r {
            Ok(records) => records.into_iter().map(|r| r.exchange).collect(),
            Err(e) => {
                let text = e.warning(py_strip(d.as_ref()));
                if warned.insert(text.clone()) {
                    warnings.push(text);
                }
                Vec::new()
            }
        })
        .collect();
    (hosts, warnings)
}

fn internal(reason: &str) -> LookupError {
    LookupError::Internal(reason.to_owned())
}

impl Inner {
    /// The wire state of `generation` on the runtime of `kind`, built on
    /// first use (inside that runtime). Both kinds share one semaphore per
    /// generation, so `max_in_flight` bounds the engine as a whole.
    fn wire_for(&self, generation: u64, kind: runtime::Kind) -> Arc<Wire> {
        let mut slots = self.wire.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(w) = slots[kind as usize]
            .as_ref()
            .filter(|w| w.generation == generation)
        {
            return w.clone();
        }
        let permits = slots
            .iter()
            .flatten()
            .find(|w| w.generation == generation)
            .map(|w| w.permits.clone())
            .unwrap_or_else(|| Arc::new(Semaphore::new(self.max_in_flight)));
        let cfg = &self.config;
        let wire = Arc::new(Wire {
            generation,
            pool: ServerPool::new(
                &cfg.servers,
                cfg.timeout,
                &cfg.timeout_text,
                self.max_in_flight,
            )
            .map_err(LookupError::from),
            permits,
        });
        if let Some(stale) = slots[kind as usize].replace(wire.clone()) {
            // Built on a runtime that no longer runs (we are a forked child):
            // dropping its sockets and tasks could touch that runtime, so leak it.
            std::mem::forget(stale);
        }
        wire
    }
}

/// One lookup: the cache, then a permit, then the servers within the deadline.
async fn lookup_one(inner: Arc<Inner>, wire: Arc<Wire>, q: QueryName) -> RawResult {
    if let Some(answer) = inner.cache.get(&q.key) {
        return Ok(answer);
    }
    let _permit = wire
        .permits
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| internal("lookup cancelled"))?;
    if let Some(answer) = inner.cache.get(&q.key) {
        return Ok(answer);
    }
    let pool = wire.pool.as_ref().map_err(Clone::clone)?;
    let cfg = &inner.config;
    let deadline = deadline_after(cfg.timeout);
    let answer = answer::lookup(pool, &q.key, deadline, cfg.implicit_mx).await?;
    let answer = Arc::new(answer);
    inner.cache.insert(&q.key, answer.clone());
    Ok(answer)
}

/// Ties an answer to the domain as written (implicit MX names the domain).
fn materialize(raw: RawResult, domain: &str) -> Result<Vec<MxRecord>, LookupError> {
    match &*raw? {
        Answer::Records(records) => Ok(records.clone()),
        Answer::Implicit { ttl } => Ok(vec![crate::mail::mx::implicit(
            &display_without_dot(domain),
            *ttl,
        )]),
        Answer::NullMx => Err(LookupError::NullMx),
    }
}
