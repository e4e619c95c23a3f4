//! Integration tests of the live check against the project's own DNS server
//! on 127.0.0.1 (`_core::testserver::DnsServer`); no mocks.

use std::time::{Duration, Instant};

use _core::check::{check_domain, DomainReport};
use _core::discovery::{DiscoveryConfig, LookupError};
use _core::testserver::{DnsServer, Fault, Records};

fn clean(r: &mut Records, d: &str) {
    r.add(d, "MX", &format!("10 mx1.{d}."), 300).unwrap();
    r.add(d, "MX", &format!("20 mx2.{d}."), 300).unwrap();
    r.add(&format!("mx1.{d}"), "A", "192.0.2.1", 300).unwrap();
    r.add(&format!("mx1.{d}"), "AAAA", "2001:db8::1", 300)
        .unwrap();
    r.add(&format!("mx2.{d}"), "A", "192.0.2.2", 300).unwrap();
    // Forward-confirmed reverse DNS of every address (the test data of one
    // server holds one domain of this shape at a time).
    for (ip, host) in [
        ("192.0.2.1", "mx1"),
        ("2001:db8::1", "mx1"),
        ("192.0.2.2", "mx2"),
    ] {
        let reverse = _core::check::hosts::reverse::reverse_name(ip.parse().unwrap());
        r.add(&reverse, "PTR", &format!("{host}.{d}."), 300)
            .unwrap();
    }
    r.add(d, "TXT", "v=spf1 mx -all", 300).unwrap();
    r.add(&format!("_dmarc.{d}"), "TXT", "v=DMARC1; p=reject", 300)
        .unwrap();
    r.add(&format!("_mta-sts.{d}"), "TXT", "v=STSv1; id=2024", 300)
        .unwrap();
    r.add(
        &format!("_smtp._tls.{d}"),
        "TXT",
        "v=TLSRPTv1; rua=mailto:tls@example.org",
        300,
    )
    .unwrap();
}

fn config(s: &DnsServer, timeout: f64) -> DiscoveryConfig {
    let addr = s.address();
    DiscoveryConfig::new(&[addr.as_str()], timeout, &format!("{timeout}"), 0.0, false).unwrap()
}

fn ids(r: &DomainReport) -> Vec<&str> {
    r.findings.iter().map(|f| f.id.as_str()).collect()
}

#[test]
fn clean_domain_has_no_findings_and_ordered_addresses() {
    let mut r = Records::new();
    clean(&mut r, "ok.example");
    let s = DnsServer::start(r).unwrap();
    let report = check_domain(&config(&s, 2.0), "ok.example").unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let ex: Vec<&str> = report.mx.iter().map(|m| m.exchange.as_str()).collect();
    assert_eq!(ex, ["mx1.ok.example", "mx2.ok.example"]);
    assert_eq!(report.addresses[0].0, "mx1.ok.example");
    let a: Vec<String> = report.addresses[0]
        .1
        .iter()
        .map(|i| i.to_string())
        .collect();
    assert_eq!(a, ["192.0.2.1", "2001:db8::1"]);
}

#[test]
fn cname_exchange_and_failures_are_findings() {
    let mut r = Records::new();
    clean(&mut r, "c.example");
    r.add("c.example", "MX", "30 alias.c.example.", 300)
        .unwrap();
    r.add("alias.c.example", "CNAME", "mx1.c.example.", 300)
        .unwrap();
    r.add("c.example", "MX", "40 gone.c.example.", 300).unwrap();
    let s = DnsServer::start(r).unwrap();
    s.set_fault("_dmarc.c.example", Fault::ServFail);
    let report = check_domain(&config(&s, 2.0), "c.example").unwrap();
    assert_eq!(
        ids(&report),
        ["mx-cname", "mx-nxdomain", "txt-lookup-failed"]
    );
    assert!(report.findings[2].message.contains("SERVFAIL"));
}

#[test]
fn silent_server_gives_findings_within_the_deadline() {
    let mut r = Records::new();
    clean(&mut r, "t.example");
    let s = DnsServer::start(r).unwrap();
    s.set_fault("t.example", Fault::NoReply);
    let start = Instant::now();
    let report = check_domain(&config(&s, 0.5), "t.example").unwrap();
    let took = start.elapsed();
    assert!(
        took >= Duration::from_millis(450) && took < Duration::from_millis(900),
        "{took:?}"
    );
    assert_eq!(ids(&report)[0], "mx-lookup-failed");
    assert!(report.findings[0].message.contains("Timeout after 0.5s"));
}

#[test]
fn invalid_domain_is_an_error() {
    let s = DnsServer::start(Records::new()).unwrap();
    assert_eq!(
        check_domain(&config(&s, 1.0), "a..b").unwrap_err(),
        LookupError::InvalidDomain
    );
    let report = check_domain(&config(&s, 1.0), "nx.example").unwrap();
    assert_eq!(ids(&report), ["nxdomain"]);
}

#[test]
fn lookups_run_concurrently() {
    let mut r = Records::new();
    clean(&mut r, "slow.example");
    let s = DnsServer::start(r).unwrap();
    let delay = Duration::from_millis(300);
    // Eight delayed names: MX, then two exchanges (A+AAAA each), and four TXT owners.
    for name in [
        "slow.example",
        "mx1.slow.example",
        "mx2.slow.example",
        "_dmarc.slow.example",
        "_mta-sts.slow.example",
        "_smtp._tls.slow.example",
    ] {
        s.set_fault(name, Fault::Delay(delay));
    }
    let start = Instant::now();
    let report = check_domain(&config(&s, 3.0), "slow.example").unwrap();
    let took = start.elapsed();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    // MX, then the exchanges' addresses: two delays, not one per query (>= 13).
    assert!(took >= 2 * delay && took < 4 * delay, "{took:?}");
}
