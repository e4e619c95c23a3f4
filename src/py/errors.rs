//! The one place that decides which Python exception a core error becomes.

use pyo3::exceptions::PyValueError;
use pyo3::PyErr;

use crate::discovery::{ConfigError, LookupError};

pyo3::import_exception!(mailtrace_mx.errors, MXLookupError);
pyo3::import_exception!(mailtrace_mx.errors, NXDomain);
pyo3::import_exception!(mailtrace_mx.errors, NoMXRecords);
pyo3::import_exception!(mailtrace_mx.errors, NullMX);
pyo3::import_exception!(mailtrace_mx.errors, LookupTimeout);
pyo3::import_exception!(mailtrace_mx.errors, InvalidDomain);
pyo3::import_exception!(mailtrace_mx.errors, ServerFailure);
pyo3::import_exception!(mailtrace_mx.errors, InternalError);

/// The exception `MXDiscovery.lookup` raises for `err` on `domain` (as the
/// caller wrote it); its message is the warning text `resolve` would log.
pub fn lookup_error(domain: &str, err: &LookupError) -> PyErr {
    let message = err.warning(domain);
    let args = (domain.to_owned(), message);
    match err {
        LookupError::NxDomain => NXDomain::new_err(args),
        LookupError::NoMxRecords => NoMXRecords::new_err(args),
        LookupError::NullMx => NullMX::new_err(args),
        LookupError::Timeout { .. } => LookupTimeout::new_err(args),
        LookupError::InvalidDomain => InvalidDomain::new_err(args),
        LookupError::ServerFailure { rcode, .. } => {
            ServerFailure::new_err((args.0, args.1, rcode.clone()))
        }
        LookupError::Internal(_) => InternalError::new_err(args),
    }
}

/// A rejected configuration value is a `ValueError` with the core's message.
pub fn config_error(err: ConfigError) -> PyErr {
    PyValueError::new_err(err.to_string())
}

/// The process's DNS runtime could not be built.
pub fn runtime_error(err: std::io::Error) -> PyErr {
    pyo3::exceptions::PyRuntimeError::new_err(format!("cannot start the DNS runtime: {err}"))
}

/// A string argument that is not a valid DNS name: a `ValueError` naming it.
pub fn invalid_domain(domain: &str) -> PyErr {
    PyValueError::new_err(format!(
        "invalid domain name: {}",
        crate::dns::text::py_repr(domain)
    ))
}

/// A failed `check_domain`: an invalid domain is a `ValueError` naming it;
/// anything else (the runtime could not start) a `RuntimeError`.
pub fn check_error(domain: &str, err: &LookupError) -> PyErr {
    match err {
        LookupError::InvalidDomain => invalid_domain(domain),
        other => pyo3::exceptions::PyRuntimeError::new_err(other.reason()),
    }
}

// === zone ===
// Zone and validator errors: bad input is a ValueError naming the record or
// line; an unreadable zone file is an OSError (FileNotFoundError if missing).

impl From<crate::zone::ZoneError> for pyo3::PyErr {
    fn from(e: crate::zone::ZoneError) -> Self {
        use crate::zone::ZoneError;
        match &e {
            ZoneError::Io {
                not_found: true, ..
            } => pyo3::exceptions::PyFileNotFoundError::new_err(e.to_string()),
            ZoneError::Io { .. } => pyo3::exceptions::PyOSError::new_err(e.to_string()),
            _ => pyo3::exceptions::PyValueError::new_err(e.to_string()),
        }
    }
}

impl From<crate::validators::ValidatorError> for pyo3::PyErr {
    fn from(e: crate::validators::ValidatorError) -> Self {
        pyo3::exceptions::PyValueError::new_err(e.to_string())
    }
}

// === test server ===

impl From<crate::testserver::RecordError> for PyErr {
    fn from(e: crate::testserver::RecordError) -> Self {
        PyValueError::new_err(e.to_string())
    }
}

/// The test server could not bind or start its thread.
pub fn server_start_error(err: std::io::Error) -> PyErr {
    pyo3::exceptions::PyOSError::new_err(format!("cannot start the DNS server: {err}"))
}
