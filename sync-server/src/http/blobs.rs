//! The blob routes (`sotay_model::library::blobs`): check which hashes the server lacks, upload
//! one (hash verified, size capped by `serve --max-blob-mb`), download one with HTTP
//! Range for resuming. Every route needs the device's credential; who may upload or
//! download is decided by [`crate::library`] from the rows, never by the hash alone.

use super::bounds::Permit;
use super::error::ApiError;
use super::extract::{Device, Versioned};
use super::stream::{self, BodyReader};
use super::AppState;
use crate::library;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use axum::Json;
use sotay_model::ids::DeviceId;
use sotay_model::library::blobs::{BlobCheckRequest, BlobCheckResponse, MAX_CHECK};
use sotay_model::study::is_sha256;
use std::sync::atomic::{AtomicU64, Ordering};

/// Blob limits and byte counters of one server (counters: for operators and tests).
#[derive(Debug)]
pub struct BlobMeter {
    max_bytes: AtomicU64,
    received: AtomicU64,
    sent: AtomicU64,
}

/// The most bytes one ranged download answer carries (`Content-Range` says which);
/// an answer without `Range` streams the whole file, a chunk at a time.
pub const MAX_RANGE: u64 = 8 * 1024 * 1024;

/// 50 MiB unless `serve --max-blob-mb` says otherwise.
pub const DEFAULT_MAX_BLOB_BYTES: u64 = 50 * 1024 * 1024;

impl Default for BlobMeter {
    fn default() -> Self {
        BlobMeter {
            max_bytes: AtomicU64::new(DEFAULT_MAX_BLOB_BYTES),
            received: AtomicU64::new(0),
            sent: AtomicU64::new(0),
        }
    }
}

impl AppState {
    /// Set the largest blob accepted, in bytes.
    pub fn set_max_blob_bytes(&self, n: u64) {
        self.inner.blobs.max_bytes.store(n, Ordering::Relaxed);
    }

    pub fn max_blob_bytes(&self) -> u64 {
        self.inner.blobs.max_bytes.load(Ordering::Relaxed)
    }

    /// Blob bytes received in accepted uploads since start.
    pub fn blob_bytes_received(&self) -> u64 {
        self.inner.blobs.received.load(Ordering::Relaxed)
    }

    /// Blob bytes sent in downloads since start.
    pub fn blob_bytes_sent(&self) -> u64 {
        self.inner.blobs.sent.load(Ordering::Relaxed)
    }
}

fn checked_hash(sha256: &str) -> Result<String, ApiError> {
    let h = sha256.trim().to_ascii_lowercase();
    if is_sha256(&h) {
        Ok(h)
    } else {
        Err(ApiError::BadRequest(
            "mã băm SHA-256 phải gồm 64 chữ số thập lục phân".into(),
        ))
    }
}

/// The same answer for "not held" and "not yours to read": nothing leaks.
fn no_blob() -> ApiError {
    ApiError::NoBlob
}

/// A committee or office sends any file; anyone else only the files their own
/// accepted task-file rows name (`library::may_upload_own`).
async fn may_upload(state: &AppState, device: DeviceId, hashes: &[String]) -> Result<(), ApiError> {
    let store = state.store().clone();
    let hashes = hashes.to_vec();
    let allowed = tokio::task::spawn_blocking(move || {
        let actor = store.actor(device)?;
        if library::may_upload(&actor) {
            return Ok(true);
        }
        for h in &hashes {
            if !library::may_upload_own(&actor, &store.blob_refs(h)?) {
                return Ok(false);
            }
        }
        Ok::<_, crate::error::StoreError>(!hashes.is_empty())
    })
    .await??;
    if allowed {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

pub async fn check(
    State(state): State<AppState>,
    Device(device): Device,
    Versioned(req): Versioned<BlobCheckRequest>,
) -> Result<Json<BlobCheckResponse>, ApiError> {
    if req.hashes.len() > MAX_CHECK {
        return Err(ApiError::BadRequest(format!(
            "mỗi lần chỉ hỏi tối đa {MAX_CHECK} tệp"
        )));
    }
    let hashes = req
        .hashes
        .iter()
        .map(|h| checked_hash(h))
        .collect::<Result<Vec<_>, _>>()?;
    may_upload(&state, device, &hashes).await?;
    let store = state.store().clone();
    let missing = tokio::task::spawn_blocking(move || {
        let mut missing = Vec::new();
        for h in hashes {
            if store.blob_size(&h)?.is_none() {
                missing.push(h);
            }
        }
        Ok::<_, crate::error::StoreError>(missing)
    })
    .await??;
    Ok(Json(BlobCheckResponse {
        missing,
        max_bytes: state.max_blob_bytes(),
    }))
}

pub async fn upload(
    State(state): State<AppState>,
    Device(device): Device,
    Path(sha256): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<StatusCode, ApiError> {
    let sha256 = checked_hash(&sha256)?;
    may_upload(&state, device, std::slice::from_ref(&sha256)).await?;
    let max = state.max_blob_bytes();
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    // Refuse before reading a byte when the client says how much it sends.
    if declared.is_some_and(|n| n > max) {
        return Err(ApiError::BlobTooLarge {
            max_mb: max.div_ceil(1024 * 1024),
        });
    }
    // The body goes to the store as it arrives (see `stream`): a file never sits
    // whole in the server's memory, and nothing is kept unless its hash matches.
    let idle = state.inner.bounds.body_idle_timeout;
    let mut reader = BodyReader::new(body, idle, max, sha256.clone());
    let store = state.store().clone();
    let (stored, reader) = tokio::task::spawn_blocking(move || {
        let r = store.put_blob_from(&sha256, &mut reader);
        (r, reader)
    })
    .await?;
    if let Some(fault) = reader.fault {
        return Err(fault.into_api(max, idle));
    }
    stored?;
    let n = reader.bytes;
    state.inner.blobs.received.fetch_add(n, Ordering::Relaxed);
    tracing::info!(%device, bytes = n, "blob stored");
    Ok(StatusCode::CREATED)
}

/// `bytes=N-` or `bytes=N-M` (one range; anything else is answered in full).
fn range(headers: &HeaderMap) -> Option<(u64, Option<u64>)> {
    let v = headers.get(header::RANGE)?.to_str().ok()?;
    let (a, b) = v.trim().strip_prefix("bytes=")?.split_once('-')?;
    let start = a.trim().parse().ok()?;
    let end = match b.trim() {
        "" => None,
        e => Some(e.parse().ok()?),
    };
    Some((start, end))
}

pub async fn download(
    State(state): State<AppState>,
    Device(device): Device,
    Path(sha256): Path<String>,
    permit: Option<Extension<Permit>>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let permit = permit.map(|Extension(p)| p);
    let sha256 = checked_hash(&sha256)?;
    let store = state.store().clone();
    let (size, sha) = {
        let sha = sha256.clone();
        tokio::task::spawn_blocking(move || {
            let actor = store.actor(device)?;
            let refs = store.blob_refs(&sha)?;
            if !library::may_download(&actor, &refs, |id| store.row(id))? {
                return Ok(None);
            }
            store.blob_size(&sha)
        })
        .await??
        .map(|n| (n, sha256))
        .ok_or_else(no_blob)?
    };
    let (start, end, partial) = match range(&headers) {
        // A range answer carries at most `MAX_RANGE` bytes; the client asks again from
        // where the answer ended.
        Some((s, e)) if s < size => {
            let last = e.unwrap_or(size - 1).min(size - 1);
            (s, last.min(s + MAX_RANGE - 1), true)
        }
        Some(_) if size > 0 => {
            return Ok((
                StatusCode::RANGE_NOT_SATISFIABLE,
                [(header::CONTENT_RANGE, format!("bytes */{size}"))],
            )
                .into_response())
        }
        _ => (0, size.saturating_sub(1), false),
    };
    if end < start {
        return Err(ApiError::BadRequest(
            "khoảng byte yêu cầu không hợp lệ".into(),
        ));
    }
    // Uploads are never empty, but a zero-byte blob must not ask the store for a byte.
    let len = if size == 0 { 0 } else { end - start + 1 };
    state.inner.blobs.sent.fetch_add(len, Ordering::Relaxed);
    let status = if partial {
        StatusCode::PARTIAL_CONTENT
    } else {
        StatusCode::OK
    };
    let body = stream::download_body(state.store().clone(), sha, start, len, permit);
    let mut resp = (status, body).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::ACCEPT_RANGES,
        header::HeaderValue::from_static("bytes"),
    );
    h.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/octet-stream"),
    );
    if partial {
        if let Ok(v) = header::HeaderValue::from_str(&format!("bytes {start}-{end}/{size}")) {
            h.insert(header::CONTENT_RANGE, v);
        }
    }
    Ok(resp)
}
