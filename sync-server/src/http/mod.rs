//! The HTTP API of `sotay_model::protocol`: `POST /v1/enroll`, `/v1/push`, `/v1/pull`,
//! the administration routes (`/v1/codes`, `/v1/devices[/rename|/revoke]`, `/v1/audit`)
//! the blob routes (`/v1/blobs/check`, `/v1/blobs/{sha256}`: `sotay_model::library::blobs`)
//! and `GET /health`, as an axum [`Router`] over an [`AppState`]. Handlers are thin:
//! they authenticate, check limits, and call the [`Store`] on the blocking pool.

mod admin;
mod blobs;
mod bounds;
mod conn;
mod error;
mod extract;
mod handlers;
mod rate_limit;
mod stream;
pub mod tls;

pub use blobs::DEFAULT_MAX_BLOB_BYTES;
pub use bounds::{Bounds, ENROLL_BODY_BYTES, SMALL_BODY_BYTES};
pub use conn::{HEADER_TIMEOUT, MAX_CONNECTIONS};
pub use error::ApiError;
pub use rate_limit::Limits;
pub use tls::{load_config as load_tls_config, TlsError};

use crate::store::Store;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use rate_limit::RateLimiter;
use std::future::Future;
use std::sync::Arc;
use tower_http::trace::TraceLayer;

/// Largest push body accepted: a full push (`MAX_PUSH` changes) fits with room.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Authentications and pulls on the blocking pool at once: as many as PostgreSQL's
/// pool has connections (SQLite has 8 readers). The rest wait for a slot as parked
/// tasks, in arrival order, instead of each on a thread of its own parked on a
/// connection: with pushes already waiting without threads, 1,000 devices still
/// made the server run 855–1,314 threads for their pulls and authentications.
pub const STORE_READS: usize = 16;

/// What every handler shares: the store, the enrollment rate limiter and the clock.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    limiter: RateLimiter,
    clock: Arc<dyn Fn() -> u64 + Send + Sync>,
    blobs: blobs::BlobMeter,
    bounds: Bounds,
    gate: bounds::Gate,
    reads: tokio::sync::Semaphore,
}

fn system_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl AppState {
    /// A state over `store` with the default limits and the system clock.
    pub fn new(store: Arc<dyn Store>) -> AppState {
        AppState::with(store, Limits::default(), Arc::new(system_ms))
    }

    /// A state with chosen limits and clock (Unix milliseconds), e.g. for tests.
    pub fn with(
        store: Arc<dyn Store>,
        limits: Limits,
        clock: Arc<dyn Fn() -> u64 + Send + Sync>,
    ) -> AppState {
        AppState::bounded(store, limits, Bounds::default(), clock)
    }

    /// A state with chosen limits, time and concurrency bounds, and clock.
    pub fn bounded(
        store: Arc<dyn Store>,
        limits: Limits,
        bounds: Bounds,
        clock: Arc<dyn Fn() -> u64 + Send + Sync>,
    ) -> AppState {
        AppState {
            inner: Arc::new(Inner {
                store,
                limiter: RateLimiter::new(limits),
                clock,
                blobs: blobs::BlobMeter::default(),
                bounds,
                gate: bounds::Gate::new(bounds.max_in_flight),
                reads: tokio::sync::Semaphore::new(STORE_READS),
            }),
        }
    }

    /// Requests being handled now (each holds one of `Bounds::max_in_flight`).
    pub fn requests_in_flight(&self) -> usize {
        self.inner.gate.in_flight()
    }

    /// Run `read` (an authentication or a pull) on the blocking pool once one of the
    /// [`STORE_READS`] slots is free.
    pub(crate) async fn read<R: Send + 'static>(
        &self,
        read: impl FnOnce() -> R + Send + 'static,
    ) -> Result<R, tokio::task::JoinError> {
        // The semaphore is never closed, so a slot always comes.
        let _slot = self.inner.reads.acquire().await.ok();
        tokio::task::spawn_blocking(read).await
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.inner.store
    }

    pub(crate) fn now_ms(&self) -> u64 {
        (self.inner.clock)()
    }
}

/// A JSON route whose body may be at most `limit` bytes, refused from its
/// `Content-Length` before reading.
fn sized(route: MethodRouter<AppState>, limit: usize) -> MethodRouter<AppState> {
    route
        .layer(DefaultBodyLimit::max(limit))
        .layer(from_fn_with_state(limit, bounds::length_first))
}

/// The API's routes with tracing, body limits per route, a time limit on all but the
/// file transfers, a cap on requests in flight, and JSON errors for unknown paths.
pub fn router(state: AppState) -> Router {
    let small = |r| sized(r, SMALL_BODY_BYTES);
    let timed = Router::new()
        .route("/health", get(handlers::health))
        .route(
            "/v1/enroll",
            sized(post(handlers::enroll), ENROLL_BODY_BYTES),
        )
        .route("/v1/push", sized(post(handlers::push), MAX_BODY_BYTES))
        .route("/v1/pull", small(post(handlers::pull)))
        .route("/v1/codes", small(post(admin::issue_code)))
        .route("/v1/devices", small(post(admin::list_devices)))
        .route("/v1/devices/rename", small(post(admin::rename_device)))
        .route("/v1/devices/revoke", small(post(admin::revoke_device)))
        .route("/v1/audit", small(post(admin::audit)))
        .route("/v1/blobs/check", small(post(blobs::check)))
        .fallback(|| async { ApiError::NotFound })
        .layer(from_fn_with_state(
            state.inner.bounds.request_timeout,
            bounds::timed,
        ));
    // File transfers stream (see `blobs`): a large file on a slow line takes long, so
    // they are bounded per chunk and by `--max-blob-mb` rather than in total.
    let files = Router::new().route(
        "/v1/blobs/{sha256}",
        get(blobs::download).put(blobs::upload),
    );
    timed
        .merge(files)
        .layer(from_fn_with_state(state.clone(), bounds::in_flight))
        .layer(from_fn_with_state(state.clone(), date_from_clock))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Every answer's `Date` is the server's clock, the one it judges stamps and check-in
/// deadlines by: replicas set their clocks by that header (`sotay_model::hlc::Clock`).
/// Hyper would write the system's time, which differs from it when a test gives the
/// server a clock of its own.
async fn date_from_clock(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let mut resp = next.run(req).await;
    let at = std::time::UNIX_EPOCH + std::time::Duration::from_millis(state.now_ms());
    if let Ok(v) = axum::http::HeaderValue::from_str(&httpdate::fmt_http_date(at)) {
        resp.headers_mut().insert(axum::http::header::DATE, v);
    }
    resp
}

/// Serve the API on an already bound listener until `shutdown` completes. Tests bind
/// `127.0.0.1:0`, read the address, then spawn this: no sleep is needed.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let headers = state.inner.bounds.header_timeout;
    conn::serve(listener, router(state), headers, shutdown).await
}

/// Like [`serve`], over HTTPS with `config` (see [`tls::load_config`]).
pub async fn serve_tls(
    listener: tokio::net::TcpListener,
    config: Arc<rustls::ServerConfig>,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let tls = tls::TlsListener::new(listener, config)?;
    let headers = state.inner.bounds.header_timeout;
    conn::serve(tls, router(state), headers, shutdown).await
}
