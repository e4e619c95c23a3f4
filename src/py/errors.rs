//! The one place that decides which Python exception a core error becomes.

pyo3::import_exception!(mailtrace_mx.errors, MXLookupError);
pyo3::import_exception!(mailtrace_mx.errors, NXDomain);
pyo3::import_exception!(mailtrace_mx.errors, NoMXRecords);
pyo3::import_exception!(mailtrace_mx.errors, NullMX);
pyo3::import_exception!(mailtrace_mx.errors, LookupTimeout);
pyo3::import_exception!(mailtrace_mx.errors, InvalidDomain);
pyo3::import_exception!(mailtrace_mx.errors, ServerFailure);

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
