//! `MXDiscoveryConfig`: the validated, dataclass-like settings object.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};

use super::args::{describe, str_list, Arg};
use crate::discovery::config::{format_seconds, parse_seconds, parse_server, MAX_SECONDS};
use crate::discovery::DiscoveryConfig;
use crate::py::errors::config_error;

/// The four fields, in order.
const FIELDS: [&str; 4] = ["servers", "timeout", "cache_ttl", "implicit_mx"];

/// A number of seconds as the user gave it: an int stays an int.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Seconds {
    /// An `int` value.
    Int(i64),
    /// A `float` value.
    Float(f64),
}

impl Seconds {
    fn value(self) -> f64 {
        match self {
            Self::Int(i) => i as f64,
            Self::Float(f) => f,
        }
    }

    /// As Python's `str()` prints it.
    fn text(self, py: Python<'_>) -> String {
        match self {
            Self::Int(i) => i.to_string(),
            Self::Float(f) => PyFloat::new(py, f)
                .str()
                .map(|s| s.to_string())
                .unwrap_or_else(|_| format_seconds(f)),
        }
    }

    fn to_object<'py>(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(match self {
            Self::Int(i) => i.into_pyobject(py)?.into_any(),
            Self::Float(f) => PyFloat::new(py, f).into_any(),
        })
    }
}

/// Validates `timeout` (> 0) or `cache_ttl` (>= 0): an int or a float, not a
/// bool; NaN, infinities and values beyond the runtime's range are refused.
fn seconds(field: &str, value: &Bound<'_, PyAny>) -> PyResult<Seconds> {
    let type_err = || {
        PyTypeError::new_err(format!(
            "{field} must be an int or a float, got {}",
            describe(value)
        ))
    };
    if value.is_instance_of::<PyBool>() {
        return Err(type_err());
    }
    let text = value.str()?.to_string();
    let secs = if value.is_instance_of::<PyInt>() {
        match value.extract::<i64>() {
            Ok(i) => Seconds::Int(i),
            Err(_) => {
                let negative = value.lt(0)?;
                let sentinel = if negative {
                    -2.0 * MAX_SECONDS
                } else {
                    2.0 * MAX_SECONDS
                };
                return Err(match parse_seconds(field, sentinel, &text) {
                    Err(e) => config_error(e),
                    Ok(_) => PyValueError::new_err(format!("{field} is out of range: {text}")),
                });
            }
        }
    } else if value.is_instance_of::<PyFloat>() {
        Seconds::Float(value.extract::<f64>()?)
    } else {
        return Err(type_err());
    };
    parse_seconds(field, secs.value(), &text).map_err(config_error)?;
    Ok(secs)
}

/// Validates `servers`: a list/tuple (any iterable but a bare str) of entries
/// `IPv4`, `IPv6`, `IPv4:port` or `[IPv6]:port`, stored as given.
fn servers(value: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let list = str_list("servers", value)?;
    for entry in &list {
        if parse_server(entry).is_err() {
            // Quoted by Python's own repr, so the message shows the value exactly.
            return Err(PyValueError::new_err(format!(
                "invalid DNS server {}: expected IPv4, IPv6, IPv4:port or [IPv6]:port",
                PyString::new(value.py(), entry).repr()?
            )));
        }
    }
    Ok(list)
}

/// A field given as None is a `TypeError` naming the field: None is not "the
/// default" (a YAML key with no value, `timeout:`, reads as None).
fn not_none<'a, 'py>(field: &str, value: &'a Bound<'py, PyAny>) -> PyResult<&'a Bound<'py, PyAny>> {
    if value.is_none() {
        return Err(PyTypeError::new_err(format!(
            "MXDiscoveryConfig {field} must not be None (a YAML key with no value, \
             such as `{field}:`, reads as None); leave the key out to get the default"
        )));
    }
    Ok(value)
}

fn implicit_mx(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    match value.cast::<PyBool>() {
        Ok(b) => Ok(b.is_true()),
        Err(_) => Err(PyTypeError::new_err(format!(
            "implicit_mx must be a bool, got {}",
            describe(value)
        ))),
    }
}

/// Settings of MX discovery, as mailtrace's `mx_discovery:` section.
///
/// `servers` (empty: the system resolver), `timeout` (total deadline of one
/// lookup, seconds, > 0), `cache_ttl` (seconds, 0 = no cache) and
/// `implicit_mx` (a domain without MX but with addresses resolves to itself).
/// Every field is validated on construction and on assignment.
#[pyclass(module = "mailtrace_mx", name = "MXDiscoveryConfig")]
#[derive(Debug, Clone, PartialEq)]
pub struct PyMxDiscoveryConfig {
    servers: Vec<String>,
    timeout: Seconds,
    cache_ttl: Seconds,
    implicit_mx: bool,
}

impl Default for PyMxDiscoveryConfig {
    fn default() -> Self {
        Self {
            servers: Vec::new(),
            timeout: Seconds::Int(5),
            cache_ttl: Seconds::Int(0),
            implicit_mx: false,
        }
    }
}

impl PyMxDiscoveryConfig {
    /// Builds from optional raw values (missing ones take the defaults; a
    /// value given as None is a `TypeError`, see [`not_none`]).
    pub fn from_parts(
        servers_v: Option<&Bound<'_, PyAny>>,
        timeout_v: Option<&Bound<'_, PyAny>>,
        cache_ttl_v: Option<&Bound<'_, PyAny>>,
        implicit_v: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let mut c = Self::default();
        if let Some(v) = servers_v {
            c.servers = servers(not_none("servers", v)?)?;
        }
        if let Some(v) = timeout_v {
            c.timeout = seconds("timeout", not_none("timeout", v)?)?;
        }
        if let Some(v) = cache_ttl_v {
            c.cache_ttl = seconds("cache_ttl", not_none("cache_ttl", v)?)?;
        }
        if let Some(v) = implicit_v {
            c.implicit_mx = implicit_mx(not_none("implicit_mx", v)?)?;
        }
        Ok(c)
    }

    /// Builds from a mapping; an unknown (or non-str) key is a `TypeError`.
    pub fn from_mapping(mapping: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut values: [Option<Bound<'_, PyAny>>; 4] = Default::default();
        for item in mapping.call_method0("items")?.try_iter()? {
            let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
            let name = key
                .cast::<PyString>()
                .ok()
                .and_then(|k| k.to_cow().ok().map(|t| t.into_owned()));
            match name
                .as_deref()
                .and_then(|n| FIELDS.iter().position(|f| *f == n))
            {
                Some(i) => values[i] = Some(value),
                None => {
                    return Err(PyTypeError::new_err(format!(
                        "unknown MXDiscoveryConfig key {} (expected one of: {})",
                        key.repr()?,
                        FIELDS.join(", ")
                    )))
                }
            }
        }
        let [s, t, c, i] = values;
        Self::from_parts(s.as_ref(), t.as_ref(), c.as_ref(), i.as_ref())
    }

    /// Builds from any object with `.servers`, `.timeout`, `.cache_ttl`
    /// (and optionally `.implicit_mx`), e.g. mailtrace's own dataclass.
    pub fn from_attributes(obj: &Bound<'_, PyAny>) -> PyResult<Option<Self>> {
        for name in &FIELDS[..3] {
            if !obj.hasattr(*name)? {
                return Ok(None);
            }
        }
        let implicit = if obj.hasattr("implicit_mx")? {
            Some(obj.getattr("implicit_mx")?)
        } else {
            None
        };
        Self::from_parts(
            Some(&obj.getattr("servers")?),
            Some(&obj.getattr("timeout")?),
            Some(&obj.getattr("cache_ttl")?),
            implicit.as_ref(),
        )
        .map(Some)
    }

    /// The core config (already validated, so this only fails on a bug).
    pub fn to_core(&self, py: Python<'_>) -> PyResult<DiscoveryConfig> {
        let servers: Vec<&str> = self.servers.iter().map(String::as_str).collect();
        DiscoveryConfig::new(
            &servers,
            self.timeout.value(),
            &self.timeout.text(py),
            self.cache_ttl.value(),
            self.implicit_mx,
        )
        .map_err(config_error)
    }

    /// The Python-style `repr`.
    pub fn repr_text(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "MXDiscoveryConfig(servers={}, timeout={}, cache_ttl={}, implicit_mx={})",
            PyList::new(py, &self.servers)?.repr()?,
            self.timeout.to_object(py)?.repr()?,
            self.cache_ttl.to_object(py)?.repr()?,
            if self.implicit_mx { "True" } else { "False" },
        ))
    }
}

#[pymethods]
impl PyMxDiscoveryConfig {
    #[new]
    #[pyo3(
        signature = (servers=Arg::Missing, timeout=Arg::Missing, cache_ttl=Arg::Missing, implicit_mx=Arg::Missing),
        text_signature = "(servers=(), timeout=5, cache_ttl=0, implicit_mx=False)"
    )]
    fn py_new(
        servers: Arg<'_>,
        timeout: Arg<'_>,
        cache_ttl: Arg<'_>,
        implicit_mx: Arg<'_>,
    ) -> PyResult<Self> {
        Self::from_parts(
            servers.as_option(),
            timeout.as_option(),
            cache_ttl.as_option(),
            implicit_mx.as_option(),
        )
    }

    /// DNS servers tried in order (a copy; assign a new list to change it).
    #[getter]
    fn get_servers(&self) -> Vec<String> {
        self.servers.clone()
    }

    #[setter]
    fn set_servers(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        self.servers = servers(not_none("servers", value)?)?;
        Ok(())
    }

    /// Total deadline of one lookup, in seconds.
    #[getter]
    fn get_timeout<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.timeout.to_object(py)
    }

    #[setter]
    fn set_timeout(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        self.timeout = seconds("timeout", not_none("timeout", value)?)?;
        Ok(())
    }

    /// Seconds a successful answer is reused (0: no cache).
    #[getter]
    fn get_cache_ttl<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.cache_ttl.to_object(py)
    }

    #[setter]
    fn set_cache_ttl(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        self.cache_ttl = seconds("cache_ttl", not_none("cache_ttl", value)?)?;
        Ok(())
    }

    /// Whether a domain without MX but with A/AAAA resolves to itself.
    #[getter]
    fn get_implicit_mx(&self) -> bool {
        self.implicit_mx
    }

    #[setter]
    fn set_implicit_mx(&mut self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        self.implicit_mx = implicit_mx(not_none("implicit_mx", value)?)?;
        Ok(())
    }

    /// The fields as a plain dict (`from_dict` reverses it).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("servers", PyList::new(py, &self.servers)?)?;
        d.set_item("timeout", self.timeout.to_object(py)?)?;
        d.set_item("cache_ttl", self.cache_ttl.to_object(py)?)?;
        d.set_item("implicit_mx", self.implicit_mx)?;
        Ok(d)
    }

    /// Builds a config from a mapping; unknown keys are a `TypeError`.
    #[classmethod]
    fn from_dict(_cls: &Bound<'_, PyType>, d: &Bound<'_, PyAny>) -> PyResult<Self> {
        let abc = d.py().import("collections.abc")?.getattr("Mapping")?;
        if !d.is_instance(&abc)? {
            return Err(PyTypeError::new_err(format!(
                "MXDiscoveryConfig.from_dict needs a mapping, got {}",
                describe(d)
            )));
        }
        Self::from_mapping(d)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        self.repr_text(py)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let py = other.py();
        match other.cast::<Self>() {
            Ok(o) => {
                let o = o.borrow();
                let same = self.servers == o.servers
                    && self.timeout.value() == o.timeout.value()
                    && self.cache_ttl.value() == o.cache_ttl.value()
                    && self.implicit_mx == o.implicit_mx;
                Ok(PyBool::new(py, same).to_owned().into_any().unbind())
            }
            Err(_) => Ok(py.NotImplemented()),
        }
    }

    fn __hash__(&self) -> PyResult<isize> {
        Err(PyTypeError::new_err("unhashable type: 'MXDiscoveryConfig'"))
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let this = slf.borrow();
        let args = (
            PyList::new(py, &this.servers)?,
            this.timeout.to_object(py)?,
            this.cache_ttl.to_object(py)?,
            this.implicit_mx,
        );
        PyTuple::new(
            py,
            [
                slf.get_type().into_any(),
                args.into_pyobject(py)?.into_any(),
            ],
        )
    }
}

/// Rejects a config value that is neither None, a config, a mapping nor an
/// object with the attributes.
pub fn config_from_any(obj: Option<&Bound<'_, PyAny>>) -> PyResult<PyMxDiscoveryConfig> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(PyMxDiscoveryConfig::default());
    };
    if let Ok(c) = obj.cast::<PyMxDiscoveryConfig>() {
        return Ok(c.borrow().clone());
    }
    let abc = obj.py().import("collections.abc")?.getattr("Mapping")?;
    if obj.is_instance(&abc)? {
        return PyMxDiscoveryConfig::from_mapping(obj);
    }
    if !obj.is_instance_of::<PyString>() {
        if let Some(c) = PyMxDiscoveryConfig::from_attributes(obj)? {
            return Ok(c);
        }
    }
    Err(PyTypeError::new_err(format!(
        "config must be an MXDiscoveryConfig, a mapping or an object with servers/timeout/cache_ttl, got {}",
        describe(obj)
    )))
}

/// Checks a positive int keyword such as `max_in_flight`.
pub fn count_arg(name: &str, value: &Bound<'_, PyAny>, min: usize, max: usize) -> PyResult<usize> {
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be an int, got {}",
            describe(value)
        )));
    }
    match value.extract::<i128>() {
        Ok(n) if n >= min as i128 && n <= max as i128 => Ok(n as usize),
        _ => Err(PyValueError::new_err(format!(
            "{name} must be between {min} and {max}, got {}",
            value.repr()?
        ))),
    }
}
