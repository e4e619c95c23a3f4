//! Awaitables backed by the Rust side, for asyncio.
//!
//! [`coroutine`] returns a real coroutine (`mailtrace_mx._aio.run(start)`,
//! so `asyncio.run(...)` and `gather` both accept it). When it starts, in
//! the running loop, it creates a loop future and spawns the work, a Rust
//! future, on the shared tokio runtime (no thread per await). When the work
//! is done, the loop is woken with
//! `call_soon_threadsafe`, and the result is converted, warnings logged and
//! the future completed **on the loop thread** (as the sync versions log on
//! the calling thread). The event loop never blocks; a cancelled await
//! leaves the work to end by its deadline and drops its result.

use std::future::Future;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyCFunction, PyDict, PyTuple};

use crate::dns::runtime;
use crate::py::blocking::detached;
use crate::py::errors::runtime_error;

/// Turns the work's output into the awaited value (on the loop thread).
type Finish<T> = Box<dyn FnOnce(Python<'_>, T) -> PyResult<Py<PyAny>> + Send>;

/// The work of one coroutine: a future, spawned on the shared runtime.
pub type Work<T> = std::pin::Pin<Box<dyn Future<Output = T> + Send>>;

/// Where a result goes: the loop and its future.
struct Completion<T> {
    event_loop: Py<PyAny>,
    future: Py<PyAny>,
    finish: Finish<T>,
}

impl<T: Send + 'static> Completion<T> {
    /// Hands `value` to the loop thread (called without the GIL).
    ///
    /// The loop-thread callback first waits (GIL released, bounded) until
    /// this thread has fully left Python: otherwise the awaiting program
    /// could finish and the interpreter finalize while this thread still
    /// releases its thread state, which aborts the process.
    fn complete(self, value: T) {
        let left = Arc::new((Mutex::new(false), Condvar::new()));
        let left_cb = left.clone();
        let _ = Python::try_attach(|py| -> PyResult<()> {
            let event_loop = self.event_loop.clone_ref(py);
            let state = Mutex::new(Some((self.future, self.finish, value)));
            let callback = PyCFunction::new_closure(
                py,
                None,
                None,
                move |args: &Bound<'_, PyTuple>, _: Option<&Bound<'_, PyDict>>| -> PyResult<()> {
                    let py = args.py();
                    let left = left_cb.clone();
                    detached(py, move || wait_for(&left));
                    let taken = state.lock().map(|mut s| s.take()).unwrap_or(None);
                    match taken {
                        Some((fut, finish, value)) => settle(py, fut, finish, value),
                        None => Ok(()),
                    }
                },
            )?;
            // A closed loop refuses the callback: nobody is waiting any more.
            let _ = event_loop.call_method1(py, "call_soon_threadsafe", (callback,));
            Ok(())
        });
        let (flag, cond) = &*left;
        if let Ok(mut f) = flag.lock() {
            *f = true;
        }
        cond.notify_all();
    }
}

/// Waits until the worker has left Python (at most a second).
fn wait_for(left: &(Mutex<bool>, Condvar)) {
    let (flag, cond) = left;
    if let Ok(guard) = flag.lock() {
        let _ = cond.wait_timeout_while(guard, Duration::from_secs(1), |done| !*done);
    }
}

/// Completes `fut` with `finish(value)` unless it was cancelled meanwhile.
fn settle<T>(py: Python<'_>, fut: Py<PyAny>, finish: Finish<T>, value: T) -> PyResult<()> {
    let fut = fut.bind(py);
    if fut.call_method0("done")?.is_truthy()? {
        return Ok(());
    }
    match finish(py, value) {
        Ok(v) => fut.call_method1("set_result", (v,))?,
        Err(e) => fut.call_method1("set_exception", (e.value(py),))?,
    };
    Ok(())
}

/// Spawns the work on the shared runtime; errors only when it cannot start.
fn launch<T: Send + 'static>(work: Work<T>, done: Completion<T>) -> PyResult<()> {
    let (_, rt) = runtime::current(runtime::Kind::Shared).map_err(runtime_error)?;
    rt.spawn(async move { done.complete(work.await) });
    Ok(())
}

/// A coroutine that runs `work` and returns `finish(output)`.
pub fn coroutine<'py, T: Send + 'static>(
    py: Python<'py>,
    work: Work<T>,
    finish: impl FnOnce(Python<'_>, T) -> PyResult<Py<PyAny>> + Send + 'static,
) -> PyResult<Bound<'py, PyAny>> {
    let pending: Mutex<Option<(Work<T>, Finish<T>)>> = Mutex::new(Some((work, Box::new(finish))));
    let start = PyCFunction::new_closure(
        py,
        None,
        None,
        move |args: &Bound<'_, PyTuple>, _: Option<&Bound<'_, PyDict>>| -> PyResult<Py<PyAny>> {
            let py = args.py();
            let (work, finish) = pending
                .lock()
                .map(|mut p| p.take())
                .unwrap_or(None)
                .ok_or_else(|| PyRuntimeError::new_err("this coroutine was already started"))?;
            let event_loop = py.import("asyncio")?.call_method0("get_running_loop")?;
            let future = event_loop.call_method0("create_future")?;
            let done = Completion {
                event_loop: event_loop.unbind(),
                future: future.clone().unbind(),
                finish,
            };
            launch(work, done)?;
            Ok(future.unbind())
        },
    )?;
    py.import("mailtrace_mx._aio")?
        .call_method1("run", (start,))
}
