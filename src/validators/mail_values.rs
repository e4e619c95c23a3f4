//! The apex TXT values `MailZoneValidator` reads, in octoDNS 1.22.0's
//! reading ([`Reading::OctoDns1_22`]) of the mail-facts layer.

use std::sync::Arc;

use crate::mail::txt::octodns_select;
use crate::mail::{dmarc, Kind, Reading};
use crate::zone::Record;

/// The folded values of `record` that are records of `kind` (octoDNS's
/// reading), in the record's (sorted) value order.
pub fn tagged_values(record: &Record, kind: Kind) -> Vec<String> {
    octodns_select(record.txt_values(), kind)
}

/// What `_dmarc` holds: no TXT record, a TXT record without a DMARC value, or
/// the first DMARC value (octoDNS tells these three apart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dmarc {
    /// No TXT record at `_dmarc`.
    NoRecord,
    /// A TXT record without a DMARC value.
    NoValue,
    /// The first DMARC value, folded.
    Value(String),
}

impl Dmarc {
    /// From the `_dmarc` TXT record, if any; also returns how many DMARC values it has.
    pub fn from_record(record: Option<&Arc<Record>>) -> (Dmarc, usize) {
        let Some(record) = record else {
            return (Dmarc::NoRecord, 0);
        };
        let mut values = tagged_values(record, Kind::Dmarc);
        let n = values.len();
        if values.is_empty() {
            (Dmarc::NoValue, 0)
        } else {
            (Dmarc::Value(values.swap_remove(0)), n)
        }
    }

    /// octoDNS's `_parse_dmarc_tags(value).get('p')`: `None` if no `p` tag
    /// (a bare `p` counts as `p=`), the last one winning.
    pub fn policy(&self) -> Option<String> {
        let Dmarc::Value(value) = self else {
            return None;
        };
        // octoDNS's reading never fails
        dmarc::policy(value, Reading::OctoDns1_22).ok().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dmarc_policy() {
        let dmarc = |v: &str| Dmarc::Value(v.to_string());
        assert_eq!(
            dmarc("v=dmarc1; p=none; p = reject ").policy().as_deref(),
            Some("reject")
        );
        assert_eq!(dmarc("v=dmarc1; sp=reject").policy(), None);
        assert_eq!(Dmarc::NoValue.policy(), None);
    }
}
