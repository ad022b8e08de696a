//! A real server (axum on 127.0.0.1:0, SQLite file, demo province) and real replicas
//! talking HTTP, for the identity and access scenarios.

#![allow(dead_code)]

use sotay_model::api::{requests, ApiError, Request, Response};
use sotay_model::Id;
use sotay_replica::{Replica, SeededEnv};
use sotay_server::{seed_demo, AppState, DemoReport, SqliteStore};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub struct Server {
    pub url: String,
    pub store: Arc<SqliteStore>,
    pub report: DemoReport,
    pub dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

pub async fn demo_server() -> Server {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Arc::new(SqliteStore::open(dir.path().join("sotay.db")).expect("store"));
    let report = seed_demo(store.as_ref(), now_ms()).expect("demo");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(sotay_server::serve(
        listener,
        AppState::new(store.clone()),
        async move {
            let _ = rx.await;
        },
    ));
    Server {
        url,
        store,
        report,
        dir,
        stop: Some(tx),
    }
}

impl Server {
    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("sotay.db")
    }

    /// (member id, one-time code) of the demo's `nth` person with `role`.
    pub fn code(&self, role: &str, nth: usize) -> (Id, String) {
        let line = self
            .report
            .enroll
            .iter()
            .filter(|l| l.role == role)
            .nth(nth)
            .unwrap_or_else(|| panic!("demo has no {role} #{nth}"));
        (line.member_id, line.code.clone())
    }

    /// A replica enrolled with `code` and synced.
    pub async fn enroll(&self, home: &Path, code: String, name: &str) -> Replica {
        let env = Arc::new(SeededEnv::new(now_ms(), now_ms()));
        let replica = Replica::open_with(home, env).expect("open");
        call(
            &replica,
            Request::Enroll(requests::Enroll {
                server: self.url.clone(),
                code,
                device_name: name.into(),
                pin_sha256: None,
            }),
        )
        .await
        .expect("enroll");
        call(&replica, Request::SyncNow(requests::SyncNow))
            .await
            .expect("sync");
        replica
    }

    pub async fn device(&self, home: &Path, role: &str, nth: usize) -> Replica {
        let (_, code) = self.code(role, nth);
        self.enroll(home, code, &format!("{role} {nth}")).await
    }
}

pub async fn call(r: &Replica, req: Request) -> Result<Response, ApiError> {
    r.call(req).await
}

/// Every row (entity, row id, org id, state JSON) in a replica's database FILE, read
/// directly with SQLite (through the replica's key store: the file is encrypted).
pub fn rows_in_file(home: &Path) -> Vec<(String, String, String, String)> {
    let path = home.join(sotay_replica::db::DB_FILE);
    let keys = sotay_replica::FileKeyStore::new(home);
    let conn = sotay_replica::db::cipher::open(&path, &keys).expect("open the file");
    let mut stmt = conn
        .prepare("SELECT entity, row_id, org_id, state FROM rows")
        .expect("prepare");
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("query")
        .collect::<Result<Vec<_>, _>>()
        .expect("rows");
    rows
}

/// Whether any value of any table of a replica's database file (rows, outbox, search
/// indexes, metadata) holds `needle`.
pub fn file_holds_text(home: &Path, needle: &str) -> bool {
    let path = home.join(sotay_replica::db::DB_FILE);
    let keys = sotay_replica::FileKeyStore::new(home);
    let conn = sotay_replica::db::cipher::open(&path, &keys).expect("open the file");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("tables");
    tables.iter().any(|t| {
        let Ok(mut stmt) = conn.prepare(&format!("SELECT * FROM \"{t}\"")) else {
            return false;
        };
        let n = stmt.column_count();
        let mut rows = stmt.query([]).expect("query");
        while let Ok(Some(row)) = rows.next() {
            for i in 0..n {
                if let Ok(rusqlite::types::ValueRef::Text(b)) = row.get_ref(i) {
                    if String::from_utf8_lossy(b).contains(needle) {
                        return true;
                    }
                }
            }
        }
        false
    })
}

/// The number of rows in a table of a replica's database file.
pub fn count_in_file(home: &Path, table: &str) -> i64 {
    let path = home.join(sotay_replica::db::DB_FILE);
    let keys = sotay_replica::FileKeyStore::new(home);
    let conn = sotay_replica::db::cipher::open(&path, &keys).expect("open the file");
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}

/// Serve `store` on 127.0.0.1:0 with the server's clock read from `clock`, and no
/// limit on enrollments from one address (a scene enrolls many phones from here).
/// Answers the base URL and the sender that stops the server.
pub async fn serve_seeded(
    store: Arc<SqliteStore>,
    clock: Arc<dyn Fn() -> u64 + Send + Sync>,
) -> (String, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let limits = sotay_server::Limits {
        enroll_per_ip: u32::MAX,
        enroll_per_code: u32::MAX,
        ..sotay_server::Limits::default()
    };
    tokio::spawn(sotay_server::serve(
        listener,
        AppState::with(store, limits, clock),
        async move {
            let _ = rx.await;
        },
    ));
    (url, tx)
}

/// A replica in `home` on `env`, enrolled for `member` with a code the store issues
/// at `code_at_ms` (not yet synced).
pub async fn enrolled_replica(
    store: &SqliteStore,
    url: &str,
    home: &Path,
    env: Arc<SeededEnv>,
    (member, name): (Id, &str),
    code_at_ms: u64,
) -> Replica {
    use sotay_server::Store;
    let replica = Replica::open_with(home, env).expect("open");
    let code = store
        .create_enroll_code(member, sotay_server::DEFAULT_CODE_TTL_MS, code_at_ms)
        .expect("code");
    replica
        .call(Request::Enroll(requests::Enroll {
            server: url.to_string(),
            code,
            device_name: name.into(),
            pin_sha256: None,
        }))
        .await
        .expect("enroll");
    replica
}

/// The live rows of an entity in the server's database file `db`.
pub fn server_rows_in(db: &Path, entity: &str) -> Vec<sotay_model::RowState> {
    let conn = rusqlite::Connection::open(db).expect("open");
    let mut stmt = conn
        .prepare("SELECT state FROM rows WHERE entity = ?1 AND tombstoned = 0")
        .expect("prepare");
    let states = stmt
        .query_map([entity], |r| r.get::<_, String>(0))
        .expect("query")
        .collect::<Result<Vec<_>, _>>()
        .expect("rows");
    states
        .iter()
        .map(|s| serde_json::from_str(s).expect("state"))
        .collect()
}
