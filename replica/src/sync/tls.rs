//! Who the replica trusts over HTTPS: the Mozilla roots (webpki-roots, built in so
//! phones and Windows behave the same), plus an extra CA for a self-hosted province
//! server (`HOME/server-ca.pem`), and optionally a pin on the server's public key: the
//! base64 SHA-256 of the leaf certificate's SubjectPublicKeyInfo (as `openssl x509
//! -pubkey | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`).
//! A pin is checked in addition to the normal chain and name checks, never instead.

use base64::Engine;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// The extra trusted CA file inside the replica's home directory (PEM, one or more).
pub const EXTRA_CA_FILE: &str = "server-ca.pem";

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("Tệp chứng chỉ {0} không đọc được: {1}")]
    CaFile(String, String),
    #[error("Mã ghim khóa máy chủ không hợp lệ (cần base64 của SHA-256, 44 ký tự)")]
    BadPin,
    #[error("Không khởi tạo được kết nối bảo mật ({0})")]
    Setup(String),
}

/// A pin as given by a committee: base64 of 32 bytes, optionally prefixed `sha256/`.
pub fn parse_pin(pin: &str) -> Result<[u8; 32], TlsError> {
    let p = pin.trim();
    let p = p.strip_prefix("sha256/").unwrap_or(p);
    base64::engine::general_purpose::STANDARD
        .decode(p)
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .ok_or(TlsError::BadPin)
}

/// The pin of a DER certificate: base64 SHA-256 of its SubjectPublicKeyInfo.
pub fn spki_sha256(cert_der: &[u8]) -> Option<String> {
    let spki = spki_of(cert_der)?;
    Some(base64::engine::general_purpose::STANDARD.encode(Sha256::digest(spki)))
}

/// One DER element at the start of a buffer: (tag, header + content, content, rest).
type Element<'a> = (u8, &'a [u8], &'a [u8], &'a [u8]);

fn der_element(b: &[u8]) -> Option<Element<'_>> {
    let tag = *b.first()?;
    let first = *b.get(1)?;
    let (len, header) = if first < 0x80 {
        (first as usize, 2)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for i in 0..n {
            len = (len << 8) | *b.get(2 + i)? as usize;
        }
        (len, 2 + n)
    };
    let end = header.checked_add(len)?;
    let whole = b.get(..end)?;
    Some((tag, whole, &whole[header..], &b[end..]))
}

/// The SubjectPublicKeyInfo inside a certificate: Certificate → tbsCertificate →
/// [version], serial, signature, issuer, validity, subject, **subjectPublicKeyInfo**.
fn spki_of(cert: &[u8]) -> Option<&[u8]> {
    let (0x30, _, cert_body, _) = der_element(cert)? else {
        return None;
    };
    let (0x30, _, tbs, _) = der_element(cert_body)? else {
        return None;
    };
    let mut rest = tbs;
    // The optional explicit [0] version.
    if rest.first() == Some(&0xa0) {
        rest = der_element(rest)?.3;
    }
    for _ in 0..5 {
        rest = der_element(rest)?.3;
    }
    let (0x30, spki, _, _) = der_element(rest)? else {
        return None;
    };
    Some(spki)
}

/// The normal verifier, then the pin on the leaf's key.
#[derive(Debug)]
struct PinnedVerifier {
    inner: Arc<WebPkiServerVerifier>,
    pin: [u8; 32],
}

impl ServerCertVerifier for PinnedVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verified =
            self.inner
                .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)?;
        let matches = spki_of(end_entity).is_some_and(|spki| Sha256::digest(spki)[..] == self.pin);
        if matches {
            Ok(verified)
        } else {
            // Only this verifier raises ApplicationVerificationFailure: `describe` knows
            // it by that.
            Err(rustls::Error::InvalidCertificate(
                CertificateError::ApplicationVerificationFailure,
            ))
        }
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

fn roots(home: &Path) -> Result<RootCertStore, TlsError> {
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let ca = home.join(EXTRA_CA_FILE);
    if ca.exists() {
        let shown = ca.display().to_string();
        let bad = |why: String| TlsError::CaFile(shown.clone(), why);
        let certs = CertificateDer::pem_file_iter(&ca)
            .map_err(|e| bad(e.to_string()))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| bad(e.to_string()))?;
        if certs.is_empty() {
            return Err(bad("không có chứng chỉ nào".into()));
        }
        for c in certs {
            roots.add(c).map_err(|e| bad(e.to_string()))?;
        }
    }
    Ok(roots)
}

/// An HTTP client that trusts the roots above and, with `pin`, only that server key.
/// Timeouts: a dead server must fail a sync, not hang it.
pub fn client(home: &Path, pin: Option<&str>) -> Result<reqwest::Client, TlsError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier =
        WebPkiServerVerifier::builder_with_provider(Arc::new(roots(home)?), provider.clone())
            .build()
            .map_err(|e| TlsError::Setup(e.to_string()))?;
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsError::Setup(e.to_string()))?;
    let config = match pin {
        Some(p) => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(PinnedVerifier {
                inner: verifier,
                pin: parse_pin(p)?,
            })),
        None => builder.with_webpki_verifier(verifier),
    }
    .with_no_client_auth();
    reqwest::Client::builder()
        .use_preconfigured_tls(config)
        // As `http::client`: a redirect could lead the credential off the checked address.
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(120))
        .build()
        .map_err(|e| TlsError::Setup(e.to_string()))
}

/// A Vietnamese explanation when a request failed on the server's certificate, found
/// by walking the error's causes (reqwest → hyper → io::Error → rustls::Error).
pub fn describe(err: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        // io::Error hides what it wraps from `source()`; unwrap nested ones by hand.
        let mut inner = e;
        while let Some(next) = inner
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            inner = next;
        }
        let tls = inner.downcast_ref::<rustls::Error>();
        if let Some(rustls::Error::InvalidCertificate(c)) = tls {
            return Some(match c {
                CertificateError::ApplicationVerificationFailure => {
                    "Khóa của máy chủ không khớp với khóa đã ghim khi đăng ký: \
                     có thể đang kết nối nhầm máy chủ hoặc bị nghe lén, hãy báo cấp ủy"
                        .to_string()
                }
                CertificateError::UnknownIssuer => {
                    "Chứng chỉ của máy chủ không do tổ chức tin cậy cấp \
                     (máy chủ tự lập cần tệp server-ca.pem)"
                        .to_string()
                }
                CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                    "Chứng chỉ của máy chủ đã hết hạn".to_string()
                }
                CertificateError::NotValidForName
                | CertificateError::NotValidForNameContext { .. } => {
                    "Chứng chỉ của máy chủ không dành cho địa chỉ này".to_string()
                }
                other => format!("Chứng chỉ của máy chủ không hợp lệ ({other:?})"),
            });
        }
        cur = e.source();
    }
    None
}
