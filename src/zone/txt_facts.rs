//! What the mail rules read from TXT values, folded as octoDNS folds them
//! (lower case, backslashes removed), computed once when a record is added.

/// The values of `values` that, folded, start with `prefix` (in value order).
pub fn tagged_values(values: &[String], prefix: &str) -> Vec<String> {
    values
        .iter()
        .filter(|v| folded_prefix_matches(v, prefix))
        .map(|v| v.to_lowercase().replace('\\', ""))
        .filter(|v| v.starts_with(prefix))
        .collect()
}

/// Cheap pre-check: could `v`, lower-cased without backslashes, start with
/// the ASCII `prefix`? Saves the allocations for the many values that cannot.
fn folded_prefix_matches(v: &str, prefix: &str) -> bool {
    let mut want = prefix.chars();
    for c in v.chars().filter(|&c| c != '\\') {
        let Some(p) = want.next() else {
            return true;
        };
        if !c.is_ascii() {
            return true; // let the full folding decide
        }
        if c.to_ascii_lowercase() != p {
            return false;
        }
    }
    want.next().is_none()
}

/// The strict no-mail SPF value.
pub const STRICT_SPF: &str = "v=spf1 -all";

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
        let spf = tagged_values(values, "v=spf1");
        let Some(first) = spf.first() else {
            return SpfSummary::default();
        };
        SpfSummary {
            count: u32::try_from(spf.len()).unwrap_or(u32::MAX),
            terminated: first.ends_with(" -all") || first.ends_with(" ~all"),
            strict: first == STRICT_SPF,
        }
    }
}
