//! Live check of a domain's mail DNS (API.md §4): MX (RFC 5321 §5.1, RFC
//! 7505, RFC 2181 §10.3), the exchanges' addresses, SPF (RFC 7208), DMARC
//! (RFC 7489, RFC 9989), MTA-STS (RFC 8461; the HTTPS policy only with
//! `fetch_policy`), TLS-RPT (RFC 8460), and, when asked, the transport probes
//! of [`crate::probe`] (STARTTLS, certificates, DANE).
//!
//! [`gather`] does the DNS I/O (concurrent, one deadline, on the discovery
//! resolver and runtime); [`rules`] are pure functions over what it found;
//! [`report::build`] puts them together. Every finding (id, severity, when
//! it fires, the RFC) is defined once, in [`catalog::ALL`]; the README's
//! findings table is generated from it and a test keeps the two equal.
//!
//! MTA-STS and TLS-RPT are only
//! checked for domains that publish MX hosts; an NXDOMAIN domain gets only
//! `nxdomain`.

mod ask;
pub mod catalog;
pub mod data;
pub mod dmarc;
pub mod finding;
pub mod gather;
pub mod hosts;
pub mod report;
pub mod rules;
pub mod run;
pub mod spf;

pub use catalog::Severity;
pub use finding::Finding;
pub use gather::{
    addresses_of, addresses_of_async, check_domain, check_domain_async, check_domain_async_probed,
    check_domain_probed,
};
pub use report::DomainReport;
pub use run::Run;
