//! The MX-host checks of `check_domain` against the project's own DNS
//! server: an exchange that does not exist, duplicates, reverse DNS with
//! forward confirmation (IPv4 and IPv6), TLSA records and the AD bit.

use std::net::IpAddr;

use _core::check::hosts::reverse::reverse_name;
use _core::check::hosts::Fcrdns;
use _core::check::{check_domain, DomainReport, Severity};
use _core::discovery::DiscoveryConfig;
use _core::testserver::{DnsServer, Fault, Records};

/// A SHA-256 digest's worth of hex (32 octets).
const SHA256: &str = "8d02536c887482bc34ff54e41d2ba659bf85b341a0a20afadb5813dcfbcf286d";

fn rev(ip: &str) -> String {
    reverse_name(ip.parse::<IpAddr>().unwrap())
}

/// A domain with nothing to report: two MX hosts, forward-confirmed PTRs
/// for every address (IPv4 and IPv6) except those in `no_ptr`, SPF, DMARC,
/// MTA-STS, TLS-RPT.
fn clean_but(r: &mut Records, d: &str, no_ptr: &[&str]) {
    let mut add = |n: &str, t: &str, v: &str| r.add(n, t, v, 300).unwrap();
    add(d, "MX", &format!("10 mx1.{d}."));
    add(d, "MX", &format!("20 mx2.{d}."));
    add(&format!("mx1.{d}"), "A", "192.0.2.1");
    add(&format!("mx1.{d}"), "AAAA", "2001:db8::1");
    add(&format!("mx2.{d}"), "A", "198.51.100.2");
    for (ip, host) in [
        ("192.0.2.1", "mx1"),
        ("2001:db8::1", "mx1"),
        ("198.51.100.2", "MX2"),
    ] {
        if !no_ptr.contains(&ip) {
            add(&rev(ip), "PTR", &format!("{host}.{d}."));
        }
    }
    add(d, "TXT", "v=spf1 mx -all");
    add(&format!("_dmarc.{d}"), "TXT", "v=DMARC1; p=reject");
    add(&format!("_mta-sts.{d}"), "TXT", "v=STSv1; id=2024");
    add(
        &format!("_smtp._tls.{d}"),
        "TXT",
        "v=TLSRPTv1; rua=mailto:tls@example.org",
    );
}

/// A server for one clean domain without the PTRs of `no_ptr`, changed by
/// `change`.
fn serve_but(d: &str, no_ptr: &[&str], change: impl FnOnce(&mut Records)) -> DnsServer {
    let mut r = Records::new();
    clean_but(&mut r, d, no_ptr);
    change(&mut r);
    DnsServer::start(r).unwrap()
}

/// A server for one clean domain, changed by `change`.
fn serve(d: &str, change: impl FnOnce(&mut Records)) -> DnsServer {
    serve_but(d, &[], change)
}

fn check(s: &DnsServer, d: &str) -> DomainReport {
    let addr = s.address();
    let config = DiscoveryConfig::new(&[addr.as_str()], 2.0, "2", 0.0, false).unwrap();
    check_domain(&config, d).unwrap()
}

fn ids(r: &DomainReport) -> Vec<&str> {
    r.findings.iter().map(|f| f.id.as_str()).collect()
}

#[test]
fn clean_domain_has_confirmed_ptrs_and_no_findings() {
    let s = serve("ok.test", |_| {});
    let report = check(&s, "ok.test");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert_eq!(report.hosts.len(), 2);
    let mx1 = &report.hosts[0];
    assert_eq!(mx1.exchange, "mx1.ok.test");
    let verdicts: Vec<(String, Fcrdns)> = mx1
        .reverse
        .iter()
        .map(|r| (r.name.clone(), r.verdict()))
        .collect();
    assert_eq!(
        verdicts,
        [
            (rev("192.0.2.1"), Fcrdns::Confirmed("mx1.ok.test".into())),
            (rev("2001:db8::1"), Fcrdns::Confirmed("mx1.ok.test".into())),
        ]
    );
    // The PTR target in another case still confirms (names compare
    // case-insensitively).
    assert!(matches!(
        report.hosts[1].reverse[0].verdict(),
        Fcrdns::Confirmed(_)
    ));
    assert!(!report.mx_authenticated);
    assert!(mx1.tlsa.lookup.records().is_empty());
}

#[test]
fn exchange_that_does_not_exist_differs_from_one_without_addresses() {
    let s = serve("ghost.test", |r| {
        r.add("ghost.test", "MX", "30 gone.ghost.test.", 300)
            .unwrap();
        r.add("ghost.test", "MX", "40 bare.ghost.test.", 300)
            .unwrap();
        r.add("bare.ghost.test", "TXT", "no address here", 300)
            .unwrap();
    });
    let report = check(&s, "ghost.test");
    assert_eq!(ids(&report), ["mx-nxdomain", "mx-no-address"]);
    let f = &report.findings[0];
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("gone.ghost.test") && f.message.contains("NXDOMAIN"));
    assert_eq!(f.records, ["ghost.test MX 30 gone.ghost.test"]);
}

#[test]
fn duplicate_exchange_is_found_in_the_raw_answer() {
    let s = serve("dup.test", |r| {
        r.add("dup.test", "MX", "30 MX1.dup.test.", 300).unwrap();
    });
    let report = check(&s, "dup.test");
    assert_eq!(ids(&report), ["mx-duplicate"]);
    let f = &report.findings[0];
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("mx1.dup.test") && f.message.contains("10, 30"));
    // The published set still lists it once.
    assert_eq!(report.mx.len(), 2);
}

#[test]
fn missing_ptr_ipv4_and_ipv6() {
    let s = serve_but("noptr.test", &["2001:db8::1", "198.51.100.2"], |_| {});
    let report = check(&s, "noptr.test");
    assert_eq!(ids(&report), ["mx-ptr-missing", "mx-ptr-missing"]);
    let mx1 = &report.findings[0].message;
    assert!(mx1.contains("mx1.noptr.test") && mx1.contains("2001:db8::1"));
    assert!(!mx1.contains("192.0.2.1"));
    assert!(report.findings[1].message.contains("198.51.100.2"));
    assert!(report
        .findings
        .iter()
        .all(|f| f.severity == Severity::Warning));
}

#[test]
fn ptr_not_forward_confirmed() {
    let elsewhere = |r: &mut Records| {
        r.add(&rev("198.51.100.2"), "PTR", "elsewhere.fc.test.", 300)
            .unwrap();
        r.add("elsewhere.fc.test", "A", "203.0.113.77", 300)
            .unwrap();
    };
    // Two PTRs, one of them (MX2.fc.test) confirms: clean.
    let s = serve("fc.test", elsewhere);
    assert!(check(&s, "fc.test").findings.is_empty());
    // Only the PTR to elsewhere: not confirmed.
    let s = serve_but("fc.test", &["198.51.100.2"], elsewhere);
    let report = check(&s, "fc.test");
    assert_eq!(ids(&report), ["mx-ptr-not-confirmed"]);
    let f = &report.findings[0];
    assert!(f.message.contains("198.51.100.2 -> elsewhere.fc.test"));
    assert_eq!(
        f.records,
        [format!("{} PTR elsewhere.fc.test", rev("198.51.100.2"))]
    );
}

#[test]
fn failed_reverse_lookups_are_temporary_not_missing() {
    let s = serve("ptrfail.test", |_| {});
    s.set_fault(&rev("198.51.100.2"), Fault::ServFail);
    let report = check(&s, "ptrfail.test");
    assert_eq!(ids(&report), ["mx-ptr-lookup-failed"]);
    assert!(report.findings[0].message.contains("SERVFAIL"));
    let s = serve("fwdfail.test", |r| {
        r.add(&rev("203.0.113.9"), "PTR", "other.fwdfail.test.", 300)
            .unwrap();
        r.add("fwdfail.test", "MX", "30 mx3.fwdfail.test.", 300)
            .unwrap();
        r.add("mx3.fwdfail.test", "A", "203.0.113.9", 300).unwrap();
    });
    s.set_fault("other.fwdfail.test", Fault::Refused);
    let report = check(&s, "fwdfail.test");
    assert_eq!(ids(&report), ["mx-ptr-lookup-failed"]);
    assert!(report.findings[0].message.contains("other.fwdfail.test"));
}

#[test]
fn private_addresses_get_no_ptr_query() {
    let s = serve("priv.test", |r| {
        r.add("priv.test", "MX", "30 lan.priv.test.", 300).unwrap();
        r.add("lan.priv.test", "A", "10.0.0.25", 300).unwrap();
    });
    let report = check(&s, "priv.test");
    assert_eq!(ids(&report), ["mx-address-not-public"]);
    assert_eq!(s.query_count(&rev("10.0.0.25")), 0);
}

fn tlsa(r: &mut Records, host: &str, value: &str) {
    r.add(&format!("_25._tcp.{host}"), "TLSA", value, 300)
        .unwrap();
}

#[test]
fn signed_good_tlsa_has_no_findings_and_is_kept_for_the_probes() {
    let s = serve("dane.test", |r| {
        tlsa(r, "mx1.dane.test", &format!("3 1 1 {SHA256}"))
    });
    s.sign("dane.test");
    let report = check(&s, "dane.test");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert!(report.mx_authenticated);
    let t = &report.hosts[0].tlsa;
    assert_eq!(t.name, "_25._tcp.mx1.dane.test");
    assert!(t.authenticated);
    let records = t.lookup.records();
    assert_eq!(records.len(), 1);
    assert_eq!(
        (records[0].usage, records[0].selector, records[0].matching),
        (3, 1, 1)
    );
    assert_eq!(records[0].data.len(), 32);
    // The MX and TLSA queries carried the DO bit.
    let with_do: Vec<(String, String)> = s
        .queries()
        .into_iter()
        .filter(|q| q.dnssec_ok)
        .map(|q| (q.name, q.rtype))
        .collect();
    assert!(with_do.contains(&("dane.test".into(), "MX".into())));
    assert!(with_do.contains(&("_25._tcp.mx1.dane.test".into(), "TLSA".into())));
}

#[test]
fn invalid_tlsa_fields_and_lengths() {
    let s = serve("badtlsa.test", |r| {
        tlsa(r, "mx1.badtlsa.test", &format!("4 1 1 {SHA256}"));
        tlsa(r, "mx1.badtlsa.test", "3 1 1 abcd");
        tlsa(r, "mx1.badtlsa.test", &format!("3 1 2 {SHA256}"));
        tlsa(r, "mx2.badtlsa.test", &format!("3 2 1 {SHA256}"));
        tlsa(r, "mx2.badtlsa.test", &format!("3 1 1 {SHA256}"));
    });
    s.sign("badtlsa.test");
    let report = check(&s, "badtlsa.test");
    assert_eq!(ids(&report), ["tlsa-invalid", "tlsa-invalid"]);
    let mx1 = &report.findings[0];
    assert_eq!(mx1.severity, Severity::Error);
    assert_eq!(mx1.records.len(), 3);
    assert!(mx1.message.contains("usage 4"));
    assert!(mx1.message.contains("needs 32 octets of data, got 2"));
    assert!(mx1.message.contains("needs 64 octets"));
    assert_eq!(report.findings[1].records.len(), 1);
    assert!(report.findings[1].message.contains("selector 2"));
}

#[test]
fn pkix_usages_are_flagged_for_smtp() {
    let s = serve("pkix.test", |r| {
        tlsa(r, "mx1.pkix.test", &format!("1 1 1 {SHA256}"));
        tlsa(r, "mx1.pkix.test", &format!("0 0 1 {SHA256}"));
        tlsa(r, "mx1.pkix.test", &format!("2 0 1 {SHA256}"));
    });
    s.sign("pkix.test");
    let report = check(&s, "pkix.test");
    assert_eq!(ids(&report), ["tlsa-pkix-usage"]);
    assert_eq!(report.findings[0].records.len(), 2);
    assert!(report.findings[0].message.contains("RFC 7672 §3.1.3"));
}

#[test]
fn tlsa_without_dnssec_is_ineffective() {
    let s = serve("nosig.test", |r| {
        tlsa(r, "mx2.nosig.test", &format!("3 1 1 {SHA256}"))
    });
    let report = check(&s, "nosig.test");
    assert_eq!(ids(&report), ["tlsa-without-dnssec"]);
    let f = &report.findings[0];
    assert!(f.message.contains("mx2.nosig.test") && f.message.contains("TLSA answer"));
    assert_eq!(
        f.records,
        [format!("_25._tcp.mx2.nosig.test TLSA 3 1 1 {SHA256}")]
    );
    // Only the MX host's zone signed: the TLSA answer is authenticated but
    // the domain's MX answer is not, so DANE still does not apply.
    s.sign("mx2.nosig.test");
    let report = check(&s, "nosig.test");
    assert_eq!(ids(&report), ["tlsa-without-dnssec"]);
    assert!(report.findings[0].message.contains("MX answer"));
    assert!(report.hosts[1].tlsa.authenticated && !report.mx_authenticated);
}

#[test]
fn failed_tlsa_lookup_is_temporary() {
    let s = serve("tlsafail.test", |_| {});
    s.set_fault("_25._tcp.mx1.tlsafail.test", Fault::ServFail);
    let report = check(&s, "tlsafail.test");
    assert_eq!(ids(&report), ["tlsa-lookup-failed"]);
    assert!(report.findings[0].message.contains("SERVFAIL"));
}

#[test]
fn host_checks_are_bounded() {
    let mut r = Records::new();
    for i in 0..15u8 {
        r.add("many.test", "MX", &format!("{i} h{i}.many.test."), 300)
            .unwrap();
        // Twelve addresses, each with twelve PTR names.
        for j in 0..12u8 {
            let ip = format!("203.0.{i}.{j}");
            r.add(&format!("h{i}.many.test"), "A", &ip, 300).unwrap();
            for k in 0..12u8 {
                r.add(&rev(&ip), "PTR", &format!("p{k}.many.test."), 300)
                    .unwrap();
            }
        }
    }
    let s = DnsServer::start(r).unwrap();
    let report = check(&s, "many.test");
    assert_eq!(report.mx.len(), 15);
    assert_eq!(report.hosts.len(), 10);
    let queries = s.queries();
    let count = |t: &str| queries.iter().filter(|q| q.rtype == t).count();
    assert_eq!(count("TLSA"), 10);
    assert_eq!(count("PTR"), 10 * 10);
    // Forward lookups: at most 10 names per address, deduplicated by the
    // names (p0..p11 are asked once per address here, at most 10 of them).
    let forward: Vec<_> = queries
        .iter()
        .filter(|q| q.rtype == "A" && q.name.starts_with('p'))
        .collect();
    assert!(forward.len() <= 10 * 10 * 10, "{}", forward.len());
    assert!(report.hosts.iter().all(|h| h.reverse.len() == 10));
    assert!(report
        .hosts
        .iter()
        .flat_map(|h| &h.reverse)
        .all(|r| r.forward.len() == 10));
}
