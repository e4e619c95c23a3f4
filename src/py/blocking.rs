//! The one way a Python call waits for the Rust side: [`wait`] releases the
//! GIL, drives the future on a runtime of the process and every
//! [`SIGNAL_CHECK`] re-attaches to run Python's signal handlers, so Ctrl-C
//! raises `KeyboardInterrupt` within about that time (the future is dropped,
//! which cancels it). Short, bounded waits that are not futures go through
//! [`detached`].

use std::future::Future;
use std::time::Duration;

use pyo3::prelude::*;

use super::errors::runtime_error;
use crate::dns::runtime::{self, Kind};

/// How often a waiting call looks for pending signals.
pub const SIGNAL_CHECK: Duration = Duration::from_millis(100);

/// Runs `fut` to completion on the runtime of `kind` with the GIL released;
/// a signal handler that raises (Ctrl-C) ends the wait with its exception.
pub fn wait<F>(py: Python<'_>, kind: Kind, fut: F) -> PyResult<F::Output>
where
    F: Future + Send,
    F::Output: Send,
{
    let (_, rt) = runtime::current(kind).map_err(runtime_error)?;
    if tokio::runtime::Handle::try_current().is_ok() {
        // A thread of a runtime (e.g. a log handler run by a worker) cannot
        // block_on in place; the call is bounded by its deadline.
        return Ok(py.detach(|| runtime::block_on(&rt, fut)));
    }
    let mut fut = std::pin::pin!(fut);
    loop {
        let slice = py.detach(|| {
            rt.block_on(async { tokio::time::timeout(SIGNAL_CHECK, fut.as_mut()).await.ok() })
        });
        match slice {
            Some(output) => return Ok(output),
            None => py.check_signals()?,
        }
    }
}

/// Runs `f` with the GIL released, for short waits bounded by design
/// (joining a thread that was told to stop); no signal checks.
pub fn detached<T: Send>(py: Python<'_>, f: impl FnOnce() -> T + Send) -> T {
    py.detach(f)
}
