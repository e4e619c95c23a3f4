//! The report of one domain: its MX records (as `lookup` gives them), the
//! addresses of each exchange, and the findings of every rule.

use std::net::IpAddr;

use super::data::{DomainData, Lookup};
use super::dmarc::{self, DmarcSummary};
use super::finding::Finding;
use super::hosts::HostChecks;
use super::rules;
use super::spf::{self, SpfSummary};
use crate::dns::name::display_without_dot;
use crate::mail::{mx, MxRecord};

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
    /// Whether the resolver authenticated the MX answer (AD bit).
    pub mx_authenticated: bool,
    /// Reverse DNS and TLSA records (with their authenticated flag) of the
    /// first exchanges, in `mx` order.
    pub hosts: Vec<HostChecks>,
    /// The DMARC record that applies and where it was found (RFC 9989 §4.10.1).
    pub dmarc: DmarcSummary,
    /// The SPF tree: lookups, effective `all`, result (RFC 7208).
    pub spf: SpfSummary,
    /// What the transport probes found (empty when none ran).
    pub probes: crate::probe::Probed,
}

/// `report.mx`: the published records, or the implicit MX when enabled
/// (RFC 5321 §5.1: NOERROR without MX records, the domain has addresses).
fn report_mx(data: &DomainData) -> Vec<MxRecord> {
    let no_records = matches!(&data.mx, Lookup::Found(r) if r.is_empty());
    if !data.published.is_empty() || !data.implicit_mx || !no_records {
        return data.published.clone();
    }
    let domain = display_without_dot(&data.domain);
    let ttl = data.domain_host.address_ttls().implicit_ttl();
    ttl.map(|ttl| mx::implicit(&domain, ttl))
        .into_iter()
        .collect()
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
        dmarc: dmarc::summarize(&data.name, &data.dmarc),
        spf: spf::summarize(&data.spf_tree),
        mx,
        addresses,
        probes: data.probes.clone(),
        mx_authenticated: data.mx_authenticated,
        hosts: data.hosts.clone(),
    }
}
