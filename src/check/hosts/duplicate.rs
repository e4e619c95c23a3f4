//! `mx-duplicate`: one exchange in several MX records. The published set
//! keeps the first (RFC 5321 §5.1 order), so this reads the raw answer.

use std::collections::BTreeMap;

use super::super::catalog;
use super::super::data::mx_text;
use super::super::finding::Finding;
use crate::mail::MxRecord;

/// One finding per exchange that appears in more than one MX record of
/// `records` (the MX answer as published), compared case-insensitively.
pub fn findings(owner: &str, records: &[MxRecord]) -> Vec<Finding> {
    let mut by_host: BTreeMap<String, Vec<&MxRecord>> = BTreeMap::new();
    for r in records.iter().filter(|r| !r.is_root()) {
        by_host
            .entry(r.exchange.to_ascii_lowercase())
            .or_default()
            .push(r);
    }
    by_host
        .into_iter()
        .filter(|(_, rs)| rs.len() > 1)
        .map(|(host, rs)| {
            let prefs: Vec<String> = rs.iter().map(|r| r.preference.to_string()).collect();
            Finding::new(
                &catalog::MX_DUPLICATE,
                format!(
                    "MX exchange {host} is listed in {} MX records (preferences {}): \
                     senders try it once, so the extra records add no redundancy",
                    rs.len(),
                    prefs.join(", ")
                ),
                rs.iter().map(|r| mx_text(owner, r)).collect(),
            )
        })
        .collect()
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
    fn same_host_in_any_case_is_a_duplicate() {
        let records = [
            mx(10, "mx1.e.com"),
            mx(20, "MX1.e.com"),
            mx(30, "mx2.e.com"),
        ];
        let f = findings("e.com", &records);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].id, "mx-duplicate");
        assert!(f[0].message.contains("mx1.e.com") && f[0].message.contains("10, 20"));
        assert_eq!(f[0].records.len(), 2);
        assert!(findings("e.com", &[mx(10, "a.e.com"), mx(20, "b.e.com")]).is_empty());
        assert!(findings("e.com", &[mx(0, ""), mx(0, ".")]).is_empty());
    }
}
