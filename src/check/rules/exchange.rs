//! Rules on one MX exchange: IP literal, malformed name, CNAME, no
//! address, failed address lookups, non-public addresses.

use std::net::IpAddr;

use super::super::catalog;
use super::super::data::{mx_text, Host, Lookup};
use super::super::finding::Finding;
use crate::mail::MxRecord;

/// The findings of one exchange (`record` as in the report, `host` its lookups).
pub fn findings(owner: &str, record: &MxRecord, host: &Host) -> Vec<Finding> {
    let rec = vec![mx_text(owner, record)];
    let e = &record.exchange;
    if is_ip_literal(e) {
        return vec![Finding::new(
            &catalog::MX_IP_LITERAL,
            format!("MX exchange {e} is an IP address; an MX must name a host (RFC 1035 §3.3.9)"),
            rec,
        )];
    }
    if let Some(why) = malformed(e) {
        return vec![Finding::new(
            &catalog::MX_MALFORMED,
            format!("MX exchange {e:?} is not a valid host name: {why}"),
            rec,
        )];
    }
    let mut out = Vec::new();
    if let Some(target) = &host.alias_of {
        out.push(Finding::new(
            &catalog::MX_CNAME,
            format!("MX exchange {e} is a CNAME (to {target}); an MX must not point to an alias (RFC 2181 §10.3)"),
            rec.clone(),
        ));
    }
    let failures = host.failures();
    if !failures.is_empty() {
        out.push(Finding::new(
            &catalog::ADDRESS_LOOKUP_FAILED,
            format!(
                "A/AAAA lookup of MX exchange {e} failed ({})",
                failures.join(", ")
            ),
            rec.clone(),
        ));
    } else if host.a == Lookup::NxDomain || host.aaaa == Lookup::NxDomain {
        out.push(Finding::new(
            &catalog::MX_NXDOMAIN,
            format!("MX exchange {e} does not exist (NXDOMAIN): mail cannot be delivered to it"),
            rec.clone(),
        ));
    } else if host.addresses().next().is_none() {
        out.push(Finding::new(
            &catalog::MX_NO_ADDRESS,
            format!("MX exchange {e} has no A or AAAA record: mail cannot be delivered to it"),
            rec.clone(),
        ));
    }
    let odd: Vec<String> = host
        .addresses()
        .filter(|a| !is_public(a.ip))
        .map(|a| a.ip.to_string())
        .collect();
    if !odd.is_empty() {
        out.push(Finding::new(
            &catalog::MX_ADDRESS_NOT_PUBLIC,
            format!(
                "MX exchange {e} resolves to non-public address(es) {}: unreachable from the Internet",
                odd.join(", ")
            ),
            rec,
        ));
    }
    out
}

/// Whether an exchange is written as an IPv4 or IPv6 address (bracketed too).
pub fn is_ip_literal(exchange: &str) -> bool {
    let bare = exchange.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<IpAddr>().is_ok()
}

/// Why an exchange is not a fully qualified LDH host name, if it is not.
pub fn malformed(exchange: &str) -> Option<String> {
    if !exchange.contains('.') {
        return Some("not fully qualified (a single label)".to_owned());
    }
    for label in exchange.split('.') {
        let b = label.as_bytes();
        if b.is_empty() || b.len() > 63 {
            return Some(format!("label {label:?} is empty or longer than 63 octets"));
        }
        if !b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-') {
            return Some(format!(
                "label {label:?} has characters other than letters, digits and '-'"
            ));
        }
        if b[0] == b'-' || b[b.len() - 1] == b'-' {
            return Some(format!("label {label:?} starts or ends with '-'"));
        }
    }
    None
}

/// Whether an address is usable on the public Internet (not loopback,
/// private, link-local, unspecified or unique-local).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            !(v4.is_loopback() || v4.is_private() || v4.is_link_local() || v4.is_unspecified())
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::data::Addr;
    use super::*;

    fn rec(e: &str) -> MxRecord {
        MxRecord {
            preference: 10,
            exchange: e.to_owned(),
            ttl: 60,
        }
    }

    fn host(ips: &[&str], alias: Option<&str>) -> Host {
        Host {
            name: "mx.example.com".into(),
            a: Lookup::Found(
                ips.iter()
                    .map(|i| Addr {
                        ip: i.parse().unwrap(),
                        ttl: 60,
                    })
                    .collect(),
            ),
            aaaa: Lookup::Found(vec![]),
            alias_of: alias.map(str::to_owned),
        }
    }

    fn ids(f: Vec<Finding>) -> Vec<String> {
        f.into_iter().map(|f| f.id).collect()
    }

    #[test]
    fn clean_exchange_has_no_findings() {
        assert!(findings("e", &rec("mx.example.com"), &host(&["192.0.2.1"], None)).is_empty());
    }

    #[test]
    fn each_rule_fires() {
        let h = host(&[], None);
        assert_eq!(ids(findings("e", &rec("192.0.2.1"), &h)), ["mx-ip-literal"]);
        assert_eq!(ids(findings("e", &rec("mail"), &h)), ["mx-malformed"]);
        assert_eq!(ids(findings("e", &rec("m_x.e.com"), &h)), ["mx-malformed"]);
        assert_eq!(ids(findings("e", &rec("mx.e.com"), &h)), ["mx-no-address"]);
        let alias = host(&["192.0.2.1"], Some("real.e.com"));
        assert_eq!(ids(findings("e", &rec("mx.e.com"), &alias)), ["mx-cname"]);
        let gone = Host {
            a: Lookup::NxDomain,
            aaaa: Lookup::NxDomain,
            ..host(&[], None)
        };
        assert_eq!(ids(findings("e", &rec("mx.e.com"), &gone)), ["mx-nxdomain"]);
        let failed = Host::failed("mx.e.com", "SERVFAIL");
        assert_eq!(
            ids(findings("e", &rec("mx.e.com"), &failed)),
            ["address-lookup-failed"]
        );
        let private = host(&["10.0.0.1", "192.0.2.1"], None);
        assert_eq!(
            ids(findings("e", &rec("mx.e.com"), &private)),
            ["mx-address-not-public"]
        );
    }

    #[test]
    fn public_addresses() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.1.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["192.0.2.1", "8.8.8.8", "2001:db8::1"] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }
}
