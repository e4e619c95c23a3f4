//! The one tokio runtime of the process, rebuilt after `fork()`.
//!
//! A runtime inherited by a forked child has no worker or timer threads, so
//! every lookup there would hang. The runtime is therefore stored with the
//! pid that built it; a different pid means a fork happened: the inherited
//! runtime is leaked (dropping it would touch threads that do not exist) and
//! a new one, with a new generation number, is built. Anything tied to the
//! old runtime (resolvers, sockets) must be rebuilt when the generation changes.

use std::sync::{Arc, Mutex};

use tokio::runtime::{Builder, Runtime};

struct Current {
    pid: u32,
    generation: u64,
    runtime: Arc<Runtime>,
}

static CURRENT: Mutex<Option<Current>> = Mutex::new(None);

/// The runtime of this process and its generation (changes after a fork).
pub fn current() -> std::io::Result<(u64, Arc<Runtime>)> {
    let mut slot = CURRENT.lock().unwrap_or_else(|e| e.into_inner());
    let pid = std::process::id();
    if let Some(cur) = slot.as_ref() {
        if cur.pid == pid {
            return Ok((cur.generation, cur.runtime.clone()));
        }
    }
    let generation = match slot.take() {
        Some(old) => {
            let generation = old.generation + 1;
            std::mem::forget(old.runtime);
            generation
        }
        None => 0,
    };
    let runtime = Arc::new(
        Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("mailtrace-mx-dns")
            .enable_all()
            .build()?,
    );
    *slot = Some(Current {
        pid,
        generation,
        runtime: runtime.clone(),
    });
    Ok((generation, runtime))
}
