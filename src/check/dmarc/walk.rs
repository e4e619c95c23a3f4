//! DMARC policy discovery by the DNS tree walk (RFC 9989 §4.10, §4.10.1)
//! and the Organizational Domain (§4.10.2), as pure functions over the TXT
//! answers the walk got.
//!
//! The walk queries `_dmarc.DOMAIN`; when that gives no single DMARC
//! record it goes up: to the parent when the domain has at most eight
//! labels, else straight to its last seven labels (§4.10 step 4: "Author
//! Domains with more than eight labels do not result in more than eight DNS
//! queries"), then one label at a time down to the top-level domain
//! (§4.10's example ends at `_dmarc.com`); the root is never queried. A
//! single record with `psd=y` or `psd=n` stops it (§4.10 step 6); several
//! records at one name are discarded (steps 2 and 6).

use crate::check::data::Lookup;
use crate::mail::{Kind, TagList};

use super::tags::psd;

/// Labels the walk keeps after the first query of a long name (RFC 9989
/// §4.10 step 4: "until 7 labels remain").
const SHORTENED_TO: usize = 7;

/// The domains whose `_dmarc` TXT records the walk asks for after the
/// domain's own, in walk order (at most seven: parent or last seven
/// labels, then one label less each time, the TLD last).
pub fn ancestors(domain: &str) -> Vec<String> {
    let labels: Vec<&str> = domain.split('.').collect();
    let x = labels.len();
    let first = x.saturating_sub(1).min(SHORTENED_TO);
    (1..=first).rev().map(|n| suffix(&labels, n)).collect()
}

/// The last `n` labels of `labels`, joined.
fn suffix(labels: &[&str], n: usize) -> String {
    labels[labels.len().saturating_sub(n)..].join(".")
}

/// The one DMARC record of a TXT answer (`None`: none, or several: RFC
/// 9989 §4.10 step 2 discards them all).
pub fn single_record(txt: &Lookup<String>) -> Option<&str> {
    let mut dmarc = txt
        .records()
        .iter()
        .filter(|v| Kind::Dmarc.is_rfc_record(v));
    match (dmarc.next(), dmarc.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// Whether the domain's own answer leaves the walk to do: no single DMARC
/// record, and not a failed lookup (then nothing is known).
pub fn needs_walk(own: &Lookup<String>) -> bool {
    own.failure().is_none() && single_record(own).is_none()
}

/// The DMARC record that applies to a domain, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The domain the record was published for (its owner without `_dmarc.`).
    pub domain: String,
    /// The record as published.
    pub record: String,
    /// Found by the tree walk (at a parent), not at the domain itself.
    pub inherited: bool,
}

impl Applied {
    /// The TXT owner name, `_dmarc.DOMAIN`.
    pub fn owner(&self) -> String {
        format!("_dmarc.{}", self.domain)
    }
}

/// The outcome of policy discovery for one domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    /// The record that applies (RFC 9989 §4.10.1), if any.
    pub applied: Option<Applied>,
    /// The Organizational Domain (RFC 9989 §4.10.2; the domain itself when
    /// the walk does not determine one).
    pub org_domain: String,
    /// The walk's names whose lookups failed, with the reason.
    pub failures: Vec<(String, String)>,
}

/// Discovers the policy of `domain` from its own `_dmarc` answer and the
/// walk's answers (`(domain, answer)` in [`ancestors`] order; empty when
/// the walk was not needed).
pub fn discover(
    domain: &str,
    own: &Lookup<String>,
    walk: &[(String, Lookup<String>)],
) -> Discovery {
    if let Some(record) = single_record(own) {
        return Discovery {
            applied: Some(Applied {
                domain: domain.to_owned(),
                record: record.to_owned(),
                inherited: false,
            }),
            org_domain: domain.to_owned(),
            failures: Vec::new(),
        };
    }
    let mut failures = Vec::new();
    let mut found: Vec<(&str, &str, Option<bool>)> = Vec::new();
    for (name, answer) in walk {
        if let Some(reason) = answer.failure() {
            failures.push((format!("_dmarc.{name}"), reason.to_owned()));
            continue;
        }
        if let Some(record) = single_record(answer) {
            let flag = TagList::parse(record).ok().and_then(|t| psd(&t));
            found.push((name, record, flag));
            if flag.is_some() {
                break; // RFC 9989 §4.10 step 6
            }
        }
    }
    let (org_domain, psd_record) = organizational(domain, &found);
    let at_org = found.iter().find(|(name, _, _)| *name == org_domain);
    // RFC 9989 §4.10.1: the Organizational Domain's record, else the
    // Public Suffix Domain's.
    let applied = at_org
        .map(|(name, record, _)| (*name, *record))
        .or(psd_record)
        .map(|(name, record)| Applied {
            domain: name.to_owned(),
            record: record.to_owned(),
            inherited: true,
        });
    Discovery {
        applied,
        org_domain,
        failures,
    }
}

/// RFC 9989 §4.10.2 over the records the walk found (longest name first):
/// the first with `psd=n` is the Organizational Domain; the first with
/// `psd=y` makes the name one label below it (towards `domain`) the
/// Organizational Domain; else the name with the fewest labels; with no
/// records, `domain` itself. Also returns the `psd=y` record, if one decided.
fn organizational<'a>(
    domain: &str,
    found: &[(&'a str, &'a str, Option<bool>)],
) -> (String, Option<(&'a str, &'a str)>) {
    for (name, record, flag) in found {
        match flag {
            Some(false) => return ((*name).to_owned(), None),
            Some(true) => {
                let labels: Vec<&str> = domain.split('.').collect();
                let below = suffix(&labels, name.split('.').count() + 1);
                return (below, Some((name, record)));
            }
            None => {}
        }
    }
    match found.last() {
        Some((name, _, _)) => ((*name).to_owned(), None),
        None => (domain.to_owned(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn txt(v: &[&str]) -> Lookup<String> {
        Lookup::Found(v.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn walk_targets_follow_the_shortcut() {
        assert_eq!(
            ancestors("a.mail.example.com"),
            ["mail.example.com", "example.com", "com"]
        );
        assert!(ancestors("com").is_empty());
        // RFC 9989 §4.10's own example: eight queries in all.
        let long = ancestors("a.b.c.d.e.f.g.h.i.j.mail.example.com");
        assert_eq!(
            long,
            [
                "g.h.i.j.mail.example.com",
                "h.i.j.mail.example.com",
                "i.j.mail.example.com",
                "j.mail.example.com",
                "mail.example.com",
                "example.com",
                "com"
            ]
        );
        // Eight labels: the parent (seven labels) either way.
        assert_eq!(ancestors("a.b.c.d.e.f.g.h")[0], "b.c.d.e.f.g.h");
        assert_eq!(ancestors("a.b.c.d.e.f.g.h").len(), 7);
    }

    #[test]
    fn own_record_applies_without_a_walk() {
        let own = txt(&["v=DMARC1; p=reject"]);
        assert!(!needs_walk(&own));
        let d = discover("e.com", &own, &[]);
        let a = d.applied.unwrap();
        assert_eq!((a.domain.as_str(), a.inherited), ("e.com", false));
        assert!(needs_walk(&txt(&[
            "v=DMARC1; p=reject",
            "v=DMARC1; p=none"
        ])));
        assert!(needs_walk(&Lookup::NxDomain));
        assert!(!needs_walk(&Lookup::Failed("SERVFAIL".into())));
    }

    #[test]
    fn inherited_from_the_fewest_labels_unless_psd_says_otherwise() {
        let walk = vec![
            ("mail.example.com".to_owned(), txt(&["v=DMARC1; p=none"])),
            ("example.com".to_owned(), txt(&["v=DMARC1; p=reject"])),
            ("com".to_owned(), Lookup::NxDomain),
        ];
        let d = discover("a.mail.example.com", &Lookup::NxDomain, &walk);
        assert_eq!(d.org_domain, "example.com");
        let a = d.applied.unwrap();
        assert_eq!(
            (a.domain.as_str(), a.record.as_str()),
            ("example.com", "v=DMARC1; p=reject")
        );
        assert!(a.inherited);

        let walk = vec![
            (
                "mail.example.com".to_owned(),
                txt(&["v=DMARC1; p=none; psd=n"]),
            ),
            ("example.com".to_owned(), txt(&["v=DMARC1; p=reject"])),
        ];
        let d = discover("a.mail.example.com", &Lookup::NxDomain, &walk);
        assert_eq!(d.org_domain, "mail.example.com");
        assert_eq!(d.applied.unwrap().record, "v=DMARC1; p=none; psd=n");
    }

    #[test]
    fn a_psd_record_names_the_domain_below_it() {
        let walk = vec![
            ("mail.example.com".to_owned(), Lookup::NxDomain),
            ("example.com".to_owned(), txt(&[])),
            ("com".to_owned(), txt(&["v=DMARC1; p=reject; psd=y"])),
        ];
        let d = discover("a.mail.example.com", &Lookup::NxDomain, &walk);
        assert_eq!(d.org_domain, "example.com");
        let a = d.applied.unwrap();
        assert_eq!(a.domain, "com");
    }

    #[test]
    fn nothing_found_and_failures() {
        let walk = vec![
            ("example.com".to_owned(), Lookup::Failed("SERVFAIL".into())),
            ("com".to_owned(), Lookup::NxDomain),
        ];
        let d = discover("mail.example.com", &txt(&["v=spf1 -all"]), &walk);
        assert_eq!(d.applied, None);
        assert_eq!(d.org_domain, "mail.example.com");
        assert_eq!(
            d.failures,
            [("_dmarc.example.com".to_owned(), "SERVFAIL".to_owned())]
        );
    }
}
