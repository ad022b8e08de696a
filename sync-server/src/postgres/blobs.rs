//! Blobs for the PostgreSQL backend: one `blobs` row per SHA-256 (see
//! migrations/postgres/0004_blobs.sql for why the bytes live in the database), read
//! by range with `substring`; the attachment rows naming a hash come from `rows`.

use super::conn::Conn;
use super::view::stored;
use crate::error::StoreError;
use crate::tree::StoredRow;

pub fn size(conn: &mut Conn, sha256: &str) -> Result<Option<u64>, StoreError> {
    let rows = conn.query("SELECT size FROM blobs WHERE sha256 = $1", &[&sha256])?;
    match rows.first() {
        Some(r) => Ok(Some(r.try_get::<_, i64>(0)? as u64)),
        None => Ok(None),
    }
}

pub fn put(conn: &mut Conn, sha256: &str, bytes: &[u8]) -> Result<(), StoreError> {
    let tx = conn.begin()?;
    tx.exec(
        "INSERT INTO blobs (sha256, size, data) VALUES ($1, $2, $3)
         ON CONFLICT (sha256) DO NOTHING",
        &[&sha256, &(bytes.len() as i64), &bytes],
    )?;
    tx.commit()
}

pub fn read(
    conn: &mut Conn,
    sha256: &str,
    offset: u64,
    len: u64,
) -> Result<Option<Vec<u8>>, StoreError> {
    // substring counts from 1; blobs are far below 2 GiB (the server's limit).
    let from = i32::try_from(offset.saturating_add(1)).unwrap_or(i32::MAX);
    let count = i32::try_from(len).unwrap_or(i32::MAX);
    let rows = conn.query(
        "SELECT substring(data FROM $2 FOR $3) FROM blobs WHERE sha256 = $1",
        &[&sha256, &from, &count],
    )?;
    match rows.first() {
        Some(r) => Ok(Some(r.try_get::<_, Vec<u8>>(0)?)),
        None => Ok(None),
    }
}

pub fn refs(conn: &mut Conn, sha256: &str) -> Result<Vec<StoredRow>, StoreError> {
    let rows = conn.query(
        "SELECT seq, org_path, state FROM rows
         WHERE entity = 'attachment' AND NOT tombstoned
           AND (state::jsonb #>> '{fields,sha256,value}') = $1",
        &[&sha256],
    )?;
    rows.iter().map(stored).collect()
}
