//! What every feature's Api shares: the [`Call`] a request makes and the [`Answer`] it
//! gets, the [`ApiError`] every front end shows, and the macros the features use to
//! declare their requests. The requests and answers themselves live with their
//! feature (`administration`, `devices`, `library`, `lock`, `meetings`, `sync`); the
//! one list of them all is [`crate::registry`].
//!
//! Wire form (unchanged since the Api began): `{"type":"list_members","org_id":"…"}`
//! → `{"type":"members","members":[…]}`; errors are an `ApiError`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use crate::registry::{requests, Request, Response};

/// One request of the Api: its wire tag, whether it needs the server, and the type
/// of its answer. A front end sends `C` and gets `C::Answer` back, never a
/// `Response` to match by hand.
pub trait Call: Clone + Serialize + DeserializeOwned + Into<Request> + Send + 'static {
    /// The request's `"type"` on the wire.
    const TAG: &'static str;
    /// Answered by the server (the device must be online), not the local copy.
    const ONLINE: bool;
    type Answer: Answer;
}

/// What a request is answered with; each answer type is one `Response` variant.
pub trait Answer: Sized + Send + 'static {
    fn into_response(self) -> Response;
    /// The typed answer, or the one protocol error when the replica answered with
    /// another kind (an old or broken peer).
    fn from_response(response: Response) -> Result<Self, ApiError>;
}

/// Declares the [`Call`] of a request type: `call!(ListOrgs, "list_orgs" => Vec<Organisation>)`,
/// or `call!(online SyncNow, "sync_now" => SyncReport)` for one the server answers.
#[macro_export]
macro_rules! call {
    ($request:ty, $tag:literal => $answer:ty) => {
        impl $crate::api::Call for $request {
            const TAG: &'static str = $tag;
            const ONLINE: bool = false;
            type Answer = $answer;
        }
    };
    (online $request:ty, $tag:literal => $answer:ty) => {
        impl $crate::api::Call for $request {
            const TAG: &'static str = $tag;
            const ONLINE: bool = true;
            type Answer = $answer;
        }
    };
}

/// The answer of another request arrived: one error for every mismatch.
pub fn mismatch(got: &Response) -> ApiError {
    ApiError::new(
        ApiErrorKind::Server,
        format!("Câu trả lời không đúng loại yêu cầu ({})", got.kind()),
    )
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiErrorKind {
    NotEnrolled,
    AlreadyEnrolled,
    NotFound,
    Invalid,
    Forbidden,
    Offline,
    Server,
    Storage,
    Unauthorized,
    /// The app is locked by its PIN: unlock first.
    Locked,
    /// The server's certificate is not trusted or its key does not match the pin.
    Untrusted,
}

/// An error the user can see: a kind for code, a Vietnamese message for people.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub kind: ApiErrorKind,
    pub message: String,
}

impl ApiError {
    pub fn new(kind: ApiErrorKind, message: impl Into<String>) -> ApiError {
        ApiError {
            kind,
            message: message.into(),
        }
    }
}
