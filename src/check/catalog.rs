//! The findings table: every finding id, its severity, when it fires and the
//! RFC behind it. Rules build their findings from these entries only.

/// How bad a finding is; ordered `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; nothing is broken.
    Info,
    /// Works, but weaker or riskier than it should be.
    Warning,
    /// Breaks or violates a MUST of the RFCs.
    Error,
}

impl Severity {
    /// `"info"`, `"warning"` or `"error"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }

    /// Parses `"info"`, `"warning"` or `"error"`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "info" => Some(Self::Info),
            "warning" => Some(Self::Warning),
            "error" => Some(Self::Error),
            _ => None,
        }
    }
}

/// One kind of finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Short kebab-case id (`mx-cname`).
    pub id: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// When it fires.
    pub condition: &'static str,
    /// The authority.
    pub reference: &'static str,
}

macro_rules! rules {
    ($($name:ident = ($id:literal, $sev:ident, $cond:literal, $rfc:literal);)*) => {
        $(
            #[doc = $cond]
            pub const $name: Rule = Rule {
                id: $id,
                severity: Severity::$sev,
                condition: $cond,
                reference: $rfc,
            };
        )*
        /// Every rule, in the order findings are reported.
        pub const ALL: &[Rule] = &[$($name),*];
    };
}

rules! {
    NXDOMAIN = ("nxdomain", Error, "the domain does not exist (NXDOMAIN)", "RFC 1035 §4.1.1, RFC 5321 §5.1");
    MX_LOOKUP_FAILED = ("mx-lookup-failed", Error, "the MX query failed (timeout, SERVFAIL, REFUSED, network error)", "RFC 5321 §5.1");
    NO_MX = ("no-mx", Error, "no MX records and no A/AAAA at the domain: no route for mail", "RFC 5321 §5.1, RFC 7505 §4");
    IMPLICIT_MX = ("implicit-mx", Warning, "no MX records but A/AAAA at the domain: senders deliver to the domain itself (implicit MX)", "RFC 5321 §5.1");
    NULL_MX = ("null-mx", Info, "the domain publishes a Null MX (0 .): it accepts no mail", "RFC 7505 §3");
    NULL_MX_MIXED = ("null-mx-mixed", Error, "a Null MX published together with other MX records", "RFC 7505 §3");
    NULL_MX_PREFERENCE = ("null-mx-preference", Warning, "a Null MX (exchange '.') with a preference other than 0", "RFC 7505 §3");
    SINGLE_MX = ("single-mx", Info, "only one MX host: no redundancy", "RFC 5321 §5.1");
    MX_IP_LITERAL = ("mx-ip-literal", Error, "an MX exchange is an IP address instead of a host name", "RFC 1035 §3.3.9, RFC 5321 §5.1");
    MX_MALFORMED = ("mx-malformed", Error, "an MX exchange is not a valid fully qualified host name (LDH labels)", "RFC 5321 §2.3.5, RFC 1123 §2.1");
    MX_CNAME = ("mx-cname", Error, "an MX exchange is an alias (CNAME)", "RFC 2181 §10.3, RFC 5321 §5.1");
    MX_NO_ADDRESS = ("mx-no-address", Error, "an MX exchange has no A or AAAA record", "RFC 5321 §5.1");
    ADDRESS_LOOKUP_FAILED = ("address-lookup-failed", Warning, "an A/AAAA query of an MX exchange (or of the domain) failed", "RFC 5321 §5.1");
    MX_ADDRESS_NOT_PUBLIC = ("mx-address-not-public", Warning, "an MX exchange resolves to a loopback, private, link-local or unspecified address", "RFC 6890");
    TXT_LOOKUP_FAILED = ("txt-lookup-failed", Warning, "a TXT query (SPF, DMARC, MTA-STS, TLS-RPT) failed, so that policy was not checked", "RFC 7208 §4.4");
    SPF_MISSING = ("spf-missing", Warning, "no v=spf1 TXT record at the domain", "RFC 7208 §4.5");
    SPF_MULTIPLE = ("spf-multiple", Error, "more than one v=spf1 record (SPF permerror)", "RFC 7208 §4.5");
    SPF_PLUS_ALL = ("spf-plus-all", Error, "the SPF record ends in +all: anyone may send as the domain", "RFC 7208 §5.1");
    SPF_NO_ALL = ("spf-no-all", Warning, "the SPF record has neither -all/~all nor redirect= (default or ?all: neutral)", "RFC 7208 §4.7, §5.1");
    DMARC_MISSING = ("dmarc-missing", Warning, "no v=DMARC1 TXT record at _dmarc.DOMAIN", "RFC 7489 §6.1");
    DMARC_MULTIPLE = ("dmarc-multiple", Error, "more than one v=DMARC1 record at _dmarc.DOMAIN (DMARC is not applied)", "RFC 7489 §6.6.3");
    DMARC_MALFORMED = ("dmarc-malformed", Error, "the DMARC record's tag list is malformed (a part without tag=value, a bad tag name, a tag given twice)", "RFC 7489 §6.4, RFC 6376 §3.2");
    DMARC_NO_POLICY = ("dmarc-no-policy", Error, "the DMARC record has no valid p= tag (none, quarantine, reject)", "RFC 7489 §6.3");
    DMARC_POLICY_NONE = ("dmarc-policy-none", Info, "the DMARC policy is p=none (monitoring only)", "RFC 7489 §6.3");
    MTA_STS_MISSING = ("mta-sts-missing", Info, "no v=STSv1 TXT record at _mta-sts.DOMAIN (the HTTPS policy is never fetched)", "RFC 8461 §3.1");
    MTA_STS_MULTIPLE = ("mta-sts-multiple", Warning, "more than one v=STSv1 record: senders assume no MTA-STS policy", "RFC 8461 §3.1");
    MTA_STS_MALFORMED = ("mta-sts-malformed", Warning, "the v=STSv1 record is malformed (needs v=STSv1; id=1-32 letters/digits)", "RFC 8461 §3.1");
    TLSRPT_MISSING = ("tlsrpt-missing", Info, "no v=TLSRPTv1 TXT record at _smtp._tls.DOMAIN", "RFC 8460 §3");
    TLSRPT_MULTIPLE = ("tlsrpt-multiple", Warning, "more than one v=TLSRPTv1 record: senders assume no TLS reporting", "RFC 8460 §3");
    TLSRPT_MALFORMED = ("tlsrpt-malformed", Warning, "the v=TLSRPTv1 record is malformed (needs rua= with mailto: or https: URIs)", "RFC 8460 §3");
    MTA_STS_POLICY_UNREACHABLE = ("mta-sts-policy-unreachable", Warning, "the MTA-STS policy host has no address, or connecting, the TLS handshake or HTTP failed (fetch_policy)", "RFC 8461 §3.3");
    MTA_STS_POLICY_CERT_INVALID = ("mta-sts-policy-cert-invalid", Warning, "the policy host's certificate is not valid for mta-sts.DOMAIN (untrusted, expired or wrong name)", "RFC 8461 §3.3");
    MTA_STS_POLICY_REDIRECT = ("mta-sts-policy-redirect", Warning, "the policy URL answers with a redirect, which senders do not follow", "RFC 8461 §3.3");
    MTA_STS_POLICY_HTTP_STATUS = ("mta-sts-policy-http-status", Warning, "the policy URL answers with an HTTP status other than 200 (e.g. 404)", "RFC 8461 §3.3");
    MTA_STS_POLICY_CONTENT_TYPE = ("mta-sts-policy-content-type", Warning, "the policy is not served as text/plain", "RFC 8461 §3.2");
    MTA_STS_POLICY_TOO_LARGE = ("mta-sts-policy-too-large", Warning, "the policy body is larger than 64 KiB", "RFC 8461 §3.3");
    MTA_STS_POLICY_INVALID = ("mta-sts-policy-invalid", Error, "the policy file does not parse (version, mode, max_age, mx)", "RFC 8461 §3.2");
    MTA_STS_NO_POLICY = ("mta-sts-no-policy", Error, "_mta-sts.DOMAIN says v=STSv1 but no valid policy is served", "RFC 8461 §3.3");
    MTA_STS_POLICY_WITHOUT_TXT = ("mta-sts-policy-without-txt", Warning, "a policy is served but there is no v=STSv1 TXT record: senders never fetch it", "RFC 8461 §3.1");
    MTA_STS_MX_NOT_COVERED = ("mta-sts-mx-not-covered", Error, "an MX host matches no mx pattern of the policy", "RFC 8461 §4.1");
    MTA_STS_TESTING = ("mta-sts-testing", Info, "the policy is in mode testing: failures are reported, mail is still delivered", "RFC 8461 §5");
    MTA_STS_MODE_NONE = ("mta-sts-mode-none", Info, "the policy is in mode none: no active policy", "RFC 8461 §5");
    SMTP_UNREACHABLE = ("smtp-unreachable", Warning, "an MX address refuses or does not answer the TCP connection (probe_smtp)", "RFC 5321 §3.1");
    SMTP_NO_BANNER = ("smtp-no-banner", Warning, "an MX address sends no 220 greeting", "RFC 5321 §3.1, §4.2");
    SMTP_EHLO_FAILED = ("smtp-ehlo-failed", Warning, "an MX address does not accept EHLO", "RFC 5321 §4.1.1.1");
    SMTP_NO_STARTTLS = ("smtp-no-starttls", Warning, "an MX address does not offer STARTTLS: mail reaches it in clear text", "RFC 3207 §4");
    SMTP_STARTTLS_REFUSED = ("smtp-starttls-refused", Warning, "an MX address answers STARTTLS with an error (e.g. 454)", "RFC 3207 §4");
    SMTP_TLS_HANDSHAKE_FAILED = ("smtp-tls-handshake-failed", Warning, "the TLS handshake after STARTTLS fails", "RFC 3207 §4.1");
    SMTP_TLS_OLD_VERSION = ("smtp-tls-old-version", Warning, "an MX address offers no TLS 1.2 or later", "RFC 8996 §2, RFC 7525 §3.1.1");
    SMTP_CERT_UNTRUSTED = ("smtp-cert-untrusted", Warning, "an MX certificate does not chain to a trusted root (system roots plus cafile)", "RFC 8461 §4.2, RFC 6125");
    SMTP_CERT_NAME_MISMATCH = ("smtp-cert-name-mismatch", Warning, "no DNS-ID SAN of an MX certificate matches the MX host name", "RFC 7817 §3, RFC 6125 §6.4");
    SMTP_CERT_EXPIRED = ("smtp-cert-expired", Warning, "an MX certificate is expired or not yet valid", "RFC 5280 §4.1.2.5");
    SMTP_CERT_EXPIRING = ("smtp-cert-expiring", Warning, "an MX certificate expires within 14 days", "RFC 5280 §4.1.2.5");
    MTA_STS_CERT_REJECTED = ("mta-sts-cert-rejected", Error, "with MTA-STS mode enforce, senders would not deliver to this MX address (no STARTTLS or a certificate they reject)", "RFC 8461 §4.2, §5");
    DANE_NO_MATCH = ("dane-no-match", Error, "authenticated TLSA records exist but none matches the presented certificate chain: DANE senders defer mail", "RFC 7672 §2.2, RFC 6698 §2.1");
    DANE_UNAUTHENTICATED = ("dane-unauthenticated", Info, "TLSA records found without the AD bit: senders ignore them", "RFC 7672 §2.1.1");
    DANE_LOOKUP_FAILED = ("dane-lookup-failed", Warning, "the TLSA query of an MX host failed: DANE senders defer mail", "RFC 7672 §2.1.1");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for r in ALL {
            assert!(seen.insert(r.id), "duplicate {}", r.id);
            assert!(r
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            assert!(r.reference.starts_with("RFC"));
        }
    }
}
