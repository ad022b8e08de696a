//! First syncs of a replica over loopback HTTP, each in a child process (so its peak
//! memory is its own), and the raw-SQLite baseline they are compared with.

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// What one first sync measured.
#[derive(Clone, Debug)]
pub struct SyncRun {
    pub secs: f64,
    pub rows: u64,
    pub rss_kb: u64,
}

/// Child mode (`bench replica-sync HOME SERVER CODE`): enroll a new replica, which
/// syncs once, then print what it took.
pub fn child(home: &Path, server: &str, code: &str) -> Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let replica = sotay_replica::Replica::open(home).map_err(|e| anyhow::anyhow!("{e:?}"))?;
        let start = Instant::now();
        let status = replica
            .enroll(server, code, "bench", None)
            .await
            .map_err(|e| anyhow::anyhow!("enroll: {e:?}"))?;
        let secs = start.elapsed().as_secs_f64();
        if !status.online || status.last_synced_ms.is_none() {
            bail!("the first sync did not complete");
        }
        // Caught up: a second sync pulls nothing.
        let again = replica
            .sync_now()
            .await
            .map_err(|e| anyhow::anyhow!("sync: {e:?}"))?;
        let rss = crate::server::peak_rss_kb("/proc/self/status").unwrap_or(0);
        println!("secs {secs}");
        println!("again {}", again.pulled);
        println!("rss_kb {rss}");
        Ok(())
    })
}

/// Run one first sync in a child process of this very binary.
pub fn first_sync(home: &Path, server: &str, code: &str, rows: u64) -> Result<SyncRun> {
    first_sync_with(&std::env::current_exe()?, home, server, code, rows)
}

/// Run one first sync in a child process of the bench binary `exe` (this one, or
/// another build's for `bench sync --compare`).
pub fn first_sync_with(
    exe: &Path,
    home: &Path,
    server: &str,
    code: &str,
    rows: u64,
) -> Result<SyncRun> {
    let out = Command::new(exe)
        .arg("replica-sync")
        .arg(home)
        .args([server, code])
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        bail!(
            "replica sync failed: {}{}",
            text,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let field = |name: &str| -> Result<f64> {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.trim().parse::<f64>().ok())
            .with_context(|| format!("no `{name}` in {text}"))
    };
    if field("again")? != 0.0 {
        bail!("the replica was not caught up after its first sync");
    }
    Ok(SyncRun {
        secs: field("secs")?,
        rows,
        rss_kb: field("rss_kb")? as u64,
    })
}

/// The same rows inserted with rusqlite into a fresh file in one transaction: seconds.
pub fn raw_sqlite(server_db: &Path, dir: &Path) -> Result<(f64, u64)> {
    let src = rusqlite::Connection::open_with_flags(
        server_db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?;
    let mut stmt = src.prepare("SELECT row_id, entity, org_id, seq, state FROM rows")?;
    let rows: Vec<(String, String, String, i64, String)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    let path = dir.join("raw.db");
    let _ = std::fs::remove_file(&path);
    let mut dst = rusqlite::Connection::open(&path)?;
    dst.pragma_update(None, "journal_mode", "WAL")?;
    dst.execute_batch(
        "CREATE TABLE rows (row_id TEXT PRIMARY KEY, entity TEXT NOT NULL,
            org_id TEXT NOT NULL, seq INTEGER NOT NULL, state TEXT NOT NULL)",
    )?;
    let start = Instant::now();
    let tx = dst.transaction()?;
    {
        let mut ins = tx.prepare("INSERT INTO rows VALUES (?1, ?2, ?3, ?4, ?5)")?;
        for r in &rows {
            ins.execute(rusqlite::params![r.0, r.1, r.2, r.3, r.4])?;
        }
    }
    tx.commit()?;
    Ok((start.elapsed().as_secs_f64(), rows.len() as u64))
}
