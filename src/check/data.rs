//! What the DNS said about one domain: the input of the rules (no I/O here).

use std::net::IpAddr;

use super::dmarc::DmarcData;
use super::hosts::HostChecks;
use super::spf::Tree;
use crate::mail::mx::AddressTtls;
use crate::mail::{MxRecord, MxSet};

/// The outcome of one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<T> {
    /// The records (none: NOERROR without records of the type).
    Found(Vec<T>),
    /// The name does not exist.
    NxDomain,
    /// No usable answer; the reason (`Timeout after 5s`, `SERVFAIL`, ...).
    Failed(String),
}

impl<T> Lookup<T> {
    /// The records, or none for NXDOMAIN and failures.
    pub fn records(&self) -> &[T] {
        match self {
            Self::Found(v) => v,
            _ => &[],
        }
    }

    /// The failure reason, if the query failed.
    pub fn failure(&self) -> Option<&str> {
        match self {
            Self::Failed(r) => Some(r),
            _ => None,
        }
    }
}

/// One address and its TTL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Addr {
    /// The address.
    pub ip: IpAddr,
    /// TTL in seconds.
    pub ttl: u32,
}

/// The A and AAAA answers of one host name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    /// The name as looked up (no trailing dot).
    pub name: String,
    /// The A query.
    pub a: Lookup<Addr>,
    /// The AAAA query.
    pub aaaa: Lookup<Addr>,
    /// The canonical name when `name` is an alias (a CNAME owner).
    pub alias_of: Option<String>,
}

impl Host {
    /// A host whose lookups were not made (or could not be).
    pub fn failed(name: &str, reason: &str) -> Self {
        Self {
            name: name.to_owned(),
            a: Lookup::Failed(reason.to_owned()),
            aaaa: Lookup::Failed(reason.to_owned()),
            alias_of: None,
        }
    }

    /// Every address, A first.
    pub fn addresses(&self) -> impl Iterator<Item = &Addr> {
        self.a.records().iter().chain(self.aaaa.records())
    }

    /// The smallest TTL of the A records and of the AAAA records.
    pub fn address_ttls(&self) -> AddressTtls {
        let min = |l: &Lookup<Addr>| l.records().iter().map(|a| a.ttl).min();
        AddressTtls {
            a: min(&self.a),
            aaaa: min(&self.aaaa),
        }
    }

    /// The failure reasons of the A and AAAA queries.
    pub fn failures(&self) -> Vec<&str> {
        [self.a.failure(), self.aaaa.failure()]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// Everything gathered about one domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainData {
    /// The domain as the caller wrote it (whitespace trimmed).
    pub domain: String,
    /// Its lowercased IDNA form without the trailing dot (the query name).
    pub name: String,
    /// Whether the config asks for implicit MX in `report.mx`.
    pub implicit_mx: bool,
    /// The MX query of the domain, records as published (the root as `""`).
    pub mx: Lookup<MxRecord>,
    /// The published MX set of `mx` ([`MxSet::published`]: RFC 5321 order,
    /// empty with a Null MX), computed once per check when the MX answer
    /// arrives (the exchanges to look up are taken from it).
    pub published: Vec<MxRecord>,
    /// A/AAAA of the domain itself (implicit MX).
    pub domain_host: Host,
    /// A/AAAA of each exchange, in report order.
    pub exchanges: Vec<Host>,
    /// TXT at the domain (SPF).
    pub spf: Lookup<String>,
    /// TXT at `_dmarc.DOMAIN`, the RFC 9989 tree walk above it and the
    /// report destinations' authorizations.
    pub dmarc: DmarcData,
    /// The SPF record tree under the domain (RFC 7208), rooted at `spf`.
    pub spf_tree: Tree,
    /// TXT at `_mta-sts.DOMAIN`.
    pub mta_sts: Lookup<String>,
    /// TXT at `_smtp._tls.DOMAIN`.
    pub tlsrpt: Lookup<String>,
    /// What the transport probes found (empty when none ran).
    pub probes: crate::probe::Probed,
    /// Whether the resolver authenticated the MX answer (the AD bit; the
    /// query carries DO, RFC 3225 §3).
    pub mx_authenticated: bool,
    /// TLSA records and reverse DNS of the first exchanges of `published`
    /// ([`super::hosts::gather::MAX_CHECKED_HOSTS`]), in report order.
    pub hosts: Vec<HostChecks>,
}

impl DomainData {
    /// The MX answer read as a set.
    pub fn mx_set(&self) -> MxSet<'_, MxRecord> {
        MxSet::new(self.mx.records())
    }
}

/// A record in presentation form for `Finding.records`.
pub fn record_text(name: &str, rtype: &str, value: &str) -> String {
    if rtype == "TXT" {
        let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
        format!("{name} TXT \"{quoted}\"")
    } else {
        format!("{name} {rtype} {value}")
    }
}

/// An MX record in presentation form.
pub fn mx_text(owner: &str, mx: &MxRecord) -> String {
    let exchange = if mx.is_root() { "." } else { &mx.exchange };
    record_text(owner, "MX", &format!("{} {exchange}", mx.preference))
}
