//! One test per rule of the three mail zone validators, on zones written as
//! RFC 1035 text. Messages are octoDNS 1.22.0's.

use _core::validators::{
    validate_zone, MailZoneValidator, MxTargetRule, MxTargetValidator, ZoneValidator,
};
use _core::zone::Zone;

fn zone(body: &str) -> Zone {
    Zone::from_zonefile_text(&format!("$ORIGIN example.com.\n$TTL 300\n{body}\n"), None)
        .expect("test zone parses")
}

fn mail(mode: &str, body: &str) -> Vec<String> {
    let v = MailZoneValidator::new("mail", mode, 2, Vec::new(), None).unwrap();
    v.validate(&zone(body))
        .into_iter()
        .map(|r| r.reason)
        .collect()
}

fn has(reasons: &[String], text: &str) -> bool {
    reasons.iter().any(|r| r == text)
}

const GOOD: &str = "@ MX 10 mx1\n@ MX 20 mx2\n@ TXT \"v=spf1 mx -all\"\n_dmarc TXT \"v=DMARC1; p=reject\"\nmx1 A 192.0.2.1\nmx2 A 192.0.2.2";

#[test]
fn clean_mail_zone_has_no_findings() {
    assert!(mail("auto", GOOD).is_empty());
    assert!(validate_zone(&zone(GOOD), &["strict".into(), "best-practice".into()]).is_empty());
}

#[test]
fn auto_mode_without_mail_records_is_a_no_op() {
    assert!(mail("auto", "www A 192.0.2.1\n_dmarc TXT \"v=DMARC1; p=none\"").is_empty());
}

#[test]
fn redundancy_min_mx_and_single_mx_providers() {
    let r = mail("auto", "@ MX 10 mx1.example.net.");
    assert!(has(
        &r,
        "MX record \"example.com.\" should have at least 2 values for redundancy, found 1"
    ));
    assert!(!mail("auto", "@ MX 1 smtp.google.com.")
        .iter()
        .any(|r| r.contains("redundancy")));
    let v = MailZoneValidator::new("mail", "auto", 3, vec![r"^mx1\.".into()], None).unwrap();
    let r: Vec<String> = v
        .validate(&zone(
            "@ MX 10 mx1.example.net.\nsub MX 1 a.example.net.\nsub MX 2 b.example.net.",
        ))
        .into_iter()
        .map(|r| r.reason)
        .collect();
    assert!(!has(
        &r,
        "MX record \"example.com.\" should have at least 3 values for redundancy, found 1"
    ));
    assert!(has(
        &r,
        "MX record \"sub.example.com.\" should have at least 3 values for redundancy, found 2"
    ));
}

#[test]
fn mail_mode_apex_rules() {
    let r = mail("mail", "www A 192.0.2.1");
    assert!(has(
        &r,
        "zone \"example.com.\" handles mail but is missing MX records at the apex"
    ));
    assert!(has(
        &r,
        "zone \"example.com.\" handles mail but is missing an SPF TXT record at the apex"
    ));
    assert!(has(
        &r,
        "zone \"example.com.\" handles mail but is missing a DMARC TXT record at _dmarc"
    ));
    let r = mail("auto", "@ MX 10 a.example.net.\n@ MX 20 b.example.net.\n@ TXT \"v=spf1 mx\"\n_dmarc TXT \"v=DMARC1; rua=mailto:x@example.net\"");
    assert!(has(
        &r,
        "SPF record at the apex of \"example.com.\" should terminate with \"~all\" or \"-all\""
    ));
    assert!(has(
        &r,
        "DMARC record at _dmarc.example.com. is missing a policy (p=...)"
    ));
}

#[test]
fn no_mail_mode_apex_rules() {
    let r = mail("no-mail", "www A 192.0.2.1");
    assert!(has(
        &r,
        "zone \"example.com.\" disables mail but is missing a Null MX record (0 .)"
    ));
    assert!(has(
        &r,
        "zone \"example.com.\" disables mail but is missing strict SPF TXT record \"v=spf1 -all\""
    ));
    assert!(has(&r, "zone \"example.com.\" disables mail but is missing strict DMARC TXT record \"v=DMARC1; p=reject;\""));
    let r = mail(
        "no-mail",
        "@ MX 10 mx.example.net.\n@ TXT \"v=spf1 ~all\"\n_dmarc TXT \"v=DMARC1; p=none\"",
    );
    assert!(has(
        &r,
        "zone \"example.com.\" disables mail and should have a single Null MX record (0 .)"
    ));
    assert!(has(&r, "zone \"example.com.\" disables mail and should have a single strict SPF TXT record \"v=spf1 -all\""));
    assert!(has(&r, "zone \"example.com.\" disables mail and should have a DMARC TXT record with \"v=DMARC1; p=reject;\""));
    // auto: a Null MX means no-mail; escaped, upper-case DMARC still counts
    assert!(mail(
        "auto",
        "@ MX 0 .\n@ TXT \"V=SPF1 -ALL\"\n_dmarc TXT \"V=DMARC1\\; P=REJECT\""
    )
    .is_empty());
}

#[test]
fn multiple_spf_and_dmarc_values() {
    let r = mail("auto", "@ TXT \"v=spf1 -all\" \n@ TXT \"v=spf1 mx ~all\"\n_dmarc TXT \"v=DMARC1; p=none\"\n_dmarc TXT \"v=DMARC1; p=reject\"");
    assert!(has(&r, "zone \"example.com.\" has multiple SPF values"));
    assert!(has(&r, "zone \"example.com.\" has multiple DMARC values"));
}

#[test]
fn sub_domain_rules() {
    let r = mail("auto", "a MX 10 x.example.net.\na MX 20 y.example.net.\nb MX 10 x.example.net.\nb MX 20 y.example.net.\nb TXT \"v=spf1 mx\"\nc MX 0 .\nd MX 0 .\nd TXT \"v=spf1 ~all\"\ne MX 0 .\ne TXT \"v=spf1 -all\"\ne TXT \"v=spf1 a -all\"");
    assert!(has(
        &r,
        "\"a.example.com.\" handles mail but is missing an SPF TXT record"
    ));
    assert!(has(
        &r,
        "SPF record at \"b.example.com.\" should terminate with \"~all\" or \"-all\""
    ));
    assert!(has(
        &r,
        "\"c.example.com.\" disables mail but is missing strict SPF TXT record \"v=spf1 -all\""
    ));
    assert!(has(
        &r,
        "\"d.example.com.\" disables mail and should have a strict SPF TXT record \"v=spf1 -all\""
    ));
    assert!(has(&r, "\"e.example.com.\" has multiple SPF values"));
    let r = mail("no-mail", "a MX 10 x.example.net.\na MX 20 y.example.net.");
    assert!(has(
        &r,
        "\"a.example.com.\" disables mail and should have a single Null MX record (0 .)"
    ));
    // sub-domains come after the apex checks, sorted by name
    let order = mail("auto", "z MX 0 .\na MX 0 .");
    assert!(order[0].starts_with("\"a.example.com.\""), "{order:?}");
}

#[test]
fn unknown_mode_and_bad_pattern() {
    let e = MailZoneValidator::new("mail", "sometimes", 2, Vec::new(), None).unwrap_err();
    assert_eq!(e.to_string(), "Unknown mode \"sometimes\"");
    let e = MailZoneValidator::new("mail", "auto", 2, vec!["[".into()], None).unwrap_err();
    assert!(e
        .to_string()
        .starts_with("Invalid single_mx_regexes pattern \"[\": "));
}

fn targets(rule: MxTargetRule, body: &str, subs: &[&str]) -> Vec<String> {
    let mut z = zone(body);
    if !subs.is_empty() {
        let text = format!("$ORIGIN example.com.\n{body}\n");
        let parsed = Zone::from_zonefile_text(&text, None).unwrap();
        z = Zone::new("example.com.", subs.iter().map(|s| s.to_string()).collect()).unwrap();
        for r in parsed.records() {
            z.insert((*r).clone(), false).unwrap();
        }
    }
    MxTargetValidator::new(rule, "t", None)
        .unwrap()
        .validate(&z)
        .into_iter()
        .map(|r| r.reason)
        .collect()
}

#[test]
fn mx_target_not_cname() {
    let r = targets(
        MxTargetRule::NotCname,
        "@ MX 10 mail\nmail CNAME host.example.net.\n@ MX 20 .",
        &[],
    );
    assert_eq!(
        r,
        vec![
            "MX record \"example.com.\" points to exchange \"mail.example.com.\" which is a CNAME"
        ]
    );
    // a CNAME in a sub-zone is not the parent's business
    assert!(targets(
        MxTargetRule::NotCname,
        "@ MX 10 x.sub\nx.sub CNAME h.example.net.",
        &["sub"]
    )
    .is_empty());
}

#[test]
fn mx_target_resolvable_in_zone() {
    let r = targets(
        MxTargetRule::ResolvableInZone,
        "@ MX 10 gone\n@ MX 20 here\n@ MX 30 mx.example.net.\nhere TXT \"x\"",
        &[],
    );
    assert_eq!(r, vec!["MX record \"example.com.\" points to in-zone target \"gone.example.com.\" that does not exist"]);
    assert!(targets(
        MxTargetRule::ResolvableInZone,
        "@ MX 10 a.sub\n@ MX 20 sub",
        &["sub"]
    )
    .is_empty());
}
