//! The Api's dispatch: every request has one handler, declared next to the feature
//! code it calls: [`Local`] for those answered from the device's copy, [`Device`] for
//! those about the device itself (status, the PIN lock), [`Online`] for those the
//! server answers. `Replica::call` is generated from the model's one list of requests,
//! so there is no hand-written list of them here and no arm that catches another
//! feature's request.

use crate::db::Db;
use crate::env::Env;
use crate::replica::Replica;
use crate::sync::http::HttpTransport;
use crate::sync::Transport;
use sotay_model::api::{Answer, ApiError, ApiErrorKind, Call, Request, Response};
use std::future::Future;
use std::sync::Arc;

/// What a local handler works with: the database (held for the whole request, so
/// a request sees one state) and the clock and randomness.
pub struct Cx<'a> {
    pub db: &'a mut Db,
    pub env: &'a dyn Env,
}

/// A request answered from the device's copy alone, without awaiting.
pub trait Local: Call {
    /// Answered by `read` on the replica's read-only connection (`Db::reader`), not
    /// under the database mutex: a search must not wait while a sync applies a page.
    const READS: bool = false;

    fn local(self, cx: &mut Cx<'_>) -> Result<Self::Answer, ApiError>;

    /// The answer from the read-only connection, for a request that `READS`; any
    /// other gives itself back, to be answered by `local`.
    fn read(self, _reader: &rusqlite::Connection) -> Result<Result<Self::Answer, ApiError>, Self>
    where
        Self: Sized,
    {
        Err(self)
    }
}

/// A request about the device itself, answered without the server.
pub trait Device: Call {
    /// Answered while the app is locked by its PIN, and not counted as use (the UI
    /// polls `Status`, which must not keep the app open).
    const WHILE_LOCKED: bool = false;
    fn device(self, replica: &Replica) -> Result<Self::Answer, ApiError>;
}

/// A request answered by the server (or needing it, like a sync), over the replica's
/// one server client: `Replica::call` connects over HTTP, `Replica::call_over` takes
/// any [`Transport`] (the simulator's, tests').
pub trait Online: Call {
    /// The HTTP connection `Replica::call` sends this request over: this device's
    /// server with its credential (enrollment names its own server).
    fn connect(
        &self,
        replica: &Replica,
    ) -> impl Future<Output = Result<HttpTransport, ApiError>> + Send {
        replica.transport()
    }
    fn online<T: Transport + Send>(
        self,
        replica: &Replica,
        server: &mut T,
    ) -> impl Future<Output = Result<Self::Answer, ApiError>> + Send;
}

fn needs_server() -> ApiError {
    crate::error::invalid("Yêu cầu này cần kết nối máy chủ")
}

fn needs_device() -> ApiError {
    crate::error::invalid("Yêu cầu này cần cả thiết bị, không chỉ cơ sở dữ liệu")
}

macro_rules! dispatch {
    (
        local { $($lm:ident : $($l:ident),+ ;)* }
        device { $($dm:ident : $($d:ident),+ ;)* }
        online { $($om:ident : $($o:ident),+ ;)* }
    ) => {
        impl Replica {
            /// Answer one Api request in its wire form.
            pub async fn call(&self, req: Request) -> Result<Response, ApiError> {
                match req {
                    $($(Request::$l(r) => self.answer_local(r),)+)*
                    $($(Request::$d(r) => self.answer_device(r),)+)*
                    $($(Request::$o(r) => self.answer_online(r).await,)+)*
                }
            }

            /// Answer one request, its online part over `server` instead of this
            /// device's HTTP connection (the simulator's transport, tests).
            pub async fn call_over<T: Transport + Send>(
                &self,
                req: Request,
                server: &mut T,
            ) -> Result<Response, ApiError> {
                match req {
                    $($(Request::$l(r) => self.answer_local(r),)+)*
                    $($(Request::$d(r) => self.answer_device(r),)+)*
                    $($(Request::$o(r) => self.answer_online_over(r, server).await,)+)*
                }
            }

            /// Answer a request without the network and without awaiting; the
            /// online ones are refused.
            pub fn call_local(&self, req: Request) -> Result<Response, ApiError> {
                match req {
                    $($(Request::$l(r) => self.answer_local(r),)+)*
                    $($(Request::$d(r) => self.answer_device(r),)+)*
                    // A locked app says so first, whatever was asked.
                    $($(Request::$o(_))|+)|* => {
                        self.admit(false)?;
                        Err(needs_server())
                    }
                }
            }
        }

        /// Answer a local request from a database alone (tools and tests that hold a
        /// `Db` rather than a `Replica`); the others are refused.
        pub fn call_db(cx: &mut Cx<'_>, req: Request) -> Result<Response, ApiError> {
            match req {
                $($(Request::$l(r) => r.local(cx).map(Answer::into_response),)+)*
                $($(Request::$d(_))|+)|* => Err(needs_device()),
                $($(Request::$o(_))|+)|* => Err(needs_server()),
            }
        }
    };
}

sotay_model::for_each_request!(dispatch);

impl Replica {
    /// Answer one request for a front end on an async runtime (Tauri's, the headless
    /// host's): what runs without the network (SQLite, argon2, the xlsx import, the PDF
    /// export, hashing files) runs whole on tokio's blocking threads, so it never
    /// stalls the runtime's workers; online requests await the network here.
    pub async fn call_shared(self: Arc<Self>, req: Request) -> Result<Response, ApiError> {
        if req.online() {
            return self.call(req).await;
        }
        tokio::task::spawn_blocking(move || self.call_local(req))
            .await
            .map_err(|e| {
                ApiError::new(
                    ApiErrorKind::Storage,
                    format!("Yêu cầu dừng giữa chừng trên máy: {e}"),
                )
            })?
    }

    /// Answer a typed request with its typed answer (Rust callers: CLI, tests).
    pub async fn ask<C: Call>(&self, req: C) -> Result<C::Answer, ApiError> {
        C::Answer::from_response(self.call(req.into()).await?)
    }

    fn answer_local<C: Local>(&self, req: C) -> Result<Response, ApiError> {
        let req = if C::READS {
            let reader = self.reader();
            match reader.as_ref() {
                Some(conn) => {
                    self.admit_on(conn)?;
                    match req.read(conn) {
                        Ok(answer) => return answer.map(Answer::into_response),
                        Err(req) => req,
                    }
                }
                // A wipe is replacing the file: the database mutex waits for it.
                None => {
                    drop(reader);
                    self.admit(false)?;
                    req
                }
            }
        } else {
            self.admit(false)?;
            req
        };
        let mut db = self.db();
        let mut cx = Cx {
            db: &mut db,
            env: self.env(),
        };
        req.local(&mut cx).map(Answer::into_response)
    }

    fn answer_device<C: Device>(&self, req: C) -> Result<Response, ApiError> {
        self.admit(C::WHILE_LOCKED)?;
        req.device(self).map(Answer::into_response)
    }

    /// The lock check, the connection's set-up (database reads, the TLS client) and
    /// every database step of the handler run on the blocking threads; only the
    /// network is awaited here.
    async fn answer_online<C: Online>(&self, req: C) -> Result<Response, ApiError> {
        self.admit_off_runtime(false).await?;
        let mut server = req.connect(self).await?;
        req.online(self, &mut server)
            .await
            .map(Answer::into_response)
    }

    async fn answer_online_over<C: Online, T: Transport + Send>(
        &self,
        req: C,
        server: &mut T,
    ) -> Result<Response, ApiError> {
        self.admit_off_runtime(false).await?;
        req.online(self, server).await.map(Answer::into_response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Identity;
    use crate::env::SeededEnv;
    use crate::sync::TransportError;
    use serde::{de::DeserializeOwned, Serialize};
    use sotay_model::administration::requests::ListOrgs;
    use sotay_model::devices::requests::ListDevices;
    use sotay_model::protocol::{
        ErrorBody, ErrorCode, PullRequest, PullResponse, PushRequest, PushResponse,
    };
    use sotay_model::Id;
    use tokio::sync::oneshot;

    /// On a one-thread runtime, a local request waiting for the database must leave the
    /// thread to other tasks (here: the one holding the database). Answered inline, it
    /// would block that thread and never finish.
    #[tokio::test(flavor = "current_thread")]
    // Holding the database across the yield is the point: the call must wait for it.
    #[allow(clippy::await_holding_lock)]
    async fn local_requests_leave_the_runtime_thread_free() {
        let home = tempfile::tempdir().expect("tempdir");
        let env = Arc::new(SeededEnv::new(7, 1_000));
        let replica = Arc::new(Replica::open_with(home.path(), env).expect("open"));
        let held = replica.db();
        let call = tokio::spawn(Arc::clone(&replica).call_shared(ListOrgs.into()));
        // Let the spawned call start and wait for the database on its own thread.
        tokio::task::yield_now().await;
        drop(held);
        let answer = call.await.expect("joined").expect("answered");
        assert_eq!(answer, Response::Orgs { orgs: Vec::new() });
    }

    /// Answers every online request "device revoked", once the test says so: it tells
    /// the test the request arrived, then waits for `go`.
    struct RevokedOnCue {
        arrived: Option<oneshot::Sender<()>>,
        go: Option<oneshot::Receiver<()>>,
    }

    impl Transport for RevokedOnCue {
        fn push(
            &mut self,
            _req: PushRequest,
        ) -> impl Future<Output = Result<PushResponse, TransportError>> + Send {
            std::future::ready(Err(TransportError::Protocol("no sync here".into())))
        }
        fn pull(
            &mut self,
            _req: PullRequest,
        ) -> impl Future<Output = Result<PullResponse, TransportError>> + Send {
            std::future::ready(Err(TransportError::Protocol("no sync here".into())))
        }
        fn call<Req: Serialize + Sync, Resp: DeserializeOwned + Send>(
            &mut self,
            _route: &str,
            _body: &Req,
        ) -> impl Future<Output = Result<Resp, TransportError>> + Send {
            let (arrived, go) = (self.arrived.take(), self.go.take());
            async move {
                let lost = || TransportError::Protocol("asked twice".into());
                arrived.ok_or_else(lost)?.send(()).map_err(|_| lost())?;
                go.ok_or_else(lost)?.await.map_err(|_| lost())?;
                Err(TransportError::Server {
                    status: 401,
                    body: ErrorBody {
                        code: ErrorCode::DeviceRevoked,
                        message: ErrorCode::DeviceRevoked.message_vi().to_string(),
                    },
                })
            }
        }
    }

    /// An online request's database steps (the lock check before it, the wipe after a
    /// "device revoked" answer) must leave a one-thread runtime's thread to other
    /// tasks too: here the test holds the database while the answer arrives. Run on
    /// the worker, the wipe would block that thread on the lock and never finish.
    #[tokio::test(flavor = "current_thread")]
    // Holding the database across the yields is the point: the wipe must wait for it.
    #[allow(clippy::await_holding_lock)]
    async fn online_requests_leave_the_runtime_thread_free() {
        let home = tempfile::tempdir().expect("tempdir");
        let env = Arc::new(SeededEnv::new(7, 1_000));
        let replica = Arc::new(Replica::open_with(home.path(), env).expect("open"));
        replica
            .db()
            .set_identity(&Identity {
                server: "http://127.0.0.1:9".into(),
                device_id: Id::v7(1, [1; 10]),
                member_id: Id::v7(1, [2; 10]),
                credential: "credential".into(),
            })
            .expect("identity");
        let (arrived_tx, arrived_rx) = oneshot::channel();
        let (go_tx, go_rx) = oneshot::channel();
        let mut server = RevokedOnCue {
            arrived: Some(arrived_tx),
            go: Some(go_rx),
        };
        let asking = Arc::clone(&replica);
        let call = tokio::spawn(async move {
            let req = ListDevices { member_id: None };
            asking.call_over(req.into(), &mut server).await
        });
        arrived_rx.await.expect("the request reaches the server");
        let held = replica.db();
        go_tx.send(()).expect("the request waits for its answer");
        // Let the call take its answer and start wiping while the database is held.
        tokio::task::yield_now().await;
        tokio::task::yield_now().await;
        drop(held);
        let err = call.await.expect("joined").expect_err("revoked");
        assert_eq!(err.kind, ApiErrorKind::Unauthorized);
        assert!(!replica.is_enrolled(), "the revoked device wiped itself");
    }
}
