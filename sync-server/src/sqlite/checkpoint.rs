//! WAL checkpoints on a thread of their own, every half second.
//!
//! SQLite's default is that the connection whose commit pushes the WAL past 1,000
//! pages copies it into the database file then and there. Here that connection is the
//! push writer, inside the group-commit lane: a profile of 1,000 devices pushing showed
//! a sixth of the server's time in those checkpoints (page copies and the database
//! file's fsync), with every queued push waiting behind them. This thread does the same
//! work beside the lane instead, and a checkpoint every half second copies a page
//! changed by many batches once. Durability does not depend on it: a commit is durable
//! once its WAL frames are synced (`synchronous = FULL`).

use crate::error::StoreError;
use rusqlite::Connection;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

const EVERY: Duration = Duration::from_millis(500);

/// Start checkpointing the database at `path`; it stops when the returned sender is
/// dropped (with the store).
pub fn start(path: &Path) -> Result<mpsc::Sender<()>, StoreError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let (stop, stopped) = mpsc::channel::<()>();
    std::thread::Builder::new()
        .name("sotay-checkpoint".into())
        .spawn(move || loop {
            match stopped.recv_timeout(EVERY) {
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    // PASSIVE: never waits for readers or the writer; what it cannot
                    // copy now, the next round copies.
                    if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                    {
                        tracing::warn!(error = %e, "WAL checkpoint failed");
                    }
                }
                Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        })
        .map_err(StoreError::from)?;
    Ok(stop)
}
