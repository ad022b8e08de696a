//! Headless mode: the same replica and UI served to a browser on this machine only.
//!
//! Threats and answers: other machines (bound to loopback only, anything else is
//! refused); other web pages in the same browser (every `/api` call needs the per-launch
//! secret in the `x-sotay-token` header, which a cross-site page cannot learn, and no
//! CORS headers are ever sent, so it cannot read answers either); DNS rebinding (the
//! Host header must be `127.0.0.1:PORT` or `localhost:PORT`).

use crate::replica::{run_background_sync, Replica};
use axum::body::Bytes;
use axum::extract::{Request as HttpRequest, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response as HttpResponse};
use axum::routing::{get, post};
use axum::{Json, Router};
use rand::RngCore;
use sotay_model::api::{ApiError, ApiErrorKind, Request};
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::services::ServeDir;

/// The header that carries the per-launch secret.
pub const TOKEN_HEADER: &str = "x-sotay-token";
/// Set on a 200 answer of `/api` whose body is an `ApiError`: the Api refused the
/// request (not enrolled, locked, offline, invalid input…). Those are answers the UI
/// expects and shows; sent as HTTP errors, the browser logged each one as a console
/// error. Only what no client should meet keeps an error status (a missing token, a
/// foreign Host, a body that is not a request, the device's storage failing).
pub const REFUSED_HEADER: &str = "x-sotay-refused";
/// How often the headless host syncs in the background.
pub const BACKGROUND_SYNC_EVERY: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum HostError {
    #[error("Chỉ được mở giao diện trên địa chỉ nội bộ của máy (127.0.0.1), không phải {0}")]
    NotLoopback(SocketAddr),
    #[error("Không tìm thấy thư mục giao diện {0}")]
    NoUi(PathBuf),
    #[error("Lỗi mạng cục bộ: {0}")]
    Io(#[from] std::io::Error),
}

/// Where a started host listens and the address to open (with its secret).
#[derive(Clone)]
pub struct Headless {
    pub addr: SocketAddr,
    pub token: String,
    /// `http://127.0.0.1:PORT/#token=SECRET`: the fragment never leaves the browser.
    pub url: String,
}

impl std::fmt::Debug for Headless {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Headless")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// A fresh 256-bit secret, hex.
pub fn new_token() -> String {
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

pub fn headless_url(addr: SocketAddr, token: &str) -> String {
    format!("http://127.0.0.1:{}/#token={token}", addr.port())
}

/// Bind `addr`, refusing anything but a loopback address.
pub async fn bind_loopback(addr: SocketAddr) -> Result<TcpListener, HostError> {
    if !addr.ip().is_loopback() {
        return Err(HostError::NotLoopback(addr));
    }
    Ok(TcpListener::bind(addr).await?)
}

#[derive(Clone)]
struct HostState {
    replica: Arc<Replica>,
    token: Arc<str>,
    hosts: Arc<[String; 2]>,
}

/// The host's routes: `POST /api` and the UI's static files (index.html at `/`).
pub fn router(replica: Arc<Replica>, ui_dir: PathBuf, port: u16, token: &str) -> Router {
    let state = HostState {
        replica,
        token: token.into(),
        hosts: Arc::new([format!("127.0.0.1:{port}"), format!("localhost:{port}")]),
    };
    Router::new()
        .route("/api", post(api))
        .route("/files/{id}", get(file))
        .route("/exports/{name}", get(export_file))
        .fallback_service(ServeDir::new(ui_dir))
        .layer(middleware::from_fn_with_state(state.clone(), guard_host))
        .with_state(state)
}

fn error_status(kind: ApiErrorKind) -> StatusCode {
    match kind {
        ApiErrorKind::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
        ApiErrorKind::NotFound => StatusCode::NOT_FOUND,
        ApiErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ApiErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
        ApiErrorKind::NotEnrolled | ApiErrorKind::AlreadyEnrolled => StatusCode::CONFLICT,
        ApiErrorKind::Offline => StatusCode::SERVICE_UNAVAILABLE,
        ApiErrorKind::Server => StatusCode::BAD_GATEWAY,
        ApiErrorKind::Storage => StatusCode::INTERNAL_SERVER_ERROR,
        ApiErrorKind::Locked => StatusCode::LOCKED,
        ApiErrorKind::Untrusted => StatusCode::BAD_GATEWAY,
    }
}

fn error_response(e: ApiError) -> HttpResponse {
    let mut resp = (error_status(e.kind), Json(e)).into_response();
    no_store(&mut resp);
    resp
}

fn no_store(resp: &mut HttpResponse) {
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// Refuse requests whose Host is not this loopback listener (DNS rebinding).
async fn guard_host(State(st): State<HostState>, req: HttpRequest, next: Next) -> HttpResponse {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !st.hosts.iter().any(|h| h == host) {
        return error_response(ApiError::new(
            ApiErrorKind::Forbidden,
            "Địa chỉ truy cập không hợp lệ",
        ));
    }
    let mut resp = next.run(req).await;
    resp.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    resp
}

/// Compare secrets in time independent of where they differ.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Every route of the host answers only a caller holding this launch's secret.
/// `Some` is the refusal to send back.
fn check_token(st: &HostState, headers: &HeaderMap) -> Option<HttpResponse> {
    let given = headers
        .get(TOKEN_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or(b"");
    (!same_secret(given, st.token.as_bytes())).then(|| {
        error_response(ApiError::new(
            ApiErrorKind::Unauthorized,
            "Phiên làm việc không hợp lệ, hãy mở lại đường dẫn do ứng dụng in ra",
        ))
    })
}

async fn api(State(st): State<HostState>, headers: HeaderMap, body: Bytes) -> HttpResponse {
    if let Some(refused) = check_token(&st, &headers) {
        return refused;
    }
    let req: Request = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return error_response(ApiError::new(
                ApiErrorKind::Invalid,
                format!("Yêu cầu không hợp lệ: {e}"),
            ))
        }
    };
    match Arc::clone(&st.replica).call_shared(req).await {
        Ok(resp) => {
            let mut r = Json(resp).into_response();
            no_store(&mut r);
            r
        }
        Err(e) => refusal(e),
    }
}

/// An Api refusal as an answer (see [`REFUSED_HEADER`]); a storage failure stays an
/// error, as nothing the user did explains it.
fn refusal(e: ApiError) -> HttpResponse {
    if e.kind == ApiErrorKind::Storage {
        return error_response(e);
    }
    let mut resp = Json(e).into_response();
    resp.headers_mut()
        .insert(REFUSED_HEADER, HeaderValue::from_static("1"));
    no_store(&mut resp);
    resp
}

/// `GET /files/{attachment id}`: an attachment's file already on this device, for the
/// browser to show (the UI fetches it with the token header and makes an object URL).
async fn file(
    State(st): State<HostState>,
    headers: HeaderMap,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> HttpResponse {
    if let Some(refused) = check_token(&st, &headers) {
        return refused;
    }
    let Ok(id) = id.parse() else {
        return error_response(ApiError::new(ApiErrorKind::Invalid, "Mã tệp không hợp lệ"));
    };
    // The file on disk is sealed (blobs::store): the browser gets the plain bytes.
    let found = {
        let db = st.replica.db();
        crate::library::blobs::read_local(&db, id)
    };
    match found {
        Ok((attachment, bytes)) => {
            let mut r = (StatusCode::OK, bytes).into_response();
            let h = r.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&attachment.mime) {
                h.insert(header::CONTENT_TYPE, v);
            }
            h.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("inline"),
            );
            no_store(&mut r);
            r
        }
        Err(e) => error_response(e),
    }
}

/// `GET /exports/{file name}`: minutes written by `ExportMinutes`, as a download (the UI
/// fetches it with the token header and saves it from an object URL). Only names the
/// export makes are looked up, so nothing outside `HOME/exports/` can be reached.
async fn export_file(
    State(st): State<HostState>,
    headers: HeaderMap,
    axum::extract::Path(name): axum::extract::Path<String>,
) -> HttpResponse {
    if let Some(refused) = check_token(&st, &headers) {
        return refused;
    }
    let found = {
        let db = st.replica.db();
        crate::meetings::exports::find(db.path(), &name)
    };
    let path = match found {
        Ok(p) => p,
        Err(e) => return error_response(e),
    };
    match tokio::fs::read(&path).await {
        Ok(bytes) => {
            let mut r = (StatusCode::OK, bytes).into_response();
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(crate::meetings::exports::mime(&name)),
            );
            // `find` allowed only ASCII letters, digits, '-' and '.', so the name is a
            // valid header value as it stands.
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            no_store(&mut r);
            r
        }
        Err(_) => error_response(ApiError::new(
            ApiErrorKind::Storage,
            "Không đọc được tệp trên máy",
        )),
    }
}

/// Serve the UI and `/api` on `listener` (which must be loopback) until `shutdown`,
/// syncing in the background meanwhile.
pub async fn serve_headless(
    replica: Arc<Replica>,
    ui_dir: PathBuf,
    listener: TcpListener,
    token: String,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), HostError> {
    let addr = listener.local_addr()?;
    if !addr.ip().is_loopback() {
        return Err(HostError::NotLoopback(addr));
    }
    if !ui_dir.is_dir() {
        return Err(HostError::NoUi(ui_dir));
    }
    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
    let background = tokio::spawn(run_background_sync(
        replica.clone(),
        BACKGROUND_SYNC_EVERY,
        async move {
            // Ends when told to stop or when the sender is gone.
            let _ = stop_rx.changed().await;
        },
    ));
    let app = router(replica, ui_dir, addr.port(), &token);
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            let _ = stop_tx.send(true);
        })
        .await;
    background.abort();
    Ok(served?)
}

/// Bind `listen` (loopback only), print `headless: URL`, and serve on a new task.
/// Returns where it listens and the task, which ends after `shutdown`.
pub async fn start_headless(
    replica: Arc<Replica>,
    ui_dir: PathBuf,
    listen: SocketAddr,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(Headless, tokio::task::JoinHandle<Result<(), HostError>>), HostError> {
    if !ui_dir.is_dir() {
        return Err(HostError::NoUi(ui_dir));
    }
    let listener = bind_loopback(listen).await?;
    let addr = listener.local_addr()?;
    let token = new_token();
    let url = headless_url(addr, &token);
    println!("headless: {url}");
    let task = tokio::spawn(serve_headless(
        replica,
        ui_dir,
        listener,
        token.clone(),
        shutdown,
    ));
    Ok((Headless { addr, token, url }, task))
}
