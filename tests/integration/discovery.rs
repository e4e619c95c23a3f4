//! Integration tests of the discovery engine against the project's own DNS
//! server on 127.0.0.1 (`_core::testserver::DnsServer`); no mocks.

use std::time::{Duration, Instant};

use _core::discovery::{DiscoveryConfig, LookupError, MxDiscovery, MxRecord};
use _core::testserver::{DnsServer, Fault, Records};

fn server() -> DnsServer {
    let mut r = Records::new();
    r.add("example.com", "MX", "10 mx1.example.com.", 300)
        .unwrap();
    r.add("example.com", "MX", "20 mx2.example.com.", 300)
        .unwrap();
    r.add("nomx.example", "A", "192.0.2.10", 300).unwrap();
    r.add("nullmx.example", "MX", "0 .", 300).unwrap();
    r.add("alias.example", "CNAME", "example.com.", 300)
        .unwrap();
    r.add(
        "xn--bcher-kva.example",
        "MX",
        "10 mx.xn--bcher-kva.example.",
        300,
    )
    .unwrap();
    for i in 0..20 {
        r.add(
            &format!("d{i}.example"),
            "MX",
            &format!("10 mx.d{i}.example."),
            300,
        )
        .unwrap();
    }
    DnsServer::start(r).unwrap()
}

fn engine(servers: &[&DnsServer], timeout: f64, cache_ttl: f64, implicit: bool) -> MxDiscovery {
    let addrs: Vec<String> = servers.iter().map(|s| s.address()).collect();
    let addrs: Vec<&str> = addrs.iter().map(String::as_str).collect();
    let text = format!("{timeout}");
    let cfg = DiscoveryConfig::new(&addrs, timeout, &text, cache_ttl, implicit).unwrap();
    MxDiscovery::new(cfg, 256, 1000)
}

fn hosts(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn resolves_sorted_hosts_and_records() {
    let s = server();
    let e = engine(&[&s], 2.0, 0.0, false);
    assert_eq!(
        e.resolve("example.com"),
        hosts(&["mx1.example.com", "mx2.example.com"])
    );
    assert_eq!(
        e.lookup("Example.COM.").unwrap()[0],
        MxRecord {
            preference: 10,
            exchange: "mx1.example.com".into(),
            ttl: 300
        }
    );
    assert_eq!(
        e.resolve("alias.example"),
        hosts(&["mx1.example.com", "mx2.example.com"])
    );
    assert_eq!(
        e.resolve("bücher.example"),
        hosts(&["mx.xn--bcher-kva.example"])
    );
}

#[test]
fn maps_failures() {
    let s = server();
    s.set_fault("sf.example", Fault::ServFail);
    s.set_fault("rf.example", Fault::Refused);
    let e = engine(&[&s], 1.0, 0.0, false);
    assert_eq!(e.lookup("missing.example"), Err(LookupError::NxDomain));
    assert_eq!(e.lookup("nomx.example"), Err(LookupError::NoMxRecords));
    assert_eq!(e.lookup("nullmx.example"), Err(LookupError::NullMx));
    assert_eq!(e.lookup("a..b"), Err(LookupError::InvalidDomain));
    let sf = e.lookup("sf.example").unwrap_err();
    assert_eq!(
        sf.warning("sf.example"),
        "MX lookup failed for sf.example: SERVFAIL"
    );
    let rf = e.lookup("rf.example").unwrap_err();
    assert!(matches!(rf, LookupError::ServerFailure { rcode: Some(ref c), .. } if c == "REFUSED"));
}

#[test]
fn implicit_mx_gives_the_domain() {
    let s = server();
    let e = engine(&[&s], 2.0, 0.0, true);
    assert_eq!(e.resolve("NoMX.example."), hosts(&["NoMX.example"]));
    assert_eq!(e.lookup("nomx.example").unwrap()[0].preference, 0);
}

#[test]
fn timeout_is_the_total_deadline() {
    let s = server();
    s.set_fault("example.com", Fault::NoReply);
    let e = engine(&[&s], 0.5, 0.0, false);
    let start = Instant::now();
    let err = e.lookup("example.com").unwrap_err();
    let elapsed = start.elapsed();
    assert_eq!(
        err.warning("example.com"),
        "MX lookup failed for example.com: Timeout after 0.5s"
    );
    assert!(
        elapsed >= Duration::from_millis(450) && elapsed <= Duration::from_millis(800),
        "{elapsed:?}"
    );
}

#[test]
fn dead_first_server_fails_over_within_deadline() {
    let dead = server();
    dead.set_fault("example.com", Fault::NoReply);
    let live = server();
    let e = engine(&[&dead, &live], 1.0, 0.0, false);
    let start = Instant::now();
    assert_eq!(e.resolve("example.com").len(), 2);
    assert!(start.elapsed() < Duration::from_millis(900));
    assert_eq!(live.query_count("example.com"), 1);
}

#[test]
fn truncation_falls_back_to_tcp() {
    let s = server();
    s.set_fault("example.com", Fault::Truncate);
    let e = engine(&[&s], 2.0, 0.0, false);
    assert_eq!(e.resolve("example.com").len(), 2);
}

#[test]
fn cache_hits_expiry_and_failures() {
    let s = server();
    let e = engine(&[&s], 2.0, 0.2, false);
    e.resolve("example.com");
    e.resolve("EXAMPLE.com");
    assert_eq!(s.query_count("example.com"), 1);
    std::thread::sleep(Duration::from_millis(300));
    e.resolve("example.com");
    assert_eq!(s.query_count("example.com"), 2);
    e.resolve("missing.example");
    e.resolve("missing.example");
    assert_eq!(s.query_count("missing.example"), 2);
}

#[test]
fn expand_entries_concurrent_and_ordered() {
    let s = server();
    for i in 0..20 {
        s.set_fault(
            &format!("d{i}.example"),
            Fault::Delay(Duration::from_millis(200)),
        );
    }
    let e = engine(&[&s], 2.0, 0.0, false);
    let mut entries: Vec<String> = (0..20).map(|i| format!("mx:d{i}.example")).collect();
    entries.insert(0, "static".into());
    entries.push("mx:d0.example".into());
    let start = Instant::now();
    let got = e.expand_entries(&entries);
    assert!(
        start.elapsed() < Duration::from_millis(900),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(got.len(), 21);
    assert_eq!(got[0], "static");
    assert_eq!(got[1], "mx.d0.example");
    assert_eq!(s.query_count("d0.example"), 1);
}

#[test]
fn exchange_case_kept_order_by_lowercased_name_and_dedupe() {
    use hickory_proto::rr::rdata::MX;
    use hickory_proto::rr::{Name, RData, Record};
    let mut r = Records::new();
    let owner = Name::from_ascii("order.example.").unwrap();
    for (pref, exchange) in [
        (20, "b.example.net."),
        (10, "Z.example.net."),
        (10, "a.example.net."),
        (30, "B.EXAMPLE.net."),
    ] {
        let mx = MX::new(pref, Name::from_ascii(exchange).unwrap());
        r.insert(Record::from_rdata(owner.clone(), 300, RData::MX(mx)));
    }
    let s = DnsServer::start(r).unwrap();
    let e = engine(&[&s], 2.0, 0.0, false);
    assert_eq!(
        e.resolve("order.example"),
        hosts(&["a.example.net", "Z.example.net", "b.example.net"])
    );
}

#[test]
fn failures_of_one_entry_keep_the_others() {
    let s = server();
    s.set_fault("d1.example", Fault::ServFail);
    let e = engine(&[&s], 1.0, 0.0, false);
    let (groups, warnings) = e.expand_groups_quiet(&[
        vec!["mx:d0.example", "mx:d1.example", "mx:missing.example"],
        vec!["static", "mx:d2.example", "mx:"],
    ]);
    assert_eq!(
        groups,
        vec![
            hosts(&["mx.d0.example"]),
            hosts(&["static", "mx.d2.example"])
        ]
    );
    assert_eq!(
        warnings,
        hosts(&[
            "MX lookup failed for d1.example: SERVFAIL",
            "MX lookup failed for missing.example: NXDOMAIN",
            "MX lookup failed for : invalid domain name",
        ])
    );
}

#[test]
fn max_in_flight_serialises_and_deadline_starts_at_permit() {
    let s = server();
    for i in 0..3 {
        s.set_fault(
            &format!("d{i}.example"),
            Fault::Delay(Duration::from_millis(200)),
        );
    }
    let cfg = DiscoveryConfig::new(&[&s.address()], 0.35, "0.35", 0.0, false).unwrap();
    let e = MxDiscovery::new(cfg, 1, 10);
    let start = Instant::now();
    let got = e.expand_entries(&["mx:d0.example", "mx:d1.example", "mx:d2.example"]);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(start.elapsed() >= Duration::from_millis(580));
}
