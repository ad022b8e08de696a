//! The sync rules of DESIGN §4 across a real server (axum on 127.0.0.1:0, SQLite file,
//! demo province) and real replicas talking HTTP: concurrent field edits, the scope
//! wall between cells, and what a device cannot reach by forging a request.

use serde_json::json;
use sotay_model::administration::MemberPatch;
use sotay_model::api::{requests, Request, Response};
use sotay_model::entities::Member;
use sotay_model::protocol::{
    Cursor, Outcome, PullRequest, PullResponse, PushRequest, PushResponse, RejectReason, MAX_PULL,
    PROTOCOL_VERSION,
};
use sotay_model::{Change, Entity, Id};
use sotay_replica::{Replica, SeededEnv};
use sotay_server::{seed_demo, AppState, DemoReport, SqliteStore, Store};
use std::sync::Arc;

struct Server {
    url: String,
    store: Arc<SqliteStore>,
    report: DemoReport,
    _dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

async fn demo_server() -> Server {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(SqliteStore::open(dir.path().join("sotay.db")).expect("store"));
    let report = seed_demo(store.as_ref(), now_ms()).expect("demo");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let state = AppState::new(store.clone());
    tokio::spawn(sotay_server::serve(listener, state, async move {
        let _ = rx.await;
    }));
    Server {
        url,
        store,
        report,
        _dir: dir,
        stop: Some(tx),
    }
}

impl Server {
    fn code(&self, role: &str, nth: usize) -> (Id, String) {
        let line = self
            .report
            .enroll
            .iter()
            .filter(|l| l.role == role)
            .nth(nth)
            .unwrap_or_else(|| panic!("demo has no {role} #{nth}"));
        (line.member_id, line.code.clone())
    }

    /// A replica with its own clock, `offset_ms` ahead of real time, enrolled and synced.
    async fn device(
        &self,
        home: &std::path::Path,
        role: &str,
        nth: usize,
        offset_ms: u64,
    ) -> (Replica, Arc<SeededEnv>) {
        let env = Arc::new(SeededEnv::new(offset_ms, now_ms() + offset_ms));
        let replica = Replica::open_with(home, env.clone()).expect("open");
        let (_, code) = self.code(role, nth);
        replica
            .call(Request::Enroll(requests::Enroll {
                server: self.url.clone(),
                code,
                device_name: format!("{role} {nth}"),
                pin_sha256: None,
            }))
            .await
            .expect("enroll");
        sync(&replica).await;
        (replica, env)
    }
}

async fn sync(r: &Replica) {
    r.call(Request::SyncNow(requests::SyncNow))
        .await
        .expect("sync");
}

async fn member(r: &Replica, id: Id) -> Member {
    match r
        .call(Request::GetMember(requests::GetMember { id }))
        .await
        .expect("get")
    {
        Response::Member { member } => member,
        other => panic!("unexpected {other:?}"),
    }
}

async fn edit(r: &Replica, id: Id, patch: MemberPatch) {
    r.call(Request::UpdateMember(requests::UpdateMember { id, patch }))
        .await
        .expect("local edit");
}

#[tokio::test]
async fn offline_edits_of_different_fields_both_survive_and_the_later_stamp_wins_a_field() {
    let server = demo_server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    // Two committee devices that may edit the cell's members; the secretary's clock runs
    // a minute ahead, so its stamps are the later ones.
    let (officer, _) = server
        .device(&dir.path().join("officer"), "province_officer", 0, 0)
        .await;
    let (secretary, _) = server
        .device(&dir.path().join("secretary"), "cell_secretary", 0, 60_000)
        .await;
    let (watcher, _) = server
        .device(&dir.path().join("member"), "member", 0, 0)
        .await;
    let (target, _) = server.code("member", 1);

    // Both offline: different fields, and the same field.
    edit(
        &officer,
        target,
        MemberPatch {
            full_name: Some("Nguyễn Thị Hồng Nhung".into()),
            card_no: Some("90000001".into()),
            ..Default::default()
        },
    )
    .await;
    edit(
        &secretary,
        target,
        MemberPatch {
            birth_date: Some("1979-09-02".into()),
            card_no: Some("90000002".into()),
            ..Default::default()
        },
    )
    .await;

    // The later stamp syncs first, the earlier one last: order must not matter.
    sync(&secretary).await;
    sync(&officer).await;
    for r in [&secretary, &officer, &watcher] {
        sync(r).await;
    }
    for r in [&secretary, &officer, &watcher] {
        let m = member(r, target).await;
        assert_eq!(
            m.full_name, "Nguyễn Thị Hồng Nhung",
            "officer's field survives"
        );
        assert_eq!(m.birth_date, "1979-09-02", "secretary's field survives");
        assert_eq!(
            m.card_no, "90000002",
            "the later stamp wins the shared field"
        );
    }
    let stored = server.store.row(target).expect("row").expect("exists");
    assert_eq!(stored.row.str("card_no"), Some("90000002"));
}

async fn raw_push(
    client: &reqwest::Client,
    url: &str,
    cred: &str,
    changes: Vec<Change>,
) -> PushResponse {
    let resp = client
        .post(format!("{url}/v1/push"))
        .bearer_auth(cred)
        .json(&PushRequest {
            protocol: PROTOCOL_VERSION,
            changes,
        })
        .send()
        .await
        .expect("push");
    assert!(resp.status().is_success(), "{}", resp.status());
    resp.json().await.expect("push body")
}

async fn raw_pull(client: &reqwest::Client, url: &str, cred: &str, cursor: Cursor) -> PullResponse {
    let resp = client
        .post(format!("{url}/v1/pull"))
        .bearer_auth(cred)
        .json(&PullRequest {
            protocol: PROTOCOL_VERSION,
            cursor,
            limit: MAX_PULL,
        })
        .send()
        .await
        .expect("pull");
    assert!(resp.status().is_success(), "{}", resp.status());
    resp.json().await.expect("pull body")
}

#[tokio::test]
async fn a_cell_members_device_never_receives_or_touches_another_cells_rows() {
    let server = demo_server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let (device, _) = server.device(&dir.path().join("m"), "member", 0, 0).await;
    let (me, _) = server.code("member", 0);
    let (outsider, _) = server.code("other_member", 0);
    let my_cell = member(&device, me).await.cell_id;
    let their_cell = server
        .store
        .row(outsider)
        .expect("row")
        .expect("outsider")
        .row
        .id("cell_id")
        .expect("cell");
    assert_ne!(my_cell, their_cell);

    // Everything the replica holds belongs to its cell or the organisations above it.
    let held = device.db().all_rows().expect("rows");
    assert!(!held.is_empty());
    for row in &held {
        if row.entity == Entity::Member {
            assert_eq!(row.id("cell_id"), Some(my_cell), "{row:?}");
        }
        assert_ne!(row.org_id, their_cell, "{row:?}");
    }

    // Forged requests with the device's own credential.
    let cred = device
        .db()
        .identity()
        .expect("id")
        .expect("enrolled")
        .credential;
    let client = reqwest::Client::new();
    let before = server.store.row(outsider).expect("row").expect("outsider");
    for cursor in [
        Cursor::default(),
        Cursor { epoch: 1, seq: 0 },
        Cursor {
            epoch: u64::MAX >> 12,
            seq: u64::MAX >> 12,
        },
        Cursor { epoch: 0, seq: 3 },
    ] {
        let page = raw_pull(&client, &server.url, &cred, cursor).await;
        for r in &page.rows {
            assert_ne!(r.row.org_id, their_cell, "leaked through cursor {cursor:?}");
            assert_ne!(r.row.row_id, outsider);
        }
    }
    let hlc = sotay_model::hlc::Hlc {
        wall_ms: now_ms() + 10_000_000,
        counter: 0,
        node: Id::from_u128(1),
    };
    let forged = |fields: Vec<(&str, serde_json::Value)>, row: Id, org: Id| Change {
        change_id: Id::v7(now_ms(), next_random()),
        entity: Entity::Member,
        row_id: row,
        org_id: org,
        fields: fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), sotay_model::FieldValue { value: v, hlc }))
            .collect(),
        tombstone: None,
    };
    let attempts = vec![
        // Edit a member of the other cell, honestly and claiming our own cell.
        forged(
            vec![("full_name", json!("Kẻ Giả Mạo"))],
            outsider,
            their_cell,
        ),
        forged(vec![("full_name", json!("Kẻ Giả Mạo"))], outsider, my_cell),
        // Pull them into our cell.
        forged(
            vec![("cell_id", json!(my_cell.to_string()))],
            outsider,
            my_cell,
        ),
    ];
    let answer = raw_push(&client, &server.url, &cred, attempts).await;
    for r in &answer.results {
        match &r.outcome {
            Outcome::Rejected { current, reason } => {
                assert!(
                    current.is_none(),
                    "a refusal must not reveal the row: {reason:?}"
                );
                assert_ne!(
                    reason,
                    &RejectReason::ConflictingId,
                    "each attempt is judged"
                );
            }
            other => panic!("forged change accepted: {other:?}"),
        }
    }
    let mut deleted = forged(vec![], outsider, their_cell);
    deleted.tombstone = Some(hlc);
    let answer = raw_push(&client, &server.url, &cred, vec![deleted]).await;
    assert!(matches!(
        answer.results[0].outcome,
        Outcome::Rejected {
            reason: RejectReason::Forbidden | RejectReason::Invalid(_),
            current: None
        }
    ));
    let after = server.store.row(outsider).expect("row").expect("outsider");
    assert_eq!(before, after, "nothing changed on the server");
}

/// Distinct change ids for forged changes made within the same millisecond.
fn next_random() -> [u8; 10] {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let mut out = [0u8; 10];
    out[..8].copy_from_slice(&n.to_be_bytes());
    out
}
