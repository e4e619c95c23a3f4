//! Errors of the zone model and its loaders.

use std::fmt;

/// Everything that can go wrong while building or loading a zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneError {
    /// The zone name itself is unusable (empty, double dot, whitespace, bad IDN).
    InvalidZoneName {
        /// The name as given.
        name: String,
        /// Why it is unusable.
        reason: String,
    },
    /// A record name is unusable (bad IDN label, whitespace).
    InvalidRecordName {
        /// The record name as given (relative to the zone).
        name: String,
        /// Why it is unusable.
        reason: String,
    },
    /// A record's type string is empty or not a DNS type mnemonic.
    InvalidType {
        /// The record's fully qualified name.
        fqdn: String,
        /// The type string as given.
        rtype: String,
    },
    /// A record's values do not fit its type (MX without exchange, ...).
    InvalidValue {
        /// The record's fully qualified name.
        fqdn: String,
        /// The record's type.
        rtype: String,
        /// What is wrong with the values.
        detail: String,
    },
    /// Two records with the same (name, type).
    Duplicate {
        /// The fully qualified name held twice.
        fqdn: String,
        /// The type held twice at that name.
        rtype: String,
    },
    /// The input data does not have the octoDNS layout.
    InvalidData {
        /// Where and how the data departs from the layout.
        detail: String,
    },
    /// A zone file that cannot be parsed; `line` is 1-based.
    Syntax {
        /// The file being parsed, or `None` for zone text.
        file: Option<String>,
        /// The 1-based line of the error in that file or text.
        line: usize,
        /// What the parser expected or found.
        message: String,
    },
    /// A zone file (or one of its `$INCLUDE`s) could not be read.
    Io {
        /// The path that could not be read.
        path: String,
        /// Whether the file does not exist (a `FileNotFoundError` in Python).
        not_found: bool,
        /// The operating system's description of the failure.
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
