//! mailtrace's host expansion (`get_hosts`), made deterministic.

use crate::dns::text::py_strip;
use std::collections::HashSet;
use std::net::{IpAddr, Ipv6Addr};

/// Whether `s` is an IPv4 or IPv6 literal (an IPv6 scope id such as
/// `%eth0` is allowed, as Python's `ipaddress` allows it).
pub fn is_ip_literal(s: &str) -> bool {
    if s.parse::<IpAddr>().is_ok() {
        return true;
    }
    match s.split_once('%') {
        Some((addr, scope)) => {
            !scope.is_empty() && !scope.contains(['%', '/']) && addr.parse::<Ipv6Addr>().is_ok()
        }
        None => false,
    }
}

/// Expands host names the way mailtrace does: blank entries are skipped, IP
/// literals kept, a dotted name gives itself and its first label (unless
/// empty, as for `.example`), a bare
/// name gives itself and `name.domain` (when `domain` is not empty). The
/// result has no duplicates and keeps first occurrences in order.
pub fn get_hosts<S: AsRef<str>>(hostnames: &[S], domain: &str) -> Vec<String> {
    let domain = py_strip(domain);
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |h: String| {
        if seen.insert(h.clone()) {
            out.push(h);
        }
    };
    for raw in hostnames {
        let host = py_strip(raw.as_ref());
        if host.is_empty() {
            continue;
        }
        if is_ip_literal(host) {
            push(host.to_owned());
        } else if let Some((first, _)) = host.split_once('.') {
            push(host.to_owned());
            if !first.is_empty() {
                push(first.to_owned());
            }
        } else {
            push(host.to_owned());
            if !domain.is_empty() {
                push(format!("{host}.{domain}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_like_mailtrace() {
        let got = get_hosts(
            &[
                " mx1.example.com ",
                "",
                "relay",
                "192.0.2.1",
                "2001:db8::1",
                "mx1",
                "fe80::1%eth0",
            ],
            "corp.test",
        );
        assert_eq!(
            got,
            [
                "mx1.example.com",
                "mx1",
                "relay",
                "relay.corp.test",
                "192.0.2.1",
                "2001:db8::1",
                "mx1.corp.test",
                "fe80::1%eth0"
            ]
        );
        assert_eq!(get_hosts(&["relay"], ""), ["relay"]);
    }
}
