//! The mail-facts layer: the two readings side by side on the same inputs,
//! and the regressions it fixed, checked against the project's own DNS
//! server on 127.0.0.1 (`_core::testserver::DnsServer`); no mocks.

use _core::check::check_domain;
use _core::discovery::{DiscoveryConfig, MxDiscovery};
use _core::mail::txt::select;
use _core::mail::{dmarc, spf, Kind, Reading};
use _core::testserver::{DnsServer, Records};

/// What one reading makes of one TXT value.
#[derive(Debug, PartialEq, Eq)]
struct Verdict {
    /// Selected as an SPF record.
    spf: bool,
    /// SPF that ends unlisted senders with -all/~all (or hands them on).
    terminated: bool,
    /// Selected as a DMARC record.
    dmarc: bool,
    /// Its `p=`: `Ok(None)` none, `Err(_)` a malformed tag list.
    policy: Result<Option<String>, ()>,
}

fn v(spf: bool, terminated: bool, dmarc: bool, policy: Result<Option<&str>, ()>) -> Verdict {
    Verdict {
        spf,
        terminated,
        dmarc,
        policy: policy.map(|p| p.map(str::to_owned)),
    }
}

fn read(value: &str, reading: Reading) -> Verdict {
    let values = vec![value.to_owned()];
    let spf_values = select(&values, Kind::Spf, reading);
    let dmarc_values = select(&values, Kind::Dmarc, reading);
    let policy = match dmarc_values.first() {
        None => Ok(None),
        Some(d) => dmarc::policy(d, reading).map_err(|_| ()),
    };
    Verdict {
        spf: !spf_values.is_empty(),
        terminated: spf_values
            .first()
            .is_some_and(|s| spf::terminated(s, reading)),
        dmarc: !dmarc_values.is_empty(),
        policy,
    }
}

#[test]
fn the_two_readings_side_by_side() {
    // input, octoDNS 1.22.0's reading, the RFCs' reading
    let table = [
        (
            "v=spf1 mx -all",
            v(true, true, false, Ok(None)),
            v(true, true, false, Ok(None)),
        ),
        // redirect= hands unlisted senders on (RFC 7208 §6.1); octoDNS wants a -all/~all ending
        (
            "v=spf1 redirect=_spf.e.com",
            v(true, false, false, Ok(None)),
            v(true, true, false, Ok(None)),
        ),
        // ~all not last: still the all (§5.1); octoDNS looks at the end only
        (
            "v=spf1 ~all exp=x.e.com",
            v(true, false, false, Ok(None)),
            v(true, true, false, Ok(None)),
        ),
        (
            "v=spf1 mx ?all",
            v(true, false, false, Ok(None)),
            v(true, false, false, Ok(None)),
        ),
        // v=spf10 is not SPF (§4.5); octoDNS matches a prefix
        (
            "v=spf10 -all",
            v(true, true, false, Ok(None)),
            v(false, false, false, Ok(None)),
        ),
        // case: both read V=SPF1 as SPF
        (
            "V=SPF1 -ALL",
            v(true, true, false, Ok(None)),
            v(true, true, false, Ok(None)),
        ),
        // octoDNS removes backslashes before it looks
        (
            "v\\=spf1 -all",
            v(true, true, false, Ok(None)),
            v(false, false, false, Ok(None)),
        ),
        (
            "v=DMARC1; p=reject",
            v(false, false, true, Ok(Some("reject"))),
            v(false, false, true, Ok(Some("reject"))),
        ),
        // a part without '=' makes the tag list malformed (RFC 7489 §6.4); octoDNS reads it as a tag
        (
            "v=DMARC1; p=reject; junk",
            v(false, false, true, Ok(Some("reject"))),
            v(false, false, true, Err(())),
        ),
        // a tag twice: octoDNS's last wins; RFC 6376 §3.2 makes the list invalid
        (
            "v=DMARC1; p=none; p=reject",
            v(false, false, true, Ok(Some("reject"))),
            v(false, false, true, Err(())),
        ),
        // a bare p is octoDNS's "p="
        (
            "v=DMARC1; p",
            v(false, false, true, Ok(Some(""))),
            v(false, false, true, Err(())),
        ),
        // octoDNS lower-cases the value; the RFC reading keeps it as written
        (
            "v=DMARC1; P=Reject",
            v(false, false, true, Ok(Some("reject"))),
            v(false, false, true, Ok(Some("Reject"))),
        ),
        // the RFC version tag is case-sensitive here; octoDNS folds it
        (
            "V=dmarc1; p=reject",
            v(false, false, true, Ok(Some("reject"))),
            v(false, false, false, Ok(None)),
        ),
        (
            "v=DMARC10; p=none",
            v(false, false, true, Ok(Some("none"))),
            v(false, false, false, Ok(None)),
        ),
    ];
    for (input, octodns, rfc) in table {
        assert_eq!(
            read(input, Reading::OctoDns1_22),
            octodns,
            "octoDNS reading of {input:?}"
        );
        assert_eq!(read(input, Reading::Rfc), rfc, "RFC reading of {input:?}");
    }
}

fn config(s: &DnsServer, implicit: bool) -> DiscoveryConfig {
    let addr = s.address();
    DiscoveryConfig::new(&[addr.as_str()], 2.0, "2", 0.0, implicit).unwrap()
}

#[test]
fn malformed_dmarc_tag_list_is_reported_as_malformed() {
    let mut r = Records::new();
    let d = "junk.example";
    r.add(d, "MX", "10 mx1.junk.example.", 300).unwrap();
    r.add(d, "MX", "20 mx2.junk.example.", 300).unwrap();
    r.add("mx1.junk.example", "A", "192.0.2.1", 300).unwrap();
    r.add("mx2.junk.example", "A", "192.0.2.2", 300).unwrap();
    r.add(d, "TXT", "v=spf1 mx -all", 300).unwrap();
    r.add(
        "_dmarc.junk.example",
        "TXT",
        "v=DMARC1; p=reject; junk",
        300,
    )
    .unwrap();
    let s = DnsServer::start(r).unwrap();
    let report = check_domain(&config(&s, false), d).unwrap();
    let dmarc: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.id.starts_with("dmarc"))
        .collect();
    assert_eq!(dmarc.len(), 1, "{:?}", report.findings);
    assert_eq!(dmarc[0].id, "dmarc-malformed");
    assert!(
        dmarc[0].message.contains("\"junk\" has no '='"),
        "{}",
        dmarc[0].message
    );
    assert_eq!(
        dmarc[0].records,
        ["_dmarc.junk.example TXT \"v=DMARC1; p=reject; junk\""]
    );
}

#[test]
fn implicit_mx_ttl_agrees_between_lookup_and_check() {
    let mut r = Records::new();
    r.add("bare.example", "A", "192.0.2.10", 300).unwrap();
    r.add("bare.example", "AAAA", "2001:db8::10", 60).unwrap();
    r.add("v6.example", "AAAA", "2001:db8::11", 60).unwrap();
    let s = DnsServer::start(r).unwrap();
    let cfg = config(&s, true);
    let engine = MxDiscovery::new(cfg.clone(), 16, 100);
    for (domain, ttl) in [("bare.example", 300), ("v6.example", 60)] {
        let looked_up = engine.lookup(domain).unwrap();
        let checked = check_domain(&cfg, domain).unwrap().mx;
        assert_eq!(looked_up, checked, "{domain}");
        assert_eq!(checked[0].ttl, ttl, "{domain}");
        assert_eq!(checked[0].exchange, domain);
    }
}
