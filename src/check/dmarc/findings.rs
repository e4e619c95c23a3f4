//! The DMARC findings of one domain: discovery (own record, tree walk),
//! the record's tags, and its report destinations.

use crate::check::catalog;
use crate::check::data::{record_text, Lookup};
use crate::check::finding::Finding;
use crate::check::rules::txt_failed::txt_failed;
use crate::mail::{dmarc, Kind, Reading, TagList};

use super::data::DmarcData;
use super::external::authorized;
use super::tags::{bad_values, unknown, Policy};
use super::uri::parse_list;
use super::walk::{discover, Applied};

/// Every DMARC finding of `domain` (a normalised key) from its lookups.
pub fn findings(domain: &str, data: &DmarcData) -> Vec<Finding> {
    let own_name = format!("_dmarc.{domain}");
    if let Lookup::Failed(reason) = &data.own {
        return vec![txt_failed(&own_name, "DMARC", reason)];
    }
    let mut out = bad_version(&own_name, data.own.records());
    let own: Vec<&String> = data
        .own
        .records()
        .iter()
        .filter(|t| Kind::Dmarc.is_rfc_record(t))
        .collect();
    if own.len() > 1 {
        out.push(Finding::new(
            &catalog::DMARC_MULTIPLE,
            format!(
                "{} DMARC records at {own_name}: with more than one, none of them is applied \
                 (RFC 7489 §6.6.3, RFC 9989 §4.10)",
                own.len()
            ),
            own.iter()
                .map(|t| record_text(&own_name, "TXT", t))
                .collect(),
        ));
    }
    let found = discover(domain, &data.own, &data.walk);
    for (name, reason) in &found.failures {
        out.push(txt_failed(
            name,
            "DMARC policy discovery (RFC 9989 tree walk)",
            reason,
        ));
    }
    let Some(applied) = found.applied else {
        if out.is_empty() {
            out.push(missing(&own_name, data.walk.len()));
        }
        return out;
    };
    if applied.inherited {
        out.push(inherited(&own_name, &applied));
    }
    out.extend(record(&applied));
    out.extend(authorizations(&applied, data));
    out
}

/// `dmarc-missing`: no record at the domain nor above it.
fn missing(own_name: &str, walked: usize) -> Finding {
    let above = if walked == 0 {
        String::new()
    } else {
        format!(" nor at any of the {walked} parent names the RFC 9989 tree walk queried")
    };
    Finding::new(
        &catalog::DMARC_MISSING,
        format!("no DMARC record (v=DMARC1) at {own_name}{above}"),
        Vec::new(),
    )
}

/// `dmarc-bad-version`: TXT records at `_dmarc` that mean to be DMARC but
/// do not start with exactly `v=DMARC1` (RFC 7489 §6.4, RFC 9989 §4.7:
/// "It MUST be the first tag"; the value is case-sensitive).
fn bad_version(own_name: &str, texts: &[String]) -> Vec<Finding> {
    texts
        .iter()
        .filter(|t| !Kind::Dmarc.is_rfc_record(t))
        .filter(|t| {
            let squeezed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            squeezed.to_ascii_lowercase().contains("v=dmarc1")
        })
        .map(|t| {
            Finding::new(
                &catalog::DMARC_BAD_VERSION,
                format!(
                    "the TXT record at {own_name} names DMARC1 but does not start with exactly \
                     \"v=DMARC1\" (v must be the first tag, DMARC1 in capitals): receivers ignore it"
                ),
                vec![record_text(own_name, "TXT", t)],
            )
        })
        .collect()
}

/// `dmarc-inherited`: the record of a parent applies.
fn inherited(own_name: &str, applied: &Applied) -> Finding {
    Finding::new(
        &catalog::DMARC_INHERITED,
        format!(
            "no DMARC record at {own_name}: the record at {} applies, found by the RFC 9989 \
             tree walk (its sp= policy, or p= without sp=, governs this sub-domain)",
            applied.owner()
        ),
        vec![record_text(&applied.owner(), "TXT", &applied.record)],
    )
}

/// The findings about the applied record's tags.
fn record(applied: &Applied) -> Vec<Finding> {
    let name = applied.owner();
    let texts = vec![record_text(&name, "TXT", &applied.record)];
    let f = |rule, message: String| Finding::new(rule, message, texts.clone());
    if let Err(e) = dmarc::policy(&applied.record, Reading::Rfc) {
        return vec![f(
            &catalog::DMARC_MALFORMED,
            format!(
                "the DMARC record at {name} is malformed: {e}; receivers may ignore it \
                 (RFC 7489 §6.4)"
            ),
        )];
    }
    let Ok(tags) = TagList::parse(&applied.record) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let p = policy_findings(&name, applied, &tags, &mut out, &f);
    if let (Some(p), Some(t)) = (p, tags.get("t")) {
        if t.eq_ignore_ascii_case("y") && p != Policy::None {
            out.push(f(
                &catalog::DMARC_TEST_MODE,
                format!(
                    "the DMARC record at {name} has t=y: receivers apply p={} one level lower \
                     (test mode, RFC 9989 §4.7)",
                    p.as_str()
                ),
            ));
        }
    }
    for bad in bad_values(&tags) {
        out.push(f(
            &catalog::DMARC_INVALID_TAG,
            format!(
                "the DMARC record at {name} has {}={:?}: the value must be {}; receivers use \
                 the default instead",
                bad.tag, bad.value, bad.expected
            ),
        ));
    }
    if let Some(pct) = tags.get("pct") {
        out.push(f(
            &catalog::DMARC_PCT_DEPRECATED,
            format!(
                "the DMARC record at {name} has pct={pct}: RFC 9989 removed pct (Appendix A.6); \
                 receivers following it ignore the tag (use t=y to test a policy)"
            ),
        ));
    }
    let unknown = unknown(&tags);
    if !unknown.is_empty() {
        out.push(f(
            &catalog::DMARC_UNKNOWN_TAG,
            format!(
                "the DMARC record at {name} has tags DMARC does not define, which receivers \
                 ignore: {}",
                unknown.join(", ")
            ),
        ));
    }
    for tag in ["rua", "ruf"] {
        for bad in tags.get(tag).map(parse_list).unwrap_or_default() {
            if let Err(e) = bad {
                out.push(f(
                    &catalog::DMARC_INVALID_REPORT_URI,
                    format!("the DMARC record at {name}: {tag}= entry {e}; no reports go there"),
                ));
            }
        }
    }
    out
}

/// `dmarc-no-policy`, `dmarc-invalid-subdomain-policy`, `dmarc-policy-none`,
/// `dmarc-sp-none`, `dmarc-np-none`; returns the valid `p=`.
fn policy_findings(
    name: &str,
    applied: &Applied,
    tags: &TagList,
    out: &mut Vec<Finding>,
    f: &impl Fn(&'static catalog::Rule, String) -> Finding,
) -> Option<Policy> {
    let p = tags.get("p").and_then(Policy::parse);
    match tags.get("p") {
        None => out.push(f(
            &catalog::DMARC_NO_POLICY,
            format!("the DMARC record at {name} has no p= tag (required, RFC 7489 §6.3)"),
        )),
        Some(other) if p.is_none() => out.push(f(
            &catalog::DMARC_NO_POLICY,
            format!(
                "the DMARC record at {name} has an invalid p={other:?} (none, quarantine or reject)"
            ),
        )),
        Some(_) => {}
    }
    let mut sub = |tag: &str| -> Option<Policy> {
        let value = tags.get(tag)?;
        let parsed = Policy::parse(value);
        if parsed.is_none() {
            out.push(f(
                &catalog::DMARC_INVALID_SUBDOMAIN_POLICY,
                format!(
                    "the DMARC record at {name} has an invalid {tag}={value:?} (none, quarantine \
                     or reject): receivers then act as if p=none, or skip DMARC (RFC 9989 §4.10.1)"
                ),
            ));
        }
        parsed
    };
    let sp = sub("sp");
    let np = sub("np");
    // What governs the checked domain: p= for its own record, else the
    // sub-domain policy (RFC 9989 §4.10.1; the domain exists, so not np=).
    let (tag, governing) = match (applied.inherited, sp) {
        (true, Some(sp)) => ("sp", Some(sp)),
        _ => ("p", p),
    };
    if governing == Some(Policy::None) {
        out.push(f(
            &catalog::DMARC_POLICY_NONE,
            format!(
                "the DMARC policy for this domain is {tag}=none (record at {name}): failing mail \
                 is only reported"
            ),
        ));
    }
    let strict = p.filter(|p| *p > Policy::None);
    if let (Some(p), Some(Policy::None)) = (strict, sp) {
        out.push(f(
            &catalog::DMARC_SP_NONE,
            format!(
                "the DMARC record at {name} has p={} but sp=none: mail from its sub-domains is \
                 not protected",
                p.as_str()
            ),
        ));
    }
    if let (Some(above), Some(Policy::None)) = (sp.or(strict).filter(|x| *x > Policy::None), np) {
        out.push(f(
            &catalog::DMARC_NP_NONE,
            format!(
                "the DMARC record at {name} has np=none under {}: mail from non-existent \
                 sub-domains is not protected (RFC 9989 §4.7)",
                above.as_str()
            ),
        ));
    }
    p
}

/// `dmarc-external-unauthorized` for each destination without an
/// authorization record; `txt-lookup-failed` when its lookup failed.
fn authorizations(applied: &Applied, data: &DmarcData) -> Vec<Finding> {
    let name = applied.owner();
    data.authorizations
        .iter()
        .filter_map(|auth| match authorized(&auth.answer) {
            Some(true) => None,
            None => Some(txt_failed(
                &auth.name,
                &format!("the authorization of DMARC reports to {}", auth.destination),
                auth.answer.failure().unwrap_or_default(),
            )),
            Some(false) => Some(Finding::new(
                &catalog::DMARC_EXTERNAL_UNAUTHORIZED,
                format!(
                    "the DMARC record at {name} sends reports to {}, another organization, which \
                     does not accept them: no v=DMARC1 TXT record at {} (RFC 7489 §7.1); \
                     receivers send it no reports",
                    auth.destination, auth.name
                ),
                vec![record_text(&name, "TXT", &applied.record)],
            )),
        })
        .collect()
}
