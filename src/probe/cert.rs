//! What a report shows of a certificate (subject, DNS SANs, issuer,
//! not-after) and the server-identity check of RFC 6125 §6.4 as RFC 7817
//! §3 applies it to SMTP: DNS-ID SANs only, a wildcard only as the whole
//! left-most label.

use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};

/// The fields of a certificate a report shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertInfo {
    /// Subject distinguished name (RFC 4514 string).
    pub subject: String,
    /// The dNSName subject alternative names, as written.
    pub sans: Vec<String>,
    /// Issuer distinguished name.
    pub issuer: String,
    /// End of validity, seconds since the Unix epoch.
    pub not_after: i64,
}

/// Reads a DER certificate; `None` if it does not parse.
pub fn info(der: &[u8]) -> Option<CertInfo> {
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    let sans = match cert.subject_alternative_name() {
        Ok(Some(ext)) => ext
            .value
            .general_names
            .iter()
            .filter_map(|n| match n {
                GeneralName::DNSName(d) => Some((*d).to_owned()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Some(CertInfo {
        subject: cert.subject().to_string(),
        sans,
        issuer: cert.issuer().to_string(),
        not_after: cert.validity().not_after.timestamp(),
    })
}

/// The SubjectPublicKeyInfo of a DER certificate (DANE selector 1).
pub fn spki(der: &[u8]) -> Option<Vec<u8>> {
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    Some(cert.public_key().raw.to_vec())
}

/// Whether one DNS-ID `pattern` matches `host` (RFC 6125 §6.4.1, §6.4.3):
/// case-insensitive; `*` only as the entire left-most label, matching
/// exactly one label; no wildcard on a public-suffix-like two-label name.
pub fn dns_id_matches(pattern: &str, host: &str) -> bool {
    let pattern = pattern.strip_suffix('.').unwrap_or(pattern);
    let host = host.strip_suffix('.').unwrap_or(host);
    match pattern.strip_prefix("*.") {
        Some(rest) => {
            rest.contains('.')
                && !rest.contains('*')
                && host.split_once('.').is_some_and(|(label, tail)| {
                    !label.is_empty() && tail.eq_ignore_ascii_case(rest)
                })
        }
        None => !pattern.contains('*') && pattern.eq_ignore_ascii_case(host),
    }
}

impl CertInfo {
    /// Whether a DNS-ID SAN matches `host` (RFC 7817 §3: the CN is not used).
    pub fn matches(&self, host: &str) -> bool {
        self.sans.iter().any(|s| dns_id_matches(s, host))
    }
}

/// `seconds` since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (proleptic
/// Gregorian, days-from-civil inverted).
pub fn rfc3339(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_only_whole_left_label() {
        assert!(dns_id_matches("*.example.test", "mx1.example.test"));
        assert!(dns_id_matches("MX1.example.test.", "mx1.EXAMPLE.test"));
        assert!(!dns_id_matches("*.example.test", "a.mx1.example.test"));
        assert!(!dns_id_matches("*.example.test", "example.test"));
        assert!(!dns_id_matches("m*.example.test", "mx1.example.test"));
        assert!(!dns_id_matches("*.test", "example.test"));
        assert!(!dns_id_matches("mx1.example.test", "mx2.example.test"));
    }

    #[test]
    fn formats_times() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_798_761_599), "2026-12-31T23:59:59Z");
    }
}
