//! `Replica`: one device's local copy behind the typed Api. Every front end (Tauri
//! command, headless host, CLI) calls `Replica::call` with a `Request` and gets a
//! `Response` or an `ApiError` with a Vietnamese message; none of them sees SQL.

use crate::db::{outbox, Db, Identity};
use crate::env::{Env, SystemEnv};
use crate::error::{invalid, not_enrolled};
use crate::sync::{self, http, SyncError};
use crate::{members, organisations, positions};
use sotay_model::api::{
    ApiError, ApiErrorKind, Request, Response, Status, SyncProgress, SyncReport,
};
use sotay_model::protocol::{EnrollRequest, PROTOCOL_VERSION};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

pub struct Replica {
    home: PathBuf,
    /// SQLite calls are short and made without awaiting; the lock is never held across
    /// a network call, so a sync in flight does not block reads.
    db: Mutex<Db>,
    env: Arc<dyn Env>,
    http: reqwest::Client,
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

    /// Open with an injected clock and randomness (tests, simulator).
    pub fn open_with(home: impl AsRef<Path>, env: Arc<dyn Env>) -> Result<Replica, ApiError> {
        let home = home.as_ref().to_path_buf();
        let db = Db::open(&home)?;
        Ok(Replica {
            home,
            db: Mutex::new(db),
            env,
            http: http::client(),
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

    /// Answer one Api request.
    pub async fn call(&self, req: Request) -> Result<Response, ApiError> {
        match req {
            Request::Enroll {
                server,
                code,
                device_name,
            } => Ok(Response::Status(
                self.enroll(&server, &code, &device_name).await?,
            )),
            Request::SyncNow => Ok(Response::Synced(self.sync_now().await?)),
            // Devices, codes, audit: answered by the server (crate::devices).
            online if crate::devices::is_online(&online) => {
                let identity = self.db().identity()?.ok_or_else(not_enrolled)?;
                crate::devices::call(&self.db, &self.http, &identity, online).await
            }
            local => self.call_local(local),
        }
    }

    /// The requests answered from the local database alone (no network, no await).
    pub fn call_local(&self, req: Request) -> Result<Response, ApiError> {
        let env = self.env.as_ref();
        let mut db = self.db();
        Ok(match req {
            Request::Status => {
                drop(db);
                Response::Status(self.status()?)
            }
            Request::Enroll { .. } | Request::SyncNow => {
                return Err(invalid("Yêu cầu này cần kết nối máy chủ"));
            }
            Request::ListOrgs => Response::Orgs {
                orgs: organisations::list(&db)?,
            },
            Request::ListMembers { org_id } => Response::Members {
                members: members::list(&db, org_id)?,
            },
            Request::GetMember { id } => Response::Member {
                member: members::get(&db, id)?,
            },
            Request::CreateOrg {
                name,
                kind,
                parent_id,
            } => Response::Created {
                id: organisations::create(&mut db, env, &name, kind, parent_id)?,
            },
            Request::CreateMember(new) => Response::Created {
                id: members::create(&mut db, env, &new)?,
            },
            Request::UpdateMember { id, patch } => {
                members::update(&mut db, env, id, &patch)?;
                Response::Done
            }
            Request::DeleteMember { id } => {
                members::delete(&mut db, env, id)?;
                Response::Done
            }
            Request::ListPositions { org_id } => Response::Positions {
                positions: positions::list(&db, org_id)?,
            },
            Request::ListRejected => Response::Rejected {
                rejected: outbox::rejected(&db.conn)?,
            },
            Request::DismissRejected { change_id } => {
                outbox::dismiss(&db.conn, change_id)?;
                Response::Done
            }
            // Member administration: local writes (crate::admin).
            admin @ (Request::AssignPosition { .. }
            | Request::RemovePosition { .. }
            | Request::TransferMember { .. }
            | Request::SetMemberStatus { .. }) => crate::admin::call(&mut db, env, admin)?,
            Request::IssueEnrollCode { .. }
            | Request::ListDevices { .. }
            | Request::RenameDevice { .. }
            | Request::RevokeDevice { .. }
            | Request::ListAudit { .. } => {
                return Err(invalid("Yêu cầu này cần kết nối máy chủ"));
            }
        })
    }

    /// Who this device is and how its sync stands; readable while a sync runs.
    pub fn status(&self) -> Result<Status, ApiError> {
        let db = self.db();
        let identity = db.identity()?;
        let (online, last_synced_ms) = db.sync_outcome()?;
        let (me, my_positions) = match &identity {
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
        })
    }

    /// Enroll with a one-time code, store the credential, then try a first sync (its
    /// failure is reported through `Status.online`, not as an enrollment error).
    pub async fn enroll(
        &self,
        server: &str,
        code: &str,
        device_name: &str,
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
        let resp = http::enroll(&self.http, &server, &req)
            .await
            .map_err(|e| ApiError::from(SyncError::Transport(e)))?;
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
        let _one_at_a_time = self.sync_lock.lock().await;
        let identity = self.db().identity()?.ok_or_else(not_enrolled)?;
        let mut transport = http::HttpTransport::new(self.http.clone(), &identity);
        self.set_progress(Some(SyncProgress::default()));
        let progress = |p: SyncProgress| self.set_progress(Some(p));
        let result = sync::sync_once(&self.db, &mut transport, self.env.as_ref(), &progress).await;
        self.set_progress(None);
        Ok(result?)
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
