//! `Replica`: one device's local copy behind the typed Api. Every front end (Tauri
//! command, headless host, CLI) calls `Replica::call` with a `Request` and gets a
//! `Response` or an `ApiError` with a Vietnamese message; none of them sees SQL. The
//! dispatch to each request's handler is `crate::calls`.

use crate::administration::{members, positions};
use crate::db::{outbox, Db, Identity, KeyStore, PlatformKeyStore, Reader};
use crate::env::{Env, SystemEnv};
use crate::error::{invalid, not_enrolled};
use crate::lock::AppLock;
use crate::sync::{self, http, tls, SyncError};
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::protocol::{EnrollRequest, PROTOCOL_VERSION};
use sotay_model::sync::{Status, SyncProgress, SyncReport};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

pub struct Replica {
    home: PathBuf,
    /// SQLite calls are short and made without awaiting; the lock is never held across
    /// a network call, so a sync in flight does not block reads. Shared so the sync
    /// engine can take it on tokio's blocking threads.
    db: Arc<Mutex<Db>>,
    env: Arc<dyn Env>,
    /// The app PIN's lock state (DESIGN §5); shared so its checks can run on tokio's
    /// blocking threads.
    lock: Arc<AppLock>,
    /// The database's read-only connection (`Db::reader`), read without `db`'s mutex.
    reader: Reader,
    /// One sync at a time (background loop and "sync now" may overlap).
    sync_lock: tokio::sync::Mutex<()>,
    progress: Mutex<Option<SyncProgress>>,
}

impl std::fmt::Debug for Replica {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Replica")
            .field("home", &self.home)
            .finish_non_exhaustive()
    }
}

impl Replica {
    /// Open the replica whose database is `home/replica.db`, with the real clock.
    pub fn open(home: impl AsRef<Path>) -> Result<Replica, ApiError> {
        Replica::open_with(home, Arc::new(SystemEnv))
    }

    /// Open with an injected clock and randomness (tests, simulator); the key in the
    /// platform's keystore, or in a file beside the data where there is none.
    pub fn open_with(home: impl AsRef<Path>, env: Arc<dyn Env>) -> Result<Replica, ApiError> {
        let home = home.as_ref().to_path_buf();
        std::fs::create_dir_all(&home).map_err(crate::error::DbError::from)?;
        let keys = PlatformKeyStore::for_home(&home);
        Replica::open_with_keys(home, env, &keys)
    }

    /// Open with the database key kept by `keys` (a platform keystore; see README).
    pub fn open_with_keys(
        home: impl AsRef<Path>,
        env: Arc<dyn Env>,
        keys: &dyn KeyStore,
    ) -> Result<Replica, ApiError> {
        let home = home.as_ref().to_path_buf();
        let db = Db::open_with_keys(&home, keys)?;
        let lock = AppLock::at_start(&db, env.as_ref())?;
        Ok(Replica {
            reader: db.reader(),
            home,
            db: Arc::new(Mutex::new(db)),
            env,
            lock: Arc::new(lock),
            sync_lock: tokio::sync::Mutex::new(()),
            progress: Mutex::new(None),
        })
    }

    pub fn home(&self) -> &Path {
        &self.home
    }

    /// Direct access to the database (tests, diagnostics). Do not hold it across awaits.
    pub fn db(&self) -> MutexGuard<'_, Db> {
        sync::lock(&self.db)
    }

    /// The read-only connection, `None` while a wipe replaces the file.
    pub(crate) fn reader(&self) -> MutexGuard<'_, Option<rusqlite::Connection>> {
        crate::db::relock(&self.reader)
    }

    pub fn is_enrolled(&self) -> bool {
        matches!(self.db().identity(), Ok(Some(_)))
    }

    /// The clock and randomness this replica runs on.
    pub fn env(&self) -> &dyn Env {
        self.env.as_ref()
    }

    /// The database behind its lock, for the handlers that must not hold it long
    /// (unlocking with argon2, downloads) or take it on the blocking threads.
    pub(crate) fn db_lock(&self) -> &Arc<Mutex<Db>> {
        &self.db
    }

    /// Run a short database step on tokio's blocking threads (`sync::on_db`), for the
    /// online handlers, which run on the runtime's workers.
    pub(crate) async fn on_db<R: Send + 'static>(
        &self,
        step: impl FnOnce(&mut Db) -> R + Send + 'static,
    ) -> Result<R, ApiError> {
        Ok(sync::on_db(&self.db, step).await?)
    }

    pub(crate) fn app_lock(&self) -> &AppLock {
        &self.lock
    }

    /// Refuse a request while the app is locked by its PIN (unless `while_locked`);
    /// otherwise count it as use.
    pub(crate) fn admit(&self, while_locked: bool) -> Result<(), ApiError> {
        self.lock
            .admit(&self.db().conn, self.env.as_ref(), while_locked)
    }

    /// [`Replica::admit`] for a request that reads on `conn`, the database's reader,
    /// so that it takes no database mutex either.
    pub(crate) fn admit_on(&self, conn: &rusqlite::Connection) -> Result<(), ApiError> {
        self.lock.admit(conn, self.env.as_ref(), false)
    }

    /// [`Replica::admit`] on the blocking threads (it reads the database).
    pub(crate) async fn admit_off_runtime(&self, while_locked: bool) -> Result<(), ApiError> {
        let (lock, env) = (Arc::clone(&self.lock), Arc::clone(&self.env));
        self.on_db(move |db| lock.admit(&db.conn, env.as_ref(), while_locked))
            .await?
    }

    /// The one client to this device's server (sync, files, online requests): its
    /// identity and pin read, and the TLS client built (root certificates parsed), on
    /// the blocking threads.
    pub(crate) async fn transport(&self) -> Result<http::HttpTransport, ApiError> {
        let (identity, pin) = self
            .on_db(|db| {
                let identity = db.identity()?.ok_or_else(not_enrolled)?;
                Ok::<_, ApiError>((identity, db.server_pin()?))
            })
            .await??;
        // Without the database lock: other requests need not wait for the client.
        let home = self.home.clone();
        let client = off_runtime(move || http_client(&home, pin.as_deref())).await??;
        Ok(http::HttpTransport::new(client, &identity))
    }

    /// Who this device is and how its sync stands; readable while a sync runs.
    pub fn status(&self) -> Result<Status, ApiError> {
        status_of(&self.db(), &self.lock, self.env.as_ref(), self.progress())
    }

    /// [`Replica::status`] on the blocking threads.
    async fn status_off_runtime(&self) -> Result<Status, ApiError> {
        let (lock, env, progress) = (
            Arc::clone(&self.lock),
            Arc::clone(&self.env),
            self.progress(),
        );
        self.on_db(move |db| status_of(db, &lock, env.as_ref(), progress))
            .await?
    }

    fn progress(&self) -> Option<SyncProgress> {
        *self.progress.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Enroll with a one-time code over HTTP, store the credential, then try a first
    /// sync (its failure is reported through `Status.online`, not as an enrollment
    /// error).
    pub async fn enroll(
        &self,
        server: &str,
        code: &str,
        device_name: &str,
        pin_sha256: Option<&str>,
    ) -> Result<Status, ApiError> {
        let mut transport = self.enroll_transport(server, pin_sha256).await?;
        self.enroll_over(&mut transport, server, code, device_name, pin_sha256)
            .await
    }

    /// The HTTP connection an enrollment goes over: to `server`, trusting what
    /// `pin_sha256` pins (the TLS client built on the blocking threads).
    pub(crate) async fn enroll_transport(
        &self,
        server: &str,
        pin_sha256: Option<&str>,
    ) -> Result<http::HttpTransport, ApiError> {
        let server = server_address(server)?;
        let (home, pin) = (self.home.clone(), pin_sha256.map(str::to_string));
        let client = off_runtime(move || http_client(&home, pin.as_deref())).await??;
        Ok(http::HttpTransport::unenrolled(client, &server))
    }

    /// [`Replica::enroll`] over any transport (the simulator's): trade the code for a
    /// credential, store it with `server` as this device's server, then a first sync
    /// over the same transport. The database steps run on the blocking threads.
    pub async fn enroll_over<T: sync::Transport + Send>(
        &self,
        transport: &mut T,
        server: &str,
        code: &str,
        device_name: &str,
        pin_sha256: Option<&str>,
    ) -> Result<Status, ApiError> {
        if self.on_db(|db| db.identity()).await??.is_some() {
            return Err(ApiError::new(
                ApiErrorKind::AlreadyEnrolled,
                "Thiết bị này đã được đăng ký",
            ));
        }
        let server = server_address(server)?;
        let code = code.trim();
        if code.is_empty() {
            return Err(invalid("Hãy nhập mã đăng ký do cấp ủy cấp"));
        }
        let device_name = match device_name.trim() {
            "" => "Thiết bị",
            n => n,
        };
        let req = EnrollRequest {
            protocol: PROTOCOL_VERSION,
            code: code.to_string(),
            device_name: device_name.to_string(),
        };
        let resp = transport
            .enroll(req)
            .await
            .map_err(|e| ApiError::from(SyncError::Transport(e)))?;
        let identity = Identity {
            server,
            device_id: resp.device_id,
            member_id: resp.member_id,
            credential: resp.credential,
        };
        let pin = pin_sha256.map(str::to_string);
        self.on_db(move |db| {
            // The pin first: a crash in between leaves an unenrolled device, never an
            // enrolled one without its pin.
            db.set_server_pin(pin.as_deref())?;
            db.set_identity(&identity)
        })
        .await??;
        if let Err(e) = self.sync_over(transport).await {
            tracing::info!(kind = ?e.kind, "first sync after enrollment failed: {}", e.message);
        }
        self.status_off_runtime().await
    }

    /// Push pending changes and pull until caught up, over HTTP.
    pub async fn sync_now(&self) -> Result<SyncReport, ApiError> {
        let mut transport = self.transport().await?;
        self.sync_over(&mut transport).await
    }

    /// Upload pending attachment files, then push and pull until caught up, over any
    /// transport (the simulator's, or HTTP through `sync_now`). A revoked answer on
    /// any of them wipes this device.
    pub async fn sync_over<T: sync::Transport>(
        &self,
        transport: &mut T,
    ) -> Result<SyncReport, ApiError> {
        let _one_at_a_time = self.sync_lock.lock().await;
        // Attached files first, so a reader never gets a row whose file is not there.
        if let Err(e) = crate::library::blobs::transfer::upload_pending(&self.db, transport).await {
            tracing::info!(kind = ?e.kind, "attachment upload: {}", e.message);
            // Revoked: the upload has wiped the device, there is nothing left to sync.
            if e.kind == ApiErrorKind::Unauthorized {
                return Err(e);
            }
        }
        self.set_progress(Some(SyncProgress::default()));
        let progress = |p: SyncProgress| self.set_progress(Some(p));
        let result = sync::sync_once(&self.db, transport, self.env.as_ref(), &progress).await;
        self.set_progress(None);
        let report = result?;
        // A member's file on their report is accepted for upload only once the server
        // holds its row (the push just sent it): try what is still waiting once more.
        if let Err(e) = crate::library::blobs::transfer::upload_pending(&self.db, transport).await {
            tracing::info!(kind = ?e.kind, "attachment upload after push: {}", e.message);
            if e.kind == ApiErrorKind::Unauthorized {
                return Err(e);
            }
        }
        // A pull may have taken rows away (a removed file, a task the member no longer
        // reads): their files go too.
        if let Err(e) = crate::library::blobs::transfer::sweep(&self.db).await {
            tracing::warn!(kind = ?e.kind, "deleting files no row names: {}", e.message);
        }
        Ok(report)
    }

    fn set_progress(&self, p: Option<SyncProgress>) {
        *self.progress.lock().unwrap_or_else(|e| e.into_inner()) = p;
    }
}

/// A server's address as stored: `http(s)://host[:port]` without a trailing slash.
fn server_address(server: &str) -> Result<String, ApiError> {
    http::normalise_server(server)
        .ok_or_else(|| invalid("Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://"))
}

/// A client trusting the built-in roots, `HOME/server-ca.pem`, and only the pinned key
/// when there is one. Built per sync: cheap next to the network round trips, but it
/// reads files and parses certificates, so callers build it on the blocking threads.
fn http_client(home: &Path, pin: Option<&str>) -> Result<reqwest::Client, ApiError> {
    tls::client(home, pin).map_err(|e| {
        let kind = match e {
            tls::TlsError::BadPin => ApiErrorKind::Invalid,
            _ => ApiErrorKind::Untrusted,
        };
        ApiError::new(kind, e.to_string())
    })
}

/// Run `work` on tokio's blocking threads; a panic in it carries on here.
async fn off_runtime<R: Send + 'static>(
    work: impl FnOnce() -> R + Send + 'static,
) -> Result<R, ApiError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(r) => Ok(r),
        Err(e) => match e.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(_) => Err(ApiError::new(
                ApiErrorKind::Storage,
                "Việc trên máy dừng giữa chừng, hãy thử lại",
            )),
        },
    }
}

/// Who this device is and how its sync stands, from its database and lock.
fn status_of(
    db: &Db,
    lock: &AppLock,
    env: &dyn Env,
    progress: Option<SyncProgress>,
) -> Result<Status, ApiError> {
    let identity = db.identity()?;
    let (locked, pin_set) = lock.status(&db.conn, env)?;
    let (online, last_synced_ms) = db.sync_outcome()?;
    let (me, my_positions) = match &identity {
        // A locked screen shows no one's name.
        Some(_) if locked => (None, Vec::new()),
        Some(id) => (
            members::get(db, id.member_id).ok(),
            positions::of_member(db, id.member_id)?,
        ),
        None => (None, Vec::new()),
    };
    Ok(Status {
        enrolled: identity.is_some(),
        server: identity.as_ref().map(|i| i.server.clone()),
        device_id: identity.as_ref().map(|i| i.device_id),
        me,
        positions: my_positions,
        last_synced_ms,
        online,
        pending_changes: outbox::count(&db.conn)?,
        rejected_changes: outbox::count_rejected(&db.conn)?,
        progress,
        locked,
        pin_set,
        key_warning: db.key_warning(),
    })
}

/// Sync now and then every `every` until `stop` completes (for the Tauri shell and the
/// headless host). A sync cut short by `stop` is safe: every step is one transaction.
pub async fn run_background_sync(
    replica: Arc<Replica>,
    every: Duration,
    stop: impl Future<Output = ()> + Send,
) {
    tokio::pin!(stop);
    loop {
        let enrolled = replica.on_db(|db| db.identity()).await;
        if matches!(enrolled, Ok(Ok(Some(_)))) {
            tokio::select! {
                _ = &mut stop => return,
                r = replica.sync_now() => if let Err(e) = r {
                    tracing::info!(kind = ?e.kind, "background sync: {}", e.message);
                },
            }
        }
        tokio::select! {
            _ = &mut stop => return,
            _ = tokio::time::sleep(every) => {}
        }
    }
}
