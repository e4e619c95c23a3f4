//! The MX hosts beyond their addresses: reverse DNS of each address with
//! forward confirmation (FCrDNS), the DANE TLSA records at `_25._tcp.<mx>`
//! (RFC 7672), whether the resolver authenticated the answers (the AD bit),
//! and the rules on them (a duplicate exchange, PTR, TLSA).
//!
//! [`gather`] does the DNS I/O of one exchange within the check's deadline,
//! bounded by [`gather::MAX_CHECKED_HOSTS`], [`gather::MAX_PTR_ADDRESSES`]
//! and [`gather::MAX_PTR_NAMES`]; [`data`] holds what it found (the TLSA
//! records with their authenticated flag are kept there for the certificate
//! probes to match); [`ptr`], [`tlsa`] and [`duplicate`] are pure rules.

pub mod data;
pub mod duplicate;
pub mod gather;
pub mod ptr;
pub mod reverse;
pub mod tlsa;

pub use data::{Fcrdns, Forward, HostChecks, Reverse, TlsaLookup, TlsaRecord};
