//! The report of one domain: its MX records (as `lookup` gives them), the
//! addresses of each exchange, and the findings of every rule.

use std::net::IpAddr;

use super::data::{DomainData, Lookup, RawMx};
use super::finding::Finding;
use super::rules;
use crate::discovery::record::sort_and_dedupe;
use crate::discovery::MxRecord;
use crate::dns::name::display_without_dot;

/// The result of a live check of one domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainReport {
    /// The domain as the caller wrote it (whitespace trimmed).
    pub domain: String,
    /// MX records in RFC 5321 order, as `MXDiscovery.lookup` gives them
    /// (empty for a Null MX; the domain itself for implicit MX if enabled).
    pub mx: Vec<MxRecord>,
    /// Addresses (A, then AAAA) of each exchange of `mx`, in `mx` order.
    pub addresses: Vec<(String, Vec<IpAddr>)>,
    /// Findings, in rule order (domain, exchanges, SPF, DMARC, MTA-STS, TLS-RPT).
    pub findings: Vec<Finding>,
}

/// Whether an MX answer holds a Null MX (any exchange is the root).
pub fn has_null_mx(mx: &[RawMx]) -> bool {
    mx.iter().any(|r| r.exchange.is_empty())
}

/// The published MX records in RFC 5321 order, de-duplicated; none when a
/// Null MX is present (as `lookup`, which raises `NullMX` then).
pub fn published_mx(mx: &Lookup<RawMx>) -> Vec<MxRecord> {
    let raw = mx.records();
    if has_null_mx(raw) {
        return Vec::new();
    }
    sort_and_dedupe(
        raw.iter()
            .map(|r| MxRecord {
                preference: r.preference,
                exchange: r.exchange.clone(),
                ttl: r.ttl,
            })
            .collect(),
    )
}

/// `report.mx`: the published records, or the implicit MX when enabled.
fn report_mx(data: &DomainData) -> Vec<MxRecord> {
    let mx = published_mx(&data.mx);
    if !mx.is_empty() || !data.implicit_mx || !matches!(data.mx, Lookup::Found(_)) {
        return mx;
    }
    if !data.mx.records().is_empty() {
        return mx;
    }
    match data.domain_host.addresses().map(|a| a.ttl).min() {
        Some(ttl) => vec![MxRecord {
            preference: 0,
            exchange: display_without_dot(&data.domain),
            ttl,
        }],
        None => mx,
    }
}

/// Builds the report: MX, addresses, and the findings of every rule.
pub fn build(data: &DomainData) -> DomainReport {
    let mx = report_mx(data);
    let addresses = mx
        .iter()
        .map(|r| {
            let host = data
                .exchanges
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(&r.exchange))
                .unwrap_or(&data.domain_host);
            (r.exchange.clone(), host.addresses().map(|a| a.ip).collect())
        })
        .collect();
    DomainReport {
        domain: data.domain.clone(),
        findings: rules::all(data),
        mx,
        addresses,
    }
}
