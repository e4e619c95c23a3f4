//! The MTA-STS policy file (RFC 8461 §3.2) and MX pattern matching (§4.1).
//!
//! The parser is linear in the input and never panics: every line is
//! `key: value` (CRLF or LF ends a line); unknown keys are ignored
//! (§3.2: "Additional ... fields ... MUST be ignored"); each problem is
//! named in [`PolicyError`].

use std::fmt;

/// The largest `max_age` allowed (RFC 8461 §3.2: 31557600 seconds, a year).
pub const MAX_AGE_LIMIT: u64 = 31_557_600;

/// The policy mode (RFC 8461 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Senders must not deliver to MX hosts that fail the checks.
    Enforce,
    /// Senders deliver anyway and report failures (TLS-RPT).
    Testing,
    /// No active policy.
    None,
}

impl Mode {
    /// `"enforce"`, `"testing"` or `"none"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Enforce => "enforce",
            Self::Testing => "testing",
            Self::None => "none",
        }
    }
}

/// A parsed policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// `mode`.
    pub mode: Mode,
    /// `max_age` in seconds.
    pub max_age: u64,
    /// The `mx` patterns, as written (lowercased, no trailing dot).
    pub mx: Vec<String>,
}

/// Why a policy file is not valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyError {
    /// No `version` field, or not `STSv1`.
    Version(Option<String>),
    /// No `mode` field, or not one of the three modes.
    Mode(Option<String>),
    /// No `max_age`, not a number, or above [`MAX_AGE_LIMIT`].
    MaxAge(Option<String>),
    /// `mode` is enforce or testing but no `mx` field.
    NoMx,
    /// An `mx` pattern that is not a host name or `*.`-wildcard of one.
    BadMx(String),
    /// A field given twice (version, mode, max_age).
    Duplicate(&'static str),
    /// A line without `:` (its number, from 1).
    BadLine(usize),
    /// The body is not UTF-8.
    NotText,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |v: &Option<String>| match v {
            Some(v) => format!("{v:?}"),
            None => "missing".to_owned(),
        };
        match self {
            Self::Version(v) => write!(f, "version must be STSv1, got {}", shown(v)),
            Self::Mode(v) => write!(f, "mode must be enforce, testing or none, got {}", shown(v)),
            Self::MaxAge(v) => write!(f, "max_age must be 0..={MAX_AGE_LIMIT}, got {}", shown(v)),
            Self::NoMx => write!(f, "no mx pattern (required unless mode is none)"),
            Self::BadMx(p) => write!(f, "mx pattern {p:?} is not a host name or *.name"),
            Self::Duplicate(k) => write!(f, "field {k} given more than once"),
            Self::BadLine(n) => write!(f, "line {n} is not \"key: value\""),
            Self::NotText => write!(f, "the policy is not UTF-8 text"),
        }
    }
}

/// The fields seen so far.
#[derive(Default)]
struct Fields {
    version: Option<String>,
    mode: Option<String>,
    max_age: Option<String>,
    mx: Vec<String>,
}

impl Fields {
    fn set(slot: &mut Option<String>, key: &'static str, value: &str) -> Result<(), PolicyError> {
        if slot.is_some() {
            return Err(PolicyError::Duplicate(key));
        }
        *slot = Some(value.to_owned());
        Ok(())
    }
}

/// Parses a policy body (RFC 8461 §3.2).
pub fn parse(body: &[u8]) -> Result<Policy, PolicyError> {
    let text = std::str::from_utf8(body).map_err(|_| PolicyError::NotText)?;
    let mut fields = Fields::default();
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let (key, value) = line.split_once(':').ok_or(PolicyError::BadLine(i + 1))?;
        // §3.2: sts-policy-field-delim = ":" *WSP; trailing WSP is not part of a value.
        let value = value.trim_matches([' ', '\t']);
        match key {
            "version" => Fields::set(&mut fields.version, "version", value)?,
            "mode" => Fields::set(&mut fields.mode, "mode", value)?,
            "max_age" => Fields::set(&mut fields.max_age, "max_age", value)?,
            "mx" => fields.mx.push(value.to_ascii_lowercase()),
            _ => {}
        }
    }
    build(fields)
}

fn build(f: Fields) -> Result<Policy, PolicyError> {
    if f.version.as_deref() != Some("STSv1") {
        return Err(PolicyError::Version(f.version));
    }
    let mode = match f.mode.as_deref() {
        Some("enforce") => Mode::Enforce,
        Some("testing") => Mode::Testing,
        Some("none") => Mode::None,
        _ => return Err(PolicyError::Mode(f.mode)),
    };
    let max_age = f
        .max_age
        .as_deref()
        // §3.2: max_age is 1*10DIGIT.
        .filter(|v| !v.is_empty() && v.len() <= 10 && v.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|v| *v <= MAX_AGE_LIMIT)
        .ok_or_else(|| PolicyError::MaxAge(f.max_age.clone()))?;
    let mut mx = Vec::with_capacity(f.mx.len());
    for pattern in f.mx {
        let pattern = pattern.strip_suffix('.').unwrap_or(&pattern).to_owned();
        if !valid_pattern(&pattern) {
            return Err(PolicyError::BadMx(pattern));
        }
        mx.push(pattern);
    }
    if mx.is_empty() && mode != Mode::None {
        return Err(PolicyError::NoMx);
    }
    Ok(Policy { mode, max_age, mx })
}

/// A host name of LDH labels, optionally starting with `*.` (RFC 8461 §3.2).
fn valid_pattern(p: &str) -> bool {
    let host = p.strip_prefix("*.").unwrap_or(p);
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// Whether `host` (no trailing dot) matches `pattern` (RFC 8461 §4.1): a
/// literal match, or `*.rest` matching exactly one extra left-most label.
/// Case-insensitive.
pub fn mx_matches(pattern: &str, host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    match pattern.strip_prefix("*.") {
        Some(rest) => host
            .split_once('.')
            .is_some_and(|(label, tail)| !label.is_empty() && tail.eq_ignore_ascii_case(rest)),
        None => pattern.eq_ignore_ascii_case(host),
    }
}

impl Policy {
    /// Whether some `mx` pattern matches `host`.
    pub fn covers(&self, host: &str) -> bool {
        self.mx.iter().any(|p| mx_matches(p, host))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_policy_with_crlf_and_unknown_keys() {
        let p = parse(b"version: STSv1\r\nmode: enforce\r\nmx: MX1.example.com\r\nmx: *.example.net\r\nmax_age: 86400\r\nfoo: bar\r\n").unwrap();
        assert_eq!(p.mode, Mode::Enforce);
        assert_eq!(p.max_age, 86400);
        assert_eq!(p.mx, vec!["mx1.example.com", "*.example.net"]);
    }

    #[test]
    fn names_each_problem() {
        let e = |b: &[u8]| parse(b).unwrap_err();
        assert_eq!(e(b"mode: none\nmax_age: 1"), PolicyError::Version(None));
        assert_eq!(
            e(b"version: STSv2\nmode: none\nmax_age: 1"),
            PolicyError::Version(Some("STSv2".into()))
        );
        assert_eq!(
            e(b"version: STSv1\nmode: on\nmax_age: 1"),
            PolicyError::Mode(Some("on".into()))
        );
        assert_eq!(
            e(b"version: STSv1\nmode: none\nmax_age: 31557601"),
            PolicyError::MaxAge(Some("31557601".into()))
        );
        assert_eq!(
            e(b"version: STSv1\nmode: none\nmax_age: -1"),
            PolicyError::MaxAge(Some("-1".into()))
        );
        assert_eq!(
            e(b"version: STSv1\nmode: enforce\nmax_age: 5"),
            PolicyError::NoMx
        );
        assert_eq!(e(b"version: STSv1\nnonsense\n"), PolicyError::BadLine(2));
        assert_eq!(
            e(b"version: STSv1\nversion: STSv1\n"),
            PolicyError::Duplicate("version")
        );
        assert_eq!(
            e(b"version: STSv1\nmode: testing\nmax_age: 5\nmx: a b"),
            PolicyError::BadMx("a b".into())
        );
        assert_eq!(e(b"\xff"), PolicyError::NotText);
        assert!(parse(b"version: STSv1\nmode: none\nmax_age: 31557600").is_ok());
    }

    #[test]
    fn wildcards_match_one_label_only() {
        assert!(mx_matches("*.example.com", "mx1.example.com"));
        assert!(mx_matches("*.example.com", "MX1.Example.COM."));
        assert!(!mx_matches("*.example.com", "a.b.example.com"));
        assert!(!mx_matches("*.example.com", "example.com"));
        assert!(mx_matches("mx.example.com", "MX.example.com"));
        assert!(!mx_matches("mx.example.com", "mx2.example.com"));
    }
}
