//! Findings of the transport probes (issue 9): the MTA-STS policy fetch
//! and cross-check (RFC 8461), the SMTP STARTTLS probes (RFC 3207) with
//! their certificates (RFC 6125, RFC 7817) and DANE (RFC 7672). Empty when
//! no probe ran.

use super::super::catalog::{self, Rule};
use super::super::data::DomainData;
use super::super::finding::Finding;
use crate::mail::txt::select;
use crate::mail::{Kind, Reading};
use crate::probe::{
    FetchFailure, Mode, Policy, PolicyProbe, SmtpFailure, TlsProbe, TlsaLookup, Verdict,
};

/// A certificate that ends within this many seconds is flagged (14 days).
const EXPIRING_WITHIN: i64 = 14 * 86_400;

/// Every probe finding, policy first, then each MX address.
pub fn findings(data: &DomainData) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut enforced = false;
    if let Some(p) = &data.probes.policy {
        let txt = !select(data.mta_sts.records(), Kind::MtaSts, Reading::Rfc).is_empty();
        out.extend(policy_findings(data, p, txt));
        enforced = matches!(&p.policy, Some(Ok(pol)) if pol.mode == Mode::Enforce) && txt;
    }
    for probe in data.probes.tls.iter().flatten() {
        out.extend(tls_findings(probe, data.probes.at, enforced));
    }
    out
}

fn policy_findings(data: &DomainData, p: &PolicyProbe, txt: bool) -> Vec<Finding> {
    let url = &p.fetched.url;
    let mut out = Vec::new();
    // Without a TXT record senders never look for the host: its absence is no finding.
    let silent = !txt && matches!(p.fetched.body, Err(FetchFailure::NoAddress(_)));
    if let Some(f) = p.fetched.body.as_ref().err().filter(|_| !silent) {
        let rule = match f {
            FetchFailure::NoAddress(_) | FetchFailure::Unreachable(_) => {
                catalog::MTA_STS_POLICY_UNREACHABLE
            }
            FetchFailure::Certificate(_) => catalog::MTA_STS_POLICY_CERT_INVALID,
            FetchFailure::Redirect(..) => catalog::MTA_STS_POLICY_REDIRECT,
            FetchFailure::Status(_) => catalog::MTA_STS_POLICY_HTTP_STATUS,
            FetchFailure::ContentType(_) => catalog::MTA_STS_POLICY_CONTENT_TYPE,
            FetchFailure::TooLarge => catalog::MTA_STS_POLICY_TOO_LARGE,
        };
        out.push(Finding::new(
            &rule,
            format!("MTA-STS policy {url}: {}", f.reason()),
            Vec::new(),
        ));
    }
    let policy = match &p.policy {
        Some(Ok(policy)) => Some(policy),
        Some(Err(e)) => {
            out.push(Finding::new(
                &catalog::MTA_STS_POLICY_INVALID,
                format!("MTA-STS policy {url} is invalid: {e}"),
                Vec::new(),
            ));
            None
        }
        None => None,
    };
    match (policy, txt) {
        (None, true) => out.push(Finding::new(
            &catalog::MTA_STS_NO_POLICY,
            format!(
                "_mta-sts.{} announces MTA-STS but {url} serves no valid policy",
                data.name
            ),
            Vec::new(),
        )),
        (Some(_), false) => out.push(Finding::new(
            &catalog::MTA_STS_POLICY_WITHOUT_TXT,
            format!(
                "{url} serves a policy but _mta-sts.{} has no valid v=STSv1 record",
                data.name
            ),
            Vec::new(),
        )),
        _ => {}
    }
    if let Some(policy) = policy {
        out.extend(cross_check(data, policy, url));
    }
    out
}

/// Mode findings and MX hosts no pattern covers (RFC 8461 §4.1).
fn cross_check(data: &DomainData, policy: &Policy, url: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    match policy.mode {
        Mode::Testing => out.push(Finding::new(
            &catalog::MTA_STS_TESTING,
            format!("MTA-STS policy {url} is in mode testing"),
            Vec::new(),
        )),
        Mode::None => {
            out.push(Finding::new(
                &catalog::MTA_STS_MODE_NONE,
                format!("MTA-STS policy {url} is in mode none"),
                Vec::new(),
            ));
            return out;
        }
        Mode::Enforce => {}
    }
    for mx in data.published.iter().filter(|r| !r.is_root()) {
        if !policy.covers(&mx.exchange) {
            out.push(Finding::new(
                &catalog::MTA_STS_MX_NOT_COVERED,
                format!(
                    "MX host {} matches no mx pattern of {url} ({})",
                    mx.exchange,
                    policy.mx.join(", ")
                ),
                Vec::new(),
            ));
        }
    }
    out
}

/// The findings of one probed MX address at time `now` (seconds since the
/// epoch); `enforced`: an MTA-STS `enforce` policy applies.
pub fn tls_findings(p: &TlsProbe, now: i64, enforced: bool) -> Vec<Finding> {
    let s = &p.smtp;
    let at = format!("{} ({} port {})", s.host, s.address, s.port);
    let finding = |rule: Rule, why: String| Finding::new(&rule, format!("{at}: {why}"), Vec::new());
    let mut out = Vec::new();
    let mut rejected = false;
    if let Some(f) = &s.failure {
        let rule = match f {
            SmtpFailure::Connect(_) => catalog::SMTP_UNREACHABLE,
            SmtpFailure::Banner(_) => catalog::SMTP_NO_BANNER,
            SmtpFailure::Ehlo(_) => catalog::SMTP_EHLO_FAILED,
            SmtpFailure::NoStarttls => catalog::SMTP_NO_STARTTLS,
            SmtpFailure::StarttlsRefused(_) => catalog::SMTP_STARTTLS_REFUSED,
            SmtpFailure::OldTls(_) => catalog::SMTP_TLS_OLD_VERSION,
            SmtpFailure::Handshake(_) => catalog::SMTP_TLS_HANDSHAKE_FAILED,
        };
        rejected = !matches!(
            f,
            SmtpFailure::Connect(_) | SmtpFailure::Banner(_) | SmtpFailure::Ehlo(_)
        );
        out.push(finding(rule, f.reason()));
    }
    // RFC 7672 §3.1.1: with a matched DANE-EE record the certificate's issuer,
    // names and dates do not matter to DANE senders; §3.1.2: with DANE-TA the
    // TLSA record is the trust anchor. MTA-STS senders still check WebPKI.
    let dane_ee = p.dane_match.as_deref().is_some_and(|m| m.starts_with('3'));
    let dane_any = p.dane_match.is_some();
    if let Some(cert) = &s.certificate {
        if let Some(Err(Verdict::Untrusted(why))) = &s.verdict {
            if !dane_any {
                out.push(finding(catalog::SMTP_CERT_UNTRUSTED, why.clone()));
            }
            rejected = true;
        }
        if !cert.matches(&s.host) {
            if !dane_ee {
                out.push(finding(
                    catalog::SMTP_CERT_NAME_MISMATCH,
                    format!(
                        "certificate names [{}], not {}",
                        cert.sans.join(", "),
                        s.host
                    ),
                ));
            }
            rejected = true;
        }
        let until = crate::probe::cert::rfc3339(cert.not_after);
        if cert.not_after < now || matches!(&s.verdict, Some(Err(Verdict::Expired(_)))) {
            if !dane_ee {
                out.push(finding(
                    catalog::SMTP_CERT_EXPIRED,
                    format!("certificate not valid now (not after {until})"),
                ));
            }
            rejected = true;
        } else if cert.not_after - now < EXPIRING_WITHIN && !dane_ee {
            out.push(finding(
                catalog::SMTP_CERT_EXPIRING,
                format!("certificate expires {until}, in less than 14 days"),
            ));
        }
    }
    if enforced && rejected {
        out.push(finding(
            catalog::MTA_STS_CERT_REJECTED,
            "MTA-STS mode is enforce: senders that apply it will not deliver here".to_owned(),
        ));
    }
    out.extend(dane_findings(p, &at));
    out
}

fn dane_findings(p: &TlsProbe, at: &str) -> Option<Finding> {
    let name = format!("_25._tcp.{}", p.smtp.host);
    match &p.tlsa {
        TlsaLookup::Failed(why) => Some(Finding::new(
            &catalog::DANE_LOOKUP_FAILED,
            format!("{at}: TLSA query of {name} failed: {why}"),
            Vec::new(),
        )),
        TlsaLookup::Found { records, .. } if records.is_empty() => None,
        TlsaLookup::Found {
            authenticated: false,
            ..
        } => Some(Finding::new(
            &catalog::DANE_UNAUTHENTICATED,
            format!(
                "{at}: TLSA records at {name} are not DNSSEC-authenticated (no AD bit): ignored"
            ),
            Vec::new(),
        )),
        TlsaLookup::Found { records, .. } => {
            if p.dane_match.is_some() || p.smtp.chain.is_empty() {
                return None;
            }
            let params: Vec<String> = records.iter().map(|r| r.params()).collect();
            Some(Finding::new(
                &catalog::DANE_NO_MATCH,
                format!(
                    "{at}: no TLSA record at {name} ({}) matches the presented chain",
                    params.join(", ")
                ),
                Vec::new(),
            ))
        }
    }
}
