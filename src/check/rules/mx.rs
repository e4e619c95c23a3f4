//! Domain-level MX rules: existence, lookup failures, no MX / implicit MX,
//! Null MX, single MX.

use super::super::catalog;
use super::super::data::{mx_text, DomainData, Host, Lookup};
use super::super::finding::Finding;
use crate::mail::{MxRecord, MxSet};

/// The domain-level MX findings, in order.
pub fn findings(data: &DomainData) -> Vec<Finding> {
    let d = &data.domain;
    match &data.mx {
        Lookup::NxDomain => vec![Finding::new(
            &catalog::NXDOMAIN,
            format!("{d} does not exist (NXDOMAIN): mail to it bounces"),
            Vec::new(),
        )],
        Lookup::Failed(reason) => vec![Finding::new(
            &catalog::MX_LOOKUP_FAILED,
            format!("MX lookup of {d} failed ({reason}): where its mail goes is unknown"),
            Vec::new(),
        )],
        Lookup::Found(raw) if raw.is_empty() => no_mx(d, &data.domain_host),
        Lookup::Found(raw) if data.mx_set().null_any() => null_mx(&data.name, d, raw),
        Lookup::Found(_) => single_mx(&data.name, d, &data.published)
            .into_iter()
            .collect(),
    }
}

/// No MX: implicit MX when the domain has addresses (RFC 5321 §5.1), else no route.
pub fn no_mx(d: &str, host: &Host) -> Vec<Finding> {
    let addresses: Vec<String> = host.addresses().map(|a| a.ip.to_string()).collect();
    if !addresses.is_empty() {
        return vec![Finding::new(
            &catalog::IMPLICIT_MX,
            format!(
                "{d} has no MX records; senders fall back to its A/AAAA ({}) as an implicit MX \
                 (RFC 5321 §5.1): publish MX records, or a Null MX if it takes no mail",
                addresses.join(", ")
            ),
            Vec::new(),
        )];
    }
    let mut out = vec![Finding::new(
        &catalog::NO_MX,
        format!(
            "{d} has no MX records and no A/AAAA: mail to it cannot be delivered; \
             publish MX records, or a Null MX (RFC 7505) if it accepts no mail"
        ),
        Vec::new(),
    )];
    let failures = host.failures();
    if !failures.is_empty() {
        out.push(Finding::new(
            &catalog::ADDRESS_LOOKUP_FAILED,
            format!(
                "A/AAAA lookup of {d} failed ({}): implicit MX could not be checked",
                failures.join(", ")
            ),
            Vec::new(),
        ));
    }
    out
}

/// Null MX findings: alone (info), with a non-zero preference, mixed with other MX.
pub fn null_mx(owner: &str, d: &str, raw: &[MxRecord]) -> Vec<Finding> {
    let all: Vec<String> = raw.iter().map(|r| mx_text(owner, r)).collect();
    let nulls: Vec<&MxRecord> = MxSet::new(raw).roots().collect();
    let mut out = Vec::new();
    if nulls.len() == raw.len() {
        out.push(Finding::new(
            &catalog::NULL_MX,
            format!("{d} publishes a Null MX: it accepts no mail (RFC 7505)"),
            all.clone(),
        ));
    } else {
        out.push(Finding::new(
            &catalog::NULL_MX_MIXED,
            format!(
                "{d} publishes a Null MX together with other MX records; RFC 7505 forbids \
                 this and senders treat the domain as accepting no mail"
            ),
            all.clone(),
        ));
    }
    let bad_pref: Vec<String> = nulls
        .iter()
        .filter(|r| r.preference != 0)
        .map(|r| mx_text(owner, r))
        .collect();
    if !bad_pref.is_empty() {
        out.push(Finding::new(
            &catalog::NULL_MX_PREFERENCE,
            format!("{d}: a Null MX must have preference 0 (RFC 7505 §3)"),
            bad_pref,
        ));
    }
    out
}

/// `single-mx` when exactly one MX host is published (`published`: the
/// published set, RFC 5321 order).
pub fn single_mx(owner: &str, d: &str, published: &[MxRecord]) -> Option<Finding> {
    match published {
        [r] => Some(Finding::new(
            &catalog::SINGLE_MX,
            format!(
                "{d} has a single MX host ({}): no redundancy if it is down",
                r.exchange
            ),
            vec![mx_text(owner, r)],
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::data::Addr;
    use super::*;

    fn mx(p: u16, e: &str) -> MxRecord {
        MxRecord {
            preference: p,
            exchange: e.to_owned(),
            ttl: 60,
        }
    }

    fn host(ips: &[&str]) -> Host {
        Host {
            name: "example.com".into(),
            a: Lookup::Found(
                ips.iter()
                    .map(|i| Addr {
                        ip: i.parse().unwrap(),
                        ttl: 60,
                    })
                    .collect(),
            ),
            aaaa: Lookup::Found(vec![]),
            alias_of: None,
        }
    }

    fn ids(f: &[Finding]) -> Vec<&str> {
        f.iter().map(|f| f.id.as_str()).collect()
    }

    #[test]
    fn no_mx_is_implicit_with_addresses() {
        assert_eq!(ids(&no_mx("e", &host(&["192.0.2.1"]))), ["implicit-mx"]);
        assert_eq!(ids(&no_mx("e", &host(&[]))), ["no-mx"]);
        assert_eq!(
            ids(&no_mx("e", &Host::failed("e", "SERVFAIL"))),
            ["no-mx", "address-lookup-failed"]
        );
    }

    #[test]
    fn null_mx_variants() {
        assert_eq!(ids(&null_mx("e", "e", &[mx(0, "")])), ["null-mx"]);
        assert_eq!(
            ids(&null_mx("e", "e", &[mx(0, ""), mx(10, "mx.e")])),
            ["null-mx-mixed"]
        );
        assert_eq!(
            ids(&null_mx("e", "e", &[mx(5, "")])),
            ["null-mx", "null-mx-preference"]
        );
        assert_eq!(null_mx("e", "e", &[mx(0, "")])[0].records, ["e MX 0 ."]);
    }

    #[test]
    fn single_mx_counts_distinct_hosts() {
        let one = [mx(10, "a.e"), mx(20, "A.e")];
        assert!(single_mx("e", "e", &MxSet::new(&one).published()).is_some());
        let two = [mx(10, "a.e"), mx(20, "b.e")];
        assert!(single_mx("e", "e", &MxSet::new(&two).published()).is_none());
    }
}
