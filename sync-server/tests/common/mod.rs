//! A real server for HTTP tests: a fresh SQLite file seeded with the conformance
//! fixture tree, on 127.0.0.1:0, with a clock the test moves and chosen limits.

#![allow(dead_code)]

use reqwest::StatusCode;
use serde_json::Value;
use sotay_conformance::fixture::Tree;
use sotay_model::ids::Id;
use sotay_model::protocol::{EnrollResponse, PROTOCOL_VERSION};
use sotay_server::{AppState, Limits, SqliteStore, Store, DEFAULT_CODE_TTL_MS};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub const START_MS: u64 = 1_800_000_000_000;

pub struct TestServer {
    pub base: String,
    pub store: Arc<SqliteStore>,
    pub tree: Tree,
    pub clock: Arc<AtomicU64>,
    pub dir: tempfile::TempDir,
    client: reqwest::Client,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

impl TestServer {
    pub async fn start(limits: Limits) -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Arc::new(SqliteStore::open(dir.path().join("sotay.db")).expect("open"));
        let tree = Tree::seed(&*store);
        let clock = Arc::new(AtomicU64::new(START_MS));
        let c = clock.clone();
        let state = AppState::with(
            store.clone(),
            limits,
            Arc::new(move || c.load(Ordering::SeqCst)),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(sotay_server::serve(listener, state, async move {
            let _ = stopped.await;
        }));
        TestServer {
            base,
            store,
            tree,
            clock,
            dir,
            client: reqwest::Client::new(),
            stop: Some(stop),
        }
    }

    pub fn now(&self) -> u64 {
        self.clock.load(Ordering::SeqCst)
    }

    pub fn advance(&self, ms: u64) {
        self.clock.fetch_add(ms, Ordering::SeqCst);
    }

    /// POST a JSON body (with `protocol` added when it is an object).
    pub async fn post(&self, path: &str, bearer: Option<&str>, body: Value) -> (StatusCode, Value) {
        let mut body = body;
        if let Some(o) = body.as_object_mut() {
            o.entry("protocol").or_insert(PROTOCOL_VERSION.into());
        }
        let mut req = self.client.post(format!("{}{path}", self.base)).json(&body);
        if let Some(b) = bearer {
            req = req.bearer_auth(b);
        }
        let resp = req.send().await.expect("send");
        let status = resp.status();
        (status, resp.json().await.expect("a JSON body"))
    }

    /// A device for `member`, enrolled through the store (not counted by the limits).
    pub fn device(&self, member: Id) -> EnrollResponse {
        let code = self
            .store
            .create_enroll_code(member, DEFAULT_CODE_TTL_MS, self.now())
            .expect("code");
        self.store
            .enroll(&code, "máy thử", self.now())
            .expect("enroll")
    }
}

/// The `code` of an error body.
pub fn code(v: &Value) -> &str {
    v["code"].as_str().unwrap_or("")
}

/// A notice of `cell` with one file attached (`name`, `size` bytes, `sha256`), as the
/// seed changes that make the file readable by the cell: ids `base + 1..=4`.
pub fn attached_notice(
    cell: Id,
    base: u128,
    (number, title): (&str, &str),
    (name, size, sha256): (&str, usize, &str),
) -> Vec<sotay_model::Change> {
    use serde_json::json;
    use sotay_model::Entity;
    use sotay_server::rows::{edit_change, server_hlc};
    let hlc = server_hlc(sotay_conformance::fixture::SEED_MS + 1);
    let doc = Id::from_u128(base + 1);
    vec![
        edit_change(
            Id::from_u128(base + 2),
            Entity::Document,
            doc,
            cell,
            vec![
                ("kind", json!("notice")),
                ("number", json!(number)),
                ("title", json!(title)),
                ("org_id", json!(cell)),
                ("issuer", json!("Chi bộ")),
                ("issued_on", json!("2025-05-05")),
                ("status", json!("in_force")),
            ],
            hlc,
        ),
        edit_change(
            Id::from_u128(base + 3),
            Entity::Attachment,
            Id::from_u128(base + 4),
            cell,
            vec![
                ("document_id", json!(doc)),
                ("org_id", json!(cell)),
                ("name", json!(name)),
                ("mime", json!("application/pdf")),
                ("size", json!(size)),
                ("sha256", json!(sha256)),
            ],
            hlc,
        ),
    ]
}
