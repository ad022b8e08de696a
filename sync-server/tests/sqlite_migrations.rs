//! Migrations: an older database is brought up to date at open; a newer one is refused.

use sotay_model::change::FieldValue;
use sotay_model::hlc::{Hlc, MAX_COUNTER, MAX_SKEW_MS};
use sotay_model::{Entity, Id, RowState};
use sotay_server::{SqliteStore, Store, StoreError};

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
        after.starts_with(&[1, 2, 3])
            && after.contains(&5)
            && after.contains(&6)
            && after.contains(&7),
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

/// A row as a server before 0007 stored it: `full_name` stamped from the far future
/// (issue 12), `birth_date` and a second row stamped normally.
fn insert_row(conn: &rusqlite::Connection, n: u128, seq: i64, name_stamp: Hlc) -> RowState {
    let normal = Hlc {
        wall_ms: 1_780_000_000_000,
        counter: 3,
        node: Id::from_u128(77),
    };
    let field = |value: &str, hlc| FieldValue {
        value: serde_json::json!(value),
        hlc,
    };
    let row = RowState {
        entity: Entity::Member,
        row_id: Id::from_u128(n),
        org_id: Id::from_u128(4),
        fields: [
            ("full_name".to_string(), field("Đóng Băng", name_stamp)),
            ("birth_date".to_string(), field("1980-01-01", normal)),
        ]
        .into(),
        tombstone: None,
    };
    conn.execute(
        "INSERT INTO rows (row_id, entity, org_id, org_path, seq, state)
         VALUES (?1, 'member', ?2, ?3, ?4, ?5)",
        rusqlite::params![
            row.row_id.to_string(),
            row.org_id.to_string(),
            format!("/{}/", row.org_id),
            seq,
            serde_json::to_string(&row).expect("json"),
        ],
    )
    .expect("row");
    row
}

#[test]
fn rows_poisoned_by_far_future_stamps_are_repaired_and_sent_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sotay.db");
    drop(SqliteStore::open(&path).expect("create"));
    let poisoned = Hlc {
        wall_ms: u64::MAX,
        counter: u32::MAX,
        node: Id::from_u128(66),
    };
    let counted = Hlc {
        wall_ms: 5,
        counter: MAX_COUNTER + 1,
        node: Id::from_u128(66),
    };
    let near = Hlc {
        wall_ms: now_ms() + MAX_SKEW_MS / 2,
        counter: 0,
        node: Id::from_u128(66),
    };
    let (frozen, absurd, fine) = {
        // As it was before 0007: the migration not yet applied, poisoned rows stored.
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute("DELETE FROM schema_version WHERE version = 7", [])
            .expect("back to 6");
        (
            insert_row(&conn, 101, 1, poisoned),
            insert_row(&conn, 102, 2, counted),
            insert_row(&conn, 103, 3, near),
        )
    };
    let store = SqliteStore::open(&path).expect("upgrade");
    assert!(versions(&path).contains(&7));
    let stored = |row: &RowState| store.row(row.row_id).expect("read").expect("kept");
    for (row, bad) in [(&frozen, poisoned), (&absurd, counted)] {
        let now = stored(row);
        assert_eq!(now.row.fields["full_name"].hlc, bad.repaired());
        assert_eq!(now.row.str("full_name"), Some("Đóng Băng"));
        assert_eq!(now.row.fields["birth_date"], row.fields["birth_date"]);
        assert!(now.seq > 3, "a repaired row is sent again: seq {}", now.seq);
    }
    assert_ne!(stored(&frozen).seq, stored(&absurd).seq);
    let untouched = stored(&fine);
    assert_eq!((untouched.row, untouched.seq), (fine, 3));
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}
