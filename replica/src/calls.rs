//! The Api's dispatch: every request has one handler, declared next to the feature
//! code it calls: [`Local`] for those answered from the device's copy, [`Device`] for
//! those about the device itself (status, the PIN lock), [`Online`] for those the
//! server answers. `Replica::call` is generated from the model's one list of requests,
//! so there is no hand-written list of them here and no arm that catches another
//! feature's request.

use crate::db::Db;
use crate::env::Env;
use crate::replica::Replica;
use sotay_model::api::{Answer, ApiError, Call, Request, Response};
use std::future::Future;

/// What a local handler works with: the database (held for the whole request, so
/// a request sees one state) and the clock and randomness.
pub struct Cx<'a> {
    pub db: &'a mut Db,
    pub env: &'a dyn Env,
}

/// A request answered from the device's copy alone, without awaiting.
pub trait Local: Call {
    fn local(self, cx: &mut Cx<'_>) -> Result<Self::Answer, ApiError>;
}

/// A request about the device itself, answered without the server.
pub trait Device: Call {
    /// Answered while the app is locked by its PIN, and not counted as use (the UI
    /// polls `Status`, which must not keep the app open).
    const WHILE_LOCKED: bool = false;
    fn device(self, replica: &Replica) -> Result<Self::Answer, ApiError>;
}

/// A request answered by the server (or needing it, like a sync).
pub trait Online: Call {
    fn online(
        self,
        replica: &Replica,
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
    /// Answer a typed request with its typed answer (Rust callers: CLI, tests).
    pub async fn ask<C: Call>(&self, req: C) -> Result<C::Answer, ApiError> {
        C::Answer::from_response(self.call(req.into()).await?)
    }

    fn answer_local<C: Local>(&self, req: C) -> Result<Response, ApiError> {
        self.admit(false)?;
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

    async fn answer_online<C: Online>(&self, req: C) -> Result<Response, ApiError> {
        self.admit(false)?;
        req.online(self).await.map(Answer::into_response)
    }
}
