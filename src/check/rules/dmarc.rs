//! DMARC (RFC 7489) at `_dmarc.DOMAIN`: missing, multiple, no valid `p=`, `p=none`.

use super::super::catalog;
use super::super::data::{record_text, Lookup};
use super::super::finding::Finding;
use crate::mail::txt::select;
use crate::mail::{dmarc, Kind, Reading};

/// The DMARC findings for the TXT answer at `_dmarc.{domain}`.
pub fn findings(domain: &str, txt: &Lookup<String>) -> Vec<Finding> {
    let name = format!("_dmarc.{domain}");
    let records = match txt {
        Lookup::Failed(reason) => {
            return vec![super::txt_failed::txt_failed(&name, "DMARC", reason)]
        }
        other => other.records(),
    };
    let dmarc = select(records, Kind::Dmarc, Reading::Rfc);
    let texts: Vec<String> = dmarc.iter().map(|t| record_text(&name, "TXT", t)).collect();
    match dmarc.as_slice() {
        [] => vec![Finding::new(
            &catalog::DMARC_MISSING,
            format!("no DMARC record (v=DMARC1) at {name}"),
            Vec::new(),
        )],
        [one] => policy(&name, one, texts).into_iter().collect(),
        _ => vec![Finding::new(
            &catalog::DMARC_MULTIPLE,
            format!(
                "{} DMARC records at {name}: with more than one, DMARC is not applied (RFC 7489 §6.6.3)",
                dmarc.len()
            ),
            texts,
        )],
    }
}

/// `dmarc-malformed`, `dmarc-no-policy` or `dmarc-policy-none` from the tag
/// list and its `p=` tag.
fn policy(name: &str, record: &str, texts: Vec<String>) -> Option<Finding> {
    let policy = match dmarc::policy(record, Reading::Rfc) {
        Ok(policy) => policy,
        Err(e) => {
            return Some(Finding::new(
                &catalog::DMARC_MALFORMED,
                format!(
                    "the DMARC record at {name} is malformed: {e}; receivers may ignore it \
                     (RFC 7489 §6.4)"
                ),
                texts,
            ))
        }
    };
    match policy.map(|p| p.to_ascii_lowercase()).as_deref() {
        Some("reject" | "quarantine") => None,
        Some("none") => Some(Finding::new(
            &catalog::DMARC_POLICY_NONE,
            format!("the DMARC policy at {name} is p=none: failing mail is only reported"),
            texts,
        )),
        Some(other) => Some(Finding::new(
            &catalog::DMARC_NO_POLICY,
            format!(
                "the DMARC record at {name} has an invalid p={other:?} (none, quarantine or reject)"
            ),
            texts,
        )),
        None => Some(Finding::new(
            &catalog::DMARC_NO_POLICY,
            format!("the DMARC record at {name} has no p= tag (required, RFC 7489 §6.3)"),
            texts,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(txts: &[&str]) -> Vec<String> {
        let l = Lookup::Found(txts.iter().map(|s| s.to_string()).collect());
        findings("e.com", &l).into_iter().map(|f| f.id).collect()
    }

    #[test]
    fn dmarc_rules() {
        assert!(ids(&["v=DMARC1; p=reject; rua=mailto:d@e.com"]).is_empty());
        assert!(ids(&["v=DMARC1;p=quarantine"]).is_empty());
        assert_eq!(ids(&[]), ["dmarc-missing"]);
        assert_eq!(ids(&["v=spf1 -all"]), ["dmarc-missing"]);
        assert_eq!(ids(&["v=DMARC1; p=none"]), ["dmarc-policy-none"]);
        assert_eq!(ids(&["v=DMARC1; rua=mailto:d@e.com"]), ["dmarc-no-policy"]);
        assert_eq!(ids(&["v=DMARC1; p=bogus"]), ["dmarc-no-policy"]);
        assert_eq!(ids(&["v=DMARC1; p=reject; junk"]), ["dmarc-malformed"]);
        assert_eq!(ids(&["v=DMARC1; p=reject; p=none"]), ["dmarc-malformed"]);
        assert_eq!(
            ids(&["v=DMARC1; p=reject", "v=DMARC1; p=none"]),
            ["dmarc-multiple"]
        );
        assert_eq!(findings("e.com", &Lookup::NxDomain)[0].id, "dmarc-missing");
    }
}
