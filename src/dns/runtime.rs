//! The tokio runtimes of the process, rebuilt after `fork()`.
//!
//! Two runtimes, each built on first use: a current-thread one, driven by
//! the calling thread inside `block_on` (no cross-thread wake-ups: the cheap
//! path for a single lookup), and a multi-thread one with 2 workers for
//! batches (the CPU work of many lookups spread over the cores).
//!
//! A runtime inherited by a forked child has no worker or timer threads (and
//! shares the parent's epoll instance), so every lookup there would hang or
//! misbehave. The runtimes are therefore stored with the pid that built them;
//! a different pid means a fork happened: the inherited runtimes are leaked
//! (dropping them would touch threads that do not exist) and new ones, with a
//! new generation number, are built. Anything tied to an old runtime
//! (resolvers, sockets) must be rebuilt when the generation changes.

use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::runtime::{Builder, Runtime};

/// Which runtime: see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Current-thread, driven by the caller.
    Local = 0,
    /// Multi-thread, 2 workers.
    Shared = 1,
}

struct Current {
    pid: u32,
    generation: u64,
    runtimes: [Option<Arc<Runtime>>; 2],
}

static CURRENT: Mutex<Option<Current>> = Mutex::new(None);

fn build(kind: Kind) -> std::io::Result<Runtime> {
    match kind {
        Kind::Local => Builder::new_current_thread().enable_all().build(),
        Kind::Shared => Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("mailtrace-mx-dns")
            .enable_all()
            .build(),
    }
}

impl Current {
    /// The slot of `kind`.
    fn slot(&mut self, kind: Kind) -> &mut Option<Arc<Runtime>> {
        let [local, shared] = &mut self.runtimes;
        match kind {
            Kind::Local => local,
            Kind::Shared => shared,
        }
    }
}

/// The runtime of `kind` in this process and its generation (changes after
/// a fork).
pub fn current(kind: Kind) -> std::io::Result<(u64, Arc<Runtime>)> {
    let mut guard = CURRENT.lock().unwrap_or_else(|e| e.into_inner());
    let pid = std::process::id();
    let fresh = |generation| Current {
        pid,
        generation,
        runtimes: [None, None],
    };
    let cur = match guard.take() {
        Some(cur) if cur.pid == pid => cur,
        Some(inherited) => {
            for rt in inherited.runtimes.into_iter().flatten() {
                std::mem::forget(rt);
            }
            fresh(inherited.generation + 1)
        }
        None => fresh(0),
    };
    let cur = guard.insert(cur);
    let generation = cur.generation;
    let slot = cur.slot(kind);
    let rt = match slot {
        Some(rt) => rt.clone(),
        None => slot.insert(Arc::new(build(kind)?)).clone(),
    };
    Ok((generation, rt))
}

/// Runs `fut` to completion, also when called from inside a runtime.
pub fn block_on<F: Future + Send>(rt: &Runtime, fut: F) -> F::Output
where
    F::Output: Send,
{
    if tokio::runtime::Handle::try_current().is_ok() {
        std::thread::scope(|s| s.spawn(|| rt.block_on(fut)).join())
            .unwrap_or_else(|_| std::process::abort())
    } else {
        rt.block_on(fut)
    }
}
