//! `Replica`: one device's local copy behind the typed Api. Every front end (Tauri
//! command, headless host, CLI) calls `Replica::call` with a `Request` and gets a
//! `Response` or an `ApiError` with a Vietnamese message; none of them sees SQL. The
//! dispatch to each request's handler is `crate::calls`.

use crate::administration::{members, positions};
use crate::db::{outbox, Db, Identity, KeyStore, PlatformKeyStore};
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
    /// The app PIN's lock state (DESIGN §5).
    lock: AppLock,
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
            home,
            db: Arc::new(Mutex::new(db)),
            env,
            lock,
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

    pub fn is_enrolled(&self) -> bool {
        matches!(self.db().identity(), Ok(Some(_)))
    }

    /// The clock and randomness this replica runs on.
    pub fn env(&self) -> &dyn Env {
        self.env.as_ref()
    }

    /// The database behind its lock, for the handlers that must not hold it long
    /// (unlocking with argon2, downloads).
    pub(crate) fn db_lock(&self) -> &Mutex<Db> {
        &self.db
    }

    pub(crate) fn app_lock(&self) -> &AppLock {
        &self.lock
    }

    /// Refuse a request while the app is locked by its PIN (unless `while_locked`);
    /// otherwise count it as use.
    pub(crate) fn admit(&self, while_locked: bool) -> Result<(), ApiError> {
        self.lock.admit(&self.db(), self.env.as_ref(), while_locked)
    }

    /// This device's identity and an HTTP client for its server (with its pin).
    pub(crate) fn server(&self) -> Result<(Identity, reqwest::Client), ApiError> {
        let identity = self.db().identity()?.ok_or_else(not_enrolled)?;
        let pin = self.db().server_pin()?;
        let client = self.http_client(pin.as_deref())?;
        Ok((identity, client))
    }

    /// The one client to this device's server (sync, files, online requests).
    pub(crate) fn transport(&self) -> Result<http::HttpTransport, ApiError> {
        let (identity, client) = self.server()?;
        Ok(http::HttpTransport::new(client, &identity))
    }

    /// Who this device is and how its sync stands; readable while a sync runs.
    pub fn status(&self) -> Result<Status, ApiError> {
        let db = self.db();
        let identity = db.identity()?;
        let (locked, pin_set) = self.lock.status(&db, self.env.as_ref())?;
        let (online, last_synced_ms) = db.sync_outcome()?;
        let (me, my_positions) = match &identity {
            // A locked screen shows no one's name.
            Some(_) if locked => (None, Vec::new()),
            Some(id) => (
                members::get(&db, id.member_id).ok(),
                positions::of_member(&db, id.member_id)?,
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
            progress: *self.progress.lock().unwrap_or_else(|p| p.into_inner()),
            locked,
            pin_set,
            key_warning: db.key_warning(),
        })
    }

    /// Enroll with a one-time code, store the credential, then try a first sync (its
    /// failure is reported through `Status.online`, not as an enrollment error).
    pub async fn enroll(
        &self,
        server: &str,
        code: &str,
        device_name: &str,
        pin_sha256: Option<&str>,
    ) -> Result<Status, ApiError> {
        if self.is_enrolled() {
            return Err(ApiError::new(
                ApiErrorKind::AlreadyEnrolled,
                "Thiết bị này đã được đăng ký",
            ));
        }
        let server = http::normalise_server(server)
            .ok_or_else(|| invalid("Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://"))?;
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
        let client = self.http_client(pin_sha256)?;
        let resp = http::enroll(&client, &server, &req)
            .await
            .map_err(|e| ApiError::from(SyncError::Transport(e)))?;
        // The pin first: a crash in between leaves an unenrolled device, never an
        // enrolled one without its pin.
        self.db().set_server_pin(pin_sha256)?;
        self.db().set_identity(&Identity {
            server,
            device_id: resp.device_id,
            member_id: resp.member_id,
            credential: resp.credential,
        })?;
        if let Err(e) = self.sync_now().await {
            tracing::info!(kind = ?e.kind, "first sync after enrollment failed: {}", e.message);
        }
        self.status()
    }

    /// Push pending changes and pull until caught up, over HTTP.
    pub async fn sync_now(&self) -> Result<SyncReport, ApiError> {
        let mut transport = self.transport()?;
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
        }
        self.set_progress(Some(SyncProgress::default()));
        let progress = |p: SyncProgress| self.set_progress(Some(p));
        let result = sync::sync_once(&self.db, transport, self.env.as_ref(), &progress).await;
        self.set_progress(None);
        Ok(result?)
    }

    /// A client trusting the built-in roots, `HOME/server-ca.pem`, and only the pinned
    /// key when there is one. Built per sync: cheap next to the network round trips.
    fn http_client(&self, pin: Option<&str>) -> Result<reqwest::Client, ApiError> {
        tls::client(&self.home, pin).map_err(|e| {
            let kind = match e {
                tls::TlsError::BadPin => ApiErrorKind::Invalid,
                _ => ApiErrorKind::Untrusted,
            };
            ApiError::new(kind, e.to_string())
        })
    }

    fn set_progress(&self, p: Option<SyncProgress>) {
        *self.progress.lock().unwrap_or_else(|e| e.into_inner()) = p;
    }
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
        if replica.is_enrolled() {
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
