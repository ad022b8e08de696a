//! Files a screen picked, arriving in pieces (issue 20): a browser or a webview knows a
//! picked file's bytes, not its path, and a large file must show progress and be
//! cancellable, so it comes as `BeginUpload`, `UploadChunk`s, then `AttachFile
//! { upload_id }`.
//!
//! Each piece is sealed with the device's file key as its own file under
//! `blobs/uploads/<id>/` (the name and size too), so no plain byte of a picked file is
//! ever on disk, and a revoked device's wipe, which removes `blobs/`, removes them.
//! A piece's file is named by its offset and plain length, so what has arrived is
//! known without opening anything. An upload left for a day is deleted.
//!
//! ```text
//! begin_upload {name: "Kế hoạch.pdf", size: 3_000_000}         -> id
//! upload_chunk {upload_id: id, offset: 0, data: "<1 MiB, base64>"} -> received 1_048_576
//! …
//! attach_file {document_id, upload_id: id}                       -> attachment id
//! ```

use super::store;
use crate::db::Db;
use crate::env::Env;
use crate::error::{invalid, not_found, DbError};
use base64::Engine;
use serde::{Deserialize, Serialize};
use sotay_model::api::ApiError;
use sotay_model::library::UploadProgress;
use sotay_model::Id;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest piece accepted (plain bytes): a screen sends 1 MiB; more would make one
/// request hold too much of a phone's memory at once.
pub const MAX_PIECE: usize = 4 * 1024 * 1024;

/// How long an unfinished upload is kept: a user who walked away does not come back
/// to the same upload the next day.
const KEEP_MS: u128 = 24 * 3_600_000;

#[derive(Serialize, Deserialize)]
struct Meta {
    name: String,
    size: u64,
}

fn root(db_path: &Path) -> PathBuf {
    store::dir(db_path).join("uploads")
}

fn dir(db_path: &Path, id: Id) -> PathBuf {
    // An `Id` prints as a UUID: nothing in it can leave the folder.
    root(db_path).join(id.to_string())
}

fn gone() -> ApiError {
    not_found("Không tìm thấy tệp đang gửi lên máy (đã hủy hoặc quá một ngày); hãy chọn lại tệp")
}

/// The largest sheet a screen may send to import: a list of 20,000 members (what one
/// import takes) is a few MB.
pub const MAX_SHEET_BYTES: u64 = 32 * 1024 * 1024;

/// What an upload may be: a file to attach, or an .xlsx sheet to import or a .txt
/// full text of an imported document (read whole by [`read_all`]; never attached,
/// since `AttachFile` checks the name again).
fn check(name: &str, size: u64) -> Result<(), ApiError> {
    let full_text = name.to_lowercase().ends_with(".txt");
    if !crate::import::sheet::is_xlsx(name) && !full_text {
        return super::check_file(name, size).map(|_| ());
    }
    if size == 0 {
        return Err(invalid(format!("Tệp \"{name}\" rỗng")));
    }
    if size > MAX_SHEET_BYTES {
        return Err(invalid(format!(
            "Tệp Excel \"{name}\" lớn quá {} MB; hãy chia danh sách thành nhiều tệp",
            MAX_SHEET_BYTES / (1024 * 1024)
        )));
    }
    Ok(())
}

/// Start an upload of `name` (`size` bytes), checked like any attachment (or sheet)
/// first.
pub fn begin(db: &Db, env: &dyn Env, name: &str, size: u64) -> Result<Id, ApiError> {
    let name = name.trim();
    check(name, size)?;
    clear_stale(db.path());
    let id = env.new_id();
    let dir = dir(db.path(), id);
    std::fs::create_dir_all(&dir).map_err(DbError::from)?;
    let meta = serde_json::to_vec(&Meta {
        name: name.to_string(),
        size,
    })
    .map_err(|e| DbError::Corrupt(e.to_string()))?;
    seal_file(db, &dir.join("meta"), &meta)?;
    Ok(id)
}

/// Keep the next piece; refuses a piece out of order or past the announced size.
pub fn piece(db: &Db, id: Id, offset: u64, data: &str) -> Result<UploadProgress, ApiError> {
    let dir = dir(db.path(), id);
    let meta = meta(db, &dir)?;
    let received = received(&dir)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|_| invalid("Phần tệp gửi lên không đúng định dạng (base64)"))?;
    if bytes.is_empty() || bytes.len() > MAX_PIECE {
        return Err(invalid(format!(
            "Mỗi phần tệp gửi lên phải có từ 1 byte đến {} MB",
            MAX_PIECE / (1024 * 1024)
        )));
    }
    if offset != received {
        return Err(invalid(format!(
            "Phần tệp không đúng thứ tự: máy đã nhận {received} byte, phần này bắt đầu từ byte {offset}"
        )));
    }
    let end = received + bytes.len() as u64;
    if end > meta.size {
        return Err(invalid(format!(
            "Tệp \"{}\" dài hơn {} byte đã báo",
            meta.name, meta.size
        )));
    }
    seal_file(
        db,
        &dir.join(format!("{offset:016}-{}", bytes.len())),
        &bytes,
    )?;
    Ok(UploadProgress {
        upload_id: id,
        received: end,
        size: meta.size,
    })
}

/// Delete an upload and what arrived of it.
pub fn cancel(db: &Db, id: Id) -> Result<(), ApiError> {
    let dir = dir(db.path(), id);
    if !dir.is_dir() {
        return Err(gone());
    }
    std::fs::remove_dir_all(&dir).map_err(DbError::from)?;
    Ok(())
}

/// A complete upload's name, size and plain bytes (read piece by piece); refused
/// while pieces are missing.
pub fn complete(db: &Db, id: Id) -> Result<(String, u64, Pieces), ApiError> {
    let dir = dir(db.path(), id);
    let meta = meta(db, &dir)?;
    let received = received(&dir)?;
    if received != meta.size {
        return Err(invalid(format!(
            "Tệp \"{}\" chưa gửi xong: máy mới nhận {received} trên {} byte",
            meta.name, meta.size
        )));
    }
    let mut files: Vec<PathBuf> = pieces(&dir)?.into_iter().map(|(_, _, p)| p).collect();
    files.reverse();
    Ok((
        meta.name,
        meta.size,
        Pieces {
            file_key: db.file_key,
            files,
            buf: Vec::new(),
            pos: 0,
        },
    ))
}

/// A complete upload's name and plain bytes in memory, for an import that reads the
/// whole sheet (at most [`MAX_SHEET_BYTES`]). The upload stays until [`finish`]: a
/// preview and its confirmation read the same one.
pub fn read_all(db: &Db, id: Id) -> Result<(String, Vec<u8>), ApiError> {
    let (name, size, mut pieces) = complete(db, id)?;
    if size > MAX_SHEET_BYTES {
        return Err(invalid(format!(
            "Tệp \"{name}\" lớn quá {} MB để nhập",
            MAX_SHEET_BYTES / (1024 * 1024)
        )));
    }
    let mut plain = Vec::with_capacity(size as usize);
    pieces.read_to_end(&mut plain).map_err(DbError::from)?;
    Ok((name, plain))
}

/// The upload is attached (or imported): its pieces go.
pub fn finish(db: &Db, id: Id) {
    let _ = std::fs::remove_dir_all(dir(db.path(), id));
}

/// An upload's plain bytes, each piece opened when the previous one is used up.
pub struct Pieces {
    file_key: [u8; 32],
    /// Still to read, the next one last.
    files: Vec<PathBuf>,
    buf: Vec<u8>,
    pos: usize,
}

impl Read for Pieces {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pos == self.buf.len() {
            let Some(next) = self.files.pop() else {
                return Ok(0);
            };
            self.buf = open_file(&self.file_key, &next)?;
            self.pos = 0;
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

fn meta(db: &Db, dir: &Path) -> Result<Meta, ApiError> {
    if !dir.is_dir() {
        return Err(gone());
    }
    let plain = open_file(&db.file_key, &dir.join("meta")).map_err(|_| gone())?;
    serde_json::from_slice(&plain).map_err(|_| gone())
}

/// The pieces on disk as (offset, length, file), by offset.
fn pieces(dir: &Path) -> Result<Vec<(u64, u64, PathBuf)>, ApiError> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).map_err(DbError::from)?.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let parsed = name
            .split_once('-')
            .and_then(|(o, l)| Some((o.parse::<u64>().ok()?, l.parse::<u64>().ok()?)));
        if let Some((offset, len)) = parsed {
            out.push((offset, len, e.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// Bytes received so far: pieces are only ever kept in order, so it is the end of
/// the last one.
fn received(dir: &Path) -> Result<u64, ApiError> {
    Ok(pieces(dir)?.last().map_or(0, |(o, l, _)| o + l))
}

/// Written beside and renamed: a crash never leaves half a piece that counts.
fn seal_file(db: &Db, path: &Path, plain: &[u8]) -> Result<(), ApiError> {
    let tmp = path.with_extension("tmp");
    let written = (|| {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        store::seal(&db.file_key, &mut &plain[..], &mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok::<_, DbError>(())
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    Ok(written?)
}

fn open_file(file_key: &[u8; 32], path: &Path) -> std::io::Result<Vec<u8>> {
    let mut sealed = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut plain = Vec::new();
    store::unseal(file_key, &mut sealed, &mut plain)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))?;
    Ok(plain)
}

/// Delete uploads untouched for a day (best effort).
fn clear_stale(db_path: &Path) {
    let Ok(entries) = std::fs::read_dir(root(db_path)) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for e in entries.flatten() {
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age.as_millis() > KEEP_MS);
        if old {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}
