//! Opening the database encrypted with SQLCipher: the key is set first, before any
//! other statement touches the file; a wrong key is found at once by reading the
//! schema; a plain database left by an older version is rewritten encrypted.

use super::key::{DbKey, KeyStore};
use crate::error::DbError;
use rusqlite::Connection;
use std::io::Read;
use std::path::Path;

/// The first 16 bytes of every unencrypted SQLite file.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether the file at `path` is an unencrypted SQLite database.
pub fn is_plain_sqlite(path: &Path) -> Result<bool, DbError> {
    let mut head = [0u8; 16];
    match std::fs::File::open(path) {
        Ok(mut f) => Ok(f.read_exact(&mut head).is_ok() && &head == PLAIN_HEADER),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e.into()),
    }
}

fn has_data(path: &Path) -> bool {
    path.metadata().map(|m| m.len() > 0).unwrap_or(false)
}

pub(crate) fn set_key(conn: &Connection, key: &DbKey) -> Result<(), DbError> {
    // SQLCipher writes its own English errors to stderr (e.g. on a wrong key); the
    // user gets ours, in Vietnamese, instead. (The level is process-wide.)
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    conn.execute_batch(&format!("PRAGMA key = \"{}\";", key.pragma_value()))?;
    Ok(())
}

/// Open `path` with the key from `store`, creating a key for a new database and
/// encrypting a plain one in place.
pub fn open(path: &Path, store: &dyn KeyStore) -> Result<Connection, DbError> {
    open_keyed(path, store).map(|(conn, _)| conn)
}

/// As [`open`], answering the key too (files are sealed with keys derived from it).
pub fn open_keyed(path: &Path, store: &dyn KeyStore) -> Result<(Connection, DbKey), DbError> {
    let plain = is_plain_sqlite(path)?;
    let key = match store.load()? {
        Some(k) => k,
        None if has_data(path) && !plain => {
            return Err(DbError::Key(
                "không tìm thấy khóa giải mã dữ liệu trên máy; dữ liệu cũ không đọc được, \
                 hãy xóa dữ liệu trên máy và đăng ký lại thiết bị"
                    .into(),
            ))
        }
        None => {
            let k = DbKey::random();
            match store.store(&k) {
                Ok(()) => k,
                // Another process (the CLI beside the headless host) made the key
                // first: use theirs.
                Err(e) => store.load()?.ok_or(e)?,
            }
        }
    };
    if plain {
        encrypt_plain(path, &key)?;
    }
    let conn = Connection::open(path)?;
    set_key(&conn, &key)?;
    // SQLCipher checks the key on the first read: a wrong key reads as "not a database".
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok((conn, key)),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Err(DbError::Key(
                "khóa giải mã không đúng hoặc tệp dữ liệu đã hỏng".into(),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// Rewrite an unencrypted database (from a version before encryption) as an encrypted
/// one with `sqlcipher_export`, then swap the files. A crash before the rename leaves
/// the plain file as it was, and the next start does this again.
fn encrypt_plain(path: &Path, key: &DbKey) -> Result<(), DbError> {
    let tmp = path.with_extension("db.encrypting");
    let _ = std::fs::remove_file(&tmp);
    {
        let plain = Connection::open(path)?;
        // Fold the WAL into the main file so the export sees every committed row.
        plain.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        let tmp_str = tmp
            .to_str()
            .ok_or_else(|| DbError::Key("đường dẫn thư mục dữ liệu không hợp lệ".into()))?;
        plain.execute(
            &format!(
                "ATTACH DATABASE ?1 AS encrypted KEY \"{}\"",
                key.pragma_value()
            ),
            [tmp_str],
        )?;
        plain.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
        plain.execute_batch("DETACH DATABASE encrypted;")?;
    }
    for suffix in ["-wal", "-shm"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        let _ = std::fs::remove_file(std::path::PathBuf::from(side));
    }
    std::fs::rename(&tmp, path)?;
    tracing::info!("encrypted the plain database left by an older version");
    Ok(())
}
