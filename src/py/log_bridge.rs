//! The `log` facade routed to Python's `logging`, made to look like a record
//! a Python user expects.
//!
//! Each record is handed to `logging.getLogger(target).log(level, message)`
//! from the thread that logged it. On a thread that runs Python code (every
//! blocking call logs its warnings after the wait, on the calling thread) the
//! record's `filename`, `lineno` and `funcName` are therefore those of the
//! Python code that called into the extension, as for any Python library;
//! never a Rust path such as `mod.rs:38`. On a thread with no Python frame
//! they are logging's own "(unknown file)", 0, "(unknown function)".
//!
//! The logger's level is checked on every record (no caching), so pytest's
//! caplog and later `setLevel` calls are always honoured.

use log::{Level, LevelFilter, Log, Metadata, Record};
use pyo3::prelude::*;
use pyo3::types::PyString;

/// The bridge: stateless, so one static instance serves every thread.
struct PythonLogging;

static BRIDGE: PythonLogging = PythonLogging;

/// Installs the bridge as the `log` logger; a second call (the module
/// imported again) keeps the first one.
pub fn install() {
    if log::set_logger(&BRIDGE).is_ok() {
        log::set_max_level(LevelFilter::Debug);
    }
}

/// Python's numeric level for a `log` level (`TRACE` is below `DEBUG`).
fn python_level(level: Level) -> u8 {
    match level {
        Level::Error => 40,
        Level::Warn => 30,
        Level::Info => 20,
        Level::Debug => 10,
        Level::Trace => 5,
    }
}

/// The logger name: the target with `::` written as `.` (as pyo3-log did).
fn logger_name(target: &str) -> String {
    target.replace("::", ".")
}

/// Emits one record; the message is passed without arguments, so a `%` in it
/// is never taken as a format.
fn emit(py: Python<'_>, record: &Record<'_>) -> PyResult<()> {
    let logger = py
        .import("logging")?
        .call_method1("getLogger", (logger_name(record.target()),))?;
    let level = python_level(record.level());
    if !logger.call_method1("isEnabledFor", (level,))?.is_truthy()? {
        return Ok(());
    }
    let message = PyString::new(py, &record.args().to_string());
    logger.call_method1("log", (level, message))?;
    Ok(())
}

impl Log for PythonLogging {
    fn enabled(&self, _metadata: &Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &Record<'_>) {
        Python::attach(|py| {
            // A failing handler is logging's business (it reports it through
            // `Handler.handleError`); an exception out of the call itself is
            // dropped so a log line never turns into an error of the caller.
            let _ = emit(py, record);
        });
    }

    fn flush(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_levels_follow_python() {
        assert_eq!(logger_name("_core::zone::model"), "_core.zone.model");
        assert_eq!(
            logger_name("mailtrace.mx_discovery"),
            "mailtrace.mx_discovery"
        );
        assert_eq!(python_level(Level::Warn), 30);
        assert_eq!(python_level(Level::Trace), 5);
    }
}
