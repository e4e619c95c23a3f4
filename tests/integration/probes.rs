//! Transport probes (issue 9) without Python: DANE matching against a real
//! certificate chain (hashes computed independently with openssl), the
//! policy parser on hostile input, and the SMTP probe through the check
//! against real loopback servers and the project's DNS server (no mocks).

use std::net::{IpAddr, Ipv4Addr};

use _core::check::{check_domain_probed, rules};
use _core::discovery::DiscoveryConfig;
use _core::probe::{
    self, dane, policy, ProbeOptions, SmtpProbe, TlsProbe, Tlsa, TlsaLookup, Verdict,
};
use _core::testserver::{DnsServer, Records};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// A leaf for mx.dane.test (EC P-256), issued by [`CA_PEM`].
const LEAF_PEM: &str = "
-----BEGIN CERTIFICATE-----
MIIBjTCCATOgAwIBAgIUKDRfBw8Zy/8r+Elmkcrc8ayxzu0wCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMVGVzdCBEQU5FIENBMCAXDTI2MTEzMDA1NDEwOVoYDzIxMjYx
MTA2MDU0MTA5WjAXMRUwEwYDVQQDDAxteC5kYW5lLnRlc3QwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAAQ87iBRJLgNcUZMrSCEFw/MhVC/RMp5aRffNeRd3ETVXzMS
xqN0DY2kwbtqiXsKCVo3vW7Njl9bT0JnFUtYuMyEo1swWTAXBgNVHREEEDAOggxt
eC5kYW5lLnRlc3QwHQYDVR0OBBYEFFnn6PMyCLzqlOF2Jf86w1GQLRbVMB8GA1Ud
IwQYMBaAFNFiU1J/1I4Ss67IVdAXXGKnP8MNMAoGCCqGSM49BAMCA0gAMEUCID/9
zOSb5zI0zuBzLoj2p2s5MfoXI6Df0JMFCUAW+YNBAiEA1pdQS9TuuvgvsloYFKXR
ydCA1oRy9husmUEXBffvUbE=
-----END CERTIFICATE-----
";

/// The issuing CA (self-signed).
const CA_PEM: &str = "
-----BEGIN CERTIFICATE-----
MIIBhDCCASugAwIBAgIUel1axUtW64mawkCts823btQWY/IwCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMVGVzdCBEQU5FIENBMCAXDTI2MTEzMDA1NDEwOVoYDzIxMjYx
MTA2MDU0MTA5WjAXMRUwEwYDVQQDDAxUZXN0IERBTkUgQ0EwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAAQwl/j+4qp8A1Y4vBX00+dVW+H6riIkjqL1zATMulFt0hla
I+vm3N3mrBqTZUZQXw5gGiMS3iQGYj4xwFR3KELto1MwUTAdBgNVHQ4EFgQU0WJT
Un/UjhKzrshV0BdcYqc/ww0wHwYDVR0jBBgwFoAU0WJTUn/UjhKzrshV0BdcYqc/
ww0wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiBBHxlD4BRffhNa
zSrP10vhrA5eHzrnHSepO/XRiGDXkQIgJKOZSSHMpGT2Uf/TBfrwkPxtOrzt4As0
ryWvaHqbIUY=
-----END CERTIFICATE-----
";

// `openssl x509 -outform DER | sha256sum` and the same of `-pubkey` as DER.
const LEAF_CERT_SHA256: &str = "de1ae8df09097350fa98c7a2dacb1a58f32e33a3712a22a395187a5eb0345845";
const LEAF_SPKI_SHA256: &str = "f74eed6d0c6bf901ed414493e60fe78247ba552e7048514f676257547b3fed34";
const LEAF_SPKI_SHA512_PREFIX: &str = "488580b2f970a1e5efd3";
const CA_SPKI_SHA256: &str = "50f7a494fe603725f00ce6bfda7557721633b121bf0e582f51d81ad0233daae9";

fn der(pem: &str) -> Vec<u8> {
    CertificateDer::from_pem_slice(pem.as_bytes())
        .unwrap()
        .as_ref()
        .to_vec()
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn tlsa(usage: u8, selector: u8, matching: u8, data: Vec<u8>) -> Tlsa {
    Tlsa {
        usage,
        selector,
        matching,
        data,
    }
}

fn chain() -> Vec<Vec<u8>> {
    vec![der(LEAF_PEM), der(CA_PEM)]
}

fn matched(records: &[Tlsa]) -> Option<String> {
    dane::first_match(records, &chain()).map(Tlsa::params)
}

#[test]
fn dane_ee_matches_the_leaf_by_each_selector_and_matching_type() {
    assert_eq!(
        matched(&[tlsa(3, 1, 1, hex(LEAF_SPKI_SHA256))]).as_deref(),
        Some("3 1 1")
    );
    assert_eq!(
        matched(&[tlsa(3, 0, 1, hex(LEAF_CERT_SHA256))]).as_deref(),
        Some("3 0 1")
    );
    assert_eq!(
        matched(&[tlsa(3, 0, 0, der(LEAF_PEM))]).as_deref(),
        Some("3 0 0")
    );
    let spki = probe::cert::spki(&der(LEAF_PEM)).unwrap();
    assert_eq!(
        matched(&[tlsa(3, 1, 0, spki.clone())]).as_deref(),
        Some("3 1 0")
    );
    let sha512 = ring::digest::digest(&ring::digest::SHA512, &spki);
    assert!(hex_of(sha512.as_ref()).starts_with(LEAF_SPKI_SHA512_PREFIX));
    assert_eq!(
        matched(&[tlsa(3, 1, 2, sha512.as_ref().to_vec())]).as_deref(),
        Some("3 1 2")
    );
}

fn hex_of(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn dane_ta_matches_an_issuer_not_the_leaf() {
    assert_eq!(
        matched(&[tlsa(2, 1, 1, hex(CA_SPKI_SHA256))]).as_deref(),
        Some("2 1 1")
    );
    // A DANE-TA record naming the leaf, or a DANE-EE record naming the CA, does not match.
    assert_eq!(matched(&[tlsa(2, 1, 1, hex(LEAF_SPKI_SHA256))]), None);
    assert_eq!(matched(&[tlsa(3, 1, 1, hex(CA_SPKI_SHA256))]), None);
    // The leaf alone (no issuer presented) cannot satisfy DANE-TA.
    let leaf_only = vec![der(LEAF_PEM)];
    assert!(dane::first_match(&[tlsa(2, 1, 1, hex(CA_SPKI_SHA256))], &leaf_only).is_none());
}

#[test]
fn unusable_or_wrong_records_never_match() {
    let mut wrong = hex(LEAF_SPKI_SHA256);
    wrong[0] ^= 1;
    assert_eq!(matched(&[tlsa(3, 1, 1, wrong)]), None);
    // PKIX usages are not used for SMTP (RFC 7672 §3.1.3); unknown selector/matching.
    assert_eq!(matched(&[tlsa(1, 1, 1, hex(LEAF_SPKI_SHA256))]), None);
    assert_eq!(matched(&[tlsa(3, 2, 1, hex(LEAF_SPKI_SHA256))]), None);
    assert_eq!(matched(&[tlsa(3, 1, 3, hex(LEAF_SPKI_SHA256))]), None);
    assert!(dane::first_match(&[tlsa(3, 1, 1, hex(LEAF_SPKI_SHA256))], &[]).is_none());
    // Garbage in the chain is no match, not a panic.
    assert!(dane::first_match(&[tlsa(3, 1, 1, vec![1])], &[vec![0x30, 0x03, 1]]).is_none());
}

#[test]
fn certificate_details_are_read() {
    let info = probe::cert::info(&der(LEAF_PEM)).unwrap();
    assert_eq!(info.sans, ["mx.dane.test"]);
    assert!(info.subject.contains("mx.dane.test") && info.issuer.contains("Test DANE CA"));
    assert!(info.matches("MX.dane.test") && !info.matches("mx2.dane.test"));
    assert!(probe::cert::info(b"not a certificate").is_none());
}

/// The findings of one probed MX address whose TLSA lookup gave `tlsa`.
fn dane_ids(tlsa: TlsaLookup, chain: Vec<Vec<u8>>) -> Vec<String> {
    dane_ids_verdict(tlsa, chain, Ok(()))
}

/// [`dane_ids`] with the WebPKI verdict `verdict`.
fn dane_ids_verdict(
    tlsa: TlsaLookup,
    chain: Vec<Vec<u8>>,
    verdict: Result<(), Verdict>,
) -> Vec<String> {
    let smtp = SmtpProbe {
        host: "mx.dane.test".to_owned(),
        address: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 25,
        reached: true,
        banner: Some("mx.dane.test ESMTP".to_owned()),
        starttls: Some(true),
        protocol: Some("TLSv1_3".to_owned()),
        cipher: Some("TLS13_AES_128_GCM_SHA256".to_owned()),
        certificate: chain.first().and_then(|c| probe::cert::info(c)),
        chain,
        verdict: Some(verdict),
        failure: None,
    };
    let dane_match = match &tlsa {
        TlsaLookup::Found {
            records,
            authenticated: true,
        } => dane::first_match(records, &smtp.chain).map(Tlsa::params),
        _ => None,
    };
    let p = TlsProbe {
        smtp,
        tlsa,
        dane_match,
    };
    // Well inside the test certificate's validity (2026-2126).
    rules::probes::tls_findings(&p, 1_800_000_000, false)
        .into_iter()
        .map(|f| f.id)
        .collect()
}

fn found(records: Vec<Tlsa>, authenticated: bool) -> TlsaLookup {
    TlsaLookup::Found {
        records,
        authenticated,
    }
}

#[test]
fn dane_findings_count_only_authenticated_records() {
    let good = || vec![tlsa(3, 1, 1, hex(LEAF_SPKI_SHA256))];
    let bad = || vec![tlsa(3, 1, 1, hex(CA_SPKI_SHA256))];
    assert!(dane_ids(found(good(), true), chain()).is_empty());
    assert_eq!(dane_ids(found(bad(), true), chain()), ["dane-no-match"]);
    assert_eq!(
        dane_ids(found(bad(), false), chain()),
        ["dane-unauthenticated"]
    );
    assert!(dane_ids(found(Vec::new(), false), chain()).is_empty());
    assert_eq!(
        dane_ids(TlsaLookup::Failed("SERVFAIL".into()), chain()),
        ["dane-lookup-failed"]
    );
    // RFC 7672 §3.1: a matched DANE record stands in for WebPKI trust.
    let untrusted = || Err(Verdict::Untrusted("UnknownIssuer".into()));
    assert!(dane_ids_verdict(found(good(), true), chain(), untrusted()).is_empty());
    assert_eq!(
        dane_ids_verdict(found(bad(), true), chain(), untrusted()),
        ["smtp-cert-untrusted", "dane-no-match"]
    );
    assert_eq!(
        dane_ids_verdict(found(good(), false), chain(), untrusted()),
        ["smtp-cert-untrusted", "dane-unauthenticated"]
    );
}

#[test]
fn policy_parser_survives_hostile_input() {
    // A small xorshift generator: arbitrary bytes and policy-shaped lines.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let pieces: [&[u8]; 9] = [
        b"version: STSv1\n",
        b"mode: enforce\r\n",
        b"mx: *.example.com\n",
        b"max_age: 99999999999999999999\n",
        b":\n",
        b"\xff\xfe",
        b"mx: \n",
        b"mode:testing",
        b"\n\n",
    ];
    for _ in 0..5_000 {
        let mut body = Vec::new();
        for _ in 0..(next() % 12) {
            if next() % 3 == 0 {
                body.push((next() % 256) as u8);
            } else {
                body.extend_from_slice(pieces[(next() % pieces.len() as u64) as usize]);
            }
        }
        let _ = policy::parse(&body);
    }
    let big = "mx: a.example\n".repeat(10_000);
    let p = policy::parse(format!("version: STSv1\nmode: testing\nmax_age: 1\n{big}").as_bytes());
    assert_eq!(p.map(|p| p.mx.len()).ok(), Some(10_000));
}

/// Serves one SMTP dialogue per connection on 127.0.0.1: `greeting`, then
/// EHLO answered with `ehlo`, STARTTLS with `starttls`, QUIT with 221.
async fn smtp_server(greeting: &'static str, ehlo: &'static str, starttls: &'static str) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((conn, _)) = listener.accept().await {
            tokio::spawn(async move {
                let (r, mut w) = conn.into_split();
                let mut r = BufReader::new(r);
                let _ = w.write_all(greeting.as_bytes()).await;
                let mut line = String::new();
                while r.read_line(&mut line).await.unwrap_or(0) > 0 {
                    let verb = line
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_ascii_uppercase();
                    let reply = match verb.as_str() {
                        "EHLO" => ehlo,
                        "STARTTLS" => starttls,
                        "QUIT" => "221 bye\r\n",
                        _ => "250 OK\r\n",
                    };
                    let _ = w.write_all(reply.as_bytes()).await;
                    if verb == "QUIT" {
                        return;
                    }
                    line.clear();
                }
            });
        }
    });
    port
}

fn check_with_smtp(port: u16) -> Vec<String> {
    let mut r = Records::new();
    r.add("smtp.test", "MX", "10 mx.smtp.test.", 300).unwrap();
    r.add("mx.smtp.test", "A", "127.0.0.1", 300).unwrap();
    let s = DnsServer::start(r).unwrap();
    let addr = s.address();
    let config = DiscoveryConfig::new(&[addr.as_str()], 2.0, "2", 0.0, false).unwrap();
    let options = ProbeOptions::new(false, true, None, port, 443).unwrap();
    let report = check_domain_probed(&config, "smtp.test", &options).unwrap();
    let tls = report.probes.tls.as_ref().expect("probe_smtp ran");
    assert_eq!(tls.len(), 1);
    assert_eq!(tls[0].smtp.host, "mx.smtp.test");
    report
        .findings
        .into_iter()
        .map(|f| f.id)
        .filter(|i| i.starts_with("smtp-"))
        .collect()
}

#[test]
fn smtp_probe_findings_through_the_check() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (plain, refused, rejecting) = rt.block_on(async {
        (
            smtp_server(
                "220 mx ESMTP\r\n",
                "250-mx\r\n250 8BITMIME\r\n",
                "502 no\r\n",
            )
            .await,
            smtp_server(
                "220 mx\r\n",
                "250-mx\r\n250 STARTTLS\r\n",
                "454 4.7.0 later\r\n",
            )
            .await,
            smtp_server("554 go away\r\n", "250 mx\r\n", "502 no\r\n").await,
        )
    });
    assert_eq!(check_with_smtp(plain), ["smtp-no-starttls"]);
    assert_eq!(check_with_smtp(refused), ["smtp-starttls-refused"]);
    assert_eq!(check_with_smtp(rejecting), ["smtp-no-banner"]);
    // Nothing listens on the port of a just-closed listener.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    assert_eq!(check_with_smtp(closed), ["smtp-unreachable"]);
    drop(rt);
}

#[test]
fn no_probe_means_no_probe_data() {
    let mut r = Records::new();
    r.add("quiet.test", "MX", "10 mx.quiet.test.", 300).unwrap();
    r.add("mx.quiet.test", "A", "127.0.0.1", 300).unwrap();
    let s = DnsServer::start(r).unwrap();
    let addr = s.address();
    let config = DiscoveryConfig::new(&[addr.as_str()], 2.0, "2", 0.0, false).unwrap();
    let report = check_domain_probed(&config, "quiet.test", &ProbeOptions::default()).unwrap();
    assert_eq!(report.probes, probe::Probed::default());
}
