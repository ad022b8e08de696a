//! Attachment files on this device: `HOME/blobs/<sha256>` for a complete, checked file
//! (with a `blob_files` row saying whether it is pinned or waiting for upload) and
//! `HOME/blobs/<sha256>.part` for a cut download, whose length is how far it got.

use crate::error::DbError;
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use sotay_model::library::BlobStorage;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The blob directory of the replica whose database file is `db_path`.
pub fn dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("blobs")
}

pub fn file(db_path: &Path, sha256: &str) -> PathBuf {
    dir(db_path).join(sha256)
}

pub fn part(db_path: &Path, sha256: &str) -> PathBuf {
    dir(db_path).join(format!("{sha256}.part"))
}

/// The SHA-256 of a file, as 64 lower-case hex digits, read in pieces.
pub fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(h.finalize()))
}

/// How a complete file stands, if this device has one.
#[derive(Clone, Debug, PartialEq)]
pub struct Held {
    pub size: u64,
    pub pinned: bool,
    pub upload_pending: bool,
    pub upload_error: Option<String>,
}

pub fn held(conn: &Connection, sha256: &str) -> Result<Option<Held>, DbError> {
    Ok(conn
        .prepare_cached(
            "SELECT size, pinned, upload_pending, upload_error FROM blob_files WHERE sha256 = ?1",
        )?
        .query_row([sha256], |r| {
            Ok(Held {
                size: r.get::<_, i64>(0)? as u64,
                pinned: r.get(1)?,
                upload_pending: r.get(2)?,
                upload_error: r.get(3)?,
            })
        })
        .optional()?)
}

/// Record a complete file; pinning and a pending upload are only ever added here.
pub fn record(
    conn: &Connection,
    sha256: &str,
    size: u64,
    pinned: bool,
    upload_pending: bool,
    now_ms: u64,
) -> Result<(), DbError> {
    conn.execute(
        "INSERT INTO blob_files (sha256, size, pinned, upload_pending, stored_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (sha256) DO UPDATE SET pinned = pinned OR excluded.pinned,
            upload_pending = upload_pending OR excluded.upload_pending",
        rusqlite::params![sha256, size as i64, pinned, upload_pending, now_ms as i64],
    )?;
    Ok(())
}

/// Forget a file and delete it (and any cut download of it).
pub fn forget(conn: &Connection, db_path: &Path, sha256: &str) -> Result<(), DbError> {
    conn.execute("DELETE FROM blob_files WHERE sha256 = ?1", [sha256])?;
    remove_if_there(&file(db_path, sha256))?;
    remove_if_there(&part(db_path, sha256))?;
    Ok(())
}

pub fn remove_if_there(path: &Path) -> Result<(), DbError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Delete every attachment file (a revoked device's wipe).
pub fn remove_all(db_path: &Path) -> Result<(), DbError> {
    match std::fs::remove_dir_all(dir(db_path)) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Bytes of a cut download on disk (0 when none).
pub fn partial_len(db_path: &Path, sha256: &str) -> u64 {
    std::fs::metadata(part(db_path, sha256))
        .map(|m| m.len())
        .unwrap_or(0)
}

pub fn pending_uploads(conn: &Connection) -> Result<Vec<(String, u64)>, DbError> {
    let mut stmt = conn
        .prepare("SELECT sha256, size FROM blob_files WHERE upload_pending = 1 ORDER BY sha256")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Whether a live attachment row on this device names the hash (a refused and rolled
/// back attachment leaves none, and its file need not be uploaded any more).
pub fn referenced(conn: &Connection, sha256: &str) -> Result<bool, DbError> {
    let found: Option<i64> = conn
        .prepare_cached(
            "SELECT 1 FROM rows WHERE entity = 'attachment' AND tombstone = 0
               AND json_extract(state, '$.fields.sha256.value') = ?1 LIMIT 1",
        )?
        .query_row([sha256], |r| r.get(0))
        .optional()?;
    Ok(found.is_some())
}

pub fn uploaded(conn: &Connection, sha256: &str, error: Option<&str>) -> Result<(), DbError> {
    match error {
        None => conn.execute(
            "UPDATE blob_files SET upload_pending = 0, upload_error = NULL WHERE sha256 = ?1",
            [sha256],
        )?,
        Some(e) => conn.execute(
            "UPDATE blob_files SET upload_error = ?2 WHERE sha256 = ?1",
            [sha256, e],
        )?,
    };
    Ok(())
}

pub fn storage(conn: &Connection, db_path: &Path) -> Result<BlobStorage, DbError> {
    let mut s = BlobStorage::default();
    let mut stmt = conn.prepare(
        "SELECT pinned OR upload_pending, COUNT(*), SUM(size) FROM blob_files GROUP BY 1",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, bool>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<i64>>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    for (kept, n, bytes) in rows {
        let bytes = bytes.unwrap_or(0) as u64;
        if kept {
            (s.pinned_files, s.pinned_bytes) = (n as u32, bytes);
        } else {
            (s.cached_files, s.cached_bytes) = (n as u32, bytes);
        }
    }
    if let Ok(entries) = std::fs::read_dir(dir(db_path)) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().ends_with(".part") {
                s.partial_bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
            }
        }
    }
    Ok(s)
}

/// Delete files not pinned (with `pinned`, pinned ones too) and cut downloads; files
/// waiting for upload stay, they exist nowhere else.
pub fn free(conn: &Connection, db_path: &Path, pinned: bool) -> Result<(), DbError> {
    let mut stmt = conn
        .prepare("SELECT sha256 FROM blob_files WHERE upload_pending = 0 AND (pinned = 0 OR ?1)")?;
    let victims = stmt
        .query_map([pinned], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    drop(stmt);
    for sha in victims {
        forget(conn, db_path, &sha)?;
    }
    if let Ok(entries) = std::fs::read_dir(dir(db_path)) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().ends_with(".part") {
                remove_if_there(&e.path())?;
            }
        }
    }
    Ok(())
}
