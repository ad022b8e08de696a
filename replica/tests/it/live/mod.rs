//! A real sync server on 127.0.0.1:0 seeded with a small tree, and a TLS endpoint in
//! front of it (tokio-rustls with rcgen certificates) for the client's trust checks.
#![allow(dead_code)]

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use sotay_model::entities::PositionTitle;
use sotay_model::entities::{Gender, Member, MemberStatus, OrgKind, Organisation, Position};
use sotay_model::Id;
use sotay_server::{rows, AppState, SqliteStore, Store};
use std::net::SocketAddr;
use std::sync::Arc;

pub const GRASSROOTS: u128 = 3;
pub const CELL: u128 = 4;
pub const SECRETARY: u128 = 0x51;
pub const SECRET_MEMBER: u128 = 0x52;
/// A member whose name and card number must never appear in clear in the device's file.
pub const SECRET_NAME: &str = "Hoàng Thị Kín Đáo";
pub const SECRET_CARD: &str = "KD-90817263";

pub fn id(v: u128) -> Id {
    Id::from_u128(v)
}

pub fn now() -> u64 {
    sotay_replica::Env::now_ms(&sotay_replica::SystemEnv)
}

fn seed(store: &SqliteStore) {
    let org = |v: u128, name: &str, kind, parent: Option<u128>| Organisation {
        id: id(v),
        name: name.into(),
        kind,
        parent_id: parent.map(id),
    };
    let person = |v: u128, name: &str, card: &str| Member {
        id: id(v),
        full_name: name.into(),
        birth_date: "1975-04-30".into(),
        gender: Gender::Female,
        joined_date: "2000-01-01".into(),
        official_date: Some("2001-01-01".into()),
        card_no: card.into(),
        status: MemberStatus::Full,
        cell_id: id(CELL),
    };
    let hlc = rows::server_hlc(1_000);
    let mut n = 0x1000u128;
    let mut next = || {
        n += 1;
        id(n)
    };
    let changes = vec![
        rows::organisation_change(
            next(),
            &org(1, "Đảng bộ tỉnh Thái Bình", OrgKind::Province, None),
            hlc,
        ),
        rows::organisation_change(
            next(),
            &org(2, "Đảng bộ huyện Vũ Thư", OrgKind::District, Some(1)),
            hlc,
        ),
        rows::organisation_change(
            next(),
            &org(
                GRASSROOTS,
                "Đảng bộ xã Tam Quang",
                OrgKind::Grassroots,
                Some(2),
            ),
            hlc,
        ),
        rows::organisation_change(
            next(),
            &org(CELL, "Chi bộ thôn 1", OrgKind::Cell, Some(GRASSROOTS)),
            hlc,
        ),
        rows::member_change(next(), &person(SECRETARY, "Nguyễn Văn Sơn", "TB-1"), hlc),
        rows::member_change(
            next(),
            &person(SECRET_MEMBER, SECRET_NAME, SECRET_CARD),
            hlc,
        ),
        rows::position_change(
            next(),
            &Position {
                id: id(0x61),
                member_id: id(SECRETARY),
                org_id: id(GRASSROOTS),
                title: PositionTitle::Secretary,
            },
            hlc,
        ),
    ];
    store.seed(&changes, 1_000).expect("seed");
}

/// The real server over plain HTTP; stops when dropped.
pub struct Server {
    pub store: Arc<SqliteStore>,
    pub addr: SocketAddr,
    _stop: tokio::sync::oneshot::Sender<()>,
    _dir: tempfile::TempDir,
}

impl Server {
    pub async fn start() -> Server {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Arc::new(SqliteStore::open(dir.path().join("server.db")).expect("store"));
        seed(&store);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(sotay_server::serve(
            listener,
            AppState::new(store.clone()),
            async {
                let _ = rx.await;
            },
        ));
        Server {
            store,
            addr,
            _stop: tx,
            _dir: dir,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The same store served by the real server over HTTPS (`serve_tls` from PEM
    /// files, as `sotay-server serve --tls-cert --tls-key` does). Returns its URL.
    pub async fn serve_https(
        &self,
        certs: &Certs,
        dir: &std::path::Path,
    ) -> (String, tokio::sync::oneshot::Sender<()>) {
        let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
        std::fs::write(&cert, &certs.cert_pem).expect("cert file");
        std::fs::write(&key, &certs.key_pem).expect("key file");
        let config = sotay_server::load_tls_config(&cert, &key).expect("tls config");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(sotay_server::serve_tls(
            listener,
            config,
            AppState::new(self.store.clone()),
            async {
                let _ = rx.await;
            },
        ));
        (format!("https://{addr}"), tx)
    }

    /// A one-time enrollment code for the grassroots secretary.
    pub fn code(&self) -> String {
        self.store
            .create_enroll_code(id(SECRETARY), sotay_server::DEFAULT_CODE_TTL_MS, now())
            .expect("code")
    }
}

/// A CA and a server certificate for 127.0.0.1 signed by it.
pub struct Certs {
    pub ca_pem: String,
    pub chain: Vec<CertificateDer<'static>>,
    pub key_pkcs8: Vec<u8>,
    /// Base64 SHA-256 of the server key's SubjectPublicKeyInfo, computed by rcgen.
    pub pin: String,
    /// The same certificate and key as PEM files would hold them (for the real server).
    pub cert_pem: String,
    pub key_pem: String,
}

/// A province's own certificate authority (self-signed, not in any public store).
pub struct Ca {
    params: rcgen::CertificateParams,
    key: rcgen::KeyPair,
    pem: String,
}

impl Ca {
    pub fn new() -> Ca {
        use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
        let key = KeyPair::generate().expect("ca key");
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("ca params");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, "Tỉnh ủy Thái Bình — CA thử");
        let pem = params.self_signed(&key).expect("ca").pem();
        Ca { params, key, pem }
    }

    /// A server certificate for 127.0.0.1 with a fresh key.
    pub fn leaf(&self) -> Certs {
        use base64::Engine;
        use rcgen::{CertificateParams, Issuer, KeyPair, PublicKeyData};
        use sha2::Digest;
        let key = KeyPair::generate().expect("key");
        let params = CertificateParams::new(vec!["127.0.0.1".to_string()]).expect("params");
        let issuer = Issuer::from_params(&self.params, &self.key);
        let leaf = params.signed_by(&key, &issuer).expect("leaf");
        let pin = base64::engine::general_purpose::STANDARD
            .encode(sha2::Sha256::digest(key.subject_public_key_info()));
        Certs {
            ca_pem: self.pem.clone(),
            chain: vec![leaf.der().clone()],
            key_pkcs8: key.serialize_der(),
            pin,
            cert_pem: leaf.pem(),
            key_pem: key.serialize_pem(),
        }
    }
}

/// A new CA and a server certificate from it.
pub fn certs() -> Certs {
    Ca::new().leaf()
}

fn server_config(certs: &Certs) -> Arc<rustls::ServerConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(
            certs.chain.clone(),
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(certs.key_pkcs8.clone())),
        )
        .expect("server config");
    Arc::new(config)
}

/// A TLS endpoint on 127.0.0.1:0 that forwards every connection to `backend`.
pub struct TlsProxy {
    pub addr: SocketAddr,
    config: Arc<std::sync::Mutex<Arc<rustls::ServerConfig>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TlsProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TlsProxy {
    pub async fn start(backend: SocketAddr, certs: &Certs) -> TlsProxy {
        let config = Arc::new(std::sync::Mutex::new(server_config(certs)));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let current = config.clone();
        let task = tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let cfg = current.lock().expect("config").clone();
                let acceptor = tokio_rustls::TlsAcceptor::from(cfg);
                tokio::spawn(async move {
                    // A refused handshake (the client distrusts us) just ends here.
                    let Ok(mut tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let Ok(mut plain) = tokio::net::TcpStream::connect(backend).await else {
                        return;
                    };
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                });
            }
        });
        TlsProxy { addr, config, task }
    }

    /// Serve another certificate from now on (same address).
    pub fn rekey(&self, certs: &Certs) {
        *self.config.lock().expect("config") = server_config(certs);
    }

    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }
}
