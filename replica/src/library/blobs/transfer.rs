//! Moving attachment files to and from the server (`sotay_model::library::blobs`): before a sync
//! pushes, the files attached here are uploaded, each only if the server lacks its
//! hash; a download appends to `<sha256>.part` as bytes arrive, so a cut one resumes
//! with `Range: bytes=N-` from what is on disk, and is checked against its SHA-256
//! before it counts as the file.

use super::store;
use crate::db::Db;
use crate::error::DbError;
use crate::sync::{BlobSink, Transport, TransportError};
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::library::blobs::{BlobCheckRequest, MAX_CHECK};
use sotay_model::protocol::PROTOCOL_VERSION;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Run file work (reading back, hashing or sealing a whole file) on tokio's blocking
/// threads: a large attachment would otherwise stall the runtime's workers. A panic
/// in it carries on as if it had run here.
pub(super) async fn off_runtime<R: Send + 'static>(
    work: impl FnOnce() -> R + Send + 'static,
) -> Result<R, ApiError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(r) => Ok(r),
        Err(e) => match e.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(_) => Err(ApiError::new(
                ApiErrorKind::Storage,
                "Việc xử lý tệp trên máy dừng giữa chừng, hãy thử lại",
            )),
        },
    }
}

/// A transfer's failure as the Api reports it: the server's refusal keeps its
/// Vietnamese message, with the kind its status means.
fn transport_error(e: TransportError) -> ApiError {
    match e {
        TransportError::Offline(why) => ApiError::new(
            ApiErrorKind::Offline,
            format!("Không kết nối được máy chủ để truyền tệp ({why})"),
        ),
        TransportError::Untrusted(_) => ApiError::new(ApiErrorKind::Untrusted, e.to_string()),
        TransportError::Server { status, body } => ApiError::new(kind_of(status), body.message),
        TransportError::Protocol(_) => ApiError::new(ApiErrorKind::Server, e.to_string()),
    }
}

fn kind_of(status: u16) -> ApiErrorKind {
    match status {
        401 => ApiErrorKind::Unauthorized,
        403 => ApiErrorKind::Forbidden,
        404 => ApiErrorKind::NotFound,
        400 | 413 | 416 => ApiErrorKind::Invalid,
        _ => ApiErrorKind::Server,
    }
}

/// A short database step (a read, a mark) on tokio's blocking threads, like the sync
/// engine's (`sync::on_db`): the runtime's workers never wait for the database lock.
pub(super) async fn on_db<R: Send + 'static>(
    db: &Arc<Mutex<Db>>,
    step: impl FnOnce(&mut Db) -> Result<R, DbError> + Send + 'static,
) -> Result<R, ApiError> {
    Ok(crate::sync::on_db(db, step).await??)
}

/// Delete the files this device no longer holds a row for (`store::sweep`).
pub async fn sweep(db: &Arc<Mutex<Db>>) -> Result<usize, ApiError> {
    on_db(db, |db| store::sweep(&db.conn, db.path())).await
}

/// Record an upload's outcome: done, or kept pending with the server's reason.
async fn mark_uploaded(
    db: &Arc<Mutex<Db>>,
    sha: &str,
    why: Option<String>,
) -> Result<(), ApiError> {
    let sha = sha.to_string();
    on_db(db, move |db| {
        store::uploaded(&db.conn, &sha, why.as_deref())
    })
    .await
}

/// Upload every file attached here and not yet on the server. A file the server
/// refuses (too large) keeps its Vietnamese reason in `blob_files.upload_error` and
/// stays pending; a network failure stops here (the sync reports it). Every database
/// step and the reading back of a file run on the blocking threads.
pub async fn upload_pending<T: Transport>(
    db: &Arc<Mutex<Db>>,
    transport: &mut T,
) -> Result<u64, ApiError> {
    let (pending, db_path, file_key) = on_db(db, |db| {
        let mut pending = Vec::new();
        for (sha, size) in store::pending_uploads(&db.conn)? {
            if store::referenced(&db.conn, &sha)? {
                pending.push((sha, size));
            } else {
                // Its attachment was refused or removed: nothing to send any more.
                store::uploaded(&db.conn, &sha, None)?;
            }
        }
        Ok((pending, db.path().to_path_buf(), db.file_key))
    })
    .await?;
    let mut sent = 0;
    for chunk in pending.chunks(MAX_CHECK) {
        let req = BlobCheckRequest {
            protocol: PROTOCOL_VERSION,
            hashes: chunk.iter().map(|(h, _)| h.clone()).collect(),
        };
        let check = match transport.blob_check(req).await {
            Ok(check) => check,
            Err(TransportError::Server { status: 403, body }) => {
                // This device may not attach files: say so on each, keep them for now.
                for (sha, _) in chunk {
                    mark_uploaded(db, sha, Some(body.message.clone())).await?;
                }
                return Ok(sent);
            }
            Err(e) if e.is_revoked() => return Err(crate::sync::revoked(db, e).await),
            Err(e) => return Err(transport_error(e)),
        };
        for (sha, size) in chunk {
            if !check.missing.contains(sha) {
                mark_uploaded(db, sha, None).await?;
                continue;
            }
            if *size > check.max_bytes {
                let why = format!(
                    "Tệp lớn hơn giới hạn {} MB của máy chủ, không thể tải lên",
                    check.max_bytes.div_ceil(1024 * 1024)
                );
                mark_uploaded(db, sha, Some(why)).await?;
                continue;
            }
            // The store's file is sealed (store.rs): the server gets the plain bytes.
            let (dir, hash) = (db_path.clone(), sha.clone());
            let plain = off_runtime(move || store::read_plain(&file_key, &dir, &hash)).await?;
            let bytes = plain.ok_or_else(|| {
                ApiError::new(
                    ApiErrorKind::Storage,
                    "Tệp đính kèm trên máy đã hỏng, không tải lên được",
                )
            })?;
            let n = bytes.len() as u64;
            match transport.blob_put(sha, bytes).await {
                Ok(()) => {
                    mark_uploaded(db, sha, None).await?;
                    sent += n;
                }
                Err(e) if e.is_revoked() => return Err(crate::sync::revoked(db, e).await),
                Err(TransportError::Server { status, body }) if (400..500).contains(&status) => {
                    mark_uploaded(db, sha, Some(body.message)).await?;
                }
                Err(e) => return Err(transport_error(e)),
            }
        }
    }
    Ok(sent)
}

/// Download the blob `sha256` of `size` bytes into its `.part` file, resuming after
/// the bytes already there, one ranged answer after another (the server caps each).
/// Returns the bytes fetched. The caller checks the hash.
pub async fn download<T: Transport>(
    transport: &mut T,
    db_path: &Path,
    sha256: &str,
    size: u64,
) -> Result<u64, ApiError> {
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
        let got = download_range(transport, db_path, sha256, size, have).await?;
        if got == 0 {
            return Err(ApiError::new(
                ApiErrorKind::Server,
                "Máy chủ không gửi thêm dữ liệu của tệp, hãy thử lại",
            ));
        }
        fetched += got;
    }
}

/// The `.part` file a download appends to (or replaces, for a whole-file answer).
struct PartFile {
    path: std::path::PathBuf,
    have: u64,
    file: Option<std::fs::File>,
    fetched: u64,
    failed: Option<ApiError>,
}

impl BlobSink for PartFile {
    fn begin(&mut self, start: Option<u64>, whole: bool) -> bool {
        // Only a range starting where we are may be appended.
        if !whole && start != Some(self.have) {
            self.failed = Some(ApiError::new(
                ApiErrorKind::Server,
                "Máy chủ trả về sai đoạn tệp, hãy thử lại",
            ));
            return false;
        }
        let append = !whole;
        match std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(append)
            .truncate(!append)
            .open(&self.path)
        {
            Ok(f) => {
                self.file = Some(f);
                true
            }
            Err(e) => {
                self.failed = Some(crate::error::DbError::from(e).into());
                false
            }
        }
    }

    fn write(&mut self, bytes: &[u8]) -> bool {
        let Some(f) = self.file.as_mut() else {
            return false;
        };
        match f.write_all(bytes) {
            Ok(()) => {
                self.fetched += bytes.len() as u64;
                true
            }
            Err(e) => {
                self.failed = Some(crate::error::DbError::from(e).into());
                false
            }
        }
    }
}

/// One ranged answer from byte `have`, appended to the `.part` file as it arrives.
async fn download_range<T: Transport>(
    transport: &mut T,
    db_path: &Path,
    sha256: &str,
    size: u64,
    have: u64,
) -> Result<u64, ApiError> {
    let mut sink = PartFile {
        path: store::part(db_path, sha256),
        have,
        file: None,
        fetched: 0,
        failed: None,
    };
    let got = transport.blob_get(sha256, have, &mut sink).await;
    if let Some(e) = sink.failed {
        return Err(e);
    }
    match got {
        Ok(()) => {
            if let Some(f) = &sink.file {
                f.sync_data().map_err(crate::error::DbError::from)?;
            }
            Ok(sink.fetched)
        }
        Err(TransportError::Offline(why)) if sink.file.is_some() => {
            // Keep what arrived: the next fetch resumes after it.
            if let Some(f) = &sink.file {
                let _ = f.sync_data();
            }
            let on_disk = store::partial_len(db_path, sha256);
            Err(ApiError::new(
                ApiErrorKind::Offline,
                format!(
                    "Tải tệp bị gián đoạn ({why}); đã lưu {on_disk}/{size} byte, lần sau sẽ tải tiếp phần còn lại"
                ),
            ))
        }
        Err(e) => Err(transport_error(e)),
    }
}
