//! The local SQLite copy (`HOME/replica.db`): opening it, its migrations, and the
//! transaction boundary every write goes through. Tables are owned by the submodules:
//! `rows` (synced rows), `outbox` (pending and rejected changes), `meta` (identity,
//! cursor, clock), `edits` (a local write = row + outbox change in one transaction).

pub mod cipher;
pub(crate) mod doc_index;
pub(crate) mod edits;
mod fresh;
pub mod key;
pub mod meta;
pub(crate) mod outbox;
pub(crate) mod rows;

use crate::error::DbError;
use rusqlite::Connection;
use sotay_model::hlc::Clock;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

pub use key::{DbKey, FileKeyStore, KeyStore, MemoryKeyStore, PlatformKeyStore};
pub use meta::Identity;

/// Migrations, applied in order; a shipped file is never edited, a change is a new file.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "init", include_str!("../../migrations/0001_init.sql")),
    (
        2,
        "documents",
        include_str!("../../migrations/0002_documents.sql"),
    ),
    (
        3,
        "meetings",
        include_str!("../../migrations/0003_meetings.sql"),
    ),
    (5, "blobs", include_str!("../../migrations/0005_blobs.sql")),
    (6, "study", include_str!("../../migrations/0006_study.sql")),
    (
        18,
        "oversight",
        include_str!("../../migrations/0018_oversight.sql"),
    ),
    (
        30,
        "doc_heads",
        include_str!("../../migrations/0030_doc_heads.sql"),
    ),
    (
        31,
        "doc_order",
        include_str!("../../migrations/0031_doc_order.sql"),
    ),
    (
        32,
        "ov_marks_by_page",
        include_str!("../../migrations/0032_ov_marks_by_page.sql"),
    ),
];

/// The page cache's upper bound, in KiB (SQLite's default is 2 MiB).
const CACHE_KIB: i64 = 32 * 1024;

/// The file name of the database inside the replica's home directory.
pub const DB_FILE: &str = "replica.db";

/// An open local database plus the device's hybrid logical clock, which resumes from
/// the high-water mark stored in `meta` so stamps never go backwards across restarts.
pub struct Db {
    pub(crate) conn: Connection,
    path: PathBuf,
    /// `None` until the device is enrolled (the clock's node is the device id).
    pub(crate) clock: Option<Clock>,
    /// Where the key lives: a revoked device's wipe deletes it there.
    keys: Box<dyn KeyStore>,
    /// Seals attachment files (`blobs::seal`); derived from the database key.
    pub(crate) file_key: [u8; 32],
    /// A second connection to the same file, for reads that must not wait for this
    /// one's transactions (a search while a sync applies a page: WAL lets it read the
    /// last commit meanwhile). Shared with the `Replica`, which reads through it
    /// without taking the `Db` mutex; kept across a wipe, which closes it before
    /// deleting the file and opens it again on the new one.
    reader: Reader,
}

/// The read-only connection's slot (see `Db::reader`); `None` only while a wipe
/// replaces the file.
pub type Reader = Arc<Mutex<Option<Connection>>>;

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Db {
    /// Open (creating if needed) `home/replica.db`, encrypted with the key in the
    /// platform's keystore (created on first use; a file beside the database where
    /// there is no keystore), and bring its schema up to date.
    pub fn open(home: &Path) -> Result<Db, DbError> {
        std::fs::create_dir_all(home)?;
        Db::open_with_keys(home, &PlatformKeyStore::for_home(home))
    }

    /// Open `home/replica.db` with the key kept by `keys` (a platform keystore).
    pub fn open_with_keys(home: &Path, keys: &dyn KeyStore) -> Result<Db, DbError> {
        Db::open_sharing(home, keys, Reader::default())
    }

    /// Open as `open_with_keys`, putting the read-only connection in `reader`.
    fn open_sharing(home: &Path, keys: &dyn KeyStore, reader: Reader) -> Result<Db, DbError> {
        std::fs::create_dir_all(home)?;
        let path = home.join(DB_FILE);
        let (conn, key) = cipher::open_keyed(&path, keys)?;
        let file_key = key.derive(b"attachment files v1")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Every feature keeps its statements prepared (`prepare_cached`); rusqlite's
        // default of 16 let them evict each other, and each was parsed and planned again.
        conn.set_prepared_statement_cache_capacity(256);
        // secure_delete: a revoked device's wipe must not leave records in free pages.
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;
             PRAGMA wal_autocheckpoint = 8192;",
        )?;
        // Every page read from the file is decrypted and checked (SQLCipher's HMAC):
        // a cache that holds a province's indexes keeps a first sync from reading
        // back pages it has just written. It grows only as pages are used.
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        // One plan per cached statement, not one per binding: with the partial indexes
        // on `entity IN (…)` (migrations 0003, 0006) SQLite would otherwise prepare a
        // statement with `entity = ?` again whenever it is bound to another entity.
        // Queries that need those indexes spell the entities literally.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        // Files handed out for viewing are not kept past their day (meetings::exports).
        crate::meetings::exports::clear_stale(&path);
        let mut db = Db {
            conn,
            path,
            clock: None,
            keys: keys.clone_box(),
            file_key,
            reader,
        };
        db.migrate()?;
        db.load_clock()?;
        // After the migrations: the reader never sees an older schema.
        let reader = Connection::open(&db.path)?;
        cipher::set_key(&reader, &key)?;
        reader.busy_timeout(std::time::Duration::from_secs(5))?;
        reader.set_prepared_statement_cache_capacity(64);
        reader.execute_batch("PRAGMA query_only = ON;")?;
        *relock(&db.reader) = Some(reader);
        Ok(db)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The read-only connection's slot, to read without this `Db`'s mutex.
    pub fn reader(&self) -> Reader {
        Arc::clone(&self.reader)
    }

    /// What the user must be told about where the database key is kept, if anything.
    pub fn key_warning(&self) -> Option<String> {
        self.keys.warning()
    }

    fn migrate(&mut self) -> Result<(), DbError> {
        if !fresh::is_empty(&self.conn)? {
            return Ok(migrate_one_by_one(&mut self.conn)?);
        }
        if let Some(snapshot) = fresh::snapshot(migrate_one_by_one) {
            let tx = self.conn.transaction()?;
            snapshot.replay(&tx)?;
            tx.commit()?;
            return Ok(());
        }
        Ok(migrate_one_by_one(&mut self.conn)?)
    }

    /// The newest schema version applied to this file.
    pub fn schema_version(&self) -> Result<i64, DbError> {
        Ok(self
            .conn
            .query_row("SELECT MAX(version) FROM schema_version", [], |r| r.get(0))?)
    }

    /// Delete everything the device holds (DESIGN §5): rows, outbox, rejected changes,
    /// identity and credential, attachment files, exported files, the database file and
    /// its key. Used when the server says the device was revoked. The device is left
    /// with an empty database under a new key, ready to be enrolled again.
    pub fn wipe(&mut self) -> Result<(), DbError> {
        // Rows first, in one transaction: whatever fails below, nothing is readable.
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM rows; DELETE FROM outbox; DELETE FROM rejected; DELETE FROM meta;
             DELETE FROM doc_search; DELETE FROM doc_fts; DELETE FROM doc_heads;
             DELETE FROM doc_short;
             DELETE FROM blob_files;
             DELETE FROM ov_dirty; DELETE FROM ov_org; DELETE FROM ov_month;
             DELETE FROM ov_year; DELETE FROM ov_meeting; DELETE FROM ov_task;
             DELETE FROM ov_item; DELETE FROM ov_read;",
        )?;
        tx.commit()?;
        crate::library::blobs::store::remove_all(&self.path)?;
        crate::meetings::exports::remove_all(&self.path)?;
        let home = self
            .path
            .parent()
            .unwrap_or_else(|| Path::new("."))
            .to_path_buf();
        let keys = self.keys.clone_box();
        // Close the file before deleting it (Windows refuses to delete an open file),
        // the reader first: on Linux it would go on reading the deleted file.
        let reader = self.reader();
        *relock(&reader) = None;
        drop(std::mem::replace(
            &mut self.conn,
            Connection::open_in_memory()?,
        ));
        match remove_database_files(&self.path) {
            Ok(()) => {
                // With the file gone, its key goes too: any copy of the file, or block
                // left on the disk, can no longer be read.
                keys.delete()?;
                *self = Db::open_sharing(&home, keys.as_ref(), reader)?;
            }
            Err(e) => {
                // Another process holds the file (Windows): keep it and its key, but
                // rewrite it so no deleted record survives in free pages or the WAL.
                tracing::warn!("could not delete the wiped database file: {e}");
                *self = Db::open_sharing(&home, keys.as_ref(), reader)?;
                self.conn
                    .execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
            }
        }
        Ok(())
    }
}

/// A poisoned reader slot still holds a connection that only reads: carry on.
pub(crate) fn relock(reader: &Reader) -> MutexGuard<'_, Option<Connection>> {
    reader.lock().unwrap_or_else(|p| p.into_inner())
}

/// Apply every known migration the file has not had. New files get the result
/// replayed instead (`fresh`); this runs once per process to make it, and on every
/// file that already holds a schema.
fn migrate_one_by_one(conn: &mut Connection) -> Result<(), rusqlite::Error> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER PRIMARY KEY, name TEXT NOT NULL)",
    )?;
    // Numbers are reserved per change and may land out of order: apply every known
    // migration the file has not had, not only those above its newest.
    let applied: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT version FROM schema_version")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    // One transaction for all that are missing: a failure leaves the file at the
    // version it had.
    let tx = conn.transaction()?;
    for (version, name, sql) in MIGRATIONS {
        if applied.contains(version) {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_version (version, name) VALUES (?1, ?2)",
            rusqlite::params![version, name],
        )?;
    }
    tx.commit()
}

/// Delete `path` and its WAL and shared-memory files.
fn remove_database_files(path: &Path) -> Result<(), DbError> {
    std::fs::remove_file(path)?;
    for suffix in ["-wal", "-shm"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        crate::library::blobs::store::remove_if_there(Path::new(&side))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::StatementStatus;

    /// A cached statement keeps its plan when bound to another entity (the partial
    /// indexes on `entity IN (…)` would otherwise make SQLite prepare it again).
    #[test]
    fn statements_keep_their_plan_across_bindings() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(dir.path()).expect("open");
        let mut stmt = db
            .conn
            .prepare("SELECT COUNT(*) FROM rows WHERE entity = ?1 AND tombstone = 0")
            .expect("prepare");
        for entity in ["meeting_key", "member", "read_mark", "check_in"] {
            stmt.query_row([entity], |r| r.get::<_, i64>(0))
                .expect("count");
        }
        assert_eq!(stmt.get_status(StatementStatus::RePrepare), 0);
    }

    /// SQLite is built without its two process-wide locks (`.cargo/config.toml`): a
    /// build that lost the flags (another config, a cargo invoked from elsewhere)
    /// would still pass every other test, only slower under threads.
    #[test]
    fn sqlite_is_built_without_its_global_locks() {
        let conn = Connection::open_in_memory().expect("open");
        let mut stmt = conn.prepare("PRAGMA compile_options").expect("prepare");
        let options: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("options");
        assert!(
            !options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"),
            "{options:?}"
        );
        assert!(
            options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"),
            "{options:?}"
        );
    }
}
