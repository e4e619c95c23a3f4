//! The one error type of an MX lookup, and the exact warning texts of API.md.

use std::fmt;

use crate::dns::text::escape_nonprintable;
use crate::dns::{self, Failover};

/// Why an MX lookup of one domain gave no usable hosts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    /// The domain does not exist (NXDOMAIN).
    NxDomain,
    /// The domain exists but has no MX records (NOERROR with no MX answer).
    NoMxRecords,
    /// The domain publishes a Null MX (RFC 7505): it accepts no mail.
    NullMx,
    /// No usable answer before the deadline; `timeout` is the configured
    /// number as Python's `str()` prints it (`5`, `2.5`).
    Timeout {
        /// The configured timeout, formatted for the message.
        timeout: String,
    },
    /// SERVFAIL, REFUSED, another rcode, a network error or an unusable reply.
    ServerFailure {
        /// The rcode mnemonic (`SERVFAIL`, `REFUSED`, ...), when the server sent one.
        rcode: Option<String>,
        /// The text after `MX lookup failed for {domain}: `.
        reason: String,
    },
    /// The domain is not a valid DNS name.
    InvalidDomain,
    /// A failure of ours, not of DNS (the runtime could not start, no
    /// nameserver is configured, a lookup task was lost).
    Internal(String),
}

impl LookupError {
    /// The reason part of the message (`NXDOMAIN`, `Timeout after 5s`, ...).
    pub fn reason(&self) -> String {
        match self {
            Self::NxDomain => "NXDOMAIN".to_owned(),
            Self::NoMxRecords => "no MX records".to_owned(),
            Self::NullMx => "Null MX: domain accepts no mail".to_owned(),
            Self::Timeout { timeout } => format!("Timeout after {timeout}s"),
            Self::ServerFailure { reason, .. } => reason.clone(),
            Self::InvalidDomain => "invalid domain name".to_owned(),
            Self::Internal(reason) => reason.clone(),
        }
    }

    /// The exact WARNING text of API.md for `domain` as the caller wrote it;
    /// non-printable characters of the domain are escaped so that a config
    /// cannot forge log lines.
    pub fn warning(&self, domain: &str) -> String {
        let domain = escape_nonprintable(domain);
        match self {
            Self::NoMxRecords => format!("No MX records found for {domain}"),
            Self::NullMx => format!("Null MX for {domain}: domain accepts no mail"),
            other => format!("MX lookup failed for {domain}: {}", other.reason()),
        }
    }
}

impl Failover for LookupError {
    fn try_next_server(&self) -> bool {
        matches!(self, Self::Timeout { .. } | Self::ServerFailure { .. })
    }
}

impl From<dns::Error> for LookupError {
    fn from(e: dns::Error) -> Self {
        match e {
            dns::Error::NxDomain => Self::NxDomain,
            dns::Error::Timeout { timeout } => Self::Timeout { timeout },
            dns::Error::ServerFailure { rcode, reason } => Self::ServerFailure { rcode, reason },
            dns::Error::InvalidName => Self::InvalidDomain,
            dns::Error::Internal(reason) => Self::Internal(reason),
        }
    }
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason())
    }
}

impl std::error::Error for LookupError {}

/// A rejected configuration value; the message names the offending value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// A value of the right type but out of range or malformed.
    Value(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Value(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for ConfigError {}

/// The Python logger (and `log` target) every warning goes to.
pub const LOG_TARGET: &str = "mailtrace.mx_discovery";

/// Logs each warning text to [`LOG_TARGET`] at WARNING, in order.
pub fn emit_warnings(warnings: &[String]) {
    for w in warnings {
        log::warn!(target: LOG_TARGET, "{w}");
    }
}
