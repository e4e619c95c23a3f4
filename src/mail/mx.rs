//! MX facts: one record type and one set with its named readings.
//!
//! The root (a Null MX's exchange, RFC 7505 §3) is spelled `""` in DNS
//! answers without the trailing dot and `"."` in zone data; [`is_root`]
//! accepts both, so every reading below works on either source.

use std::collections::HashSet;

/// One MX record: preference, exchange (no trailing dot, case as sent, `""`
/// for the root) and TTL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MxRecord {
    /// Lower is preferred.
    pub preference: u16,
    /// The exchange hostname, without the trailing dot; `""` for the root.
    pub exchange: String,
    /// The record's TTL in seconds.
    pub ttl: u32,
}

impl MxRecord {
    /// Whether the exchange is the root (a Null MX, RFC 7505 §3).
    pub fn is_root(&self) -> bool {
        is_root(&self.exchange)
    }
}

/// Whether `exchange` names the DNS root (`""` or `"."`).
pub fn is_root(exchange: &str) -> bool {
    exchange.is_empty() || exchange == "."
}

/// What the readings of an MX set need of one record, so a set can be read
/// over DNS answers ([`MxRecord`]) and zone values alike without copying.
pub trait MxFields {
    /// The preference.
    fn preference(&self) -> u16;
    /// The exchange (`""` or `"."` for the root).
    fn exchange(&self) -> &str;
}

impl MxFields for MxRecord {
    fn preference(&self) -> u16 {
        self.preference
    }
    fn exchange(&self) -> &str {
        &self.exchange
    }
}

/// The MX records published at one name (one RRset), read without copying.
#[derive(Debug, Clone, Copy)]
pub struct MxSet<'a, T> {
    records: &'a [T],
}

impl<'a, T: MxFields> MxSet<'a, T> {
    /// The set of `records` (in answer order).
    pub fn new(records: &'a [T]) -> Self {
        Self { records }
    }

    /// The records as given.
    pub fn records(&self) -> &'a [T] {
        self.records
    }

    /// Postfix's reading of RFC 7505: the set is a Null MX when ANY exchange
    /// is the root. Discovery and API.md (`NullMX`) use this reading.
    pub fn null_any(&self) -> bool {
        self.records.iter().any(|r| is_root(r.exchange()))
    }

    /// octoDNS 1.22.0's reading: exactly one record and it is `0 .`. The
    /// zone validators use this reading.
    pub fn single_null(&self) -> bool {
        matches!(self.records, [only] if only.preference() == 0 && is_root(only.exchange()))
    }

    /// The root records (what a Null MX publishes; more than one, or one with
    /// a preference other than 0, is against RFC 7505 §3).
    pub fn roots(&self) -> impl Iterator<Item = &'a T> {
        self.records.iter().filter(|r| is_root(r.exchange()))
    }
}

impl<T: MxFields + Clone> MxSet<'_, T> {
    /// The published mail exchanges in RFC 5321 §5.1 order: by preference,
    /// then lowercased exchange; later records whose exchange equals an
    /// earlier one case-insensitively dropped. Empty when a Null MX is
    /// present ([`Self::null_any`]).
    pub fn published(&self) -> Vec<T> {
        if self.null_any() {
            return Vec::new();
        }
        let mut records = self.records.to_vec();
        records.sort_by_cached_key(|r| (r.preference(), r.exchange().to_lowercase()));
        let mut seen = HashSet::new();
        records.retain(|r| seen.insert(r.exchange().to_lowercase()));
        records
    }
}

/// The TTLs of the addresses of a domain without MX: its A records' and its
/// AAAA records' (the smallest of each answer).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AddressTtls {
    /// Smallest TTL of the A records, if any.
    pub a: Option<u32>,
    /// Smallest TTL of the AAAA records, if any.
    pub aaaa: Option<u32>,
}

impl AddressTtls {
    /// The TTL of the implicit MX: the A records' when there are any, else
    /// the AAAA records' (`MXDiscovery.lookup`'s documented reading); `None`
    /// without addresses (no implicit MX). Discovery and the check both
    /// decide it here.
    pub fn implicit_ttl(self) -> Option<u32> {
        self.a.or(self.aaaa)
    }
}

/// The implicit MX (RFC 5321 §5.1): with no MX records, mail goes to the
/// domain itself (`0 domain`), with the TTL of [`AddressTtls::implicit_ttl`].
pub fn implicit(domain: &str, ttl: u32) -> MxRecord {
    MxRecord {
        preference: 0,
        exchange: domain.strip_suffix('.').unwrap_or(domain).to_owned(),
        ttl,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mx(p: u16, e: &str) -> MxRecord {
        MxRecord {
            preference: p,
            exchange: e.to_owned(),
            ttl: 60,
        }
    }

    #[test]
    fn published_orders_by_preference_then_name_and_dedupes() {
        let records = [
            mx(20, "b"),
            mx(10, "Z"),
            mx(10, "a"),
            mx(30, "z"),
            mx(20, "B"),
        ];
        let got = MxSet::new(&records).published();
        assert_eq!(got, vec![mx(10, "a"), mx(10, "Z"), mx(20, "b")]);
    }

    #[test]
    fn null_readings_differ() {
        let only = [mx(0, "")];
        let dotted = [mx(0, ".")];
        let mixed = [mx(0, ""), mx(10, "mx.e")];
        let pref = [mx(5, "")];
        let set = MxSet::new;
        assert!(set(&only).null_any() && set(&only).single_null());
        assert!(set(&dotted).null_any() && set(&dotted).single_null());
        assert!(set(&mixed).null_any() && !set(&mixed).single_null());
        assert!(set(&pref).null_any() && !set(&pref).single_null());
        assert!(set(&mixed).published().is_empty());
        assert_eq!(set(&mixed).roots().count(), 1);
        let none: [MxRecord; 0] = [];
        assert!(!set(&none).null_any() && !set(&none).single_null());
    }

    #[test]
    fn implicit_takes_a_ttl_before_aaaa() {
        let both = AddressTtls {
            a: Some(300),
            aaaa: Some(60),
        };
        assert_eq!(both.implicit_ttl(), Some(300));
        let v6 = AddressTtls {
            a: None,
            aaaa: Some(60),
        };
        assert_eq!(v6.implicit_ttl(), Some(60));
        assert_eq!(AddressTtls::default().implicit_ttl(), None);
        let r = implicit("e.com.", 60);
        assert_eq!((r.preference, r.exchange.as_str(), r.ttl), (0, "e.com", 60));
    }
}
