//! `txt-lookup-failed`: a TXT query failed, so the policy it carries was
//! not checked (shared by the SPF, DMARC, MTA-STS and TLS-RPT rules).

use super::super::catalog;
use super::super::finding::Finding;

/// `txt-lookup-failed` for a TXT query of `name` (what it was for in `purpose`).
pub fn txt_failed(name: &str, purpose: &str, reason: &str) -> Finding {
    Finding::new(
        &catalog::TXT_LOOKUP_FAILED,
        format!("TXT lookup of {name} failed ({reason}): {purpose} not checked"),
        Vec::new(),
    )
}
