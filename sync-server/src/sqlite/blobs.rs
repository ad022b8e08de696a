//! Blobs for the SQLite backend: files under the data directory, `blobs/ab/<sha256>`
//! (one file per content, so a file attached to many documents is stored once),
//! streamed to a temporary name, flushed, then renamed, so a crash never leaves a
//! partial blob under its hash. The attachment rows naming a hash come from `rows`.

use super::view::stored;
use crate::error::StoreError;
use crate::tree::StoredRow;
use rusqlite::{Connection, OpenFlags};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The blob directory beside the database file.
pub fn dir_of(db: &Path) -> PathBuf {
    db.parent().unwrap_or_else(|| Path::new(".")).join("blobs")
}

fn file(dir: &Path, sha256: &str) -> PathBuf {
    dir.join(&sha256[..2]).join(sha256)
}

pub fn size(dir: &Path, sha256: &str) -> Result<Option<u64>, StoreError> {
    match std::fs::metadata(file(dir, sha256)) {
        Ok(m) => Ok(Some(m.len())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Copy `src` into a temporary file a buffer at a time, then rename it into place;
/// a failed read removes the temporary file and stores nothing.
pub fn put(dir: &Path, sha256: &str, src: &mut dyn Read) -> Result<(), StoreError> {
    let target = file(dir, sha256);
    if target.exists() {
        return Ok(());
    }
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let tmp_dir = dir.join("tmp");
    std::fs::create_dir_all(&tmp_dir)?;
    let tmp = tmp_dir.join(format!(
        "{sha256}.{}.{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        std::io::copy(src, &mut f)?;
        f.flush()?;
        f.sync_all()
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::rename(&tmp, &target)?;
    Ok(())
}

pub fn read(
    dir: &Path,
    sha256: &str,
    offset: u64,
    len: u64,
) -> Result<Option<Vec<u8>>, StoreError> {
    let mut f = match std::fs::File::open(file(dir, sha256)) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let size = f.metadata()?.len();
    let take = len.min(size.saturating_sub(offset));
    f.seek(SeekFrom::Start(offset.min(size)))?;
    let mut out = Vec::with_capacity(take as usize);
    f.take(take).read_to_end(&mut out)?;
    Ok(Some(out))
}

/// File rows (attachments, task files, case files) naming the hash, on a connection of their own: downloads are rare
/// next to pulls and must not queue behind them for a pooled reader.
pub fn refs(db: &Path, sha256: &str) -> Result<Vec<StoredRow>, StoreError> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    super::fixed_plans(&conn)?;
    let mut stmt = conn.prepare(
        "SELECT seq, org_path, state FROM rows
         WHERE entity IN ('attachment', 'task_file', 'case_file') AND tombstoned = 0
           AND json_extract(state, '$.fields.sha256.value') = ?1",
    )?;
    let raw = stmt
        .query_map([sha256], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    raw.iter().map(|(s, p, st)| stored(*s, p, st)).collect()
}
