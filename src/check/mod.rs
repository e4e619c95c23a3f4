//! Live check of a domain's mail DNS (API.md §4): MX (RFC 5321 §5.1, RFC
//! 7505, RFC 2181 §10.3), the exchanges' addresses, SPF (RFC 7208), DMARC
//! (RFC 7489, RFC 9989), MTA-STS (RFC 8461; the HTTPS policy only with
//! `fetch_policy`), TLS-RPT (RFC 8460), and, when asked, the transport probes
//! of [`crate::probe`] (STARTTLS, certificates, DANE).
//!
//! [`gather`] does the DNS I/O (concurrent, one deadline, on the discovery
//! resolver and runtime); [`rules`] are pure functions over what it found;
//! [`report::build`] puts them together. The findings:
//!
//! | id | severity | fires when | RFC |
//! |---|---|---|---|
//! | `nxdomain` | error | the domain does not exist | 1035, 5321 §5.1 |
//! | `mx-lookup-failed` | error | the MX query timed out / SERVFAIL / REFUSED | 5321 §5.1 |
//! | `no-mx` | error | no MX and no A/AAAA | 5321 §5.1, 7505 |
//! | `implicit-mx` | warning | no MX but A/AAAA: implicit MX applies | 5321 §5.1 |
//! | `null-mx` | info | Null MX only: accepts no mail | 7505 §3 |
//! | `null-mx-mixed` | error | Null MX plus other MX records | 7505 §3 |
//! | `null-mx-preference` | warning | Null MX with preference ≠ 0 | 7505 §3 |
//! | `single-mx` | info | exactly one MX host | 5321 §5.1 |
//! | `mx-ip-literal` | error | exchange is an IP address | 1035 §3.3.9, 5321 §5.1 |
//! | `mx-malformed` | error | exchange not an FQDN of LDH labels | 5321 §2.3.5, 1123 §2.1 |
//! | `mx-cname` | error | exchange is a CNAME | 2181 §10.3, 5321 §5.1 |
//! | `mx-no-address` | error | exchange has no A/AAAA | 5321 §5.1 |
//! | `address-lookup-failed` | warning | A/AAAA query of an exchange (or the domain) failed | 5321 §5.1 |
//! | `mx-address-not-public` | warning | exchange resolves to loopback/private/link-local | 6890 |
//! | `txt-lookup-failed` | warning | a TXT query failed: that policy unchecked | 7208 §4.4 |
//! | `spf-missing` | warning | no `v=spf1` TXT at the domain | 7208 §4.5 |
//! | `spf-multiple` | error | more than one `v=spf1` (permerror) | 7208 §4.5 |
//! | `spf-plus-all` | error | `+all` / `all` | 7208 §5.1 |
//! | `spf-no-all` | warning | no `-all`/`~all`/`redirect=`, or `?all` | 7208 §4.7, §5.1 |
//! | `spf-syntax-error` | error | a term in the SPF tree does not parse, or names an invalid target (permerror) | 7208 §4.6.1, §5, §7.1 |
//! | `spf-duplicate-modifier` | error | `redirect=` or `exp=` more than once in a record (permerror) | 7208 §6 |
//! | `spf-too-many-lookups` | error | more than 10 DNS terms across the include/redirect tree (permerror) | 7208 §4.6.4 |
//! | `spf-too-many-void-lookups` | error | more than 2 void lookups (no records / NXDOMAIN) of a/mx/exists (permerror) | 7208 §4.6.4 |
//! | `spf-include-no-spf` | error | `include:` target without SPF record, or NXDOMAIN (permerror) | 7208 §5.2 |
//! | `spf-redirect-no-spf` | error | `redirect=` target without SPF record, or NXDOMAIN (permerror) | 7208 §6.1 |
//! | `spf-include-loop` | error | `include:`/`redirect=` back to a record on its path (permerror) | 7208 §4.6.4, §5.2 |
//! | `spf-mx-too-many` | error | an `mx` target with more than 10 MX records (permerror) | 7208 §4.6.4 |
//! | `spf-temperror` | warning | a lookup in the SPF tree failed or timed out (temperror) | 7208 §2.6.6, §5 |
//! | `spf-mx-no-mx` | warning | an `mx` mechanism's target has no MX (void, matches nothing) | 7208 §5.4, §4.6.4 |
//! | `spf-ptr` | warning | the `ptr` mechanism is used | 7208 §5.5 |
//! | `spf-too-long` | warning | an SPF record over 512 octets | 7208 §3.4 |
//! | `spf-redirect-neutral` | warning | `redirect=` to a record with `?all` or no `all`: effective neutral | 7208 §6.1, §4.7 |
//! | `dmarc-missing` | warning | no `v=DMARC1` at `_dmarc` | 7489 §6.1 |
//! | `dmarc-multiple` | error | more than one `v=DMARC1` | 7489 §6.6.3 |
//! | `dmarc-malformed` | error | tag list malformed (no `=`, bad tag name, tag twice) | 7489 §6.4, 6376 §3.2 |
//! | `dmarc-no-policy` | error | no valid `p=` | 7489 §6.3 |
//! | `dmarc-policy-none` | info | `p=none` | 7489 §6.3 |
//! | `dmarc-inherited` | info | no record at `_dmarc`: a parent's, found by the tree walk, applies | 9989 §4.10.1 |
//! | `dmarc-bad-version` | error | a `_dmarc` TXT names DMARC1 but does not start `v=DMARC1` | 7489 §6.4, 9989 §4.7 |
//! | `dmarc-invalid-subdomain-policy` | error | `sp=`/`np=` not none, quarantine or reject | 9989 §4.10.1 |
//! | `dmarc-sp-none` | warning | `sp=none` under a stricter `p=` | 7489 §6.3 |
//! | `dmarc-np-none` | warning | `np=none` under a stricter `sp=`/`p=` | 9989 §4.7 |
//! | `dmarc-test-mode` | info | `t=y` on an enforcing policy | 9989 §4.7 |
//! | `dmarc-invalid-tag` | warning | `adkim`/`aspf`/`fo`/`rf`/`ri`/`pct`/`t`/`psd` value outside its grammar | 7489 §6.3, 9989 §4.7 |
//! | `dmarc-pct-deprecated` | info | `pct=` used (removed by RFC 9989) | 9989 App. A.6 |
//! | `dmarc-unknown-tag` | info | tags DMARC does not define (ignored) | 7489 §6.3 |
//! | `dmarc-invalid-report-uri` | error | a `rua=`/`ruf=` entry without a scheme, or a bad `mailto:` | 7489 §6.4 |
//! | `dmarc-external-unauthorized` | warning | an external report destination has no `_report._dmarc` authorization | 7489 §7.1 |
//! | `mta-sts-missing` | info | no `v=STSv1` at `_mta-sts` | 8461 §3.1 |
//! | `mta-sts-multiple` | warning | more than one `v=STSv1` | 8461 §3.1 |
//! | `mta-sts-malformed` | warning | not `v=STSv1; id=<1-32 alnum>` | 8461 §3.1 |
//! | `tlsrpt-missing` | info | no `v=TLSRPTv1` at `_smtp._tls` | 8460 §3 |
//! | `tlsrpt-multiple` | warning | more than one `v=TLSRPTv1` | 8460 §3 |
//! | `tlsrpt-malformed` | warning | no `rua=` of mailto:/https: URIs | 8460 §3 |
//! | `mta-sts-policy-unreachable` | warning | the MTA-STS policy host has no address, or connecting, the TLS handshake or HTTP failed (fetch_policy) | 8461 §3.3 |
//! | `mta-sts-policy-cert-invalid` | warning | the policy host's certificate is not valid for mta-sts.DOMAIN (untrusted, expired or wrong name) | 8461 §3.3 |
//! | `mta-sts-policy-redirect` | warning | the policy URL answers with a redirect, which senders do not follow | 8461 §3.3 |
//! | `mta-sts-policy-http-status` | warning | the policy URL answers with an HTTP status other than 200 (e.g. 404) | 8461 §3.3 |
//! | `mta-sts-policy-content-type` | warning | the policy is not served as text/plain | 8461 §3.2 |
//! | `mta-sts-policy-too-large` | warning | the policy body is larger than 64 KiB | 8461 §3.3 |
//! | `mta-sts-policy-invalid` | error | the policy file does not parse (version, mode, max_age, mx) | 8461 §3.2 |
//! | `mta-sts-no-policy` | error | _mta-sts.DOMAIN says v=STSv1 but no valid policy is served | 8461 §3.3 |
//! | `mta-sts-policy-without-txt` | warning | a policy is served but there is no v=STSv1 TXT record: senders never fetch it | 8461 §3.1 |
//! | `mta-sts-mx-not-covered` | error | an MX host matches no mx pattern of the policy | 8461 §4.1 |
//! | `mta-sts-testing` | info | the policy is in mode testing: failures are reported, mail is still delivered | 8461 §5 |
//! | `mta-sts-mode-none` | info | the policy is in mode none: no active policy | 8461 §5 |
//! | `smtp-unreachable` | warning | an MX address refuses or does not answer the TCP connection (probe_smtp) | 5321 §3.1 |
//! | `smtp-no-banner` | warning | an MX address sends no 220 greeting | 5321 §3.1, §4.2 |
//! | `smtp-ehlo-failed` | warning | an MX address does not accept EHLO | 5321 §4.1.1.1 |
//! | `smtp-no-starttls` | warning | an MX address does not offer STARTTLS: mail reaches it in clear text | 3207 §4 |
//! | `smtp-starttls-refused` | warning | an MX address answers STARTTLS with an error (e.g. 454) | 3207 §4 |
//! | `smtp-tls-handshake-failed` | warning | the TLS handshake after STARTTLS fails | 3207 §4.1 |
//! | `smtp-tls-old-version` | warning | an MX address offers no TLS 1.2 or later | 8996 §2, 7525 §3.1.1 |
//! | `smtp-cert-untrusted` | warning | an MX certificate does not chain to a trusted root (system roots plus cafile) | 8461 §4.2, 6125 |
//! | `smtp-cert-name-mismatch` | warning | no DNS-ID SAN of an MX certificate matches the MX host name | 7817 §3, 6125 §6.4 |
//! | `smtp-cert-expired` | warning | an MX certificate is expired or not yet valid | 5280 §4.1.2.5 |
//! | `smtp-cert-expiring` | warning | an MX certificate expires within 14 days | 5280 §4.1.2.5 |
//! | `mta-sts-cert-rejected` | error | with MTA-STS mode enforce, senders would not deliver to this MX address (no STARTTLS or a certificate they reject) | 8461 §4.2, §5 |
//! | `dane-no-match` | error | authenticated TLSA records exist but none matches the presented certificate chain: DANE senders defer mail | 7672 §2.2, 6698 §2.1 |
//! | `dane-unauthenticated` | info | TLSA records found without the AD bit: senders ignore them | 7672 §2.1.1 |
//! | `dane-lookup-failed` | warning | the TLSA query of an MX host failed: DANE senders defer mail | 7672 §2.1.1 |
//! | `mx-nxdomain` | error | exchange does not exist (NXDOMAIN) | 5321 §5.1, 1035 §4.1.1 |
//! | `mx-duplicate` | warning | one exchange in more than one MX record | 5321 §5.1 |
//! | `mx-ptr-missing` | warning | an MX address has no PTR | 1912 §2.1, 8601 §3 |
//! | `mx-ptr-not-confirmed` | warning | no PTR name of an MX address resolves back to it (FCrDNS) | 1912 §2.1, 8601 §3 |
//! | `mx-ptr-lookup-failed` | warning | a PTR (or its forward A/AAAA) query failed | 8601 §3 |
//! | `tlsa-lookup-failed` | warning | the `_25._tcp.<mx>` TLSA query failed | 7672 §2.2 |
//! | `tlsa-invalid` | error | usage/selector/matching type out of range, or data of the wrong length | 6698 §2.1, 7672 §3.1 |
//! | `tlsa-pkix-usage` | warning | TLSA usage PKIX-TA(0)/PKIX-EE(1) at an MX host | 7672 §3.1.3 |
//! | `tlsa-without-dnssec` | warning | TLSA (or MX) answer not authenticated (no AD): DANE has no effect | 7672 §2.1.1, §2.2.1 |
//!
//! The same table is data in [`catalog::ALL`]. MTA-STS and TLS-RPT are only
//! checked for domains that publish MX hosts; an NXDOMAIN domain gets only
//! `nxdomain`.

pub mod catalog;
pub mod data;
pub mod dmarc;
pub mod finding;
pub mod gather;
pub mod hosts;
pub mod report;
pub mod rules;
pub mod run;
pub mod spf;

pub use catalog::Severity;
pub use finding::Finding;
pub use gather::{
    addresses_of, addresses_of_async, check_domain, check_domain_async, check_domain_async_probed,
    check_domain_probed,
};
pub use report::DomainReport;
pub use run::Run;
