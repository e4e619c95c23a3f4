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
    DMARC_INHERITED = ("dmarc-inherited", Info, "no DMARC record at _dmarc.DOMAIN: a parent's record, found by the DNS tree walk, applies", "RFC 9989 §4.10, §4.10.1");
    DMARC_BAD_VERSION = ("dmarc-bad-version", Error, "a TXT record at _dmarc.DOMAIN names DMARC1 but does not start with exactly v=DMARC1 (v first, DMARC1 case-sensitive): receivers ignore it", "RFC 7489 §6.4, RFC 9989 §4.7");
    DMARC_INVALID_SUBDOMAIN_POLICY = ("dmarc-invalid-subdomain-policy", Error, "sp= or np= is not none, quarantine or reject: receivers act as if p=none, or skip DMARC", "RFC 9989 §4.10.1, RFC 7489 §6.3");
    DMARC_SP_NONE = ("dmarc-sp-none", Warning, "sp=none under p=quarantine or p=reject: sub-domains are not protected", "RFC 7489 §6.3, RFC 9989 §4.7");
    DMARC_NP_NONE = ("dmarc-np-none", Warning, "np=none under a stricter sp= or p=: non-existent sub-domains are not protected", "RFC 9989 §4.7");
    DMARC_TEST_MODE = ("dmarc-test-mode", Info, "t=y: receivers apply the policy one level lower (testing)", "RFC 9989 §4.7");
    DMARC_INVALID_TAG = ("dmarc-invalid-tag", Warning, "a tag's value is outside its grammar (adkim, aspf, fo, rf, ri, pct, t, psd): receivers use the default", "RFC 7489 §6.3, RFC 9989 §4.7");
    DMARC_PCT_DEPRECATED = ("dmarc-pct-deprecated", Info, "pct= is used: RFC 9989 removed it (t=y replaces it for testing)", "RFC 9989 Appendix A.6, RFC 7489 §6.3");
    DMARC_UNKNOWN_TAG = ("dmarc-unknown-tag", Info, "the record has tags DMARC does not define: receivers ignore them", "RFC 7489 §6.3, RFC 9989 §4.7");
    DMARC_INVALID_REPORT_URI = ("dmarc-invalid-report-uri", Error, "a rua=/ruf= entry is not a URI (no scheme, e.g. rua=a@b.com) or not a valid mailto: address / size limit", "RFC 7489 §6.4, RFC 9989 §4.7, §4.8");
    DMARC_EXTERNAL_UNAUTHORIZED = ("dmarc-external-unauthorized", Warning, "a rua=/ruf= destination in another organization publishes no v=DMARC1 at DOMAIN._report._dmarc.DEST: it gets no reports", "RFC 7489 §7.1, RFC 9989 §11.6");
    MTA_STS_MISSING = ("mta-sts-missing", Info, "no v=STSv1 TXT record at _mta-sts.DOMAIN (the HTTPS policy is never fetched)", "RFC 8461 §3.1");
    MTA_STS_MULTIPLE = ("mta-sts-multiple", Warning, "more than one v=STSv1 record: senders assume no MTA-STS policy", "RFC 8461 §3.1");
    MTA_STS_MALFORMED = ("mta-sts-malformed", Warning, "the v=STSv1 record is malformed (needs v=STSv1; id=1-32 letters/digits)", "RFC 8461 §3.1");
    TLSRPT_MISSING = ("tlsrpt-missing", Info, "no v=TLSRPTv1 TXT record at _smtp._tls.DOMAIN", "RFC 8460 §3");
    TLSRPT_MULTIPLE = ("tlsrpt-multiple", Warning, "more than one v=TLSRPTv1 record: senders assume no TLS reporting", "RFC 8460 §3");
    TLSRPT_MALFORMED = ("tlsrpt-malformed", Warning, "the v=TLSRPTv1 record is malformed (needs rua= with mailto: or https: URIs)", "RFC 8460 §3");
    MX_NXDOMAIN = ("mx-nxdomain", Error, "an MX exchange does not exist (NXDOMAIN on its A/AAAA)", "RFC 5321 §5.1, RFC 1035 §4.1.1");
    MX_DUPLICATE = ("mx-duplicate", Warning, "the same exchange is listed in more than one MX record", "RFC 5321 §5.1");
    MX_PTR_MISSING = ("mx-ptr-missing", Warning, "an MX host address has no reverse DNS (PTR) record", "RFC 1912 §2.1, RFC 8601 §3");
    MX_PTR_NOT_CONFIRMED = ("mx-ptr-not-confirmed", Warning, "no PTR name of an MX host address resolves back to the address (no forward-confirmed reverse DNS)", "RFC 1912 §2.1, RFC 8601 §3");
    MX_PTR_LOOKUP_FAILED = ("mx-ptr-lookup-failed", Warning, "a PTR query of an MX host address, or the A/AAAA query of its PTR name, failed: reverse DNS not checked", "RFC 8601 §3");
    TLSA_LOOKUP_FAILED = ("tlsa-lookup-failed", Warning, "the TLSA query at _25._tcp of an MX host failed: DANE not checked", "RFC 7672 §2.2");
    TLSA_INVALID = ("tlsa-invalid", Error, "a TLSA record of an MX host is unusable: usage not 0-3, selector not 0-1, matching type not 0-2, or data of the wrong length", "RFC 6698 §2.1, RFC 7672 §3.1");
    TLSA_PKIX_USAGE = ("tlsa-pkix-usage", Warning, "a TLSA record of an MX host uses PKIX-TA(0) or PKIX-EE(1), which SMTP senders treat as unusable", "RFC 7672 §3.1.3");
    TLSA_WITHOUT_DNSSEC = ("tlsa-without-dnssec", Warning, "TLSA records of an MX host whose TLSA (or the domain's MX) answer was not DNSSEC-authenticated: DANE has no effect", "RFC 7672 §2.1.1, §2.2.1");
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
