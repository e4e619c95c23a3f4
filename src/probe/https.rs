//! The MTA-STS policy fetch (RFC 8461 §3.3): `GET
//! https://mta-sts.DOMAIN/.well-known/mta-sts.txt` on an address the
//! check's DNS gave, SNI and certificate name `mta-sts.DOMAIN`, no
//! redirects, status 200, `text/plain`, at most 64 KiB read.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::header::{CONTENT_TYPE, HOST, LOCATION, USER_AGENT};
use hyper::Request;
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use tokio::net::TcpStream;
use tokio::time::{timeout_at, Instant};
use tokio_rustls::TlsConnector;

use super::cert::{self, CertInfo};
use super::trust::{Recorder, Trust, Verdict};

/// The largest policy body accepted (RFC 8461 §3.3 suggests 64 KiB).
pub const MAX_BODY: usize = 64 * 1024;
/// The well-known path (RFC 8461 §3.3).
pub const PATH: &str = "/.well-known/mta-sts.txt";

/// Why no policy body was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchFailure {
    /// `mta-sts.DOMAIN` has no address, or its lookup failed.
    NoAddress(String),
    /// TCP connect, TLS handshake, or the HTTP exchange failed.
    Unreachable(String),
    /// The certificate is not valid for `mta-sts.DOMAIN`.
    Certificate(Verdict),
    /// A 3xx answer (RFC 8461 §3.3: redirects are not followed).
    Redirect(u16, Option<String>),
    /// Another status than 200.
    Status(u16),
    /// The Content-Type is not `text/plain`.
    ContentType(Option<String>),
    /// More than [`MAX_BODY`] bytes.
    TooLarge,
}

impl FetchFailure {
    /// The reason for people.
    pub fn reason(&self) -> String {
        match self {
            Self::NoAddress(r) => format!("no address: {r}"),
            Self::Unreachable(r) => r.clone(),
            Self::Certificate(Verdict::Name(r) | Verdict::Expired(r) | Verdict::Untrusted(r)) => {
                format!("certificate rejected: {r}")
            }
            Self::Redirect(code, to) => match to {
                Some(to) => format!("HTTP {code} redirect to {to} (redirects are not followed)"),
                None => format!("HTTP {code} redirect (redirects are not followed)"),
            },
            Self::Status(code) => format!("HTTP status {code}, not 200"),
            Self::ContentType(t) => format!(
                "Content-Type {}, not text/plain",
                t.as_deref()
                    .map_or("missing".to_owned(), |t| format!("{t:?}"))
            ),
            Self::TooLarge => format!("body larger than {MAX_BODY} bytes"),
        }
    }
}

/// The outcome of one fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL asked.
    pub url: String,
    /// The address connected to, if any.
    pub address: Option<IpAddr>,
    /// The server's certificate, if a handshake got that far.
    pub certificate: Option<CertInfo>,
    /// The body, or why there is none.
    pub body: Result<Vec<u8>, FetchFailure>,
}

/// The policy URL of `domain` (ASCII, no trailing dot) on `port`.
pub fn url(domain: &str, port: u16) -> String {
    if port == 443 {
        format!("https://mta-sts.{domain}{PATH}")
    } else {
        format!("https://mta-sts.{domain}:{port}{PATH}")
    }
}

/// Fetches from the first of `addresses` that connects, by `deadline`.
pub async fn fetch(
    trust: &Trust,
    domain: &str,
    addresses: &[IpAddr],
    port: u16,
    deadline: Instant,
) -> Fetched {
    let mut out = Fetched {
        url: url(domain, port),
        address: None,
        certificate: None,
        body: Err(FetchFailure::NoAddress("no A/AAAA record".to_owned())),
    };
    let host = format!("mta-sts.{domain}");
    for &ip in addresses {
        out.address = Some(ip);
        let attempt = timeout_at(deadline, get(trust, &host, ip, port, &mut out.certificate)).await;
        out.body = attempt.unwrap_or_else(|_| Err(FetchFailure::Unreachable("timed out".into())));
        if !matches!(out.body, Err(FetchFailure::Unreachable(_))) || Instant::now() >= deadline {
            break;
        }
    }
    out
}

async fn get(
    trust: &Trust,
    host: &str,
    ip: IpAddr,
    port: u16,
    certificate: &mut Option<CertInfo>,
) -> Result<Vec<u8>, FetchFailure> {
    let unreachable = |what: &str, e: &dyn std::fmt::Display| {
        FetchFailure::Unreachable(format!("{what} {ip} port {port}: {e}"))
    };
    let tcp = TcpStream::connect(SocketAddr::new(ip, port))
        .await
        .map_err(|e| unreachable("cannot connect to", &e))?;
    let recorder = Arc::new(Recorder::default());
    let config = trust
        .client_config(recorder.clone())
        .map_err(FetchFailure::Unreachable)?;
    let name = ServerName::try_from(host.to_owned())
        .map_err(|e| FetchFailure::Unreachable(format!("invalid host {host:?}: {e}")))?;
    let tls = TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await;
    let seen = recorder.seen();
    *certificate = seen.chain.first().and_then(|c| cert::info(c));
    let tls = tls.map_err(|e| unreachable("TLS handshake with", &e))?;
    if let Some(Err(v)) = seen.verdict {
        return Err(FetchFailure::Certificate(v));
    }
    request(tls, host, port).await
}

async fn request<S>(stream: S, host: &str, port: u16) -> Result<Vec<u8>, FetchFailure>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let http = |e: hyper::Error| FetchFailure::Unreachable(format!("HTTP: {e}"));
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(http)?;
    let driver = tokio::spawn(async move {
        let _ = conn.await;
    });
    let authority = if port == 443 {
        host.to_owned()
    } else {
        format!("{host}:{port}")
    };
    let req = Request::get(PATH)
        .header(HOST, authority)
        .header(
            USER_AGENT,
            concat!("mailtrace-mx/", env!("CARGO_PKG_VERSION")),
        )
        .body(Empty::<Bytes>::new())
        .map_err(|e| FetchFailure::Unreachable(format!("HTTP request: {e}")))?;
    let result = async {
        let resp = sender.send_request(req).await.map_err(http)?;
        check_head(&resp)?;
        read_body(resp.into_body()).await
    }
    .await;
    driver.abort();
    result
}

/// Status 200 and `text/plain` (RFC 8461 §3.3), else the failure.
fn check_head<B>(resp: &hyper::Response<B>) -> Result<(), FetchFailure> {
    let status = resp.status().as_u16();
    if resp.status().is_redirection() {
        let to = resp
            .headers()
            .get(LOCATION)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        return Err(FetchFailure::Redirect(status, to));
    }
    if status != 200 {
        return Err(FetchFailure::Status(status));
    }
    let ctype = resp
        .headers()
        .get(CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let media = ctype
        .as_deref()
        .and_then(|t| t.split(';').next())
        .map(str::trim);
    if !media.is_some_and(|m| m.eq_ignore_ascii_case("text/plain")) {
        return Err(FetchFailure::ContentType(ctype));
    }
    Ok(())
}

/// The body, reading no more than one byte past [`MAX_BODY`].
async fn read_body(mut body: hyper::body::Incoming) -> Result<Vec<u8>, FetchFailure> {
    let mut out = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| FetchFailure::Unreachable(format!("HTTP body: {e}")))?;
        if let Some(data) = frame.data_ref() {
            if out.len() + data.len() > MAX_BODY {
                return Err(FetchFailure::TooLarge);
            }
            out.extend_from_slice(data);
        }
    }
    Ok(out)
}
