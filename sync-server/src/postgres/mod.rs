//! The PostgreSQL backend, for more than one server process behind a load balancer
//! (DESIGN §6): the same tables as SQLite, a small connection pool, and pushes
//! serialised across processes by the `seq_counter` row lock (see `push.rs`), so
//! sequence numbers commit in order and a pull never skips a late commit.
//!
//! Only SQL lives here; merge, validation and authorisation come from
//! [`crate::apply`] and [`crate::authz`], exactly as for [`crate::SqliteStore`].

mod audit;
mod batch;
mod blobs;
mod check_ins;
mod conn;
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
use crate::tree::{StoredRow, TreeView};
use conn::Pool;
use rand::rngs::StdRng;
use rand::SeedableRng;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{AuditEntry, Cursor, DeviceInfo, EnrollResponse, PushResult};
use sotay_model::Change;
use std::sync::{Arc, Mutex};

pub use postgres::Config as PgConfig;

/// Migrations in order; a file is never edited once released, a change is a new file.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/postgres/0001_init.sql")),
    (2, include_str!("../../migrations/postgres/0002_audit.sql")),
    (4, include_str!("../../migrations/postgres/0004_blobs.sql")),
    (
        6,
        include_str!("../../migrations/postgres/0006_drop_changes_row.sql"),
    ),
    (
        7,
        include_str!("../../migrations/postgres/0007_repair_future_stamps.sql"),
    ),
    (
        8,
        include_str!("../../migrations/postgres/0008_check_in_proofs.sql"),
    ),
    (
        9,
        include_str!("../../migrations/postgres/0009_blob_chunks.sql"),
    ),
    (
        10,
        include_str!("../../migrations/postgres/0010_task_file_blobs.sql"),
    ),
    (
        11,
        include_str!("../../migrations/postgres/0011_case_file_blobs.sql"),
    ),
];

/// Connections per server process. Pushes run one batch at a time on one of them;
/// the rest serve pulls and authentication in parallel.
pub const DEFAULT_POOL: usize = 16;

/// Pushes stored in one transaction at most (see [`crate::group`]).
const MAX_BATCH: usize = 64;

/// Any key: it only has to be the same in every process migrating one database.
const MIGRATION_LOCK: i64 = 0x50_7a_1b_1a;

/// The store on one PostgreSQL database (its tables live in the connection's
/// `search_path`, `public` unless the URL's `options` say otherwise).
pub struct PgStore {
    /// Shared with the push lane's writer (see [`Store::push_async`]).
    pool: Arc<Pool>,
    /// Pushes queue here before taking a connection (and the cross-process lock).
    pushes: Arc<GroupCommit<(), push::PushJob, Vec<PushResult>>>,
    rng: Mutex<StdRng>,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No connection details: the URL may carry a password.
        f.debug_struct("PgStore").finish_non_exhaustive()
    }
}

/// Whether a `--database` value names a PostgreSQL database.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

impl PgStore {
    /// Connect to `postgres://user@host:port/db` and bring the schema up to date.
    pub fn open(url: &str) -> Result<PgStore, StoreError> {
        let config: PgConfig = url.parse()?;
        PgStore::connect(config, DEFAULT_POOL)
    }

    /// Connect with a prepared configuration and at most `pool` connections.
    pub fn connect(config: PgConfig, pool: usize) -> Result<PgStore, StoreError> {
        let pool = Arc::new(Pool::new(config, pool)?);
        migrate(&mut *pool.get()?)?;
        Ok(PgStore {
            pool,
            pushes: Arc::new(GroupCommit::new((), MAX_BATCH)),
            rng: Mutex::new(StdRng::from_entropy()),
        })
    }
}

fn migrate(conn: &mut conn::Conn) -> Result<(), StoreError> {
    let tx = conn.begin()?;
    // Two processes starting at once: the second waits, then sees the work done.
    tx.exec("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch(
        "CREATE TABLE IF NOT EXISTS schema_version (
            version BIGINT PRIMARY KEY,
            applied_ms BIGINT NOT NULL
        )",
    )?;
    let current: i64 = tx
        .one("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])?
        .try_get(0)?;
    let known = MIGRATIONS.last().map(|m| m.0).unwrap_or(0);
    if current > known {
        return Err(StoreError::SchemaTooNew {
            found: current,
            known,
        });
    }
    // Numbers are reserved per change and may land out of order: apply every known
    // migration the database has not had, not only those above its newest.
    let applied = tx
        .query("SELECT version FROM schema_version", &[])?
        .iter()
        .map(|r| r.try_get::<_, i64>(0))
        .collect::<Result<Vec<i64>, _>>()?;
    for &(version, sql) in MIGRATIONS.iter().filter(|m| !applied.contains(&m.0)) {
        tx.batch(sql)?;
        tx.exec(
            "INSERT INTO schema_version (version, applied_ms)
             VALUES ($1, (extract(epoch from now()) * 1000)::bigint)",
            &[&version],
        )?;
        tracing::info!(version, "applied migration");
    }
    tx.commit()
}

impl PgStore {
    /// Several devices' pushes stored as one group-commit batch, as pushes arriving
    /// together are (which batch a push joins is otherwise up to timing): for tests.
    #[doc(hidden)]
    pub fn push_as_one_batch(
        &self,
        pushes: Vec<(DeviceId, Vec<Change>)>,
        now_ms: u64,
    ) -> Vec<Result<Vec<PushResult>, StoreError>> {
        let jobs = push::PushJob::each(pushes, now_ms);
        push::store_batch(&self.pool, jobs)
    }
}

impl Store for PgStore {
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
        self.pushes
            .submit(job, |_, jobs| push::store_batch(&self.pool, jobs))
    }

    fn push_async(&self, device: DeviceId, changes: Vec<Change>, now_ms: u64) -> PushFuture {
        let job = push::PushJob {
            device,
            changes,
            now_ms,
        };
        let pool = self.pool.clone();
        Box::pin(
            self.pushes
                .submit_async(job, move |_, jobs| push::store_batch(&pool, jobs)),
        )
    }

    #[tracing::instrument(skip_all, fields(device = %device, seq = cursor.seq))]
    fn pull_page(
        &self,
        device: DeviceId,
        cursor: Cursor,
        limit: u32,
    ) -> Result<PullPage, StoreError> {
        let mut conn = self.pool.get()?;
        let page = pull::pull(conn.snapshot()?, device, cursor, limit);
        page
    }

    #[tracing::instrument(skip_all, fields(changes = changes.len()))]
    fn seed(&self, changes: &[Change], now_ms: u64) -> Result<Vec<PushResult>, StoreError> {
        // In the lane too: a seed waits for the batch being stored, not for the lock.
        let _lane = self.pushes.lock();
        let mut conn = self.pool.get()?;
        let results = push::apply_server(conn.begin()?, changes, now_ms);
        results
    }

    #[tracing::instrument(skip_all, fields(member = %member))]
    fn create_enroll_code(
        &self,
        member: Id,
        ttl_ms: u64,
        now_ms: u64,
    ) -> Result<String, StoreError> {
        devices::create_code(&mut *self.pool.get()?, &self.rng, member, ttl_ms, now_ms)
    }

    #[tracing::instrument(skip_all)]
    fn enroll(
        &self,
        code: &str,
        device_name: &str,
        now_ms: u64,
    ) -> Result<EnrollResponse, EnrollError> {
        let mut conn = self.pool.get()?;
        devices::enroll(&mut conn, &self.rng, code, device_name, now_ms)
    }

    fn authenticate(&self, credential: &str) -> Result<DeviceId, AuthError> {
        devices::authenticate(&mut *self.pool.get()?, credential)
    }

    #[tracing::instrument(skip_all, fields(device = %device))]
    fn revoke_device(&self, device: DeviceId, now_ms: u64) -> Result<bool, StoreError> {
        devices::revoke(&mut *self.pool.get()?, device, now_ms)
    }

    fn device_member(&self, device: DeviceId) -> Result<Option<Id>, StoreError> {
        devices::member_of(&mut *self.pool.get()?, device)
    }

    fn row(&self, id: Id) -> Result<Option<StoredRow>, StoreError> {
        let mut conn = self.pool.get()?;
        let tx = conn.snapshot()?;
        let row = view::PgView(&tx).row(id)?;
        tx.commit()?;
        Ok(row)
    }

    fn member_by_card(&self, card_no: &str) -> Result<Option<Id>, StoreError> {
        let mut conn = self.pool.get()?;
        let tx = conn.snapshot()?;
        let id = view::PgView(&tx).member_with_card(card_no)?;
        tx.commit()?;
        Ok(id)
    }

    fn is_empty(&self) -> Result<bool, StoreError> {
        let rows = self.pool.get()?.query("SELECT 1 FROM rows LIMIT 1", &[])?;
        Ok(rows.is_empty())
    }

    fn actor(&self, device: DeviceId) -> Result<Actor, StoreError> {
        let mut conn = self.pool.get()?;
        // One snapshot for the device, its member row and positions.
        let tx = conn.snapshot()?;
        let member = devices::live_member(&tx, device)?;
        let actor = Actor::load(&view::PgView(&tx), member)?;
        tx.commit()?;
        Ok(actor)
    }

    fn devices_of(&self, member: Id) -> Result<Vec<DeviceInfo>, StoreError> {
        devices::of_member(&mut *self.pool.get()?, member)
    }

    fn device_info(&self, device: DeviceId) -> Result<Option<DeviceInfo>, StoreError> {
        devices::info(&mut *self.pool.get()?, device)
    }

    #[tracing::instrument(skip_all, fields(device = %device))]
    fn rename_device(&self, device: DeviceId, name: &str) -> Result<bool, StoreError> {
        devices::rename(&mut *self.pool.get()?, device, name)
    }

    fn standing(&self, member: Id) -> Result<Standing, StoreError> {
        let mut conn = self.pool.get()?;
        let tx = conn.snapshot()?;
        let standing = Standing::load(&view::PgView(&tx), member)?;
        tx.commit()?;
        Ok(standing)
    }

    fn blob_size(&self, sha256: &str) -> Result<Option<u64>, StoreError> {
        blobs::size(&mut *self.pool.get()?, sha256)
    }

    #[tracing::instrument(skip_all)]
    fn put_blob_from(&self, sha256: &str, src: &mut dyn std::io::Read) -> Result<(), StoreError> {
        blobs::put(&self.pool, sha256, src)
    }

    fn read_blob(
        &self,
        sha256: &str,
        offset: u64,
        len: u64,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        blobs::read(&mut *self.pool.get()?, sha256, offset, len)
    }

    fn blob_refs(&self, sha256: &str) -> Result<Vec<StoredRow>, StoreError> {
        blobs::refs(&mut *self.pool.get()?, sha256)
    }

    fn audit(&self, query: &AuditQuery) -> Result<(Vec<AuditEntry>, bool), StoreError> {
        let mut conn = self.pool.get()?;
        let tx = conn.snapshot()?;
        let page = audit::page(&tx, query)?;
        tx.commit()?;
        Ok(page)
    }
}
