//! One finding of a live check.

use super::catalog::{Rule, Severity};

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
