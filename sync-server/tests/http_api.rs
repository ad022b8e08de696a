//! The HTTP API against a real server on 127.0.0.1:0 with a real SQLite file.

use reqwest::StatusCode;
use serde_json::{json, Value};
use sotay_conformance::fixture::{Pen, Tree};
use sotay_model::protocol::{
    Cursor, EnrollResponse, ErrorBody, ErrorCode, Outcome, PullResponse, PushResponse, MAX_PUSH,
    PROTOCOL_VERSION,
};
use sotay_server::{AppState, SqliteStore, Store, DEFAULT_CODE_TTL_MS};
use std::sync::Arc;

/// A server on a free local port over a fresh, seeded database; stops when dropped.
struct TestServer {
    base: String,
    store: Arc<SqliteStore>,
    tree: Tree,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    _dir: tempfile::TempDir,
}

impl TestServer {
    async fn start() -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Arc::new(SqliteStore::open(dir.path().join("sotay.db")).expect("open"));
        let tree = Tree::seed(&*store);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let state = AppState::new(store.clone());
        tokio::spawn(sotay_server::serve(listener, state, async move {
            let _ = stopped.await;
        }));
        TestServer {
            base,
            store,
            tree,
            stop: Some(stop),
            _dir: dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn code(&self, member: sotay_model::Id) -> String {
        self.store
            .create_enroll_code(member, DEFAULT_CODE_TTL_MS, now_ms())
            .expect("code")
    }

    async fn post(&self, path: &str, bearer: Option<&str>, body: &Value) -> (StatusCode, Value) {
        let mut req = reqwest::Client::new().post(self.url(path)).json(body);
        if let Some(b) = bearer {
            req = req.bearer_auth(b);
        }
        let resp = req.send().await.expect("send");
        let status = resp.status();
        (status, resp.json().await.expect("a JSON body"))
    }

    async fn enroll(&self, member: sotay_model::Id) -> EnrollResponse {
        let body = json!({"protocol": PROTOCOL_VERSION, "code": self.code(member), "device_name": "máy thử"});
        let (status, v) = self.post("/v1/enroll", None, &body).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        serde_json::from_value(v).expect("EnrollResponse")
    }
}

impl Drop for TestServer {
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

fn error(v: Value) -> ErrorBody {
    serde_json::from_value(v).expect("an ErrorBody")
}

fn pull_body(cursor: Cursor) -> Value {
    json!({"protocol": PROTOCOL_VERSION, "cursor": cursor, "limit": 1000})
}

#[tokio::test]
async fn enroll_push_pull_round_trip() {
    let s = TestServer::start().await;
    let sec = s.enroll(s.tree.sec).await;
    assert_eq!(sec.member_id, s.tree.sec);
    let mut pen = Pen::default();
    let add = pen.new_member(sec.device_id, "Hoàng Thị Mai", s.tree.c1);
    let body = json!({"protocol": PROTOCOL_VERSION, "changes": [add]});
    let (status, v) = s.post("/v1/push", Some(&sec.credential), &body).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let pushed: PushResponse = serde_json::from_value(v).expect("PushResponse");
    let Outcome::Accepted { seq } = pushed.results[0].outcome else {
        panic!("refused: {pushed:?}");
    };

    let m1 = s.enroll(s.tree.m1).await;
    let (status, v) = s
        .post(
            "/v1/pull",
            Some(&m1.credential),
            &pull_body(Cursor::default()),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let page: PullResponse = serde_json::from_value(v).expect("PullResponse");
    let row = page
        .rows
        .iter()
        .find(|r| r.row.row_id == add.row_id)
        .expect("the new member reaches a cell-mate");
    assert_eq!(row.seq, seq);
    assert!(!page.more);
    let (_, v) = s
        .post("/v1/pull", Some(&m1.credential), &pull_body(page.cursor))
        .await;
    let again: PullResponse = serde_json::from_value(v).expect("PullResponse");
    assert!(again.rows.is_empty() && !again.reset);

    let o = s.enroll(s.tree.o).await;
    let (_, v) = s
        .post(
            "/v1/pull",
            Some(&o.credential),
            &pull_body(Cursor::default()),
        )
        .await;
    let theirs: PullResponse = serde_json::from_value(v).expect("PullResponse");
    assert!(
        theirs.rows.iter().all(|r| r.row.row_id != add.row_id),
        "another cell does not see it"
    );
}

#[tokio::test]
async fn malformed_json_is_a_json_400_in_vietnamese() {
    let s = TestServer::start().await;
    let resp = reqwest::Client::new()
        .post(s.url("/v1/enroll"))
        .header("content-type", "application/json")
        .body("{\"protocol\": 1, \"code\": ")
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let e = error(resp.json().await.expect("json"));
    assert_eq!(e.code, ErrorCode::BadRequest);
    assert!(e.message.contains("JSON"), "{}", e.message);

    let sec = s.enroll(s.tree.sec).await;
    let (status, v) = s
        .post(
            "/v1/push",
            Some(&sec.credential),
            &json!({"protocol": PROTOCOL_VERSION, "changes": "không phải danh sách"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let e = error(v);
    assert_eq!(e.code, ErrorCode::BadRequest);
    assert!(
        e.message.starts_with("Yêu cầu không đúng định dạng"),
        "{}",
        e.message
    );
}

#[tokio::test]
async fn wrong_protocol_is_426() {
    let s = TestServer::start().await;
    let (status, v) = s
        .post(
            "/v1/enroll",
            None,
            &json!({"protocol": 99, "code": "K7QX-M2PA", "device_name": "x", "new_field": []}),
        )
        .await;
    assert_eq!(status, StatusCode::UPGRADE_REQUIRED);
    assert_eq!(error(v).code, ErrorCode::UpgradeRequired);
    let sec = s.enroll(s.tree.sec).await;
    let (status, v) = s
        .post(
            "/v1/pull",
            Some(&sec.credential),
            &json!({"protocol": 0, "cursor": {}}),
        )
        .await;
    assert_eq!(status, StatusCode::UPGRADE_REQUIRED);
    assert_eq!(error(v).message, ErrorCode::UpgradeRequired.message_vi());
}

#[tokio::test]
async fn missing_wrong_and_revoked_credentials_are_401() {
    let s = TestServer::start().await;
    let body = pull_body(Cursor::default());
    let (status, v) = s.post("/v1/pull", None, &body).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error(v).code, ErrorCode::Unauthenticated);
    let sec = s.enroll(s.tree.sec).await;
    let forged = format!("{}.{}", sec.device_id, "ab".repeat(32));
    let (status, v) = s.post("/v1/pull", Some(&forged), &body).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error(v).code, ErrorCode::Unauthenticated);
    assert!(s
        .store
        .revoke_device(sec.device_id, now_ms())
        .expect("revoke"));
    let (status, v) = s
        .post(
            "/v1/push",
            Some(&sec.credential),
            &json!({"protocol": PROTOCOL_VERSION, "changes": []}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error(v).code, ErrorCode::DeviceRevoked);
}

#[tokio::test]
async fn enrollment_attempts_are_rate_limited_per_address() {
    let s = TestServer::start().await;
    for i in 0..10 {
        let body = json!({"protocol": PROTOCOL_VERSION, "code": format!("ABCD-EF{}{}", (b'2' + i) as char, 'H'), "device_name": "đoán"});
        let (status, v) = s.post("/v1/enroll", None, &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "attempt {i}: {v}");
        assert_eq!(error(v).code, ErrorCode::BadCode);
    }
    // Even a good code is refused once the address is over its limit.
    let body =
        json!({"protocol": PROTOCOL_VERSION, "code": s.code(s.tree.m1), "device_name": "máy thật"});
    let (status, v) = s.post("/v1/enroll", None, &body).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error(v).code, ErrorCode::RateLimited);
}

#[tokio::test]
async fn too_many_changes_in_one_push_is_400() {
    let s = TestServer::start().await;
    let sec = s.enroll(s.tree.sec).await;
    let mut pen = Pen::default();
    let changes: Vec<_> = (0..=MAX_PUSH)
        .map(|_| pen.new_member(sec.device_id, "Ngô Thị Bích", s.tree.c1))
        .collect();
    let (status, v) = s
        .post(
            "/v1/push",
            Some(&sec.credential),
            &json!({"protocol": PROTOCOL_VERSION, "changes": changes}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error(v).message.contains(&MAX_PUSH.to_string()));
    assert!(
        s.store.row(changes[0].row_id).expect("read").is_none(),
        "nothing was stored"
    );
}

#[tokio::test]
async fn health_and_unknown_paths_answer_json() {
    let s = TestServer::start().await;
    let resp = reqwest::get(s.url("/health")).await.expect("send");
    assert_eq!(resp.status(), StatusCode::OK);
    let resp = reqwest::get(s.url("/v2/nothing")).await.expect("send");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        error(resp.json().await.expect("json")).code,
        ErrorCode::BadRequest
    );
}

#[tokio::test]
async fn internal_errors_are_generic_500s() {
    let s = TestServer::start().await;
    let sec = s.enroll(s.tree.sec).await;
    // Break the database under the running server: the cause must stay in the log.
    let conn = rusqlite::Connection::open(s.store.path()).expect("open");
    conn.execute_batch("DROP TABLE changes").expect("drop");
    let mut pen = Pen::default();
    let add = pen.new_member(sec.device_id, "Đinh Văn Lực", s.tree.c1);
    let (status, v) = s
        .post(
            "/v1/push",
            Some(&sec.credential),
            &json!({"protocol": PROTOCOL_VERSION, "changes": [add]}),
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let e = error(v);
    assert_eq!(e.code, ErrorCode::Internal);
    assert_eq!(e.message, ErrorCode::Internal.message_vi());
}

#[tokio::test]
async fn oversized_bodies_are_a_json_413() {
    let s = TestServer::start().await;
    let sec = s.enroll(s.tree.sec).await;
    let pad = "x".repeat(sotay_server::http::MAX_BODY_BYTES + 1);
    let (status, v) = s
        .post(
            "/v1/push",
            Some(&sec.credential),
            &json!({"protocol": PROTOCOL_VERSION, "changes": [], "pad": pad}),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error(v).code, ErrorCode::BadRequest);
}
