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

/// The runtime of `kind` in this process and its generation (changes after
/// a fork).
pub fn current(kind: Kind) -> std::io::Result<(u64, Arc<Runtime>)> {
    let mut slot = CURRENT.lock().unwrap_or_else(|e| e.into_inner());
    let pid = std::process::id();
    if slot.as_ref().is_some_and(|cur| cur.pid != pid) {
        let old = slot.take().expect("checked");
        for rt in old.runtimes.into_iter().flatten() {
            std::mem::forget(rt);
        }
        *slot = Some(Current {
            pid,
            generation: old.generation + 1,
            runtimes: [None, None],
        });
    }
    let cur = slot.get_or_insert_with(|| Current {
        pid,
        generation: 0,
        runtimes: [None, None],
    });
    let rt = match &cur.runtimes[kind as usize] {
        Some(rt) => rt.clone(),
        None => {
            let rt = Arc::new(build(kind)?);
            cur.runtimes[kind as usize] = Some(rt.clone());
            rt
        }
    };
    Ok((cur.generation, rt))
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
