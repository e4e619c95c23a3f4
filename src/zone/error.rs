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
                write!(f, "Invalid zone name \"{}\": {}", Clip(name), Clip(reason))
            }
            ZoneError::InvalidRecordName { name, reason } => {
                write!(
                    f,
                    "Invalid record name \"{}\": {}",
                    Clip(name),
                    Clip(reason)
                )
            }
            ZoneError::InvalidType { fqdn, rtype } => write!(
                f,
                "Invalid record type \"{}\" for record \"{}\"",
                Clip(rtype),
                Clip(fqdn)
            ),
            ZoneError::InvalidValue {
                fqdn,
                rtype,
                detail,
            } => write!(
                f,
                "Invalid {} record \"{}\": {}",
                Clip(rtype),
                Clip(fqdn),
                Clip(detail)
            ),
            ZoneError::Duplicate { fqdn, rtype } => {
                write!(
                    f,
                    "Duplicate record \"{}\", type {}",
                    Clip(fqdn),
                    Clip(rtype)
                )
            }
            ZoneError::InvalidData { detail } => write!(f, "Invalid zone data: {}", Clip(detail)),
            ZoneError::Syntax {
                file,
                line,
                message,
            } => match file {
                Some(file) => write!(f, "{file}, line {line}: {}", Clip(message)),
                None => write!(f, "line {line}: {}", Clip(message)),
            },
            ZoneError::Io { path, message, .. } => write!(f, "{path}: {message}"),
        }
    }
}

/// Longest part of a message shown in full, in characters: hostile input can
/// put a megabyte-long token into a message (DNS names end at 253 octets).
const MAX_SHOWN: usize = 512;

/// Shows a message part, cut after [`MAX_SHOWN`] characters with a note of
/// how much was left out.
struct Clip<'a>(&'a str);

impl fmt::Display for Clip<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(MAX_SHOWN) {
            None => f.write_str(self.0),
            Some((at, _)) => {
                let rest = self.0[at..].chars().count();
                write!(f, "{}… ({rest} more characters)", &self.0[..at])
            }
        }
    }
}

impl std::error::Error for ZoneError {}
