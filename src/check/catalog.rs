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
    INVALID_DOMAIN = ("invalid-domain", Error, "the name given is not a valid domain name (bulk checks: the run goes on; check_domain raises ValueError)", "RFC 1035 §2.3.4, RFC 5890");
    CHECK_FAILED = ("check-failed", Error, "the check could not run at all for this domain (bulk checks: the run goes on)", "RFC 5321 §5.1");
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
    SPF_SYNTAX_ERROR = ("spf-syntax-error", Error, "a term of an SPF record in the tree does not parse (unknown mechanism, bad address, CIDR length or macro, invalid target name): permerror", "RFC 7208 §4.6.1, §5, §7.1");
    SPF_DUPLICATE_MODIFIER = ("spf-duplicate-modifier", Error, "redirect= or exp= appears more than once in one SPF record: permerror", "RFC 7208 §6");
    SPF_TOO_MANY_LOOKUPS = ("spf-too-many-lookups", Error, "more than 10 DNS-querying terms (include, a, mx, ptr, exists, redirect) across the include/redirect tree: permerror", "RFC 7208 §4.6.4");
    SPF_TOO_MANY_VOID_LOOKUPS = ("spf-too-many-void-lookups", Error, "more than 2 lookups of a/mx/exists terms in the tree gave no records or NXDOMAIN: permerror", "RFC 7208 §4.6.4");
    SPF_INCLUDE_NO_SPF = ("spf-include-no-spf", Error, "an include: target has no SPF record or does not exist: permerror", "RFC 7208 §5.2");
    SPF_REDIRECT_NO_SPF = ("spf-redirect-no-spf", Error, "a redirect= target has no SPF record or does not exist: permerror", "RFC 7208 §6.1");
    SPF_INCLUDE_LOOP = ("spf-include-loop", Error, "an include: or redirect= leads back to a record already on its path: permerror", "RFC 7208 §4.6.4, §5.2");
    SPF_MX_TOO_MANY = ("spf-mx-too-many", Error, "an mx mechanism's target has more than 10 MX records: permerror", "RFC 7208 §4.6.4");
    SPF_TEMPERROR = ("spf-temperror", Warning, "a lookup of the SPF tree (include/redirect target, a/mx/exists) failed or timed out: temperror, that part not checked", "RFC 7208 §2.6.6, §5");
    SPF_MX_NO_MX = ("spf-mx-no-mx", Warning, "an mx mechanism points at a name without MX records: it matches nothing (a void lookup)", "RFC 7208 §5.4, §4.6.4");
    SPF_PTR = ("spf-ptr", Warning, "an SPF record in the tree uses the ptr mechanism, which SHOULD NOT be used", "RFC 7208 §5.5");
    SPF_TOO_LONG = ("spf-too-long", Warning, "an SPF record in the tree is over 512 octets: its answer may not fit a UDP response", "RFC 7208 §3.4");
    SPF_REDIRECT_NEUTRAL = ("spf-redirect-neutral", Warning, "the record ends in redirect= to a record with ?all or no all: unlisted senders get neutral", "RFC 7208 §6.1, §4.7");
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
