//! Migrations: an older database is brought up to date at open; a newer one is refused.

use sotay_server::{SqliteStore, StoreError};

fn versions(path: &std::path::Path) -> Vec<i64> {
    let conn = rusqlite::Connection::open(path).expect("open");
    let mut stmt = conn
        .prepare("SELECT version FROM schema_version ORDER BY version")
        .expect("prepare");
    stmt.query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn a_version_1_database_is_upgraded_at_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sotay.db");
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL) STRICT;",
        )
        .expect("schema_version");
        conn.execute_batch(include_str!("../migrations/sqlite/0001_init.sql"))
            .expect("0001");
        conn.execute("INSERT INTO schema_version VALUES (1, 0)", [])
            .expect("version");
    }
    drop(SqliteStore::open(&path).expect("upgrade"));
    // Numbers are reserved per change, so the list may have gaps (0005 blobs).
    let after = versions(&path);
    assert!(
        after.starts_with(&[1, 2, 3]) && after.contains(&5) && after.contains(&6),
        "{after:?}"
    );
    // 0006 dropped the index no query read (each change wrote a random page of it).
    let conn = rusqlite::Connection::open(&path).expect("open");
    let indexes: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'changes'")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert!(!indexes.iter().any(|n| n == "changes_row"), "{indexes:?}");
    drop(conn);
    drop(SqliteStore::open(&path).expect("open again"));
    assert_eq!(versions(&path), after, "migrations run once");
}

#[test]
fn a_database_from_a_newer_server_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sotay.db");
    drop(SqliteStore::open(&path).expect("create"));
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.execute("INSERT INTO schema_version VALUES (99, 0)", [])
        .expect("version");
    drop(conn);
    match SqliteStore::open(&path) {
        Err(e @ StoreError::SchemaTooNew { found: 99, .. }) => {
            assert!(e.to_string().contains("mới hơn"))
        }
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
}
