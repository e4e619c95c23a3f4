//! The answers of one MX lookup (the record type and its readings live in
//! [`crate::mail`]).

pub use crate::mail::MxRecord;
use crate::mail::MxSet;

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

/// The published set of `records` (none of them the root): RFC 5321 order,
/// de-duplicated case-insensitively ([`MxSet::published`]).
pub fn sort_and_dedupe(records: Vec<MxRecord>) -> Vec<MxRecord> {
    MxSet::new(&records).published()
}
