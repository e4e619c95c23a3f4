//! Errors of the zone model and its loaders.

use std::fmt;

/// Everything that can go wrong while building or loading a zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneError {
    /// The zone name itself is unusable (empty, double dot, whitespace, bad IDN).
    InvalidZoneName { name: String, reason: String },
    /// A record name is unusable (bad IDN label, whitespace).
    InvalidRecordName { name: String, reason: String },
    /// A record's type string is empty or not a DNS type mnemonic.
    InvalidType { fqdn: String, rtype: String },
    /// A record's values do not fit its type (MX without exchange, ...).
    InvalidValue {
        fqdn: String,
        rtype: String,
        detail: String,
    },
    /// Two records with the same (name, type).
    Duplicate { fqdn: String, rtype: String },
    /// The input data does not have the octoDNS layout.
    InvalidData { detail: String },
    /// A zone file that cannot be parsed; `line` is 1-based.
    Syntax {
        file: Option<String>,
        line: usize,
        message: String,
    },
    /// A zone file (or one of its `$INCLUDE`s) could not be read.
    Io {
        path: String,
        not_found: bool,
        message: String,
    },
}

impl ZoneError {
    /// Shorthand for [`ZoneError::InvalidValue`].
    pub fn value(fqdn: &str, rtype: &str, detail: impl Into<String>) -> Self {
        ZoneError::InvalidValue {
            fqdn: fqdn.to_string(),
            rtype: rtype.to_string(),
            detail: detail.into(),
        }
    }
}

impl fmt::Display for ZoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZoneError::InvalidZoneName { name, reason } => {
                write!(f, "Invalid zone name \"{name}\": {reason}")
            }
            ZoneError::InvalidRecordName { name, reason } => {
                write!(f, "Invalid record name \"{name}\": {reason}")
            }
            ZoneError::InvalidType { fqdn, rtype } => {
                write!(f, "Invalid record type \"{rtype}\" for record \"{fqdn}\"")
            }
            ZoneError::InvalidValue {
                fqdn,
                rtype,
                detail,
            } => write!(f, "Invalid {rtype} record \"{fqdn}\": {detail}"),
            ZoneError::Duplicate { fqdn, rtype } => {
                write!(f, "Duplicate record \"{fqdn}\", type {rtype}")
            }
            ZoneError::InvalidData { detail } => write!(f, "Invalid zone data: {detail}"),
            ZoneError::Syntax {
                file,
                line,
                message,
            } => match file {
                Some(file) => write!(f, "{file}, line {line}: {message}"),
                None => write!(f, "line {line}: {message}"),
            },
            ZoneError::Io { path, message, .. } => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for ZoneError {}
