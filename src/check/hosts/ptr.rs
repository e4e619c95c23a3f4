//! Reverse DNS of the MX hosts' addresses: `mx-ptr-missing`,
//! `mx-ptr-not-confirmed` and `mx-ptr-lookup-failed`. Receivers commonly
//! reject or score down mail from a host whose address has no PTR or whose
//! PTR name does not resolve back to it (the `iprev` check, RFC 8601 §3;
//! RFC 1912 §2.1: PTR and A records should match); an MX host usually
//! sends mail too.

use super::super::catalog;
use super::super::data::record_text;
use super::super::finding::Finding;
use super::data::{Fcrdns, HostChecks};

/// The PTR findings of one exchange: at most one of each kind, listing the
/// addresses concerned.
pub fn findings(host: &HostChecks) -> Vec<Finding> {
    let e = &host.exchange;
    let mut missing = Vec::new();
    let mut unconfirmed = Vec::new();
    let mut unconfirmed_records = Vec::new();
    let mut failed = Vec::new();
    for r in &host.reverse {
        match r.verdict() {
            Fcrdns::Confirmed(_) => {}
            Fcrdns::Missing => missing.push(r.ip.to_string()),
            Fcrdns::NotConfirmed(names) => {
                unconfirmed.push(format!("{} -> {}", r.ip, names.join(", ")));
                unconfirmed_records.extend(names.iter().map(|n| record_text(&r.name, "PTR", n)));
            }
            Fcrdns::Failed(reason) => failed.push(format!("{} ({reason})", r.ip)),
        }
    }
    let mut out = Vec::new();
    if !missing.is_empty() {
        out.push(Finding::new(
            &catalog::MX_PTR_MISSING,
            format!(
                "MX exchange {e}: no reverse DNS (PTR) for {}; receivers often reject mail \
                 from addresses without one",
                missing.join(", ")
            ),
            Vec::new(),
        ));
    }
    if !unconfirmed.is_empty() {
        out.push(Finding::new(
            &catalog::MX_PTR_NOT_CONFIRMED,
            format!(
                "MX exchange {e}: reverse DNS not forward-confirmed for {} (no PTR name \
                 resolves back to the address)",
                unconfirmed.join("; ")
            ),
            unconfirmed_records,
        ));
    }
    if !failed.is_empty() {
        out.push(Finding::new(
            &catalog::MX_PTR_LOOKUP_FAILED,
            format!(
                "MX exchange {e}: reverse DNS not checked for {}",
                failed.join(", ")
            ),
            Vec::new(),
        ));
    }
    out
}
