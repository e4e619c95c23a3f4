//! DMARC by RFC 7489 and RFC 9989 against the project's own DNS server on
//! 127.0.0.1: each finding on a domain breaking exactly that thing, and
//! clean controls (an own record, an inherited one, an authorized external
//! destination).

use _core::check::{check_domain, DomainReport};
use _core::discovery::DiscoveryConfig;
use _core::testserver::{DnsServer, Fault, Records};

/// A domain with nothing to report, `_dmarc` set to `dmarc` (none: absent).
fn domain(r: &mut Records, d: &str, dmarc: Option<&str>) {
    r.add(d, "MX", &format!("10 mx1.{d}."), 300).unwrap();
    r.add(d, "MX", &format!("20 mx2.{d}."), 300).unwrap();
    r.add(&format!("mx1.{d}"), "A", "192.0.2.1", 300).unwrap();
    r.add(&format!("mx2.{d}"), "A", "192.0.2.2", 300).unwrap();
    // Forward-confirmed reverse DNS of both addresses.
    r.add("1.2.0.192.in-addr.arpa", "PTR", &format!("mx1.{d}."), 300)
        .unwrap();
    r.add("2.2.0.192.in-addr.arpa", "PTR", &format!("mx2.{d}."), 300)
        .unwrap();
    r.add(d, "TXT", "v=spf1 mx -all", 300).unwrap();
    if let Some(record) = dmarc {
        r.add(&format!("_dmarc.{d}"), "TXT", record, 300).unwrap();
    }
    r.add(&format!("_mta-sts.{d}"), "TXT", "v=STSv1; id=2024", 300)
        .unwrap();
    r.add(
        &format!("_smtp._tls.{d}"),
        "TXT",
        &format!("v=TLSRPTv1; rua=mailto:tls@{d}"),
        300,
    )
    .unwrap();
}

fn config(s: &DnsServer) -> DiscoveryConfig {
    let addr = s.address();
    DiscoveryConfig::new(&[addr.as_str()], 2.0, "2", 0.0, false).unwrap()
}

fn ids(r: &DomainReport) -> Vec<&str> {
    r.findings.iter().map(|f| f.id.as_str()).collect()
}

/// Serves one domain whose `_dmarc` record is `dmarc` and checks it.
fn check_one(d: &str, dmarc: &str) -> DomainReport {
    let mut r = Records::new();
    domain(&mut r, d, Some(dmarc));
    let s = DnsServer::start(r).unwrap();
    check_domain(&config(&s), d).unwrap()
}

#[test]
fn own_record_is_applied_without_a_walk() {
    let mut r = Records::new();
    domain(
        &mut r,
        "own.example",
        Some("v=DMARC1; p=reject; rua=mailto:d@own.example"),
    );
    let s = DnsServer::start(r).unwrap();
    let report = check_domain(&config(&s), "own.example").unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let dmarc_queries: Vec<String> = s
        .state()
        .queries()
        .into_iter()
        .filter(|q| q.name.contains("_dmarc"))
        .map(|q| q.name)
        .collect();
    assert_eq!(dmarc_queries, ["_dmarc.own.example"]);
    assert_eq!(report.dmarc.name.as_deref(), Some("_dmarc.own.example"));
    assert!(!report.dmarc.inherited);
    assert_eq!(report.dmarc.policy.as_deref(), Some("reject"));
    assert_eq!(report.dmarc.subdomain_policy.as_deref(), Some("reject"));
    assert_eq!(report.dmarc.rua, ["mailto:d@own.example"]);
    assert!(report.dmarc.external_authorized.is_empty());
}

#[test]
fn sub_domain_inherits_the_parent_record() {
    let mut r = Records::new();
    domain(
        &mut r,
        "parent.example",
        Some("v=DMARC1; p=reject; sp=quarantine"),
    );
    domain(&mut r, "mail.parent.example", None);
    let s = DnsServer::start(r).unwrap();
    let report = check_domain(&config(&s), "mail.parent.example").unwrap();
    assert_eq!(ids(&report), ["dmarc-inherited"]);
    assert!(report.findings[0].message.contains("_dmarc.parent.example"));
    assert!(report.dmarc.inherited);
    assert_eq!(report.dmarc.name.as_deref(), Some("_dmarc.parent.example"));
    assert_eq!(report.dmarc.subdomain_policy.as_deref(), Some("quarantine"));
    // The walk went up to the TLD, never to the root.
    for name in [
        "_dmarc.mail.parent.example",
        "_dmarc.parent.example",
        "_dmarc.example",
    ] {
        assert_eq!(s.query_count(name), 1, "{name}");
    }
    assert_eq!(s.query_count("_dmarc"), 0);
}

#[test]
fn inherited_sp_none_is_the_policy_that_governs() {
    let mut r = Records::new();
    domain(&mut r, "weak.example", Some("v=DMARC1; p=reject; sp=none"));
    domain(&mut r, "mail.weak.example", None);
    let s = DnsServer::start(r).unwrap();
    let report = check_domain(&config(&s), "mail.weak.example").unwrap();
    assert_eq!(
        ids(&report),
        ["dmarc-inherited", "dmarc-policy-none", "dmarc-sp-none"]
    );
}

#[test]
fn a_domain_with_no_record_anywhere_is_missing() {
    let mut r = Records::new();
    domain(&mut r, "none.example", None);
    domain(&mut r, "a.none.example", None);
    let s = DnsServer::start(r).unwrap();
    let report = check_domain(&config(&s), "a.none.example").unwrap();
    assert_eq!(ids(&report), ["dmarc-missing"]);
    assert_eq!(report.dmarc.record, None);
}

#[test]
fn long_names_take_the_shortcut_eight_queries_at_most() {
    // Twelve labels: the own name, then straight to seven labels, then one
    // label less each time down to the TLD (RFC 9989 §4.10 step 4).
    let d = "a.b.c.d.e.f.g.h.i.j.deep.example";
    let mut r = Records::new();
    domain(&mut r, d, None);
    domain(&mut r, "deep.example", Some("v=DMARC1; p=quarantine"));
    let s = DnsServer::start(r).unwrap();
    let report = check_domain(&config(&s), d).unwrap();
    assert_eq!(ids(&report), ["dmarc-inherited"]);
    let mut dmarc: Vec<String> = s
        .state()
        .queries()
        .into_iter()
        .filter(|q| q.name.starts_with("_dmarc."))
        .map(|q| q.name)
        .collect();
    dmarc.sort();
    assert_eq!(
        dmarc,
        [
            "_dmarc.a.b.c.d.e.f.g.h.i.j.deep.example",
            "_dmarc.deep.example",
            "_dmarc.example",
            "_dmarc.f.g.h.i.j.deep.example",
            "_dmarc.g.h.i.j.deep.example",
            "_dmarc.h.i.j.deep.example",
            "_dmarc.i.j.deep.example",
            "_dmarc.j.deep.example",
        ]
    );
}

#[test]
fn a_psd_record_at_the_tld_applies_below_it() {
    let mut r = Records::new();
    domain(&mut r, "org.psd", None);
    r.add("_dmarc.psd", "TXT", "v=DMARC1; p=reject; psd=y", 300)
        .unwrap();
    let s = DnsServer::start(r).unwrap();
    let report = check_domain(&config(&s), "org.psd").unwrap();
    assert_eq!(ids(&report), ["dmarc-inherited"]);
    assert_eq!(report.dmarc.name.as_deref(), Some("_dmarc.psd"));
}

#[test]
fn servfail_in_the_walk_is_a_lookup_failure_not_missing() {
    let mut r = Records::new();
    domain(&mut r, "sf.example", Some("v=DMARC1; p=reject"));
    domain(&mut r, "mail.sf.example", None);
    let s = DnsServer::start(r).unwrap();
    s.set_fault("_dmarc.sf.example", Fault::ServFail);
    let report = check_domain(&config(&s), "mail.sf.example").unwrap();
    assert_eq!(ids(&report), ["txt-lookup-failed"]);
    assert!(report.findings[0].message.contains("_dmarc.sf.example"));
    assert!(report.findings[0].message.contains("SERVFAIL"));
}

#[test]
fn each_bad_tag_value_is_reported() {
    for (i, tag) in [
        "adkim=x",
        "aspf=y",
        "fo=2",
        "rf=iodef",
        "ri=-5",
        "ri=4294967296",
        "t=maybe",
        "psd=q",
    ]
    .iter()
    .enumerate()
    {
        let report = check_one(
            &format!("tag{i}.example"),
            &format!("v=DMARC1; p=reject; {tag}"),
        );
        assert_eq!(ids(&report), ["dmarc-invalid-tag"], "{tag}");
        let key = tag.split('=').next().unwrap();
        assert!(report.findings[0].message.contains(key), "{tag}");
    }
    // Clean control: every tag with a valid value.
    let good = "v=DMARC1; p=reject; sp=quarantine; np=reject; adkim=s; aspf=r; fo=0:1:d:s; \
                rf=afrf; ri=3600; t=n; psd=n; rua=mailto:a@good.example!10m; ruf=mailto:f@good.example";
    let report = check_one("good.example", good);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

#[test]
fn pct_out_of_range_and_deprecated() {
    let report = check_one("pct.example", "v=DMARC1; p=reject; pct=150");
    assert_eq!(ids(&report), ["dmarc-invalid-tag", "dmarc-pct-deprecated"]);
    assert!(report.findings[0].message.contains("pct"));
    let report = check_one("pct50.example", "v=DMARC1; p=reject; pct=50");
    assert_eq!(ids(&report), ["dmarc-pct-deprecated"]);
}

#[test]
fn policy_tags() {
    let report = check_one("sp.example", "v=DMARC1; p=reject; sp=none");
    assert_eq!(ids(&report), ["dmarc-sp-none"]);
    let report = check_one("np.example", "v=DMARC1; p=quarantine; np=none");
    assert_eq!(ids(&report), ["dmarc-np-none"]);
    let report = check_one("badsp.example", "v=DMARC1; p=reject; sp=block");
    assert_eq!(ids(&report), ["dmarc-invalid-subdomain-policy"]);
    let report = check_one("test.example", "v=DMARC1; p=reject; t=y");
    assert_eq!(ids(&report), ["dmarc-test-mode"]);
    let report = check_one("unk.example", "v=DMARC1; p=reject; foo=1");
    assert_eq!(ids(&report), ["dmarc-unknown-tag"]);
}

#[test]
fn version_must_come_first() {
    let report = check_one("vlast.example", "p=reject; v=DMARC1");
    assert_eq!(ids(&report), ["dmarc-bad-version"]);
}

#[test]
fn malformed_list_is_malformed_only() {
    let report = check_one("junk.example", "v=DMARC1; p=reject; junk");
    assert_eq!(ids(&report), ["dmarc-malformed"]);
}

#[test]
fn report_uri_without_scheme() {
    let report = check_one("rua.example", "v=DMARC1; p=reject; rua=dmarc@rua.example");
    assert_eq!(ids(&report), ["dmarc-invalid-report-uri"]);
    assert!(report.findings[0].message.contains("dmarc@rua.example"));
    assert!(report.findings[0].message.contains("scheme"));
}

#[test]
fn external_destinations_need_authorization() {
    let mut r = Records::new();
    domain(
        &mut r,
        "ext.example",
        Some("v=DMARC1; p=reject; rua=mailto:a@yes.example,mailto:b@no.example; ruf=mailto:c@sf.example"),
    );
    r.add(
        "ext.example._report._dmarc.yes.example",
        "TXT",
        "v=DMARC1",
        300,
    )
    .unwrap();
    let s = DnsServer::start(r).unwrap();
    s.set_fault("ext.example._report._dmarc.sf.example", Fault::ServFail);
    let report = check_domain(&config(&s), "ext.example").unwrap();
    assert_eq!(
        ids(&report),
        ["dmarc-external-unauthorized", "txt-lookup-failed"]
    );
    assert!(report.findings[0].message.contains("no.example"));
    assert!(report.findings[0]
        .message
        .contains("ext.example._report._dmarc.no.example"));
    assert_eq!(
        report.dmarc.external_authorized,
        [
            ("yes.example".to_owned(), Some(true)),
            ("no.example".to_owned(), Some(false)),
            ("sf.example".to_owned(), None),
        ]
    );
}

#[test]
fn inherited_record_authorizes_under_the_policy_domain() {
    let mut r = Records::new();
    domain(
        &mut r,
        "org.example",
        Some("v=DMARC1; p=reject; rua=mailto:a@dest.example"),
    );
    domain(&mut r, "sub.org.example", None);
    r.add(
        "org.example._report._dmarc.dest.example",
        "TXT",
        "v=DMARC1",
        300,
    )
    .unwrap();
    let s = DnsServer::start(r).unwrap();
    let report = check_domain(&config(&s), "sub.org.example").unwrap();
    assert_eq!(ids(&report), ["dmarc-inherited"]);
    assert_eq!(
        report.dmarc.external_authorized,
        [("dest.example".to_owned(), Some(true))]
    );
}

#[test]
fn an_authorization_name_too_long_for_dns_is_unauthorized_unasked() {
    let a = "a".repeat(60);
    let c = "c".repeat(60);
    let d = format!("{a}.{a}.long.example");
    let dest = format!("{c}.{c}.dest.example");
    let mut r = Records::new();
    domain(
        &mut r,
        &d,
        Some(&format!("v=DMARC1; p=reject; rua=mailto:x@{dest}")),
    );
    let s = DnsServer::start(r).unwrap();
    let report = check_domain(&config(&s), &d).unwrap();
    assert_eq!(ids(&report), ["dmarc-external-unauthorized"]);
    assert!(!s
        .state()
        .queries()
        .iter()
        .any(|q| q.name.contains("_report")));
}
