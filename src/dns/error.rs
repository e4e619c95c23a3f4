//! The floor's one error type, and the classification of hickory's errors
//! into it (the only place that reads hickory's error representation).

use std::fmt;

use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::ResponseCode;

/// Why a query gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The name does not exist (NXDOMAIN, RFC 1035 §4.1.1 rcode 3).
    NxDomain,
    /// No usable answer before the deadline; `timeout` is the configured
    /// number as Python's `str()` prints it (`5`, `2.5`).
    Timeout {
        /// The configured timeout, formatted for messages.
        timeout: String,
    },
    /// SERVFAIL, REFUSED, another rcode, a network error or an unusable reply.
    ServerFailure {
        /// The rcode mnemonic (`SERVFAIL`, `REFUSED`, ...), when the server sent one.
        rcode: Option<String>,
        /// What went wrong, for messages.
        reason: String,
    },
    /// The name is not a valid DNS name.
    InvalidName,
    /// A failure of ours, not of DNS (the runtime could not start, no
    /// nameserver is configured, a task was lost).
    Internal(String),
}

impl Error {
    /// Whether another configured server may give a better answer.
    pub fn try_next_server(&self) -> bool {
        matches!(self, Self::Timeout { .. } | Self::ServerFailure { .. })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NxDomain => f.write_str("NXDOMAIN"),
            Self::Timeout { timeout } => write!(f, "Timeout after {timeout}s"),
            Self::ServerFailure { reason, .. } => f.write_str(reason),
            Self::InvalidName => f.write_str("invalid domain name"),
            Self::Internal(reason) => f.write_str(reason),
        }
    }
}

impl std::error::Error for Error {}

/// The outcome of one query that did not give records.
pub(super) enum Failure {
    /// NOERROR without records of the asked type (NODATA).
    NoData,
    /// Anything else, already mapped.
    Error(Error),
}

/// The rcode mnemonic as DNS tools print it (RFC 6895 §2.3).
pub fn rcode_mnemonic(rcode: u16) -> String {
    let known = match rcode {
        0 => "NOERROR",
        1 => "FORMERR",
        2 => "SERVFAIL",
        3 => "NXDOMAIN",
        4 => "NOTIMP",
        5 => "REFUSED",
        6 => "YXDOMAIN",
        7 => "YXRRSET",
        8 => "NXRRSET",
        9 => "NOTAUTH",
        10 => "NOTZONE",
        16 => "BADVERS",
        n => return format!("RCODE{n}"),
    };
    known.to_owned()
}

/// Maps a hickory error; NXDOMAIN is tested before NODATA (both are
/// "no records found" in hickory).
pub(super) fn classify(err: NetError, timeout_text: &str) -> Failure {
    let failure = |rcode: Option<String>, reason: String| {
        Failure::Error(Error::ServerFailure { rcode, reason })
    };
    match err {
        NetError::Dns(DnsError::NoRecordsFound(nr))
            if nr.response_code == ResponseCode::NXDomain =>
        {
            Failure::Error(Error::NxDomain)
        }
        NetError::Dns(DnsError::NoRecordsFound(_)) => Failure::NoData,
        NetError::Dns(DnsError::ResponseCode(ResponseCode::NXDomain)) => {
            Failure::Error(Error::NxDomain)
        }
        NetError::Dns(DnsError::ResponseCode(rc)) => {
            let m = rcode_mnemonic(u16::from(rc));
            failure(Some(m.clone()), m)
        }
        NetError::Timeout => Failure::Error(Error::Timeout {
            timeout: timeout_text.to_owned(),
        }),
        NetError::Io(e) => failure(None, format!("network error: {e}")),
        NetError::Proto(e) => failure(None, format!("malformed reply: {e}")),
        other => failure(None, other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mnemonics() {
        assert_eq!(rcode_mnemonic(2), "SERVFAIL");
        assert_eq!(rcode_mnemonic(5), "REFUSED");
        assert_eq!(rcode_mnemonic(23), "RCODE23");
    }

    #[test]
    fn only_timeouts_and_server_failures_fail_over() {
        let t = Error::Timeout {
            timeout: "1".to_owned(),
        };
        let s = Error::ServerFailure {
            rcode: None,
            reason: "x".to_owned(),
        };
        assert!(t.try_next_server() && s.try_next_server());
        for e in [
            Error::NxDomain,
            Error::InvalidName,
            Error::Internal("x".to_owned()),
        ] {
            assert!(!e.try_next_server(), "{e:?}");
        }
    }
}
