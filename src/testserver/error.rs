//! Errors of the test server's record input.

use std::fmt;

/// The record types the test server accepts (any other is
/// [`RecordError::UnknownType`]).
pub const SUPPORTED_TYPES: &[&str] = &[
    "A", "AAAA", "CAA", "CNAME", "MX", "NS", "PTR", "SOA", "SRV", "TLSA", "TXT",
];

/// Why a record could not be added to the test server's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    /// The record type is not one the server serves (the type as given).
    UnknownType(String),
    /// The owner name is not a valid DNS name.
    BadName {
        /// The name as given.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The value does not parse as presentation format for its type.
    BadValue {
        /// The record type (upper case).
        rtype: String,
        /// The value as given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownType(t) => write!(
                f,
                "unknown record type {t:?} (supported: {})",
                SUPPORTED_TYPES.join(", ")
            ),
            Self::BadName { name, reason } => write!(f, "invalid record name {name:?}: {reason}"),
            Self::BadValue {
                rtype,
                value,
                reason,
            } => write!(f, "invalid {rtype} value {value:?}: {reason}"),
        }
    }
}

impl std::error::Error for RecordError {}
