//! The SQLite backend: one file `sotay.db` in WAL mode, one writer connection behind a
//! group-commit lane ([`crate::group`]: pushes queued while another is stored go into
//! one transaction; sequence numbers stay gap-free and monotonic) and a few reader
//! connections for pulls, so that pulls wait neither for pushes nor for each other.
//!
//! Only SQL lives here; merge, validation and authorisation come from
//! [`crate::apply`] and [`crate::authz`].

mod audit;
mod blobs;
mod check_ins;
mod checkpoint;
mod devices;
mod pull;
mod push;
mod view;

use crate::audit::AuditQuery;
use crate::authz::{Actor, Standing};
use crate::error::{AuthError, EnrollError, StoreError};
use crate::group::GroupCommit;
use crate::pull_page::PullPage;
use crate::store::{PushFuture, Store};
use crate::tree::StoredRow;
use rand::rngs::StdRng;
use rand::SeedableRng;
use rusqlite::{Connection, OpenFlags};
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{AuditEntry, Cursor, DeviceInfo, EnrollResponse, PushResult};
use sotay_model::Change;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// Migrations in order; a file is never edited once released, a change is a new file.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/sqlite/0001_init.sql")),
    (
        2,
        include_str!("../../migrations/sqlite/0002_departures.sql"),
    ),
    (3, include_str!("../../migrations/sqlite/0003_audit.sql")),
    (5, include_str!("../../migrations/sqlite/0005_blobs.sql")),
    (
        6,
        include_str!("../../migrations/sqlite/0006_drop_changes_row.sql"),
    ),
    (
        7,
        include_str!("../../migrations/sqlite/0007_repair_future_stamps.sql"),
    ),
    (
        8,
        include_str!("../../migrations/sqlite/0008_check_in_proofs.sql"),
    ),
    (
        9,
        include_str!("../../migrations/sqlite/0009_task_file_blobs.sql"),
    ),
    (
        10,
        include_str!("../../migrations/sqlite/0010_case_file_blobs.sql"),
    ),
];

/// Changes stored in one transaction at most (a push alone may be larger, up to
/// `MAX_PUSH`): bounds how long a batch's pushes wait for their answer. Larger batches
/// write each index page they touch once for more changes: with 1,000 devices pushing
/// 5 changes each, batches of 320 changes stored 3,100 changes/s, of 1,280 3,600, and
/// of up to 5,120 4,400 (the WAL's sync is per batch, its pages are random).
const MAX_BATCH_CHANGES: usize = 5_120;

/// Reader connections: pulls and authentication run on them in parallel (8 rather
/// than 4: pulls waited for a free one under that load).
const READERS: usize = 8;
/// Prepared statements kept per connection: every feature's rules, and each scope
/// shape of a pull (three statements per shape). At 64 they evicted each other in the
/// simulator and a fifth of a pull's time went to parsing and planning SQL again.
const STATEMENTS: usize = 512;

/// Every connection maps the file and reads pages straight from the operating
/// system's page cache, shared by all. Without it, a profile of a busy server showed
/// half its time in `pread`, page copies and page-cache upkeep: in WAL mode a reader
/// drops its whole cache whenever another connection committed (before nearly every
/// pull under pushes), and the writer scanned its large cache at every commit.
const MMAP_BYTES: i64 = 4 << 30;

/// The writer's page cache, in KiB: with the file mapped it holds only the pages a
/// batch changes. A full batch (5,120 changes, about five random pages each) changes
/// some 100 MiB of pages; with less room SQLite spills dirty pages into the WAL before
/// the commit and writes them again when the batch touches them again.
const WRITER_CACHE_KIB: i64 = 256 * 1024;

/// The WAL file's size once reset (`journal_size_limit`).
const WAL_LIMIT_BYTES: i64 = 64 << 20;

/// The store on one SQLite file. See the crate documentation for an example.
pub struct SqliteStore {
    path: PathBuf,
    /// Dropped with the store, which stops the checkpoint thread.
    _checkpoints: std::sync::mpsc::Sender<()>,
    writer: Arc<GroupCommit<Connection, push::PushJob, Vec<PushResult>>>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
    rng: Mutex<StdRng>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves no half-done transaction behind (rusqlite
    // rolls back on drop), so a poisoned lock is safe to keep using.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl SqliteStore {
    /// Open (creating if needed) the database file at `path` and bring its schema up
    /// to date. Codes and secrets come from the operating system's RNG.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_with_rng(path, StdRng::from_entropy())
    }

    /// Like [`SqliteStore::open`], with codes, secrets and device ids drawn from a
    /// seeded RNG: for the deterministic simulator only, never in production.
    pub fn open_seeded(path: impl AsRef<Path>, seed: u64) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_with_rng(path, StdRng::seed_from_u64(seed))
    }

    fn open_with_rng(path: impl AsRef<Path>, rng: StdRng) -> Result<SqliteStore, StoreError> {
        let path = path.as_ref().to_path_buf();
        let mut writer = Connection::open(&path)?;
        writer.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: an acknowledged push survives a power cut, not only a crash.
        writer.pragma_update(None, "synchronous", "FULL")?;
        writer.busy_timeout(std::time::Duration::from_secs(5))?;
        writer.pragma_update(None, "cache_size", -WRITER_CACHE_KIB)?;
        writer.pragma_update(None, "mmap_size", MMAP_BYTES)?;
        // Checkpoints run on their own thread (see `checkpoint`), not in the push lane.
        writer.pragma_update(None, "wal_autocheckpoint", 0)?;
        // The WAL file keeps its largest size unless told: after a province was
        // generated (or a burst of pushes) it stayed at 1.4 GB for good (the soak,
        // issue 22). Past a checkpoint that resets it, SQLite cuts it back to this.
        writer.pragma_update(None, "journal_size_limit", WAL_LIMIT_BYTES)?;
        // More statements than the default 16: pushes, pulls' scope shapes, admin.
        writer.set_prepared_statement_cache_capacity(STATEMENTS);
        fixed_plans(&writer)?;
        migrate(&mut writer)?;
        let mut readers = Vec::with_capacity(READERS);
        for _ in 0..READERS {
            let reader = Connection::open_with_flags(
                &path,
                OpenFlags::SQLITE_OPEN_READ_ONLY
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX
                    | OpenFlags::SQLITE_OPEN_URI,
            )?;
            reader.busy_timeout(std::time::Duration::from_secs(5))?;
            reader.pragma_update(None, "mmap_size", MMAP_BYTES)?;
            reader.set_prepared_statement_cache_capacity(STATEMENTS);
            fixed_plans(&reader)?;
            readers.push(Mutex::new(reader));
        }
        let checkpoints = checkpoint::start(&path)?;
        Ok(SqliteStore {
            path,
            _checkpoints: checkpoints,
            writer: Arc::new(GroupCommit::weighed(
                writer,
                MAX_BATCH_CHANGES,
                |job: &push::PushJob| job.changes.len(),
            )),
            readers,
            next_reader: AtomicUsize::new(0),
            rng: Mutex::new(rng),
        })
    }

    /// A free reader connection if there is one, else wait for the next in turn.
    fn reader(&self) -> MutexGuard<'_, Connection> {
        self.reader_from(self.next_reader.fetch_add(1, Ordering::Relaxed))
    }

    /// A device's pulls try the same reader first: its scope's statements (one SQL
    /// shape per scope) then stay prepared in that reader's cache instead of being
    /// parsed and planned again in each of the eight in turn.
    fn reader_for(&self, device: DeviceId) -> MutexGuard<'_, Connection> {
        // A v7 id's low bits are random.
        self.reader_from(device.0.as_u128() as usize)
    }

    fn reader_from(&self, start: usize) -> MutexGuard<'_, Connection> {
        for i in 0..self.readers.len() {
            let m = &self.readers[(start + i) % self.readers.len()];
            match m.try_lock() {
                Ok(g) => return g,
                Err(std::sync::TryLockError::Poisoned(p)) => return p.into_inner(),
                Err(std::sync::TryLockError::WouldBlock) => {}
            }
        }
        lock(&self.readers[start % self.readers.len()])
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Several devices' pushes stored as one group-commit batch, as pushes arriving
    /// together are (which batch a push joins is otherwise up to timing): for tests.
    #[doc(hidden)]
    pub fn push_as_one_batch(
        &self,
        pushes: Vec<(DeviceId, Vec<Change>)>,
        now_ms: u64,
    ) -> Vec<Result<Vec<PushResult>, StoreError>> {
        let jobs = push::PushJob::each(pushes, now_ms);
        push::store_batch(&mut self.writer.lock(), jobs)
    }
}

/// Plans chosen once, when a statement is prepared, not again for each binding.
///
/// Without this SQLite checks, while planning a query with `entity = ?N`, whether the
/// bound value satisfies the partial index `rows_blob` (`WHERE entity IN (…)`);
/// that ties the plan to the value, so binding another value throws the cached
/// statement away and the next step prepares it anew. A profile of 1,000 devices
/// pushing and pulling showed that re-preparing as a fifth of the server's CPU. Queries
/// meant to use a partial index name its constant literally.
pub(crate) fn fixed_plans(conn: &Connection) -> Result<(), StoreError> {
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER PRIMARY KEY,
            applied_ms INTEGER NOT NULL
        ) STRICT",
    )?;
    let current: i64 = conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_version",
        [],
        |r| r.get(0),
    )?;
    let known = MIGRATIONS.last().map(|m| m.0).unwrap_or(0);
    if current > known {
        return Err(StoreError::SchemaTooNew {
            found: current,
            known,
        });
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    // Numbers are reserved per change and may land out of order: apply every known
    // migration the file has not had, not only those above its newest.
    let applied: Vec<i64> = {
        let mut stmt = conn.prepare("SELECT version FROM schema_version")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    for &(version, sql) in MIGRATIONS.iter().filter(|m| !applied.contains(&m.0)) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_version (version, applied_ms) VALUES (?1, ?2)",
            (version, now),
        )?;
        tx.commit()?;
        tracing::info!(version, "applied migration");
    }
    Ok(())
}

impl Store for SqliteStore {
    #[tracing::instrument(skip_all, fields(device = %device, changes = changes.len()))]
    fn push(
        &self,
        device: DeviceId,
        changes: &[Change],
        now_ms: u64,
    ) -> Result<Vec<PushResult>, StoreError> {
        let job = push::PushJob {
            device,
            changes: changes.to_vec(),
            now_ms,
        };
        self.writer.submit(job, push::store_batch)
    }

    fn push_async(&self, device: DeviceId, changes: Vec<Change>, now_ms: u64) -> PushFuture {
        let job = push::PushJob {
            device,
            changes,
            now_ms,
        };
        Box::pin(self.writer.submit_async(job, push::store_batch))
    }

    #[tracing::instrument(skip_all, fields(device = %device, seq = cursor.seq))]
    fn pull_page(
        &self,
        device: DeviceId,
        cursor: Cursor,
        limit: u32,
    ) -> Result<PullPage, StoreError> {
        let mut conn = self.reader_for(device);
        pull::pull(&mut conn, device, cursor, limit)
    }

    #[tracing::instrument(skip_all, fields(changes = changes.len()))]
    fn seed(&self, changes: &[Change], now_ms: u64) -> Result<Vec<PushResult>, StoreError> {
        push::apply_server(&mut self.writer.lock(), changes, now_ms)
    }

    #[tracing::instrument(skip_all, fields(member = %member))]
    fn create_enroll_code(
        &self,
        member: Id,
        ttl_ms: u64,
        now_ms: u64,
    ) -> Result<String, StoreError> {
        let conn = self.writer.lock();
        devices::create_code(&conn, &mut lock(&self.rng), member, ttl_ms, now_ms)
    }

    #[tracing::instrument(skip_all)]
    fn enroll(
        &self,
        code: &str,
        device_name: &str,
        now_ms: u64,
    ) -> Result<EnrollResponse, EnrollError> {
        let mut conn = self.writer.lock();
        devices::enroll(&mut conn, &mut lock(&self.rng), code, device_name, now_ms)
    }

    fn authenticate(&self, credential: &str) -> Result<DeviceId, AuthError> {
        devices::authenticate(&self.reader(), credential)
    }

    #[tracing::instrument(skip_all, fields(device = %device))]
    fn revoke_device(&self, device: DeviceId, now_ms: u64) -> Result<bool, StoreError> {
        devices::revoke(&self.writer.lock(), device, now_ms)
    }

    fn device_member(&self, device: DeviceId) -> Result<Option<Id>, StoreError> {
        devices::member_of(&self.reader(), device)
    }

    fn row(&self, id: Id) -> Result<Option<StoredRow>, StoreError> {
        use crate::tree::TreeView;
        view::SqlView(&self.reader()).row(id)
    }

    fn member_by_card(&self, card_no: &str) -> Result<Option<Id>, StoreError> {
        view::member_by_card(&self.reader(), card_no)
    }

    fn is_empty(&self) -> Result<bool, StoreError> {
        let conn = self.reader();
        let n: i64 = conn.query_row(
            "SELECT COUNT(*) FROM (SELECT 1 FROM rows LIMIT 1)",
            [],
            |r| r.get(0),
        )?;
        Ok(n == 0)
    }

    fn actor(&self, device: DeviceId) -> Result<Actor, StoreError> {
        let mut conn = self.reader();
        // One snapshot for the device, its member row and positions.
        let tx = conn.transaction()?;
        let member = devices::live_member(&tx, device)?;
        let actor = Actor::load(&view::SqlView(&tx), member)?;
        tx.commit()?;
        Ok(actor)
    }

    fn standing(&self, member: Id) -> Result<Standing, StoreError> {
        let mut conn = self.reader();
        let tx = conn.transaction()?;
        let standing = Standing::load(&view::SqlView(&tx), member)?;
        tx.commit()?;
        Ok(standing)
    }

    fn devices_of(&self, member: Id) -> Result<Vec<DeviceInfo>, StoreError> {
        devices::of_member(&self.reader(), member)
    }

    fn device_info(&self, device: DeviceId) -> Result<Option<DeviceInfo>, StoreError> {
        devices::info(&self.reader(), device)
    }

    #[tracing::instrument(skip_all, fields(device = %device))]
    fn rename_device(&self, device: DeviceId, name: &str) -> Result<bool, StoreError> {
        devices::rename(&self.writer.lock(), device, name)
    }

    fn blob_size(&self, sha256: &str) -> Result<Option<u64>, StoreError> {
        blobs::size(&blobs::dir_of(self.path()), sha256)
    }

    #[tracing::instrument(skip_all)]
    fn put_blob_from(&self, sha256: &str, src: &mut dyn std::io::Read) -> Result<(), StoreError> {
        blobs::put(&blobs::dir_of(self.path()), sha256, src)
    }

    fn read_blob(
        &self,
        sha256: &str,
        offset: u64,
        len: u64,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        blobs::read(&blobs::dir_of(self.path()), sha256, offset, len)
    }

    fn blob_refs(&self, sha256: &str) -> Result<Vec<StoredRow>, StoreError> {
        blobs::refs(self.path(), sha256)
    }

    fn audit(&self, query: &AuditQuery) -> Result<(Vec<AuditEntry>, bool), StoreError> {
        audit::page(&self.reader(), query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::config::DbConfig;
    use rusqlite::StatementStatus;

    /// How often one statement over `rows` was prepared again while run with three
    /// different bindings.
    fn re_prepares(conn: &Connection) -> i32 {
        let mut stmt = conn
            .prepare("SELECT COUNT(*) FROM rows WHERE entity = ?1 AND org_id = ?2")
            .expect("prepare");
        for entity in ["member", "position", "attachment"] {
            stmt.query_row([entity, "x"], |r| r.get::<_, i64>(0))
                .expect("count");
        }
        stmt.get_status(StatementStatus::RePrepare)
    }

    /// The store's connections keep a statement's plan across bindings (before
    /// migration 0009 a plain connection prepared it again at every new binding: the
    /// partial index `rows_blob`, then `WHERE entity = 'attachment'`, made the plan
    /// depend on `entity`'s value).
    #[test]
    fn cached_statements_are_not_prepared_again_for_each_binding() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = SqliteStore::open(dir.path().join("sotay.db")).expect("open");
        for conn in [&*store.reader(), &*store.writer.lock()] {
            assert!(conn
                .db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG)
                .expect("config"));
            assert_eq!(re_prepares(conn), 0);
        }
        // Since migration 0009 `rows_blob` lists its entities (`IN (…)`), which SQLite
        // does not tie to a binding: a plain connection no longer prepares again
        // either. The setting stays, so a later `entity = '…'` partial index cannot
        // bring the cost back unnoticed.
        let plain = Connection::open(store.path()).expect("plain");
        assert_eq!(re_prepares(&plain), 0);
    }
}
