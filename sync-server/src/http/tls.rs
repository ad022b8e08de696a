//! HTTPS for the sync server: rustls (ring provider, no cmake) from PEM certificate and
//! key files, as an axum [`Listener`] so the same router serves both. Handshakes run on
//! their own tasks with a timeout, so a slow or silent client cannot hold up others.

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

/// How long a client may take to finish the TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// Finished handshakes waiting for the server to take them.
const QUEUE: usize = 64;

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("không đọc được tệp chứng chỉ {path}: {reason}")]
    Certificate { path: String, reason: String },
    #[error("không đọc được tệp khóa riêng {path}: {reason}")]
    Key { path: String, reason: String },
    #[error("chứng chỉ và khóa riêng không dùng được cùng nhau: {0}")]
    Config(#[from] rustls::Error),
}

/// A server configuration from a PEM certificate chain (leaf first) and its private
/// key (PKCS#8, PKCS#1 or SEC1), offering HTTP/1.1.
pub fn load_config(cert: &Path, key: &Path) -> Result<Arc<rustls::ServerConfig>, TlsError> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .and_then(|it| it.collect::<Result<Vec<_>, _>>())
        .map_err(|e| TlsError::Certificate {
            path: cert.display().to_string(),
            reason: e.to_string(),
        })?;
    if certs.is_empty() {
        return Err(TlsError::Certificate {
            path: cert.display().to_string(),
            reason: "tệp không có chứng chỉ nào".into(),
        });
    }
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| TlsError::Key {
        path: key.display().to_string(),
        reason: e.to_string(),
    })?;
    config_from(certs, key)
}

/// A server configuration from certificates and a key already in memory.
pub fn config_from(
    certs: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Result<Arc<rustls::ServerConfig>, TlsError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(certs, key)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// The peer of a TLS connection, for `ConnectInfo` (the rate limits count it).
#[derive(Clone, Copy, Debug)]
pub struct PeerAddr(pub SocketAddr);

impl Connected<IncomingStream<'_, TlsListener>> for PeerAddr {
    fn connect_info(stream: IncomingStream<'_, TlsListener>) -> Self {
        PeerAddr(*stream.remote_addr())
    }
}

/// Accepts TCP connections and hands over those that completed a TLS handshake.
pub struct TlsListener {
    local: SocketAddr,
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    accept_task: tokio::task::JoinHandle<()>,
}

impl Drop for TlsListener {
    fn drop(&mut self) {
        self.accept_task.abort();
    }
}

impl TlsListener {
    pub fn new(listener: TcpListener, config: Arc<rustls::ServerConfig>) -> std::io::Result<Self> {
        let local = listener.local_addr()?;
        let acceptor = TlsAcceptor::from(config);
        let (tx, ready) = mpsc::channel(QUEUE);
        let accept_task = tokio::spawn(async move {
            loop {
                let (tcp, peer) = match listener.accept().await {
                    Ok(c) => c,
                    Err(e) => {
                        // Out of file descriptors and the like: wait a little, go on.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let acceptor = acceptor.clone();
                let tx = tx.clone();
                tokio::spawn(async move {
                    match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
                        Ok(Ok(tls)) => {
                            let _ = tx.send((tls, peer)).await;
                        }
                        Ok(Err(e)) => tracing::debug!(%peer, error = %e, "TLS handshake failed"),
                        Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
                    }
                });
            }
        });
        Ok(TlsListener {
            local,
            ready,
            accept_task,
        })
    }
}

impl Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(c) => c,
            // The accept task ended (it never does unless aborted): accept nothing more.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}

/// Self-signed certificates for tests of HTTPS (feature `test-certs`): the client
/// side trusts `cert_pem` (or pins its key) and the server loads the files.
#[cfg(feature = "test-certs")]
pub mod testing {
    /// A certificate for `localhost` and `127.0.0.1`, PEM.
    pub struct TestCert {
        pub cert_pem: String,
        pub key_pem: String,
        /// The DER of the certificate (e.g. for `reqwest::Certificate::from_der`).
        pub cert_der: Vec<u8>,
    }

    /// A fresh self-signed certificate (panics only if rcgen cannot make one).
    #[allow(clippy::expect_used)]
    pub fn self_signed() -> TestCert {
        let names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
        let c = rcgen::generate_simple_self_signed(names).expect("rcgen");
        TestCert {
            cert_pem: c.cert.pem(),
            key_pem: c.signing_key.serialize_pem(),
            cert_der: c.cert.der().to_vec(),
        }
    }

    /// Write the certificate and key into `dir` as `cert.pem` and `key.pem`.
    pub fn write(
        cert: &TestCert,
        dir: &std::path::Path,
    ) -> std::io::Result<(std::path::PathBuf, std::path::PathBuf)> {
        let (c, k) = (dir.join("cert.pem"), dir.join("key.pem"));
        std::fs::write(&c, &cert.cert_pem)?;
        std::fs::write(&k, &cert.key_pem)?;
        Ok((c, k))
    }
}
