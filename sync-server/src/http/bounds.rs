//! What one request may cost the server: its body's size (checked from
//! `Content-Length` before a byte is read), its time (every route but the file
//! transfers, which are bounded per chunk instead), and how many run at once (beyond
//! the cap a request is refused at once with 503, not queued, so a burst costs nothing
//! but the refusals).

use super::error::ApiError;
use super::AppState;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// `/v1/enroll`: a code and a device name.
pub const ENROLL_BODY_BYTES: usize = 4 * 1024;
/// The other small JSON routes (pull, administration, the blob check's 1,000 hashes).
pub const SMALL_BODY_BYTES: usize = 128 * 1024;

/// Time and concurrency limits of one server (`serve --max-requests`,
/// `--request-timeout-secs`).
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    /// A request (body read, work, answer) must finish within this, or gets 408.
    pub request_timeout: Duration,
    /// Requests being handled at once; more are answered 503 straight away. 1,024 is
    /// above the 1,000 devices of the load bench, each with one request at a time.
    pub max_in_flight: usize,
    /// A file upload must deliver its next chunk within this (uploads may take long
    /// on a slow line, but never stall).
    pub body_idle_timeout: Duration,
    /// A request's line and headers must arrive within this (`http::conn`).
    pub header_timeout: Duration,
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds {
            request_timeout: Duration::from_secs(30),
            max_in_flight: 1_024,
            body_idle_timeout: Duration::from_secs(30),
            header_timeout: super::conn::HEADER_TIMEOUT,
        }
    }
}

/// The in-flight cap: one permit per request being handled.
#[derive(Debug)]
pub(super) struct Gate {
    permits: Arc<Semaphore>,
    max: usize,
}

impl Gate {
    pub(super) fn new(max: usize) -> Gate {
        let max = max.clamp(1, Semaphore::MAX_PERMITS);
        Gate {
            permits: Arc::new(Semaphore::new(max)),
            max,
        }
    }

    pub(super) fn in_flight(&self) -> usize {
        self.max - self.permits.available_permits()
    }
}

/// A request's permit, in its extensions: a streamed download keeps a clone until
/// its last chunk is out, so it stays counted while it costs the server.
#[derive(Clone, Debug)]
pub(super) struct Permit(#[allow(dead_code)] pub Arc<OwnedSemaphorePermit>);

/// Refuse at once beyond the cap; hold the permit until the answer is ready.
pub(super) async fn in_flight(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    match state.inner.gate.permits.clone().try_acquire_owned() {
        Ok(p) => {
            let permit = Permit(Arc::new(p));
            req.extensions_mut().insert(permit.clone());
            let resp = next.run(req).await;
            drop(permit);
            resp
        }
        Err(_) => {
            tracing::warn!(max = state.inner.gate.max, "request refused: server busy");
            ApiError::Busy.into_response()
        }
    }
}

/// 408 with a Vietnamese reason when the request takes longer than the bound.
pub(super) async fn timed(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(resp) => resp,
        Err(_) => ApiError::Timeout {
            secs: limit.as_secs(),
        }
        .into_response(),
    }
}

/// 413 before reading when `Content-Length` says the body is over `limit` (a body
/// without one is cut at `limit` by `DefaultBodyLimit` as it is read).
pub(super) async fn length_first(State(limit): State<usize>, req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return ApiError::TooLarge.into_response();
    }
    next.run(req).await
}
