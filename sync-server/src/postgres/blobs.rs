//! Blobs for the PostgreSQL backend: one `blobs` row per SHA-256 with its size, the
//! bytes in `blob_chunks` a MiB at a time (see migrations/postgres/0004_blobs.sql for
//! why they live in the database, 0009_blob_chunks.sql for the chunks). An upload is
//! first spooled to a temporary file, so a slow client never holds a connection, then
//! written chunk by chunk in one transaction; the attachment rows naming a hash come
//! from `rows`.

use super::conn::{Conn, Pool};
use super::view::stored;
use crate::error::StoreError;
use crate::tree::StoredRow;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

/// Bytes per `blob_chunks` row (as in migration 0009).
const CHUNK: u64 = 1024 * 1024;

pub fn size(conn: &mut Conn, sha256: &str) -> Result<Option<u64>, StoreError> {
    let rows = conn.query("SELECT size FROM blobs WHERE sha256 = $1", &[&sha256])?;
    match rows.first() {
        Some(r) => Ok(Some(r.try_get::<_, i64>(0)? as u64)),
        None => Ok(None),
    }
}

/// A temporary file removed on drop, whatever happens.
struct Spool {
    path: PathBuf,
    file: std::fs::File,
}

impl Spool {
    fn new(sha256: &str) -> Result<Spool, StoreError> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "sotay-blob-{sha256}.{}.{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)?;
        Ok(Spool { path, file })
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

pub fn put(pool: &Pool, sha256: &str, src: &mut dyn Read) -> Result<(), StoreError> {
    if size(&mut *pool.get()?, sha256)?.is_some() {
        return Ok(());
    }
    let mut spool = Spool::new(sha256)?;
    let len = std::io::copy(src, &mut spool.file)?;
    spool.file.flush()?;
    spool.file.seek(SeekFrom::Start(0))?;
    let mut conn = pool.get()?;
    let tx = conn.begin()?;
    // A concurrent upload of the same hash waits here for the first to commit, then
    // stores nothing.
    let fresh = tx.exec(
        "INSERT INTO blobs (sha256, size) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING",
        &[&sha256, &(len as i64)],
    )?;
    if fresh == 0 {
        return Ok(());
    }
    let mut buf = vec![0u8; CHUNK as usize];
    for n in 0..len.div_ceil(CHUNK) {
        let take = CHUNK.min(len - n * CHUNK) as usize;
        spool.file.read_exact(&mut buf[..take])?;
        tx.exec(
            "INSERT INTO blob_chunks (sha256, n, data) VALUES ($1, $2, $3)",
            &[&sha256, &(n as i32), &&buf[..take]],
        )?;
    }
    tx.commit()
}

pub fn read(
    conn: &mut Conn,
    sha256: &str,
    offset: u64,
    len: u64,
) -> Result<Option<Vec<u8>>, StoreError> {
    let Some(total) = size(conn, sha256)? else {
        return Ok(None);
    };
    let end = offset.saturating_add(len).min(total);
    if end <= offset {
        return Ok(Some(Vec::new()));
    }
    let (first, last) = ((offset / CHUNK) as i32, ((end - 1) / CHUNK) as i32);
    let rows = conn.query(
        "SELECT n, data FROM blob_chunks WHERE sha256 = $1 AND n BETWEEN $2 AND $3 ORDER BY n",
        &[&sha256, &first, &last],
    )?;
    let mut out = Vec::with_capacity((end - offset) as usize);
    for r in &rows {
        let n = r.try_get::<_, i32>(0)? as u64;
        let data: &[u8] = r.try_get(1)?;
        let base = n * CHUNK;
        let from = offset.saturating_sub(base).min(data.len() as u64) as usize;
        let to = (end - base).min(data.len() as u64) as usize;
        out.extend_from_slice(&data[from..to.max(from)]);
    }
    Ok(Some(out))
}

pub fn refs(conn: &mut Conn, sha256: &str) -> Result<Vec<StoredRow>, StoreError> {
    let rows = conn.query(
        "SELECT seq, org_path, state FROM rows
         WHERE entity IN ('attachment', 'task_file', 'case_file') AND NOT tombstoned
           AND (state::jsonb #>> '{fields,sha256,value}') = $1",
        &[&sha256],
    )?;
    rows.iter().map(stored).collect()
}
