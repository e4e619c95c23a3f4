//! External report destinations (RFC 7489 §7.1, RFC 9990 §4): a `mailto:`
//! reporting URI whose domain is outside the policy's organization must be
//! authorized by a `v=DMARC1` TXT record at
//! `<policy-domain>._report._dmarc.<destination>`, or receivers send it
//! nothing.
//!
//! "Outside the organization" without a public suffix list: the
//! destination is inside when it is the Organizational Domain found by the
//! tree walk ([`super::walk::Discovery::org_domain`]: the domain itself
//! when it publishes its own record), a name under it, or a parent of it
//! with at least two labels. Every other name (a sibling such as
//! `reports.example.com` for `mail.example.com`'s own record included) is
//! checked. Only the DNS can say more, and a needless check costs one query
//! while a skipped one could hide lost reports; a parent is trusted because
//! a domain reporting to its own parent is the common case, and the one
//! parent that surely is a public suffix (the TLD) is excluded.

use crate::check::data::Lookup;
use crate::mail::TagList;

use super::uri::parse_list;
use super::walk::Applied;

/// At most this many external destinations are checked per record, so a
/// hostile record cannot multiply the check's queries.
pub const MAX_DESTINATIONS: usize = 10;

/// Whether `dest` belongs to the organization of `org` (see the module doc).
pub fn same_organization(org: &str, dest: &str) -> bool {
    let under = |name: &str, parent: &str| {
        name.len() > parent.len()
            && name.ends_with(parent)
            && name.as_bytes()[name.len() - parent.len() - 1] == b'.'
    };
    dest == org || under(dest, org) || (under(org, dest) && dest.contains('.'))
}

/// The `rua=` and `ruf=` values of a record (empty when the tag list is
/// malformed: nothing can be read from it).
pub fn report_values(record: &str) -> (Vec<String>, Vec<String>) {
    let Ok(tags) = TagList::parse(record) else {
        return (Vec::new(), Vec::new());
    };
    let list = |tag| {
        tags.get(tag)
            .map(|v| {
                v.split(',')
                    .map(|u| u.trim_matches([' ', '\t']).to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    (list("rua"), list("ruf"))
}

/// The distinct `mailto:` destination domains of the applied record's
/// `rua=` and `ruf=` outside `org`, in record order, at most
/// [`MAX_DESTINATIONS`].
pub fn destinations(applied: &Applied, org: &str) -> Vec<String> {
    let Ok(tags) = TagList::parse(&applied.record) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for tag in ["rua", "ruf"] {
        for uri in tags.get(tag).map(parse_list).unwrap_or_default() {
            let Some(dest) = uri.ok().and_then(|u| u.mailto_domain) else {
                continue;
            };
            if !same_organization(org, &dest) && !out.contains(&dest) {
                out.push(dest);
            }
        }
    }
    out.truncate(MAX_DESTINATIONS);
    out
}

/// The authorization record's name for reports about `policy_domain` sent
/// to `dest` (RFC 7489 §7.1 steps 1-3).
pub fn authorization_name(policy_domain: &str, dest: &str) -> String {
    format!("{policy_domain}._report._dmarc.{dest}")
}

/// Whether an authorization answer authorizes: any TXT record that is a
/// `v=DMARC1` record (RFC 7489 §7.1); `None` when the lookup failed.
pub fn authorized(answer: &Lookup<String>) -> Option<bool> {
    if answer.failure().is_some() {
        return None;
    }
    Some(
        answer
            .records()
            .iter()
            .any(|t| crate::mail::Kind::Dmarc.is_rfc_record(t)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organization_by_name_relation() {
        assert!(same_organization("example.com", "example.com"));
        assert!(same_organization("example.com", "reports.example.com"));
        assert!(same_organization("mail.example.com", "example.com"));
        assert!(!same_organization("mail.example.com", "com"));
        assert!(!same_organization("mail.example.com", "other.example.com"));
        assert!(!same_organization("example.com", "reports.example.net"));
        assert!(!same_organization("example.com", "xexample.com"));
    }

    #[test]
    fn destinations_are_distinct_external_mailto_domains() {
        let applied = Applied {
            domain: "e.com".into(),
            record: "v=DMARC1; p=reject; rua=mailto:a@r.net,mailto:b@e.com,https://x.org/r; \
                     ruf=mailto:c@R.net!10m,bad,mailto:d@s.org"
                .into(),
            inherited: false,
        };
        assert_eq!(destinations(&applied, "e.com"), ["r.net", "s.org"]);
        assert_eq!(
            authorization_name("e.com", "r.net"),
            "e.com._report._dmarc.r.net"
        );
        let many = (0..20)
            .map(|i| format!("mailto:a@d{i}.net"))
            .collect::<Vec<_>>();
        let applied = Applied {
            record: format!("v=DMARC1; p=none; rua={}", many.join(",")),
            ..applied
        };
        assert_eq!(destinations(&applied, "e.com").len(), MAX_DESTINATIONS);
    }

    #[test]
    fn authorization_answers() {
        let found = |v: &[&str]| Lookup::Found(v.iter().map(|s| s.to_string()).collect());
        assert_eq!(authorized(&found(&["v=DMARC1"])), Some(true));
        assert_eq!(
            authorized(&found(&["v=DMARC1; rua=mailto:x@y.z"])),
            Some(true)
        );
        assert_eq!(authorized(&found(&["hello"])), Some(false));
        assert_eq!(authorized(&Lookup::NxDomain), Some(false));
        assert_eq!(authorized(&Lookup::Failed("SERVFAIL".into())), None);
    }
}
