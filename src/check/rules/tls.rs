//! Receive-side TLS policies: MTA-STS (RFC 8461) at `_mta-sts.DOMAIN` and
//! TLS-RPT (RFC 8460) at `_smtp._tls.DOMAIN`. Only the DNS records are
//! checked: the MTA-STS policy file is never fetched over HTTPS.

use super::super::catalog::{self, Rule};
use super::super::data::{record_text, Lookup};
use super::super::finding::Finding;
use crate::mail::txt::select;
use crate::mail::{Kind, Reading, TagList};

/// The three rules of one TXT-announced policy.
struct Policy {
    label: &'static str,
    kind: Kind,
    missing: Rule,
    multiple: Rule,
    malformed: Rule,
}

/// MTA-STS findings for the TXT answer at `_mta-sts.{domain}`.
pub fn mta_sts(domain: &str, txt: &Lookup<String>) -> Vec<Finding> {
    let policy = Policy {
        label: "MTA-STS",
        kind: Kind::MtaSts,
        missing: catalog::MTA_STS_MISSING,
        multiple: catalog::MTA_STS_MULTIPLE,
        malformed: catalog::MTA_STS_MALFORMED,
    };
    check(&policy, &format!("_mta-sts.{domain}"), txt, mta_sts_problem)
}

/// TLS-RPT findings for the TXT answer at `_smtp._tls.{domain}`.
pub fn tlsrpt(domain: &str, txt: &Lookup<String>) -> Vec<Finding> {
    let policy = Policy {
        label: "TLS-RPT",
        kind: Kind::TlsRpt,
        missing: catalog::TLSRPT_MISSING,
        multiple: catalog::TLSRPT_MULTIPLE,
        malformed: catalog::TLSRPT_MALFORMED,
    };
    check(
        &policy,
        &format!("_smtp._tls.{domain}"),
        txt,
        tlsrpt_problem,
    )
}

fn check(
    p: &Policy,
    name: &str,
    txt: &Lookup<String>,
    problem: fn(&str) -> Option<String>,
) -> Vec<Finding> {
    let records = match txt {
        Lookup::Failed(reason) => {
            return vec![super::txt_failed::txt_failed(name, p.label, reason)]
        }
        other => other.records(),
    };
    let found = select(records, p.kind, Reading::Rfc);
    let texts: Vec<String> = found.iter().map(|t| record_text(name, "TXT", t)).collect();
    let label = p.label;
    match found.as_slice() {
        [] => {
            let extra = if label == "MTA-STS" {
                " (senders fetch the HTTPS policy only when this record exists)"
            } else {
                ""
            };
            vec![Finding::new(
                &p.missing,
                format!("no {label} record ({}) at {name}{extra}", p.kind.version()),
                Vec::new(),
            )]
        }
        [one] => problem(one)
            .map(|why| {
                Finding::new(
                    &p.malformed,
                    format!("the {label} record at {name} is malformed: {why}"),
                    texts,
                )
            })
            .into_iter()
            .collect(),
        _ => vec![Finding::new(
            &p.multiple,
            format!(
                "{} {label} records at {name}: senders must assume there is none",
                found.len()
            ),
            texts,
        )],
    }
}

/// What is wrong with an MTA-STS record, if anything (RFC 8461 §3.1).
pub fn mta_sts_problem(record: &str) -> Option<String> {
    if !record.starts_with("v=STSv1;") {
        return Some("it must start with \"v=STSv1;\"".to_owned());
    }
    let Ok(parsed) = TagList::parse(record) else {
        return Some("fields must be name=value separated by ';'".to_owned());
    };
    let ids: Vec<&str> = parsed
        .pairs
        .iter()
        .filter(|(t, _)| t == "id")
        .map(|(_, v)| v.as_str())
        .collect();
    match ids.as_slice() {
        [] => Some("no id= field".to_owned()),
        [id] if id.is_empty()
            || id.len() > 32
            || !id.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            Some(format!("id={id:?} must be 1 to 32 letters or digits"))
        }
        [_] => None,
        _ => Some("more than one id= field".to_owned()),
    }
}

/// What is wrong with a TLS-RPT record, if anything (RFC 8460 §3).
pub fn tlsrpt_problem(record: &str) -> Option<String> {
    if !record.starts_with("v=TLSRPTv1") {
        return Some("it must start with \"v=TLSRPTv1\"".to_owned());
    }
    let Ok(parsed) = TagList::parse(record) else {
        return Some("fields must be name=value separated by ';'".to_owned());
    };
    let Some(rua) = parsed.get("rua") else {
        return Some("no rua= field".to_owned());
    };
    let bad: Vec<&str> = rua
        .split(',')
        .map(str::trim)
        .filter(|u| !(u.starts_with("mailto:") || u.starts_with("https:")) || u.len() < 8)
        .collect();
    if bad.is_empty() {
        None
    } else {
        Some(format!(
            "rua URIs must be mailto: or https:, got {}",
            bad.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(txts: &[&str]) -> Lookup<String> {
        Lookup::Found(txts.iter().map(|s| s.to_string()).collect())
    }

    fn ids(f: Vec<Finding>) -> Vec<String> {
        f.into_iter().map(|f| f.id).collect()
    }

    #[test]
    fn mta_sts_rules() {
        assert!(mta_sts("e", &found(&["v=STSv1; id=20240101T000000"])).is_empty());
        assert_eq!(ids(mta_sts("e", &found(&[]))), ["mta-sts-missing"]);
        assert_eq!(ids(mta_sts("e", &Lookup::NxDomain)), ["mta-sts-missing"]);
        assert_eq!(
            ids(mta_sts("e", &found(&["v=STSv1;"]))),
            ["mta-sts-malformed"]
        );
        assert_eq!(
            ids(mta_sts("e", &found(&["v=STSv1; id=has-dash"]))),
            ["mta-sts-malformed"]
        );
        assert_eq!(
            ids(mta_sts("e", &found(&["v=STSv1 id=1"]))),
            ["mta-sts-malformed"]
        );
        assert_eq!(
            ids(mta_sts("e", &found(&["v=STSv1; id=1", "v=STSv1; id=2"]))),
            ["mta-sts-multiple"]
        );
    }

    #[test]
    fn tlsrpt_rules() {
        assert!(tlsrpt("e", &found(&["v=TLSRPTv1; rua=mailto:tls@e.com"])).is_empty());
        assert!(tlsrpt(
            "e",
            &found(&["v=TLSRPTv1;rua=https://r.e.com/x,mailto:a@e.com"])
        )
        .is_empty());
        assert_eq!(ids(tlsrpt("e", &found(&[]))), ["tlsrpt-missing"]);
        assert_eq!(
            ids(tlsrpt("e", &found(&["v=TLSRPTv1;"]))),
            ["tlsrpt-malformed"]
        );
        assert_eq!(
            ids(tlsrpt("e", &found(&["v=TLSRPTv1; rua=ftp://x"]))),
            ["tlsrpt-malformed"]
        );
        assert_eq!(
            ids(tlsrpt(
                "e",
                &found(&["v=TLSRPTv1; rua=mailto:a@e", "v=TLSRPTv1; rua=mailto:b@e"])
            )),
            ["tlsrpt-multiple"]
        );
    }
}
