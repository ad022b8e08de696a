//! The real server on 127.0.0.1:0 with a two-district tree and one grassroots
//! document, replicas enrolled against it, and a TCP proxy in front of it that can
//! cut a response after a set number of bytes (a real interrupted download).
#![allow(dead_code)]

use sotay_model::api::{requests, Request, Response};
use sotay_model::entities::PositionTitle;
use sotay_model::entities::{Gender, Member, MemberStatus, OrgKind, Organisation, Position};
use sotay_model::library::documents::{DocKind, DocStatus, Document};
use sotay_model::Id;
use sotay_replica::Replica;
use sotay_server::{rows, AppState, SqliteStore, Store};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const GRASSROOTS: u128 = 3;
pub const CELL_1: u128 = 4;
pub const CELL_2: u128 = 5;
pub const CELL_FAR: u128 = 8;
pub const SECRETARY: u128 = 0x51;
pub const M1: u128 = 0x52;
pub const M2: u128 = 0x53;
pub const OUTSIDER: u128 = 0x54;
pub const DOC: u128 = 0xD0C;

pub fn id(v: u128) -> Id {
    Id::from_u128(v)
}

fn now() -> u64 {
    sotay_replica::Env::now_ms(&sotay_replica::SystemEnv)
}

fn seed(store: &SqliteStore) {
    let org = |v: u128, name: &str, kind, parent: Option<u128>| Organisation {
        id: id(v),
        name: name.into(),
        kind,
        parent_id: parent.map(id),
    };
    let person = |v: u128, name: &str, cell: u128| Member {
        id: id(v),
        full_name: name.into(),
        birth_date: "1978-09-02".into(),
        gender: Gender::Male,
        joined_date: "2002-05-19".into(),
        official_date: Some("2003-05-19".into()),
        card_no: format!("TB-{v}"),
        status: MemberStatus::Full,
        cell_id: id(cell),
    };
    let hlc = rows::server_hlc(1_000);
    let mut n = 0x1000u128;
    let mut next = || {
        n += 1;
        id(n)
    };
    let mut changes = vec![
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
            &org(CELL_1, "Chi bộ thôn 1", OrgKind::Cell, Some(GRASSROOTS)),
            hlc,
        ),
        rows::organisation_change(
            next(),
            &org(CELL_2, "Chi bộ thôn 2", OrgKind::Cell, Some(GRASSROOTS)),
            hlc,
        ),
        rows::organisation_change(
            next(),
            &org(6, "Đảng bộ huyện Tiền Hải", OrgKind::District, Some(1)),
            hlc,
        ),
        rows::organisation_change(
            next(),
            &org(7, "Đảng bộ xã Nam Hà", OrgKind::Grassroots, Some(6)),
            hlc,
        ),
        rows::organisation_change(
            next(),
            &org(CELL_FAR, "Chi bộ thôn Nam Hải", OrgKind::Cell, Some(7)),
            hlc,
        ),
        rows::member_change(next(), &person(SECRETARY, "Nguyễn Văn Sơn", CELL_1), hlc),
        rows::member_change(next(), &person(M1, "Trần Thị Mai", CELL_1), hlc),
        rows::member_change(next(), &person(M2, "Lê Văn Phúc", CELL_2), hlc),
        rows::member_change(next(), &person(OUTSIDER, "Đỗ Văn Nam", CELL_FAR), hlc),
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
    changes.push(rows::document_change(
        next(),
        &Document {
            id: id(DOC),
            kind: DocKind::Resolution,
            number: "05-NQ/ĐU".into(),
            title: "Nghị quyết về chuyển đổi số trong công tác đảng".into(),
            org_id: id(GRASSROOTS),
            issuer: "Đảng ủy xã Tam Quang".into(),
            issued_on: "2025-02-03".into(),
            status: DocStatus::InForce,
            summary: "Đẩy mạnh ứng dụng công nghệ thông tin.".into(),
            body: "Toàn văn nghị quyết.".into(),
            topics: vec!["chuyển đổi số".into()],
        },
        hlc,
    ));
    let results = store.seed(&changes, 1_000).expect("seed");
    assert!(
        results
            .iter()
            .all(|r| matches!(r.outcome, sotay_model::protocol::Outcome::Accepted { .. })),
        "{results:?}"
    );
}

/// The real server, and a cutting proxy in front of it; both stop when dropped.
pub struct Server {
    pub store: Arc<SqliteStore>,
    pub state: AppState,
    pub addr: SocketAddr,
    pub proxy: SocketAddr,
    /// Bytes the proxy still forwards from server to client before it cuts every
    /// connection; negative: no limit.
    pub budget: Arc<AtomicI64>,
    _stop: tokio::sync::oneshot::Sender<()>,
    _dir: tempfile::TempDir,
}

impl Server {
    pub async fn start() -> Server {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Arc::new(SqliteStore::open(dir.path().join("sotay.db")).expect("store"));
        seed(&store);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let state = AppState::new(store.clone());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(sotay_server::serve(listener, state.clone(), async {
            let _ = rx.await;
        }));
        let budget = Arc::new(AtomicI64::new(-1));
        let proxy = start_proxy(addr, budget.clone()).await;
        Server {
            store,
            state,
            addr,
            proxy,
            budget,
            _stop: tx,
            _dir: dir,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.proxy)
    }

    /// Cut every response after `n` more bytes (headers included).
    pub fn cut_after(&self, n: i64) {
        self.budget.store(n, Ordering::SeqCst);
    }

    pub fn no_cut(&self) {
        self.budget.store(-1, Ordering::SeqCst);
    }

    pub async fn enrolled(&self, home: &Path, member: u128) -> Replica {
        let code = self
            .store
            .create_enroll_code(id(member), sotay_server::DEFAULT_CODE_TTL_MS, now())
            .expect("code");
        let replica = Replica::open(home).expect("open");
        let resp = replica
            .call(Request::Enroll(requests::Enroll {
                server: self.url(),
                code,
                device_name: "máy thử".into(),
                pin_sha256: None,
            }))
            .await
            .expect("enroll");
        assert!(matches!(resp, Response::Status(s) if s.enrolled && s.online));
        replica
    }
}

async fn start_proxy(upstream: SocketAddr, budget: Arc<AtomicI64>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind proxy");
    let addr = listener.local_addr().expect("proxy addr");
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let budget = budget.clone();
            tokio::spawn(async move {
                let Ok(server) = tokio::net::TcpStream::connect(upstream).await else {
                    return;
                };
                let (mut cr, mut cw) = client.into_split();
                let (mut sr, mut sw) = server.into_split();
                let up = tokio::spawn(async move {
                    let _ = tokio::io::copy(&mut cr, &mut sw).await;
                });
                let mut buf = vec![0u8; 16 * 1024];
                while let Ok(n) = sr.read(&mut buf).await {
                    if n == 0 {
                        break;
                    }
                    let left = budget.load(Ordering::SeqCst);
                    let take = if left < 0 { n } else { n.min(left as usize) };
                    if left >= 0 {
                        budget.fetch_sub(take as i64, Ordering::SeqCst);
                    }
                    if take > 0 && cw.write_all(&buf[..take]).await.is_err() {
                        break;
                    }
                    if take < n {
                        // The budget ran out: drop the connection mid-response.
                        break;
                    }
                }
                up.abort();
            });
        }
    });
    addr
}

pub async fn call(r: &Replica, req: Request) -> Response {
    let shown = format!("{req:?}");
    r.call(req)
        .await
        .unwrap_or_else(|e| panic!("{shown}: {e:?}"))
}

pub async fn sync(r: &Replica) {
    call(r, Request::SyncNow(requests::SyncNow)).await;
}
