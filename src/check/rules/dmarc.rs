//! DMARC (RFC 7489, RFC 9989): the rules live in [`crate::check::dmarc`]
//! (discovery by the tree walk, tags, report URIs, external destinations).

use super::super::dmarc::{findings as dmarc_findings, DmarcData};
use super::super::finding::Finding;

/// The DMARC findings of `domain` from its DMARC lookups.
pub fn findings(domain: &str, data: &DmarcData) -> Vec<Finding> {
    dmarc_findings::findings(domain, data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::data::Lookup;

    fn ids(txts: &[&str]) -> Vec<String> {
        let l = Lookup::Found(txts.iter().map(|s| s.to_string()).collect());
        findings("e.com", &DmarcData::own(l))
            .into_iter()
            .map(|f| f.id)
            .collect()
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
        let nx = DmarcData::own(Lookup::NxDomain);
        assert_eq!(findings("e.com", &nx)[0].id, "dmarc-missing");
    }

    #[test]
    fn tag_rules() {
        assert_eq!(ids(&["v=DMARC1; p=reject; sp=none"]), ["dmarc-sp-none"]);
        assert_eq!(ids(&["v=DMARC1; p=reject; np=none"]), ["dmarc-np-none"]);
        assert_eq!(
            ids(&["v=DMARC1; p=reject; sp=x"]),
            ["dmarc-invalid-subdomain-policy"]
        );
        assert_eq!(ids(&["v=DMARC1; p=reject; t=y"]), ["dmarc-test-mode"]);
        assert!(ids(&["v=DMARC1; p=reject; t=n"]).is_empty());
        assert_eq!(ids(&["v=DMARC1; p=reject; adkim=x"]), ["dmarc-invalid-tag"]);
        assert_eq!(
            ids(&["v=DMARC1; p=reject; pct=150"]),
            ["dmarc-invalid-tag", "dmarc-pct-deprecated"]
        );
        assert_eq!(
            ids(&["v=DMARC1; p=reject; pct=50"]),
            ["dmarc-pct-deprecated"]
        );
        assert_eq!(ids(&["v=DMARC1; p=reject; foo=bar"]), ["dmarc-unknown-tag"]);
        assert_eq!(
            ids(&["v=DMARC1; p=reject; rua=d@e.com"]),
            ["dmarc-invalid-report-uri"]
        );
        assert_eq!(
            ids(&["v=DMARC1; p=reject; ruf=mailto:a@e.com,mailto:x"]),
            ["dmarc-invalid-report-uri"]
        );
        assert_eq!(ids(&["p=reject; v=DMARC1"]), ["dmarc-bad-version"]);
        assert_eq!(ids(&["v=dmarc1; p=reject"]), ["dmarc-bad-version"]);
    }
}
