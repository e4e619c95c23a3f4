//! MX records and the answers of one lookup.

/// One MX record: preference, exchange (no trailing dot, case as sent) and TTL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MxRecord {
    /// Lower is preferred.
    pub preference: u16,
    /// The exchange hostname, without the trailing dot.
    pub exchange: String,
    /// The record's TTL in seconds.
    pub ttl: u32,
}

/// A successful (cacheable) answer for one domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// MX records, sorted and de-duplicated.
    Records(Vec<MxRecord>),
    /// No MX but addresses (`implicit_mx`): the domain itself, with this TTL.
    Implicit {
        /// TTL of the address records.
        ttl: u32,
    },
    /// A Null MX (RFC 7505).
    NullMx,
}

/// Sorts by preference then lowercased exchange, and drops later records
/// whose exchange equals an earlier one case-insensitively.
pub fn sort_and_dedupe(mut records: Vec<MxRecord>) -> Vec<MxRecord> {
    records.sort_by_cached_key(|r| (r.preference, r.exchange.to_lowercase()));
    let mut seen = std::collections::HashSet::new();
    records.retain(|r| seen.insert(r.exchange.to_lowercase()));
    records
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
    fn orders_by_preference_then_name_and_dedupes() {
        let got = sort_and_dedupe(vec![
            mx(20, "b"),
            mx(10, "Z"),
            mx(10, "a"),
            mx(30, "z"),
            mx(20, "B"),
        ]);
        assert_eq!(got, vec![mx(10, "a"), mx(10, "Z"), mx(20, "b")]);
    }
}
