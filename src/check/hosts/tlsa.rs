//! DANE TLSA records of the MX hosts (RFC 7672, RFC 6698), DNS only:
//! `tlsa-invalid`, `tlsa-pkix-usage`, `tlsa-without-dnssec` and
//! `tlsa-lookup-failed`. Matching the records against the served
//! certificates is the certificate probes' job.

use super::super::catalog;
use super::super::data::record_text;
use super::super::finding::Finding;
use super::data::{HostChecks, TlsaRecord};

/// Why a TLSA record is unusable, if it is (RFC 6698 §2.1.1-§2.1.4: usage
/// 0-3, selector 0-1, matching type 0-2; a SHA-256 digest is 32 octets, a
/// SHA-512 one 64, a full value is not empty).
pub fn invalid(r: &TlsaRecord) -> Option<String> {
    if r.usage > 3 {
        return Some(format!("certificate usage {} is not 0-3", r.usage));
    }
    if r.selector > 1 {
        return Some(format!("selector {} is not 0-1", r.selector));
    }
    let want = match r.matching {
        0 => None,
        1 => Some(32),
        2 => Some(64),
        m => return Some(format!("matching type {m} is not 0-2")),
    };
    match want {
        Some(n) if r.data.len() != n => Some(format!(
            "matching type {} needs {n} octets of data, got {}",
            r.matching,
            r.data.len()
        )),
        None if r.data.is_empty() => Some("empty certificate association data".to_owned()),
        _ => None,
    }
}

/// The TLSA findings of one exchange; `mx_authenticated` is the AD bit of
/// the domain's MX answer (DANE needs the MX RRset secure, RFC 7672 §2.2.1).
pub fn findings(host: &HostChecks, mx_authenticated: bool) -> Vec<Finding> {
    let t = &host.tlsa;
    let e = &host.exchange;
    if let Some(reason) = t.lookup.failure() {
        return vec![Finding::new(
            &catalog::TLSA_LOOKUP_FAILED,
            format!(
                "TLSA lookup of {} failed ({reason}): DANE of MX exchange {e} not checked",
                t.name
            ),
            Vec::new(),
        )];
    }
    let records = t.lookup.records();
    if records.is_empty() {
        return Vec::new();
    }
    let text = |r: &TlsaRecord| record_text(&t.name, "TLSA", &r.text());
    let mut out = Vec::new();
    let bad: Vec<(&TlsaRecord, String)> = records
        .iter()
        .filter_map(|r| invalid(r).map(|why| (r, why)))
        .collect();
    if !bad.is_empty() {
        let why: Vec<String> = bad
            .iter()
            .map(|(r, w)| format!("{}: {w}", r.text()))
            .collect();
        out.push(Finding::new(
            &catalog::TLSA_INVALID,
            format!(
                "TLSA record(s) of MX exchange {e} are unusable: {}",
                why.join("; ")
            ),
            bad.iter().map(|(r, _)| text(r)).collect(),
        ));
    }
    let pkix: Vec<&TlsaRecord> = records.iter().filter(|r| r.usage <= 1).collect();
    if !pkix.is_empty() {
        out.push(Finding::new(
            &catalog::TLSA_PKIX_USAGE,
            format!(
                "TLSA record(s) of MX exchange {e} use PKIX-TA(0)/PKIX-EE(1): SMTP senders treat \
                 them as unusable; publish DANE-EE(3) or DANE-TA(2) (RFC 7672 §3.1.3)"
            ),
            pkix.iter().map(|r| text(r)).collect(),
        ));
    }
    if !t.authenticated || !mx_authenticated {
        let what = if t.authenticated {
            "the domain's MX answer was not DNSSEC-authenticated (RFC 7672 §2.2.1)"
        } else {
            "the TLSA answer was not DNSSEC-authenticated (no AD bit from the resolver)"
        };
        out.push(Finding::new(
            &catalog::TLSA_WITHOUT_DNSSEC,
            format!("TLSA records of MX exchange {e} have no effect: {what}; senders use DANE only for validated records (RFC 7672 §2.1.1)"),
            records.iter().map(text).collect(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(usage: u8, selector: u8, matching: u8, len: usize) -> TlsaRecord {
        TlsaRecord {
            usage,
            selector,
            matching,
            data: vec![0xab; len],
        }
    }

    #[test]
    fn field_ranges_and_lengths() {
        assert_eq!(invalid(&rec(3, 1, 1, 32)), None);
        assert_eq!(invalid(&rec(2, 0, 2, 64)), None);
        assert_eq!(invalid(&rec(3, 0, 0, 900)), None);
        assert!(invalid(&rec(4, 1, 1, 32)).unwrap().contains("usage 4"));
        assert!(invalid(&rec(3, 2, 1, 32)).unwrap().contains("selector 2"));
        assert!(invalid(&rec(3, 1, 3, 32))
            .unwrap()
            .contains("matching type 3"));
        assert!(invalid(&rec(3, 1, 1, 31)).unwrap().contains("32 octets"));
        assert!(invalid(&rec(3, 1, 2, 32)).unwrap().contains("64 octets"));
        assert!(invalid(&rec(3, 1, 0, 0)).unwrap().contains("empty"));
    }
}
