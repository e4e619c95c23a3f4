//! The one place that decides which Python exception a core error becomes.

pyo3::import_exception!(mailtrace_mx.errors, MXLookupError);
pyo3::import_exception!(mailtrace_mx.errors, NXDomain);
pyo3::import_exception!(mailtrace_mx.errors, NoMXRecords);
pyo3::import_exception!(mailtrace_mx.errors, NullMX);
pyo3::import_exception!(mailtrace_mx.errors, LookupTimeout);
pyo3::import_exception!(mailtrace_mx.errors, InvalidDomain);
pyo3::import_exception!(mailtrace_mx.errors, ServerFailure);
