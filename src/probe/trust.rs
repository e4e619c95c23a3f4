//! Trust anchors (the system's roots plus an optional PEM bundle) and a
//! certificate verifier that records the chain and the WebPKI verdict
//! instead of aborting the handshake, so a certificate that would not
//! verify can still be reported.

use std::fmt;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{ring, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

/// The largest `cafile` read (a bundle of every public root is ~250 KB).
const MAX_CAFILE_BYTES: u64 = 8 << 20;

/// The roots a probe trusts, built once per check.
#[derive(Clone)]
pub struct Trust {
    roots: Arc<RootCertStore>,
    provider: Arc<CryptoProvider>,
}

impl fmt::Debug for Trust {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Trust({} roots)", self.roots.len())
    }
}

impl Trust {
    /// The system's roots plus every certificate of the PEM file `cafile`.
    /// An unreadable or empty `cafile` is an error naming it; system roots
    /// that fail to load are skipped.
    pub fn new(cafile: Option<&Path>) -> Result<Self, String> {
        let mut roots = RootCertStore::empty();
        roots.add_parsable_certificates(system_roots().iter().cloned());
        if let Some(path) = cafile {
            let pem = read_bounded(path)?;
            let mut added = 0usize;
            for cert in CertificateDer::pem_slice_iter(&pem) {
                let cert = cert.map_err(|e| format!("cafile {}: {e}", path.display()))?;
                roots
                    .add(cert)
                    .map_err(|e| format!("cafile {}: {e}", path.display()))?;
                added += 1;
            }
            if added == 0 {
                return Err(format!(
                    "cafile {}: no PEM certificate found",
                    path.display()
                ));
            }
        }
        Ok(Self {
            roots: Arc::new(roots),
            provider: Arc::new(ring::default_provider()),
        })
    }

    /// A client config (TLS 1.2 and 1.3) whose verifier records into `record`.
    pub fn client_config(&self, record: Arc<Recorder>) -> Result<ClientConfig, String> {
        let inner =
            WebPkiServerVerifier::builder_with_provider(self.roots.clone(), self.provider.clone())
                .build()
                .map_err(|e| format!("cannot set up certificate verification: {e}"))?;
        let verifier = Recording { inner, record };
        let config = ClientConfig::builder_with_provider(self.provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("cannot set up TLS: {e}"))?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth();
        Ok(config)
    }
}

/// The system's roots, read once per process (a bulk check builds a
/// [`Trust`] per domain).
fn system_roots() -> &'static [CertificateDer<'static>] {
    static ROOTS: OnceLock<Vec<CertificateDer<'static>>> = OnceLock::new();
    ROOTS.get_or_init(|| rustls_native_certs::load_native_certs().certs)
}

/// Reads at most [`MAX_CAFILE_BYTES`] of `path`.
fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cafile {}: {e}", path.display()))?;
    let mut out = Vec::new();
    file.take(MAX_CAFILE_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("cafile {}: {e}", path.display()))?;
    if out.len() as u64 > MAX_CAFILE_BYTES {
        return Err(format!(
            "cafile {}: larger than {MAX_CAFILE_BYTES} bytes",
            path.display()
        ));
    }
    Ok(out)
}

/// What the verifier saw: the presented chain (leaf first) and the WebPKI
/// verdict (`Err` holds rustls's reason).
#[derive(Debug, Clone, Default)]
pub struct Seen {
    /// The chain as presented, leaf first (DER).
    pub chain: Vec<Vec<u8>>,
    /// `None` before the verifier ran; then `Ok` or the reason.
    pub verdict: Option<Result<(), Verdict>>,
}

/// Why WebPKI rejected a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Not valid for the name asked (SNI).
    Name(String),
    /// Outside its validity period.
    Expired(String),
    /// Chain does not lead to a trusted root, or other chain errors.
    Untrusted(String),
}

/// Shared slot the verifier writes into.
#[derive(Debug, Default)]
pub struct Recorder(Mutex<Seen>);

impl Recorder {
    /// A copy of what was recorded.
    pub fn seen(&self) -> Seen {
        self.0.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

fn classify(e: &rustls::Error) -> Verdict {
    use rustls::CertificateError as C;
    let text = e.to_string();
    match e {
        rustls::Error::InvalidCertificate(
            C::NotValidForName | C::NotValidForNameContext { .. },
        ) => Verdict::Name(text),
        rustls::Error::InvalidCertificate(
            C::Expired | C::ExpiredContext { .. } | C::NotValidYet | C::NotValidYetContext { .. },
        ) => Verdict::Expired(text),
        _ => Verdict::Untrusted(text),
    }
}

/// Verifies with WebPKI, records the outcome, and lets the handshake go on.
struct Recording {
    inner: Arc<WebPkiServerVerifier>,
    record: Arc<Recorder>,
}

impl fmt::Debug for Recording {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Recording")
    }
}

impl ServerCertVerifier for Recording {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = self
            .inner
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            .map(|_| ())
            .map_err(|e| classify(&e));
        if let Ok(mut seen) = self.record.0.lock() {
            seen.chain = std::iter::once(end_entity)
                .chain(intermediates)
                .map(|c| c.as_ref().to_vec())
                .collect();
            seen.verdict = Some(verdict);
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}
