//! The SMTP probe of one MX address: connect, the 220 banner, EHLO,
//! STARTTLS (RFC 3207), the TLS handshake with SNI = the MX host, the
//! certificate as presented, and QUIT. Every step is bounded by the
//! probe's deadline; a failing step ends the probe with its reason.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use rustls::pki_types::ServerName;
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
};
use tokio::net::TcpStream;
use tokio::time::{timeout_at, Instant};
use tokio_rustls::TlsConnector;

use super::cert::{self, CertInfo};
use super::trust::{Recorder, Trust, Verdict};

/// Longest reply line read (RFC 5321 §4.5.3.1.5 says 512 octets).
const MAX_LINE: u64 = 4096;
/// Most lines of one multi-line reply read.
const MAX_LINES: usize = 200;
/// The name we greet with (RFC 5321 §4.1.4: a domain or address literal).
const EHLO_NAME: &str = "mailtrace-mx.invalid";

/// Where the probe of one address stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SmtpFailure {
    /// TCP connect failed or timed out.
    Connect(String),
    /// No 220 banner (closed, timed out, or another code).
    Banner(String),
    /// EHLO failed.
    Ehlo(String),
    /// STARTTLS is not in the EHLO reply.
    NoStarttls,
    /// STARTTLS answered with something else than 220 (e.g. 454).
    StarttlsRefused(String),
    /// The server only offers TLS before 1.2.
    OldTls(String),
    /// The TLS handshake failed.
    Handshake(String),
}

impl SmtpFailure {
    /// The reason for people.
    pub fn reason(&self) -> String {
        match self {
            Self::Connect(r) => format!("cannot connect: {r}"),
            Self::Banner(r) => format!("no 220 banner: {r}"),
            Self::Ehlo(r) => format!("EHLO failed: {r}"),
            Self::NoStarttls => "STARTTLS not offered in the EHLO reply".to_owned(),
            Self::StarttlsRefused(r) => format!("STARTTLS refused: {r}"),
            Self::OldTls(r) => format!("no TLS 1.2 or later: {r}"),
            Self::Handshake(r) => format!("TLS handshake failed: {r}"),
        }
    }
}

/// What the probe of one MX address found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpProbe {
    /// The MX host name.
    pub host: String,
    /// The address probed.
    pub address: IpAddr,
    /// The port.
    pub port: u16,
    /// TCP connected.
    pub reached: bool,
    /// The first line of the 220 banner.
    pub banner: Option<String>,
    /// Whether EHLO advertised STARTTLS (`None`: not reached).
    pub starttls: Option<bool>,
    /// The negotiated protocol (`TLSv1_3`).
    pub protocol: Option<String>,
    /// The negotiated cipher suite.
    pub cipher: Option<String>,
    /// The leaf certificate.
    pub certificate: Option<CertInfo>,
    /// The presented chain, leaf first (DER).
    pub chain: Vec<Vec<u8>>,
    /// The WebPKI verdict for the chain and the host name.
    pub verdict: Option<Result<(), Verdict>>,
    /// Where it stopped, if it did.
    pub failure: Option<SmtpFailure>,
}

impl SmtpProbe {
    fn new(host: &str, address: IpAddr, port: u16) -> Self {
        Self {
            host: host.to_owned(),
            address,
            port,
            reached: false,
            banner: None,
            starttls: None,
            protocol: None,
            cipher: None,
            certificate: None,
            chain: Vec::new(),
            verdict: None,
            failure: None,
        }
    }
}

/// Probes `host` at `address:port` by `deadline`.
pub async fn probe(
    trust: &Trust,
    host: &str,
    address: IpAddr,
    port: u16,
    deadline: Instant,
) -> SmtpProbe {
    let mut out = SmtpProbe::new(host, address, port);
    let result = timeout_at(deadline, run(trust, &mut out)).await;
    let failure = match result {
        Ok(Ok(())) => None,
        Ok(Err(f)) => Some(f),
        Err(_) => Some(timed_out(&out)),
    };
    out.failure = failure;
    out
}

/// The failure of a probe that ran out of time, by the step it was at.
fn timed_out(out: &SmtpProbe) -> SmtpFailure {
    let t = "timed out".to_owned();
    if !out.reached {
        SmtpFailure::Connect(t)
    } else if out.banner.is_none() {
        SmtpFailure::Banner(t)
    } else if out.starttls.is_none() {
        SmtpFailure::Ehlo(t)
    } else {
        SmtpFailure::Handshake(t)
    }
}

/// One reply: its code and lines (RFC 5321 §4.2: `ddd-` continues, `ddd ` ends).
async fn reply<R: AsyncBufRead + Unpin>(r: &mut R) -> Result<(u16, Vec<String>), String> {
    let mut lines = Vec::new();
    loop {
        let mut buf = Vec::new();
        let n = (&mut *r)
            .take(MAX_LINE)
            .read_until(b'\n', &mut buf)
            .await
            .map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed".to_owned());
        }
        let line = String::from_utf8_lossy(&buf).trim_end().to_owned();
        let code = line
            .get(..3)
            .and_then(|c| c.parse::<u16>().ok())
            .ok_or_else(|| format!("not an SMTP reply: {line:?}"))?;
        let more = line.as_bytes().get(3) == Some(&b'-');
        lines.push(line.get(4..).unwrap_or("").to_owned());
        if !more {
            return Ok((code, lines));
        }
        if lines.len() >= MAX_LINES {
            return Err(format!("reply longer than {MAX_LINES} lines"));
        }
    }
}

async fn command<S: AsyncBufRead + AsyncWrite + Unpin>(
    s: &mut S,
    line: &str,
) -> Result<(u16, Vec<String>), String> {
    s.write_all(format!("{line}\r\n").as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    s.flush().await.map_err(|e| e.to_string())?;
    reply(s).await
}

async fn run(trust: &Trust, out: &mut SmtpProbe) -> Result<(), SmtpFailure> {
    let tcp = TcpStream::connect(SocketAddr::new(out.address, out.port))
        .await
        .map_err(|e| SmtpFailure::Connect(e.to_string()))?;
    out.reached = true;
    let mut s = BufReader::new(tcp);
    let (code, lines) = reply(&mut s).await.map_err(SmtpFailure::Banner)?;
    if code != 220 {
        return Err(SmtpFailure::Banner(format!("{code} {}", lines.join(" "))));
    }
    out.banner = lines.first().cloned();
    let (code, lines) = command(&mut s, &format!("EHLO {EHLO_NAME}"))
        .await
        .map_err(SmtpFailure::Ehlo)?;
    if code != 250 {
        return Err(SmtpFailure::Ehlo(format!("{code} {}", lines.join(" "))));
    }
    let offered = lines.iter().any(|l| {
        l.split_whitespace()
            .next()
            .is_some_and(|k| k.eq_ignore_ascii_case("STARTTLS"))
    });
    out.starttls = Some(offered);
    if !offered {
        let _ = command(&mut s, "QUIT").await;
        return Err(SmtpFailure::NoStarttls);
    }
    let (code, lines) = command(&mut s, "STARTTLS")
        .await
        .map_err(SmtpFailure::StarttlsRefused)?;
    if code != 220 {
        let _ = command(&mut s, "QUIT").await;
        return Err(SmtpFailure::StarttlsRefused(format!(
            "{code} {}",
            lines.join(" ")
        )));
    }
    // Bytes buffered after the 220 would be a STARTTLS injection: dropped.
    handshake(trust, out, s.into_inner()).await
}

/// The TLS part: handshake with SNI = the MX host, the recorded chain, QUIT.
async fn handshake(trust: &Trust, out: &mut SmtpProbe, tcp: TcpStream) -> Result<(), SmtpFailure> {
    let recorder = Arc::new(Recorder::default());
    let config = trust
        .client_config(recorder.clone())
        .map_err(SmtpFailure::Handshake)?;
    let name = ServerName::try_from(out.host.clone())
        .map_err(|e| SmtpFailure::Handshake(format!("invalid server name {:?}: {e}", out.host)))?;
    let result = TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await;
    let seen = recorder.seen();
    out.certificate = seen.chain.first().and_then(|c| cert::info(c));
    out.chain = seen.chain;
    out.verdict = seen.verdict;
    let tls = result.map_err(|e| handshake_failure(&e))?;
    let (_, conn) = tls.get_ref();
    out.protocol = conn.protocol_version().map(|v| format!("{v:?}"));
    out.cipher = conn
        .negotiated_cipher_suite()
        .map(|c| format!("{:?}", c.suite()));
    let mut s = BufReader::new(tls);
    // RFC 3207 §4.2: a fresh EHLO after TLS; then leave politely.
    if command(&mut s, &format!("EHLO {EHLO_NAME}")).await.is_ok() {
        let _ = command(&mut s, "QUIT").await;
    }
    let _ = s.into_inner().shutdown().await;
    Ok(())
}

/// A handshake error, with servers that only speak TLS < 1.2 told apart.
fn handshake_failure(e: &std::io::Error) -> SmtpFailure {
    use rustls::{AlertDescription, PeerIncompatible};
    let tls = e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>());
    match tls {
        Some(rustls::Error::AlertReceived(AlertDescription::ProtocolVersion))
        | Some(rustls::Error::PeerIncompatible(PeerIncompatible::ServerDoesNotSupportTls12Or13)) => {
            SmtpFailure::OldTls(e.to_string())
        }
        _ => SmtpFailure::Handshake(e.to_string()),
    }
}
