//! SPF (RFC 7208) at the domain: missing, multiple, `+all`, no `-all`/`~all`.

use super::super::catalog;
use super::super::data::{record_text, Lookup};
use super::super::finding::Finding;
use crate::mail::spf_term::Qualifier;
use crate::mail::txt::select;
use crate::mail::{Kind, Reading, SpfRecord};

/// The SPF findings for the TXT answer at `name`.
pub fn findings(name: &str, txt: &Lookup<String>) -> Vec<Finding> {
    let records = match txt {
        Lookup::Failed(reason) => return vec![super::txt_failed::txt_failed(name, "SPF", reason)],
        other => other.records(),
    };
    let spf = select(records, Kind::Spf, Reading::Rfc);
    let texts: Vec<String> = spf.iter().map(|t| record_text(name, "TXT", t)).collect();
    match spf.as_slice() {
        [] => vec![Finding::new(
            &catalog::SPF_MISSING,
            format!("{name} has no SPF record (v=spf1): receivers cannot tell who may send as it"),
            Vec::new(),
        )],
        [one] => terminator(name, one, texts).into_iter().collect(),
        _ => vec![Finding::new(
            &catalog::SPF_MULTIPLE,
            format!(
                "{name} has {} SPF records; more than one is a permerror (RFC 7208 §4.5)",
                spf.len()
            ),
            texts,
        )],
    }
}

/// `spf-plus-all` or `spf-no-all` from the record's `all` mechanism and
/// `redirect=` (the RFC reading, [`crate::mail::spf::terminated`]).
fn terminator(name: &str, record: &str, texts: Vec<String>) -> Option<Finding> {
    let record = SpfRecord::parse(record);
    match record.all() {
        Some(Qualifier::Pass) => Some(Finding::new(
            &catalog::SPF_PLUS_ALL,
            format!("the SPF record of {name} ends in +all: any host may send mail as {name}"),
            texts,
        )),
        Some(Qualifier::Fail | Qualifier::SoftFail) => None,
        Some(Qualifier::Neutral) => Some(Finding::new(
            &catalog::SPF_NO_ALL,
            format!("the SPF record of {name} ends in ?all (neutral): use -all or ~all"),
            texts,
        )),
        None if record.redirect().is_some() => None,
        None => Some(Finding::new(
            &catalog::SPF_NO_ALL,
            format!(
                "the SPF record of {name} has no -all/~all (nor redirect=): unlisted senders \
                 get a neutral result"
            ),
            texts,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(txts: &[&str]) -> Vec<String> {
        let l = Lookup::Found(txts.iter().map(|s| s.to_string()).collect());
        findings("e.com", &l).into_iter().map(|f| f.id).collect()
    }

    #[test]
    fn spf_rules() {
        assert!(ids(&["v=spf1 mx -all", "other"]).is_empty());
        assert!(ids(&["V=SPF1 include:x ~all"]).is_empty());
        assert!(ids(&["v=spf1 redirect=_spf.e.com"]).is_empty());
        assert_eq!(ids(&["v=spf10 -all"]), ["spf-missing"]);
        assert_eq!(ids(&[]), ["spf-missing"]);
        assert_eq!(ids(&["v=spf1 -all", "v=spf1 ~all"]), ["spf-multiple"]);
        assert_eq!(ids(&["v=spf1 +all"]), ["spf-plus-all"]);
        assert_eq!(ids(&["v=spf1 a all"]), ["spf-plus-all"]);
        assert_eq!(ids(&["v=spf1 mx"]), ["spf-no-all"]);
        assert_eq!(ids(&["v=spf1 mx ?all"]), ["spf-no-all"]);
        let failed = findings("e.com", &Lookup::Failed("SERVFAIL".into()));
        assert_eq!(failed[0].id, "txt-lookup-failed");
    }
}
