//! The SPF tree (RFC 7208) of the live check against the project's own DNS
//! server on 127.0.0.1: each finding on a domain breaking exactly that
//! thing, clean controls, and the report's SPF data.

use std::time::{Duration, Instant};

use _core::check::spf::Outcome;
use _core::check::{check_domain, DomainReport};
use _core::discovery::DiscoveryConfig;
use _core::mail::spf_term::Qualifier;
use _core::testserver::{DnsServer, Fault, Records};

/// A clean domain whose SPF record is `spf`, plus `extra` (owner, type, value).
fn zone(d: &str, spf: &str, extra: &[(String, &str, String)]) -> Records {
    let mut r = Records::new();
    r.add(d, "MX", &format!("10 mx1.{d}."), 300).unwrap();
    r.add(d, "MX", &format!("20 mx2.{d}."), 300).unwrap();
    r.add(&format!("mx1.{d}"), "A", "192.0.2.1", 300).unwrap();
    r.add(&format!("mx2.{d}"), "A", "192.0.2.2", 300).unwrap();
    // Forward-confirmed reverse DNS, so that only SPF findings remain.
    for (ip, host) in [("192.0.2.1", "mx1"), ("192.0.2.2", "mx2")] {
        let reverse = _core::check::hosts::reverse::reverse_name(ip.parse().unwrap());
        r.add(&reverse, "PTR", &format!("{host}.{d}."), 300)
            .unwrap();
    }
    if !spf.is_empty() {
        r.add(d, "TXT", spf, 300).unwrap();
    }
    r.add(&format!("_dmarc.{d}"), "TXT", "v=DMARC1; p=reject", 300)
        .unwrap();
    r.add(&format!("_mta-sts.{d}"), "TXT", "v=STSv1; id=1", 300)
        .unwrap();
    r.add(
        &format!("_smtp._tls.{d}"),
        "TXT",
        "v=TLSRPTv1; rua=mailto:t@example.org",
        300,
    )
    .unwrap();
    for (owner, rtype, value) in extra {
        r.add(owner, rtype, value, 300).unwrap();
    }
    r
}

fn txt(owner: String, value: &str) -> (String, &'static str, String) {
    (owner, "TXT", value.to_owned())
}

fn check(s: &DnsServer, d: &str, timeout: f64) -> DomainReport {
    let addr = s.address();
    let config =
        DiscoveryConfig::new(&[addr.as_str()], timeout, &format!("{timeout}"), 0.0, false).unwrap();
    check_domain(&config, d).unwrap()
}

fn spf_ids(r: &DomainReport) -> Vec<&str> {
    r.findings
        .iter()
        .map(|f| f.id.as_str())
        .filter(|id| id.starts_with("spf-"))
        .collect()
}

/// Serves `records`, checks `d`: the report and the server (for its log).
fn run(d: &str, records: Records) -> (DomainReport, DnsServer) {
    let s = DnsServer::start(records).unwrap();
    (check(&s, d, 2.0), s)
}

fn a_terms(d: &str, range: std::ops::RangeInclusive<u32>) -> String {
    range
        .map(|i| format!("a:h{i}.{d}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn hosts(d: &str, range: std::ops::RangeInclusive<u32>) -> Vec<(String, &'static str, String)> {
    range
        .map(|i| (format!("h{i}.{d}"), "A", format!("203.0.113.{i}")))
        .collect()
}

#[test]
fn twelve_lookups_are_too_many_and_the_rest_is_not_queried() {
    let d = "many.test";
    let mut extra = hosts(d, 1..=10);
    extra.push(txt(
        format!("_s1.{d}"),
        &format!("v=spf1 {} -all", a_terms(d, 1..=5)),
    ));
    extra.push(txt(
        format!("_s2.{d}"),
        &format!("v=spf1 {} -all", a_terms(d, 6..=10)),
    ));
    let (r, s) = run(
        d,
        zone(
            d,
            &format!("v=spf1 include:_s1.{d} include:_s2.{d} -all"),
            &extra,
        ),
    );
    assert_eq!(spf_ids(&r), ["spf-too-many-lookups"]);
    assert!(r.findings.iter().any(|f| f.message.contains("needs 12")));
    assert_eq!((r.spf.lookups, r.spf.result), (12, Outcome::PermError));
    // Positions 11 and 12 (h9, h10) are past the limit: never asked.
    assert!(s.query_count(&format!("h8.{d}")) > 0);
    assert_eq!(s.query_count(&format!("h9.{d}")), 0);
    assert_eq!(s.query_count(&format!("h10.{d}")), 0);
}

#[test]
fn exactly_ten_lookups_is_clean() {
    let d = "ten.test";
    let mut extra = hosts(d, 1..=8);
    extra.push(txt(
        format!("_s1.{d}"),
        &format!("v=spf1 {} -all", a_terms(d, 1..=4)),
    ));
    extra.push(txt(
        format!("_s2.{d}"),
        &format!("v=spf1 {} -all", a_terms(d, 5..=8)),
    ));
    let (r, _s) = run(
        d,
        zone(
            d,
            &format!("v=spf1 include:_s1.{d} include:_s2.{d} -all"),
            &extra,
        ),
    );
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!((r.spf.lookups, r.spf.void_lookups), (10, 0));
    assert_eq!(r.spf.result, Outcome::Ok);
    assert_eq!(r.spf.effective_all, Some(Qualifier::Fail));
    let names: Vec<&str> = r.spf.tree.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, [format!("_s1.{d}"), format!("_s2.{d}")]);
}

#[test]
fn three_void_lookups_are_too_many_two_are_not() {
    let d = "void.test";
    let spf = format!("v=spf1 a:v1.{d} a:v2.{d} a:v3.{d} mx -all");
    let (r, _s) = run(d, zone(d, &spf, &[]));
    assert_eq!(spf_ids(&r), ["spf-too-many-void-lookups"]);
    assert_eq!((r.spf.void_lookups, r.spf.result), (3, Outcome::PermError));
    let d = "void2.test";
    let spf = format!("v=spf1 a:v1.{d} a:v2.{d} mx -all");
    let (r, _s) = run(d, zone(d, &spf, &[]));
    assert!(spf_ids(&r).is_empty(), "{:?}", r.findings);
    assert_eq!((r.spf.void_lookups, r.spf.result), (2, Outcome::Ok));
}

#[test]
fn include_without_spf_or_nxdomain_is_a_permerror() {
    let d = "inc.test";
    let extra = [txt(format!("nospf.{d}"), "just some text")];
    let (r, _s) = run(
        d,
        zone(d, &format!("v=spf1 mx include:nospf.{d} -all"), &extra),
    );
    assert_eq!(spf_ids(&r), ["spf-include-no-spf"]);
    assert!(r.findings[0]
        .message
        .contains(&format!("nospf.{d} has no SPF record")));
    assert_eq!(r.spf.result, Outcome::PermError);
    assert_eq!(r.spf.tree[0].status, "none");
    let (r, _s) = run(
        d,
        zone(d, &format!("v=spf1 mx include:missing.{d} -all"), &[]),
    );
    assert_eq!(spf_ids(&r), ["spf-include-no-spf"]);
    assert!(r.findings[0].message.contains("NXDOMAIN"));
    assert_eq!(r.spf.tree[0].status, "nxdomain");
}

#[test]
fn redirects_no_spf_neutral_plus_and_good() {
    let d = "red.test";
    let extra = [txt(format!("nospf.{d}"), "just some text")];
    let (r, _s) = run(d, zone(d, &format!("v=spf1 redirect=nospf.{d}"), &extra));
    assert_eq!(spf_ids(&r), ["spf-redirect-no-spf"]);
    assert_eq!(
        (r.spf.result, r.spf.effective_all),
        (Outcome::PermError, None)
    );

    let extra = [txt(format!("_spf.{d}"), &format!("v=spf1 mx:{d} ?all"))];
    let (r, _s) = run(d, zone(d, &format!("v=spf1 redirect=_spf.{d}"), &extra));
    assert_eq!(spf_ids(&r), ["spf-redirect-neutral"]);
    assert_eq!(r.spf.effective_all, Some(Qualifier::Neutral));

    let extra = [txt(format!("_spf.{d}"), "v=spf1 +all")];
    let (r, _s) = run(d, zone(d, &format!("v=spf1 redirect=_spf.{d}"), &extra));
    assert_eq!(spf_ids(&r), ["spf-plus-all"]);
    assert!(r.findings[0].message.contains("redirects to"));

    let extra = [txt(format!("_spf.{d}"), &format!("v=spf1 mx:{d} -all"))];
    let (r, _s) = run(d, zone(d, &format!("v=spf1 redirect=_spf.{d}"), &extra));
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(r.spf.effective_all, Some(Qualifier::Fail));
    assert_eq!((r.spf.lookups, r.spf.result), (2, Outcome::Ok));
    assert_eq!(r.spf.tree[0].via.as_str(), "redirect");
    assert_eq!(
        r.spf.tree[0].record.as_deref(),
        Some("v=spf1 mx:red.test -all")
    );
}

#[test]
fn redirect_is_ignored_when_the_record_has_all() {
    let d = "redall.test";
    let (r, s) = run(
        d,
        zone(d, &format!("v=spf1 mx -all redirect=gone.{d}"), &[]),
    );
    assert!(spf_ids(&r).is_empty(), "{:?}", r.findings);
    assert_eq!(s.query_count(&format!("gone.{d}")), 0);
    assert_eq!(r.spf.lookups, 1);
}

#[test]
fn include_loops_are_reported_once() {
    let d = "loop.test";
    let extra = [
        txt(format!("_a.{d}"), &format!("v=spf1 include:_b.{d} -all")),
        txt(format!("_b.{d}"), &format!("v=spf1 include:_a.{d} -all")),
    ];
    let (r, _s) = run(d, zone(d, &format!("v=spf1 include:_a.{d} -all"), &extra));
    assert_eq!(spf_ids(&r), ["spf-include-loop"]);
    assert!(r.findings[0]
        .message
        .contains("loop.test -> _a.loop.test -> _b.loop.test -> _a.loop.test"));
    let (r, _s) = run(d, zone(d, &format!("v=spf1 redirect={d}"), &[]));
    assert_eq!(spf_ids(&r), ["spf-include-loop"]);
}

#[test]
fn syntax_errors_anywhere_in_the_tree_are_permerrors() {
    let d = "syn.test";
    for (spf, term) in [
        ("v=spf1 ip4:999.1.1.1 -all", "ip4:999.1.1.1"),
        ("v=spf1 ipv4:203.0.113.1 -all", "ipv4:203.0.113.1"),
        (
            "v=spf1 mx exists:%{z}.syn.test -all",
            "exists:%{z}.syn.test",
        ),
        ("v=spf1 mx ip6:2001:db8::/129 -all", "ip6:2001:db8::/129"),
    ] {
        let (r, _s) = run(d, zone(d, spf, &[]));
        assert_eq!(spf_ids(&r), ["spf-syntax-error"], "{spf}");
        assert!(r.findings[0].message.contains(term), "{spf}");
        assert_eq!(r.spf.result, Outcome::PermError);
    }
    let extra = [txt(format!("_i.{d}"), "v=spf1 ip4:192.0.2.0/33 -all")];
    let (r, _s) = run(d, zone(d, &format!("v=spf1 include:_i.{d} -all"), &extra));
    assert_eq!(spf_ids(&r), ["spf-syntax-error"]);
    assert!(r.findings[0].message.contains("_i.syn.test"));
    assert_eq!(
        r.findings[0].records,
        [format!("_i.{d} TXT \"v=spf1 ip4:192.0.2.0/33 -all\"")]
    );
}

#[test]
fn ptr_mx_without_mx_duplicate_modifier_too_long() {
    let d = "misc.test";
    let (r, _s) = run(d, zone(d, "v=spf1 mx ptr -all", &[]));
    assert_eq!(spf_ids(&r), ["spf-ptr"]);
    assert_eq!(r.spf.result, Outcome::Ok);

    let extra = [(format!("nomx.{d}"), "A", "203.0.113.7".to_owned())];
    let (r, _s) = run(d, zone(d, &format!("v=spf1 mx mx:nomx.{d} -all"), &extra));
    assert_eq!(spf_ids(&r), ["spf-mx-no-mx"]);
    assert_eq!(r.spf.void_lookups, 1);

    let spf = format!("v=spf1 mx exp=e1.{d} exp=e2.{d} -all");
    let (r, _s) = run(d, zone(d, &spf, &[]));
    assert_eq!(spf_ids(&r), ["spf-duplicate-modifier"]);
    assert_eq!(r.spf.result, Outcome::PermError);

    let ips: Vec<String> = (1..40).map(|i| format!("ip4:203.0.113.{i}")).collect();
    let spf = format!("v=spf1 mx {} -all", ips.join(" "));
    assert!(spf.len() > 512);
    let (r, _s) = run(d, zone(d, &spf, &[]));
    assert_eq!(spf_ids(&r), ["spf-too-long"]);
    let spf = format!("v=spf1 mx {} -all", ips[..20].join(" "));
    assert!(spf.len() <= 512);
    let (r, _s) = run(d, zone(d, &spf, &[]));
    assert!(spf_ids(&r).is_empty());
}

#[test]
fn multiple_records_at_a_target_and_too_many_mx_names() {
    let d = "mult.test";
    let extra = [
        txt(format!("_i.{d}"), "v=spf1 -all"),
        txt(format!("_i.{d}"), "v=spf1 ~all"),
    ];
    let (r, _s) = run(d, zone(d, &format!("v=spf1 include:_i.{d} -all"), &extra));
    assert_eq!(spf_ids(&r), ["spf-multiple"]);
    assert!(r.findings[0].message.contains("_i.mult.test"));
    assert_eq!(r.spf.tree[0].status, "multiple");

    let extra: Vec<_> = (1..=11)
        .map(|i| (format!("big.{d}"), "MX", format!("{i} m{i}.{d}.")))
        .collect();
    let (r, _s) = run(d, zone(d, &format!("v=spf1 mx:big.{d} -all"), &extra));
    assert_eq!(spf_ids(&r), ["spf-mx-too-many"]);
}

#[test]
fn servfail_in_the_middle_of_a_chain_is_a_temperror_only() {
    let d = "sf.test";
    let extra = [
        txt(format!("_a.{d}"), &format!("v=spf1 include:_b.{d} -all")),
        txt(format!("_b.{d}"), "v=spf1 ip4:203.0.113.0/24 -all"),
    ];
    let s = DnsServer::start(zone(d, &format!("v=spf1 mx include:_a.{d} -all"), &extra)).unwrap();
    s.set_fault(&format!("_b.{d}"), Fault::ServFail);
    let r = check(&s, d, 2.0);
    assert_eq!(spf_ids(&r), ["spf-temperror"]);
    assert!(r.findings[0].message.contains("SERVFAIL"));
    assert!(r.findings[0].message.contains("include:_b.sf.test"));
    assert_eq!(r.spf.result, Outcome::TempError);
    assert_eq!(r.spf.tree[0].children[0].status, "temperror");
    assert_eq!(r.spf.lookups, 3);
}

#[test]
fn a_silent_target_is_a_temperror_within_the_deadline() {
    let d = "slow.test";
    let extra = [(format!("h1.{d}"), "A", "203.0.113.1".to_owned())];
    let s = DnsServer::start(zone(
        d,
        &format!("v=spf1 a:h1.{d} a:quiet.{d} -all"),
        &extra,
    ))
    .unwrap();
    s.set_fault(&format!("quiet.{d}"), Fault::NoReply);
    let start = Instant::now();
    let r = check(&s, d, 0.5);
    assert!(
        start.elapsed() < Duration::from_millis(900),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(spf_ids(&r), ["spf-temperror"]);
    assert!(r.findings[0].message.contains("Timeout after 0.5s"));
    assert_eq!(r.spf.result, Outcome::TempError);
}

#[test]
fn macros_are_counted_not_expanded() {
    let d = "mac.test";
    let (r, s) = run(
        d,
        zone(d, &format!("v=spf1 mx exists:%{{i}}._ip.{d} -all"), &[]),
    );
    assert!(spf_ids(&r).is_empty(), "{:?}", r.findings);
    assert_eq!(r.spf.lookups, 2);
    assert_eq!(
        r.spf.unexpanded,
        [(d.to_owned(), format!("exists:%{{i}}._ip.{d}"))]
    );
    let asked = s.queries().iter().filter(|q| q.name.contains('%')).count();
    assert_eq!(asked, 0);
}

#[test]
fn a_hostile_include_chain_costs_bounded_queries() {
    let d = "chain.test";
    let extra: Vec<_> = (0..40)
        .map(|i| {
            txt(
                format!("c{i}.{d}"),
                &format!("v=spf1 include:c{}.{d} -all", i + 1),
            )
        })
        .collect();
    let (r, s) = run(d, zone(d, &format!("v=spf1 include:c0.{d} -all"), &extra));
    assert_eq!(spf_ids(&r), ["spf-too-many-lookups"]);
    let chain: usize = (0..40).map(|i| s.query_count(&format!("c{i}.{d}"))).sum();
    assert_eq!(chain, 10, "only the first 10 includes are fetched");
}

#[test]
fn missing_and_failed_domain_records_keep_their_findings() {
    let d = "none.test";
    let (r, _s) = run(d, zone(d, "", &[]));
    assert_eq!(spf_ids(&r), ["spf-missing"]);
    assert_eq!(
        (r.spf.result, r.spf.record.as_deref()),
        (Outcome::None, None)
    );
    let s = DnsServer::start(zone(d, "v=spf1 -all", &[])).unwrap();
    s.set_fault(d, Fault::ServFail);
    let r = check(&s, d, 1.0);
    assert_eq!(r.spf.result, Outcome::TempError);
    assert!(spf_ids(&r).is_empty(), "{:?}", r.findings);
}

#[test]
fn the_domains_mx_is_asked_once_for_the_check_and_the_spf_mx() {
    let d = "once.test";
    let extra = [txt(format!("_spf.{d}"), "v=spf1 ip4:203.0.113.0/24 -all")];
    let (r, s) = run(
        d,
        zone(d, &format!("v=spf1 mx include:_spf.{d} -all"), &extra),
    );
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    assert_eq!(r.spf.lookups, 2);
    let mx = s
        .queries()
        .iter()
        .filter(|q| q.name == d && q.rtype == "MX")
        .count();
    assert_eq!(mx, 1);
    assert_eq!(s.query_count(&format!("_spf.{d}")), 1);
}
