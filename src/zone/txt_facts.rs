//! What the mail rules read from a TXT record, in octoDNS 1.22.0's reading
//! (see [`crate::mail::Reading`]), computed once when a record is added.

use crate::mail::spf::{terminated, STRICT_SPF};
use crate::mail::txt::octodns_select;
use crate::mail::{Kind, Reading};

/// SPF facts of a TXT record: how many SPF values, and whether the first
/// one terminates with ` -all`/` ~all` or is exactly `v=spf1 -all`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpfSummary {
    /// Number of SPF (`v=spf1`) values in the record.
    pub count: u32,
    /// Whether the first SPF value ends with ` -all` or ` ~all`.
    pub terminated: bool,
    /// Whether the first SPF value is exactly `v=spf1 -all`.
    pub strict: bool,
}

impl SpfSummary {
    /// From a TXT record's values.
    pub fn of(values: &[String]) -> Self {
        let spf = octodns_select(values, Kind::Spf);
        let Some(first) = spf.first() else {
            return SpfSummary::default();
        };
        SpfSummary {
            count: u32::try_from(spf.len()).unwrap_or(u32::MAX),
            terminated: terminated(first, Reading::OctoDns1_22),
            strict: first == STRICT_SPF,
        }
    }
}
