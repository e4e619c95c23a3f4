//! A cap on queries in flight across a whole run (every check sharing one
//! pool), so a run of thousands of domains never opens more sockets than
//! the process may (each UDP query has a socket of its own, RFC 5452 §9.2:
//! a random source port per query).

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// Default cap on queries in flight in one run.
pub const DEFAULT_MAX_QUERIES_IN_FLIGHT: usize = 256;

/// Largest cap accepted (tokio's semaphore limit is far above; this bounds
/// sockets to something a process can have).
pub const MAX_QUERIES_IN_FLIGHT: usize = 65_536;

/// The soft `RLIMIT_NOFILE` of this process (`None` when unknown or
/// unlimited).
#[cfg(unix)]
pub fn open_files_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes one rlimit into the struct it is given.
    let rc = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
    if rc != 0 || limit.rlim_cur == libc::RLIM_INFINITY {
        return None;
    }
    Some(limit.rlim_cur)
}

/// The soft `RLIMIT_NOFILE` of this process (unknown on this platform).
#[cfg(not(unix))]
pub fn open_files_limit() -> Option<u64> {
    None
}

/// The default cap: [`DEFAULT_MAX_QUERIES_IN_FLIGHT`], lowered to a quarter
/// of the open-files limit so the process stays well under it (at least 1).
pub fn default_cap() -> usize {
    cap_for_limit(open_files_limit())
}

/// [`default_cap`] for a given soft limit.
pub fn cap_for_limit(soft: Option<u64>) -> usize {
    let quarter = soft.map_or(usize::MAX, |s| usize::try_from(s / 4).unwrap_or(usize::MAX));
    DEFAULT_MAX_QUERIES_IN_FLIGHT.min(quarter).max(1)
}

/// The run-wide cap: a permit per query on the wire.
#[derive(Clone, Debug)]
pub struct Limiter {
    permits: Arc<Semaphore>,
    cap: usize,
}

impl Limiter {
    /// At most `cap` queries at once (clamped to 1..=[`MAX_QUERIES_IN_FLIGHT`]).
    pub fn new(cap: usize) -> Self {
        let cap = cap.clamp(1, MAX_QUERIES_IN_FLIGHT);
        Self {
            permits: Arc::new(Semaphore::new(cap)),
            cap,
        }
    }

    /// The cap.
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// Queries that may start now.
    pub fn available(&self) -> usize {
        self.permits.available_permits()
    }

    /// Waits for a permit until `deadline` (`None`: the deadline passed
    /// first). The permit is released when dropped.
    pub async fn acquire(&self, deadline: Instant) -> Option<OwnedSemaphorePermit> {
        let wait = self.permits.clone().acquire_owned();
        match tokio::time::timeout_at(deadline, wait).await {
            Ok(Ok(permit)) => Some(permit),
            // The semaphore is never closed; a timeout is the deadline.
            _ => None,
        }
    }
}
