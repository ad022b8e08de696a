//! Attachment files on this device: `HOME/blobs/<sha256>` for a complete, checked file
//! (with a `blob_files` row saying whether it is pinned or waiting for upload) and
//! `HOME/blobs/<sha256>.part` for a cut download, whose length is how far it got.
//!
//! A complete file is sealed (DESIGN §5: attachments on the device are encrypted like
//! the database): ChaCha20-Poly1305 with a key derived from the database key, in 64 KiB
//! segments so a 1 GB file is never held in memory. Each segment's nonce is a random
//! per-file prefix, its index and a last-segment flag, so segments cannot be reordered,
//! dropped or cut off unnoticed. A cut download (`.part`) is the one plain piece: its
//! bytes must be appended to as they arrive; it is sealed as soon as it is complete and
//! checked, and a wipe deletes it with the rest.

use crate::error::DbError;
use rand::RngCore;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305};
use rusqlite::{Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use sotay_model::library::BlobStorage;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The first bytes of a sealed file (format version 1).
const MAGIC: &[u8; 8] = b"sotayB1\0";
/// Random per-file part of every segment's nonce.
const PREFIX: usize = 7;
/// Plain bytes per segment; every segment but the last is exactly this long.
const SEGMENT: usize = 64 * 1024;
const TAG: usize = 16;

fn cipher(file_key: &[u8; 32]) -> Result<LessSafeKey, DbError> {
    UnboundKey::new(&CHACHA20_POLY1305, file_key)
        .map(LessSafeKey::new)
        .map_err(|_| DbError::Key("không tạo được khóa mã hóa tệp".into()))
}

fn nonce(prefix: &[u8; PREFIX], index: u32, last: bool) -> Nonce {
    let mut n = [0u8; 12];
    n[..PREFIX].copy_from_slice(prefix);
    n[PREFIX..PREFIX + 4].copy_from_slice(&index.to_be_bytes());
    n[11] = u8::from(last);
    Nonce::assume_unique_for_key(n)
}

/// Fill `buf` from `r` as far as it goes; answers how many bytes were read.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Seal everything `plain` yields into `out`; answers the plain bytes' SHA-256 (hex).
/// The last segment is always shorter than a full one (empty if need be), which is how
/// a reader knows it is last.
pub fn seal(
    file_key: &[u8; 32],
    plain: &mut impl Read,
    out: &mut impl Write,
) -> Result<String, DbError> {
    let key = cipher(file_key)?;
    let mut prefix = [0u8; PREFIX];
    rand::rngs::OsRng.fill_bytes(&mut prefix);
    out.write_all(MAGIC)?;
    out.write_all(&prefix)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; SEGMENT + TAG];
    for index in 0u32.. {
        let n = read_full(plain, &mut buf[..SEGMENT])?;
        h.update(&buf[..n]);
        let last = n < SEGMENT;
        let mut segment = buf[..n].to_vec();
        key.seal_in_place_append_tag(nonce(&prefix, index, last), Aad::empty(), &mut segment)
            .map_err(|_| DbError::Key("không mã hóa được tệp".into()))?;
        out.write_all(&segment)?;
        if last {
            break;
        }
    }
    Ok(hex::encode(h.finalize()))
}

/// Why a sealed file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("tệp trên máy đã hỏng hoặc bị sửa")]
    Damaged,
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Open a sealed file into `out`, segment by segment; answers the plain SHA-256. A file
/// that is damaged, cut short, reordered or sealed with another key is `Damaged`.
pub fn unseal(
    file_key: &[u8; 32],
    sealed: &mut impl Read,
    out: &mut impl Write,
) -> Result<String, OpenError> {
    let key = cipher(file_key).map_err(|_| OpenError::Damaged)?;
    let mut head = [0u8; MAGIC.len() + PREFIX];
    if read_full(sealed, &mut head)? != head.len() || &head[..MAGIC.len()] != MAGIC {
        return Err(OpenError::Damaged);
    }
    let mut prefix = [0u8; PREFIX];
    prefix.copy_from_slice(&head[MAGIC.len()..]);
    let mut h = Sha256::new();
    let mut buf = vec![0u8; SEGMENT + TAG];
    for index in 0u32.. {
        let n = read_full(sealed, &mut buf)?;
        let last = n < SEGMENT + TAG;
        let plain = key
            .open_in_place(nonce(&prefix, index, last), Aad::empty(), &mut buf[..n])
            .map_err(|_| OpenError::Damaged)?;
        h.update(&*plain);
        out.write_all(plain)?;
        if last {
            // Anything after the last segment is damage too.
            return match sealed.read(&mut [0u8; 1])? {
                0 => Ok(hex::encode(h.finalize())),
                _ => Err(OpenError::Damaged),
            };
        }
    }
    Err(OpenError::Damaged)
}

/// Seal the plain file `src` as the store's file for its hash (written beside and
/// renamed, so a reader never sees half a file); answers the hash.
pub fn seal_into_store(
    file_key: &[u8; 32],
    db_path: &Path,
    src: &mut impl Read,
) -> Result<String, DbError> {
    let dir = dir(db_path);
    std::fs::create_dir_all(&dir)?;
    let mut tmp_name = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut tmp_name);
    let tmp = dir.join(format!("seal-{}.tmp", hex::encode(tmp_name)));
    let sealed = (|| {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        let sha = seal(file_key, src, &mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, file(db_path, &sha))?;
        Ok::<_, DbError>(sha)
    })();
    if sealed.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    sealed
}

/// The plain bytes of the stored file `sha256`, checked against its hash; `None` when
/// it is missing or damaged.
pub fn read_plain(file_key: &[u8; 32], db_path: &Path, sha256: &str) -> Option<Vec<u8>> {
    let mut f = std::io::BufReader::new(std::fs::File::open(file(db_path, sha256)).ok()?);
    let mut out = Vec::new();
    match unseal(file_key, &mut f, &mut out) {
        Ok(h) if h == sha256 => Some(out),
        _ => None,
    }
}

/// Whether the stored file `sha256` opens and matches its hash (read in pieces).
pub fn check(file_key: &[u8; 32], db_path: &Path, sha256: &str) -> bool {
    let Ok(f) = std::fs::File::open(file(db_path, sha256)) else {
        return false;
    };
    matches!(unseal(file_key, &mut std::io::BufReader::new(f), &mut std::io::sink()), Ok(h) if h == sha256)
}

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

/// Whether a live file row (attachment, task file or case file) on this device names the hash (a
/// refused and rolled back attachment leaves none, and its file need not be uploaded
/// any more).
pub fn referenced(conn: &Connection, sha256: &str) -> Result<bool, DbError> {
    let found: Option<i64> = conn
        .prepare_cached(
            "SELECT 1 FROM rows WHERE entity IN ('attachment', 'task_file', 'case_file') AND tombstone = 0
               AND json_extract(state, '$.fields.sha256.value') = ?1 LIMIT 1",
        )?
        .query_row([sha256], |r| r.get(0))
        .optional()?;
    Ok(found.is_some())
}

/// Delete the files no live file row on this device names any more (a removed
/// attachment, a task whose files went with the device's right to read it), and their
/// cut downloads, so a file leaves the device with its row. A file still waiting to
/// be uploaded stays until its upload is settled. Answers how many were deleted.
pub fn sweep(conn: &Connection, db_path: &Path) -> Result<usize, DbError> {
    let mut stmt = conn.prepare("SELECT sha256 FROM blob_files WHERE upload_pending = 0")?;
    let held = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    drop(stmt);
    let mut gone = 0;
    for sha in held {
        if !referenced(conn, &sha)? {
            forget(conn, db_path, &sha)?;
            gone += 1;
        }
    }
    if let Ok(entries) = std::fs::read_dir(dir(db_path)) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(sha) = name.strip_suffix(".part") {
                if !referenced(conn, sha)? {
                    remove_if_there(&e.path())?;
                }
            }
        }
    }
    Ok(gone)
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
