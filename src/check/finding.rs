//! One finding of a live check, and its severity.

use super::catalog::Rule;

/// How bad a finding is; ordered `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; nothing is broken.
    Info,
    /// Works, but weaker or riskier than it should be.
    Warning,
    /// Breaks or violates a MUST of the RFCs.
    Error,
}

impl Severity {
    /// `"info"`, `"warning"` or `"error"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }

    /// Parses `"info"`, `"warning"` or `"error"`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "info" => Some(Self::Info),
            "warning" => Some(Self::Warning),
            "error" => Some(Self::Error),
            _ => None,
        }
    }
}

/// One problem (or fact) found about a domain's mail DNS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule's kebab-case id.
    pub id: String,
    /// The rule's severity.
    pub severity: Severity,
    /// For people.
    pub message: String,
    /// The records concerned, in presentation form (`example.com MX 10 mx.example.com`).
    pub records: Vec<String>,
}

impl Finding {
    /// A finding of `rule`.
    pub fn new(rule: &Rule, message: impl Into<String>, records: Vec<String>) -> Self {
        Self {
            id: rule.id.to_owned(),
            severity: rule.severity,
            message: message.into(),
            records,
        }
    }
}
