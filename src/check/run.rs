//! A run: many checks sharing one [`ServerPool`] (one resolver per server,
//! not one per check) and one cap on queries in flight across all of them
//! ([`Limiter`]), so thousands of domains never open thousands of sockets.
//!
//! The pool is built on first use, on the shared runtime, and rebuilt after
//! a fork (the runtime's generation changes; the inherited pool and its
//! permits belong to tasks that no longer run).

use std::sync::{Arc, Mutex};

use super::gather::check_domain_on;
use super::report::DomainReport;
use crate::discovery::{DiscoveryConfig, LookupError};
use crate::dns::limiter::{default_cap, MAX_QUERIES_IN_FLIGHT};
use crate::dns::{self, runtime, Limiter, ServerPool};

/// The pool of one runtime generation.
type Built = (u64, Result<Arc<ServerPool>, dns::Error>);

/// Checks of one run: one config, one pool, one cap.
pub struct Run {
    config: DiscoveryConfig,
    cap: usize,
    pool: Mutex<Option<Built>>,
}

/// A refused cap (the value as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCap(pub String);

impl std::fmt::Display for BadCap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "max_queries_in_flight must be in 1..={MAX_QUERIES_IN_FLIGHT}, got {}",
            self.0
        )
    }
}

impl Run {
    /// A run of `config` with at most `cap` queries in flight (`None`: the
    /// default, [`default_cap`], derived from the open-files limit).
    pub fn new(config: DiscoveryConfig, cap: Option<i64>) -> Result<Self, BadCap> {
        let cap = match cap {
            None => default_cap(),
            Some(c) => usize::try_from(c)
                .ok()
                .filter(|c| (1..=MAX_QUERIES_IN_FLIGHT).contains(c))
                .ok_or_else(|| BadCap(c.to_string()))?,
        };
        Ok(Self {
            config,
            cap,
            pool: Mutex::new(None),
        })
    }

    /// The cap on queries in flight.
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// The config of every check of the run.
    pub fn config(&self) -> &DiscoveryConfig {
        &self.config
    }

    /// The run's pool in this process (built now if needed); an error when
    /// the runtime cannot start or no server can be set up.
    pub fn pool(&self) -> Result<Arc<ServerPool>, dns::Error> {
        let (generation, rt) = runtime::current(runtime::Kind::Shared)
            .map_err(|e| dns::Error::Internal(format!("cannot start the DNS runtime: {e}")))?;
        let mut slot = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((built, pool)) = slot.as_ref() {
            if *built == generation {
                return pool.clone();
            }
        }
        let _inside = rt.enter();
        let c = &self.config;
        let pool = ServerPool::shared(
            &c.servers,
            c.timeout,
            &c.timeout_text,
            Limiter::new(self.cap),
        )
        .map(Arc::new);
        *slot = Some((generation, pool.clone()));
        pool
    }

    /// Checks `domain` on the run's pool (the future must run inside the
    /// shared runtime): the report, or [`LookupError::InvalidDomain`].
    pub async fn check(&self, domain: &str) -> Result<DomainReport, LookupError> {
        check_domain_on(self.pool(), &self.config, domain).await
    }
}
