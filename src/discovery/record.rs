//! The answers of one MX lookup (the record type and its readings live in
//! [`crate::mail`]).

use crate::dns::{Data, Record};
pub use crate::mail::MxRecord;

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

/// The MX record of one DNS record (the root as `""`), if it is one.
pub fn mx_record(record: &Record) -> Option<MxRecord> {
    match &record.data {
        Data::Mx {
            preference,
            exchange,
        } => Some(MxRecord {
            preference: *preference,
            exchange: exchange.clone(),
            ttl: record.ttl,
        }),
        _ => None,
    }
}
