//! The replica's one way to its server: push and pull for the sync engine, the
//! attachment uploads, enrollment, and the online requests (devices, codes, audit). The real
//! implementation is HTTP (`sync::http`); a simulator implements it over an
//! in-process server and a fake network that drops, delays or duplicates messages.

use serde::{de::DeserializeOwned, Serialize};
use sotay_model::library::blobs::{BlobCheckRequest, BlobCheckResponse};
use sotay_model::protocol::{
    EnrollRequest, EnrollResponse, ErrorBody, ErrorCode, PullRequest, PullResponse, PushRequest,
    PushResponse,
};
use std::future::Future;

/// How a push or pull failed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum TransportError {
    /// The server could not be reached or did not answer in time; nothing is known to
    /// have happened, and the next sync simply tries again.
    #[error("Không kết nối được máy chủ ({0})")]
    Offline(String),
    /// The server's certificate is not trusted, or its key is not the pinned one.
    /// Nothing was sent; the next sync will refuse the same way.
    #[error("Không tin cậy được máy chủ: {0}")]
    Untrusted(String),
    /// The server answered with an error.
    #[error("{}", .body.message)]
    Server { status: u16, body: ErrorBody },
    /// The server's answer did not follow the protocol.
    #[error("Máy chủ trả lời không đúng giao thức ({0})")]
    Protocol(String),
}

impl TransportError {
    /// The server said this device's credential was revoked: the device must wipe.
    pub fn is_revoked(&self) -> bool {
        matches!(self, TransportError::Server { body, .. } if body.code == ErrorCode::DeviceRevoked)
    }

    /// An error answer built from a status code alone (when the body is not an ErrorBody).
    pub fn from_status(status: u16) -> TransportError {
        let code = match status {
            401 => ErrorCode::Unauthenticated,
            426 => ErrorCode::UpgradeRequired,
            429 => ErrorCode::RateLimited,
            400..=499 => ErrorCode::BadRequest,
            _ => ErrorCode::Internal,
        };
        TransportError::Server {
            status,
            body: ErrorBody {
                code,
                message: code.message_vi().to_string(),
            },
        }
    }
}

/// Push and pull, as the engine needs them. Futures must be `Send` so a sync can run
/// on a tokio task; a deterministic simulator may return ready futures
/// (`std::future::ready`) and poll them on a current-thread runtime.
pub trait Transport {
    fn push(
        &mut self,
        req: PushRequest,
    ) -> impl Future<Output = Result<PushResponse, TransportError>> + Send;
    fn pull(
        &mut self,
        req: PullRequest,
    ) -> impl Future<Output = Result<PullResponse, TransportError>> + Send;
    /// The server's clock (Unix ms) as its latest answer told it, if this transport
    /// hears it: the device sets its clock by it (DESIGN §4.7, issue 12). A transport
    /// that does not (the simulator's) leaves device clocks as they are.
    fn server_time_ms(&self) -> Option<u64> {
        None
    }
    /// Trade a one-time enrollment code for a device credential (`POST /v1/enroll`, sent
    /// without one); the transport presents the new credential from then on, so the
    /// first sync can follow over it.
    fn enroll(
        &mut self,
        req: EnrollRequest,
    ) -> impl Future<Output = Result<EnrollResponse, TransportError>> + Send {
        let _ = req;
        std::future::ready(Err(unsupported()))
    }
    /// An online request, `POST /v1/<route>` with a JSON body and answer. A transport
    /// that only syncs (a test's) refuses it.
    fn call<Req: Serialize + Sync, Resp: DeserializeOwned + Send>(
        &mut self,
        route: &str,
        body: &Req,
    ) -> impl Future<Output = Result<Resp, TransportError>> + Send {
        let _ = (route, body);
        std::future::ready(Err(unsupported()))
    }
    /// Which of these attachment files the server lacks (`POST /v1/blobs/check`).
    fn blob_check(
        &mut self,
        req: BlobCheckRequest,
    ) -> impl Future<Output = Result<BlobCheckResponse, TransportError>> + Send {
        let _ = req;
        std::future::ready(Err(unsupported()))
    }
    /// Upload one attachment file's plain bytes (`PUT /v1/blobs/<sha256>`).
    fn blob_put(
        &mut self,
        sha256: &str,
        bytes: Vec<u8>,
    ) -> impl Future<Output = Result<(), TransportError>> + Send {
        let _ = (sha256, bytes);
        std::future::ready(Err(unsupported()))
    }
    /// Download an attachment file from byte `from` (`GET /v1/blobs/<sha256>` with a
    /// `Range`), handing the bytes to `sink` as they arrive so a cut download keeps
    /// what came. One answer only: the server caps a range, the caller asks again.
    fn blob_get<S: BlobSink>(
        &mut self,
        sha256: &str,
        from: u64,
        sink: &mut S,
    ) -> impl Future<Output = Result<(), TransportError>> + Send {
        let _ = (sha256, from, sink);
        std::future::ready(Err(unsupported()))
    }
}

/// Where a download's bytes go. Either method returning `false` stops the download
/// (the sink keeps its own reason).
pub trait BlobSink: Send {
    /// The answer starts at byte `start` of the file; `whole` when the server sent the
    /// whole file instead of the range asked for.
    fn begin(&mut self, start: Option<u64>, whole: bool) -> bool;
    fn write(&mut self, bytes: &[u8]) -> bool;
}

fn unsupported() -> TransportError {
    TransportError::Protocol("yêu cầu này không đi qua kết nối hiện tại".to_string())
}
