//! Replicas against the real sync server on 127.0.0.1:0 with a hand-seeded SQLite
//! store: enroll, edit on two devices, converge; a refused edit rolls back; the server
//! going down and coming back; a revoked device wipes itself.

use sotay_model::administration::{MemberPatch, NewMember};
use sotay_model::api::{requests, ApiErrorKind, Request, Response};
use sotay_model::entities::{
    Gender, Member, MemberStatus, OrgKind, Organisation, Position, PositionTitle,
};
use sotay_model::Id;
use sotay_replica::Replica;
use sotay_server::{rows, AppState, SqliteStore, Store};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

const PROVINCE: u128 = 1;
const DISTRICT: u128 = 2;
const GRASSROOTS: u128 = 3;
const CELL_A: u128 = 4;
const CELL_B: u128 = 5;
const SECRETARY: u128 = 0x51;
const OFFICE: u128 = 0x52;
const PLAIN: u128 = 0x53;

fn id(v: u128) -> Id {
    Id::from_u128(v)
}

fn person(v: u128, name: &str, cell: u128) -> Member {
    Member {
        id: id(v),
        full_name: name.into(),
        birth_date: "1975-04-30".into(),
        gender: Gender::Male,
        joined_date: "2000-01-01".into(),
        official_date: Some("2001-01-01".into()),
        card_no: format!("TB-{v}"),
        status: MemberStatus::Full,
        cell_id: id(cell),
    }
}

/// A grassroots organisation with two cells; a secretary and an office clerk of the
/// grassroots committee, and one plain member.
fn seed(store: &SqliteStore) {
    let org = |v: u128, name: &str, kind, parent: Option<u128>| Organisation {
        id: id(v),
        name: name.into(),
        kind,
        parent_id: parent.map(id),
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
            &org(PROVINCE, "Đảng bộ tỉnh Thái Bình", OrgKind::Province, None),
            hlc,
        ),
        rows::organisation_change(
            next(),
            &org(
                DISTRICT,
                "Đảng bộ huyện Vũ Thư",
                OrgKind::District,
                Some(PROVINCE),
            ),
            hlc,
        ),
        rows::organisation_change(
            next(),
            &org(
                GRASSROOTS,
                "Đảng bộ xã Tam Quang",
                OrgKind::Grassroots,
                Some(DISTRICT),
            ),
            hlc,
        ),
        rows::organisation_change(
            next(),
            &org(CELL_A, "Chi bộ thôn 1", OrgKind::Cell, Some(GRASSROOTS)),
            hlc,
        ),
        rows::organisation_change(
            next(),
            &org(CELL_B, "Chi bộ thôn 2", OrgKind::Cell, Some(GRASSROOTS)),
            hlc,
        ),
    ];
    for (v, name, cell) in [
        (SECRETARY, "Nguyễn Văn Sơn", CELL_A),
        (OFFICE, "Trần Thị Oanh", CELL_B),
        (PLAIN, "Lê Văn Phúc", CELL_A),
    ] {
        changes.push(rows::member_change(next(), &person(v, name, cell), hlc));
    }
    for (v, member, title) in [
        (0x61, SECRETARY, PositionTitle::Secretary),
        (0x62, OFFICE, PositionTitle::OfficeStaff),
    ] {
        let p = Position {
            id: id(v),
            member_id: id(member),
            org_id: id(GRASSROOTS),
            title,
        };
        changes.push(rows::position_change(next(), &p, hlc));
    }
    let results = store.seed(&changes, 1_000).expect("seed");
    assert!(
        results
            .iter()
            .all(|r| matches!(r.outcome, sotay_model::protocol::Outcome::Accepted { .. })),
        "{results:?}"
    );
}

/// The real server on a loopback port, stoppable and restartable on the same port.
struct Server {
    store: Arc<SqliteStore>,
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Server {
    async fn start(store: Arc<SqliteStore>, addr: SocketAddr) -> Server {
        let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let state = AppState::new(store.clone());
        let task = tokio::spawn(sotay_server::serve(listener, state, async {
            let _ = rx.await;
        }));
        Server {
            store,
            addr,
            stop: Some(tx),
            task: Some(task),
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    async fn stop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.task.take() {
            t.await.expect("join").expect("served");
        }
    }
}

async fn enrolled(home: &Path, server: &Server, member: u128) -> Replica {
    let code = server
        .store
        .create_enroll_code(id(member), sotay_server::DEFAULT_CODE_TTL_MS, now())
        .expect("code");
    let replica = Replica::open(home).expect("open");
    let resp = replica
        .call(Request::Enroll(requests::Enroll {
            server: server.url(),
            code,
            device_name: "máy thử".into(),
            pin_sha256: None,
        }))
        .await
        .expect("enroll");
    let Response::Status(s) = resp else {
        panic!("wrong response: {resp:?}")
    };
    assert!(s.enrolled && s.online, "{s:?}");
    replica
}

fn now() -> u64 {
    sotay_replica::Env::now_ms(&sotay_replica::SystemEnv)
}

async fn members_of(r: &Replica, org: u128) -> Vec<Member> {
    match r
        .call(Request::ListMembers(requests::ListMembers {
            org_id: id(org),
        }))
        .await
        .expect("list")
    {
        Response::Members { members } => members,
        other => panic!("wrong response: {other:?}"),
    }
}

async fn sync(r: &Replica) -> sotay_model::sync::SyncReport {
    match r
        .call(Request::SyncNow(requests::SyncNow))
        .await
        .expect("sync")
    {
        Response::Synced(s) => s,
        other => panic!("wrong response: {other:?}"),
    }
}

#[tokio::test]
async fn two_committee_devices_converge_and_a_plain_members_edit_is_rolled_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(SqliteStore::open(dir.path().join("server.db")).expect("store"));
    seed(&store);
    let mut server = Server::start(store, "127.0.0.1:0".parse().expect("addr")).await;

    let one = enrolled(&dir.path().join("one"), &server, SECRETARY).await;
    let two = enrolled(&dir.path().join("two"), &server, OFFICE).await;
    let status = one.status().expect("status");
    assert_eq!(
        status.me.as_ref().map(|m| m.full_name.as_str()),
        Some("Nguyễn Văn Sơn")
    );
    assert_eq!(status.positions.len(), 1);
    assert_eq!(members_of(&two, GRASSROOTS).await.len(), 3);

    // One creates a member; two sees it after syncing.
    let Response::Created { id: new_id } = one
        .call(Request::CreateMember(NewMember {
            full_name: "Phạm Thị An".into(),
            birth_date: "1992-02-02".into(),
            gender: Gender::Female,
            joined_date: "2021-03-03".into(),
            official_date: None,
            card_no: "TB-900".into(),
            status: MemberStatus::Probationary,
            cell_id: id(CELL_B),
        }))
        .await
        .expect("create")
    else {
        panic!("wrong response")
    };
    let report = sync(&one).await;
    assert_eq!((report.pushed, report.accepted, report.rejected), (1, 1, 0));
    sync(&two).await;
    let seen = members_of(&two, CELL_B).await;
    assert_eq!(
        seen.first().map(|m| m.id),
        Some(new_id),
        "sorted by given name: An first"
    );

    // Concurrent edits of different fields both survive.
    let name = MemberPatch {
        full_name: Some("Phạm Thị Ân".into()),
        ..MemberPatch::default()
    };
    let card = MemberPatch {
        card_no: Some("TB-901".into()),
        ..MemberPatch::default()
    };
    one.call(Request::UpdateMember(requests::UpdateMember {
        id: new_id,
        patch: name,
    }))
    .await
    .expect("edit name");
    two.call(Request::UpdateMember(requests::UpdateMember {
        id: new_id,
        patch: card,
    }))
    .await
    .expect("edit card");
    sync(&one).await;
    sync(&two).await;
    sync(&one).await;
    let a = members_of(&one, PROVINCE).await;
    let b = members_of(&two, PROVINCE).await;
    assert_eq!(a, b, "both replicas converge");
    let m = a.iter().find(|m| m.id == new_id).expect("member");
    assert_eq!(
        (m.full_name.as_str(), m.card_no.as_str()),
        ("Phạm Thị Ân", "TB-901")
    );

    // A plain member may read their cell but not edit it: refused, rolled back, shown.
    let plain = enrolled(&dir.path().join("plain"), &server, PLAIN).await;
    let patch = MemberPatch {
        full_name: Some("Nguyễn Văn Sửa".into()),
        ..MemberPatch::default()
    };
    plain
        .call(Request::UpdateMember(requests::UpdateMember {
            id: id(SECRETARY),
            patch,
        }))
        .await
        .expect("local edit is allowed");
    let report = sync(&plain).await;
    assert_eq!(report.rejected, 1);
    let Response::Member { member } = plain
        .call(Request::GetMember(requests::GetMember {
            id: id(SECRETARY),
        }))
        .await
        .expect("get")
    else {
        panic!("wrong response")
    };
    assert_eq!(member.full_name, "Nguyễn Văn Sơn");
    let Response::Rejected { rejected } = plain
        .call(Request::ListRejected(requests::ListRejected))
        .await
        .expect("rejected")
    else {
        panic!("wrong response")
    };
    assert_eq!(rejected.len(), 1);
    assert!(!rejected[0].message.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn server_down_keeps_data_and_a_revoked_device_wipes_itself() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(SqliteStore::open(dir.path().join("server.db")).expect("store"));
    seed(&store);
    let mut server = Server::start(store.clone(), "127.0.0.1:0".parse().expect("addr")).await;
    let one = enrolled(&dir.path().join("one"), &server, SECRETARY).await;
    let addr = server.addr;
    server.stop().await;

    let patch = MemberPatch {
        card_no: Some("TB-777".into()),
        ..MemberPatch::default()
    };
    one.call(Request::UpdateMember(requests::UpdateMember {
        id: id(PLAIN),
        patch,
    }))
    .await
    .expect("edit offline");
    let err = one
        .call(Request::SyncNow(requests::SyncNow))
        .await
        .expect_err("server down");
    assert_eq!(err.kind, ApiErrorKind::Offline);
    let status = one.status().expect("status");
    assert!(!status.online);
    assert_eq!(status.pending_changes, 1);

    // The server comes back on the same address with the same store.
    let mut server = Server::start(store.clone(), addr).await;
    let report = sync(&one).await;
    assert_eq!(report.accepted, 1);
    assert!(one.status().expect("status").online);
    let stored = store.row(id(PLAIN)).expect("row").expect("stored");
    assert_eq!(
        stored.row.str("card_no"),
        Some("TB-777"),
        "the offline edit reached the server"
    );

    let device = one.status().expect("status").device_id.expect("device");
    assert!(store.revoke_device(device, now()).expect("revoke"));
    let err = one
        .call(Request::SyncNow(requests::SyncNow))
        .await
        .expect_err("revoked");
    assert_eq!(err.kind, ApiErrorKind::Unauthorized);
    let status = one.status().expect("status");
    assert!(!status.enrolled);
    let Response::Orgs { orgs } = one
        .call(Request::ListOrgs(requests::ListOrgs))
        .await
        .expect("orgs")
    else {
        panic!("wrong response")
    };
    assert!(orgs.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn a_crash_after_the_server_accepted_a_push_loses_nothing_and_duplicates_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(SqliteStore::open(dir.path().join("server.db")).expect("store"));
    seed(&store);
    let mut server = Server::start(store.clone(), "127.0.0.1:0".parse().expect("addr")).await;
    let home = dir.path().join("one");
    let one = enrolled(&home, &server, SECRETARY).await;
    let patch = MemberPatch {
        full_name: Some("Lê Văn Phước".into()),
        ..MemberPatch::default()
    };
    one.call(Request::UpdateMember(requests::UpdateMember {
        id: id(PLAIN),
        patch,
    }))
    .await
    .expect("edit");

    // The push reaches the server, then the device dies before recording the answer.
    let identity = one.db().identity().expect("identity").expect("enrolled");
    let req = sotay_replica::next_push_batch(&one.db())
        .expect("batch")
        .expect("some");
    let mut http = sotay_replica::sync::http::HttpTransport::new(
        sotay_replica::sync::http::client(),
        &identity,
    );
    let first = sotay_replica::Transport::push(&mut http, req.clone())
        .await
        .expect("push");
    drop(one);

    let one = Replica::open(&home).expect("reopen");
    assert_eq!(
        one.status().expect("status").pending_changes,
        1,
        "the change is still queued"
    );
    let report = sync(&one).await;
    assert_eq!((report.pushed, report.accepted), (1, 1));
    let again = sotay_replica::Transport::push(&mut http, req)
        .await
        .expect("push again");
    assert_eq!(
        again, first,
        "the server answers a repeated change as the first time"
    );
    let Response::Member { member } = one
        .call(Request::GetMember(requests::GetMember { id: id(PLAIN) }))
        .await
        .expect("get")
    else {
        panic!("wrong response")
    };
    assert_eq!(member.full_name, "Lê Văn Phước");
    server.stop().await;
}
