//! Moving attachment files to and from the server (`sotay_model::library::blobs`): before a sync
//! pushes, the files attached here are uploaded, each only if the server lacks its
//! hash; a download appends to `<sha256>.part` as bytes arrive, so a cut one resumes
//! with `Range: bytes=N-` from what is on disk, and is checked against its SHA-256
//! before it counts as the file.

use super::store;
use crate::db::{Db, Identity};
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::library::blobs::{BlobCheckRequest, BlobCheckResponse, MAX_CHECK};
use sotay_model::protocol::{ErrorBody, PROTOCOL_VERSION};
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

fn offline(e: &reqwest::Error) -> ApiError {
    ApiError::new(
        ApiErrorKind::Offline,
        format!(
            "Không kết nối được máy chủ để truyền tệp ({})",
            e.without_url_ref()
        ),
    )
}

trait WithoutUrl {
    fn without_url_ref(&self) -> String;
}

impl WithoutUrl for reqwest::Error {
    fn without_url_ref(&self) -> String {
        let mut s = self.to_string();
        if let Some(u) = self.url() {
            s = s.replace(u.as_str(), "");
        }
        s
    }
}

/// The server's Vietnamese message for a refusal, or one for its status.
async fn refusal(resp: reqwest::Response) -> ApiError {
    let status = resp.status();
    let body = resp.bytes().await.unwrap_or_default();
    let message = serde_json::from_slice::<ErrorBody>(&body)
        .map(|b| b.message)
        .unwrap_or_else(|_| format!("Máy chủ từ chối (mã {})", status.as_u16()));
    let kind = match status.as_u16() {
        401 => ApiErrorKind::Unauthorized,
        403 => ApiErrorKind::Forbidden,
        404 => ApiErrorKind::NotFound,
        400 | 413 | 416 => ApiErrorKind::Invalid,
        _ => ApiErrorKind::Server,
    };
    ApiError::new(kind, message)
}

/// Files go to the same server as rows, so plain HTTP is refused the same way.
fn check_secure(id: &Identity) -> Result<(), ApiError> {
    crate::sync::http::check_secure(&id.server)
        .map_err(|e| ApiError::new(ApiErrorKind::Untrusted, e.to_string()))
}

fn lock(db: &Mutex<Db>) -> std::sync::MutexGuard<'_, Db> {
    crate::sync::lock(db)
}

/// Upload every file attached here and not yet on the server. A file the server
/// refuses (too large) keeps its Vietnamese reason in `blob_files.upload_error` and
/// stays pending; a network failure stops here (the sync reports it).
pub async fn upload_pending(
    db: &Mutex<Db>,
    client: &reqwest::Client,
    id: &Identity,
) -> Result<u64, ApiError> {
    check_secure(id)?;
    let (pending, db_path) = {
        let db = lock(db);
        let mut pending = Vec::new();
        for (sha, size) in store::pending_uploads(&db.conn)? {
            if store::referenced(&db.conn, &sha)? {
                pending.push((sha, size));
            } else {
                // Its attachment was refused or removed: nothing to send any more.
                store::uploaded(&db.conn, &sha, None)?;
            }
        }
        (pending, db.path().to_path_buf())
    };
    let mut sent = 0;
    for chunk in pending.chunks(MAX_CHECK) {
        let req = BlobCheckRequest {
            protocol: PROTOCOL_VERSION,
            hashes: chunk.iter().map(|(h, _)| h.clone()).collect(),
        };
        let resp = client
            .post(format!("{}/v1/blobs/check", id.server))
            .bearer_auth(&id.credential)
            .json(&req)
            .send()
            .await
            .map_err(|e| offline(&e))?;
        if resp.status().as_u16() == 403 {
            // This device may not attach files: say so on each, keep them for now.
            let why = refusal(resp).await.message;
            for (sha, _) in chunk {
                store::uploaded(&lock(db).conn, sha, Some(&why))?;
            }
            return Ok(sent);
        }
        if !resp.status().is_success() {
            return Err(refusal(resp).await);
        }
        let check: BlobCheckResponse = resp.json().await.map_err(|e| offline(&e))?;
        for (sha, size) in chunk {
            if !check.missing.contains(sha) {
                store::uploaded(&lock(db).conn, sha, None)?;
                continue;
            }
            if *size > check.max_bytes {
                let why = format!(
                    "Tệp lớn hơn giới hạn {} MB của máy chủ, không thể tải lên",
                    check.max_bytes.div_ceil(1024 * 1024)
                );
                store::uploaded(&lock(db).conn, sha, Some(&why))?;
                continue;
            }
            // The store's file is sealed (store.rs): the server gets the plain bytes.
            let file_key = lock(db).file_key;
            let bytes = store::read_plain(&file_key, &db_path, sha).ok_or_else(|| {
                ApiError::new(
                    ApiErrorKind::Storage,
                    "Tệp đính kèm trên máy đã hỏng, không tải lên được",
                )
            })?;
            let n = bytes.len() as u64;
            let resp = client
                .put(format!("{}/v1/blobs/{sha}", id.server))
                .bearer_auth(&id.credential)
                .body(bytes)
                .send()
                .await
                .map_err(|e| offline(&e))?;
            if resp.status().is_success() {
                store::uploaded(&lock(db).conn, sha, None)?;
                sent += n;
            } else if resp.status().is_client_error() {
                let why = refusal(resp).await.message;
                store::uploaded(&lock(db).conn, sha, Some(&why))?;
            } else {
                return Err(refusal(resp).await);
            }
        }
    }
    Ok(sent)
}

/// Download the blob `sha256` of `size` bytes into its `.part` file, resuming after
/// the bytes already there, one ranged answer after another (the server caps each).
/// Returns the bytes fetched. The caller checks the hash.
pub async fn download(
    client: &reqwest::Client,
    id: &Identity,
    db_path: &Path,
    sha256: &str,
    size: u64,
) -> Result<u64, ApiError> {
    check_secure(id)?;
    let part = store::part(db_path, sha256);
    std::fs::create_dir_all(store::dir(db_path)).map_err(crate::error::DbError::from)?;
    if store::partial_len(db_path, sha256) > size {
        store::remove_if_there(&part)?;
    }
    let mut fetched = 0;
    loop {
        let have = store::partial_len(db_path, sha256);
        if have >= size {
            return Ok(fetched);
        }
        let got = download_range(client, id, db_path, sha256, size, have).await?;
        if got == 0 {
            return Err(ApiError::new(
                ApiErrorKind::Server,
                "Máy chủ không gửi thêm dữ liệu của tệp, hãy thử lại",
            ));
        }
        fetched += got;
    }
}

/// One `GET` from byte `have`, appended to the `.part` file as it arrives.
async fn download_range(
    client: &reqwest::Client,
    id: &Identity,
    db_path: &Path,
    sha256: &str,
    size: u64,
    have: u64,
) -> Result<u64, ApiError> {
    let part = store::part(db_path, sha256);
    let req = client
        .get(format!("{}/v1/blobs/{sha256}", id.server))
        .bearer_auth(&id.credential)
        .header(reqwest::header::RANGE, format!("bytes={have}-"));
    let mut resp = req.send().await.map_err(|e| offline(&e))?;
    let status = resp.status().as_u16();
    let append = match status {
        206 => {
            // Only a range starting where we are may be appended.
            let starts_here = resp
                .headers()
                .get(reqwest::header::CONTENT_RANGE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("bytes "))
                .and_then(|v| v.split('-').next())
                .and_then(|v| v.parse::<u64>().ok())
                == Some(have);
            if !starts_here {
                return Err(ApiError::new(
                    ApiErrorKind::Server,
                    "Máy chủ trả về sai đoạn tệp, hãy thử lại",
                ));
            }
            true
        }
        200 => false,
        _ => return Err(refusal(resp).await),
    };
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .append(append)
        .truncate(!append)
        .open(&part)
        .map_err(crate::error::DbError::from)?;
    let mut fetched = 0u64;
    loop {
        match resp.chunk().await {
            Ok(Some(bytes)) => {
                f.write_all(&bytes).map_err(crate::error::DbError::from)?;
                fetched += bytes.len() as u64;
            }
            Ok(None) => break,
            Err(e) => {
                // Keep what arrived: the next fetch resumes after it.
                let _ = f.sync_data();
                let on_disk = store::partial_len(db_path, sha256);
                return Err(ApiError::new(
                    ApiErrorKind::Offline,
                    format!(
                        "Tải tệp bị gián đoạn ({}); đã lưu {on_disk}/{size} byte, lần sau sẽ tải tiếp phần còn lại",
                        e.without_url_ref()
                    ),
                ));
            }
        }
    }
    f.sync_data().map_err(crate::error::DbError::from)?;
    Ok(fetched)
}
