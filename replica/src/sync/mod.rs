//! The sync engine (DESIGN §4): push the outbox, pull the scope, merge. Its steps are
//! plain functions over the database so a seeded simulator can drive them one by one;
//! `sync_once` strings them together over any `Transport`.
//!
//! Invariants: an outbox change is removed only in the transaction that records the
//! server's answer to it; a pull page and its cursor are stored in one transaction.
//! An error therefore leaves everything in place and the next sync continues.
//!
//! `sync_once` runs every database step on tokio's blocking threads (`on_db`): a
//! pulled page is thousands of rows written in one transaction, and the runtime's
//! workers meanwhile serve the UI's requests and the transport's connection.

mod calls;
pub mod http;
pub mod tls;
pub mod transport;

#[cfg(test)]
mod tests;

use crate::db::{meta, outbox, rows, Db};
use crate::env::Env;
use crate::error::DbError;
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::hlc::Clock;
use sotay_model::protocol::{
    ErrorCode, Outcome, PullRequest, PullResponse, PulledRow, PushRequest, PushResponse, MAX_PULL,
    MAX_PUSH, PROTOCOL_VERSION,
};
use sotay_model::sync::{SyncProgress, SyncReport};
use sotay_model::{Change, Entity, Id, RowState};
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::Poll;
pub use transport::{BlobSink, Transport, TransportError};

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The server revoked this device; the local copy has been wiped.
    #[error("Thiết bị đã bị thu hồi quyền truy cập; dữ liệu trên máy đã được xóa")]
    Revoked,
    #[error("Thiết bị chưa được đăng ký")]
    NotEnrolled,
    /// The server's answers made no progress (a protocol fault); stop rather than spin.
    #[error("Máy chủ trả lời không đúng giao thức ({0})")]
    Stalled(&'static str),
    /// A database step on the blocking threads was cancelled (the runtime is stopping).
    #[error("Đồng bộ dừng giữa chừng trên máy; lần sau sẽ tiếp tục")]
    Interrupted,
}

impl From<SyncError> for ApiError {
    fn from(e: SyncError) -> ApiError {
        let kind = match &e {
            SyncError::Db(_) | SyncError::Interrupted => ApiErrorKind::Storage,
            SyncError::Transport(TransportError::Offline(_)) => ApiErrorKind::Offline,
            SyncError::Transport(TransportError::Untrusted(_)) => ApiErrorKind::Untrusted,
            SyncError::Transport(TransportError::Server { body, .. })
                if matches!(
                    body.code,
                    ErrorCode::Unauthenticated | ErrorCode::DeviceRevoked
                ) =>
            {
                ApiErrorKind::Unauthorized
            }
            SyncError::Transport(TransportError::Server { body, .. })
                if body.code == ErrorCode::BadCode =>
            {
                ApiErrorKind::Invalid
            }
            SyncError::Transport(_) | SyncError::Stalled(_) => ApiErrorKind::Server,
            SyncError::Revoked => ApiErrorKind::Unauthorized,
            SyncError::NotEnrolled => ApiErrorKind::NotEnrolled,
        };
        match e {
            SyncError::Db(d) => d.into(),
            other => ApiError::new(kind, other.to_string()),
        }
    }
}

/// What one push answer did to the outbox.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PushSummary {
    pub accepted: u64,
    pub rejected: u64,
    /// Refused only because this device's clock ran ahead of the server's when they
    /// were made: made again with fresh stamps and queued (see `restamp`).
    pub restamped: u64,
}

/// The most bytes of changes one push carries (the server accepts 8 MiB bodies).
pub const MAX_PUSH_BYTES: usize = 4 * 1024 * 1024;

/// The oldest pending changes, at most `MAX_PUSH`, or `None` when the outbox is empty.
pub fn next_push_batch(db: &Db) -> Result<Option<PushRequest>, DbError> {
    let mut changes = outbox::oldest(&db.conn, MAX_PUSH)?;
    // Documents carry their full text: stop at MAX_PUSH_BYTES (always one change), so a
    // request stays under the server's body limit and the outbox never gets stuck.
    let mut total = 0;
    let fit = changes
        .iter()
        .take_while(|c| {
            total += serde_json::to_vec(c).map_or(0, |v| v.len());
            total <= MAX_PUSH_BYTES
        })
        .count();
    changes.truncate(fit.max(1));
    Ok((!changes.is_empty()).then_some(PushRequest {
        protocol: PROTOCOL_VERSION,
        changes,
    }))
}

/// Record the server's answer to a push, in one transaction. Accepted changes leave
/// the outbox. A rejected change leaves the outbox, is kept for the user with its
/// Vietnamese reason, and its row is rebuilt as the server's `current` (or removed if
/// the server has none) merged with the row's other still-pending changes.
/// Answers for changes no longer pending (a duplicated response) are ignored.
pub fn apply_push_response(
    db: &mut Db,
    req: &PushRequest,
    resp: &PushResponse,
    now_ms: u64,
) -> Result<PushSummary, DbError> {
    let mut summary = PushSummary::default();
    let tx = db
        .conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if let Some(clock) = db.clock.as_mut() {
        meta::catch_up_clock(&tx, clock)?;
    }
    for result in &resp.results {
        let Some(change) = req.changes.iter().find(|c| c.change_id == result.change_id) else {
            continue;
        };
        if !outbox::remove(&tx, change.change_id)? {
            continue;
        }
        match &result.outcome {
            Outcome::Accepted { .. } => summary.accepted += 1,
            Outcome::Rejected { reason, current } => {
                if restamp(&tx, db.clock.as_mut(), change, current.as_ref(), now_ms)? {
                    summary.restamped += 1;
                    continue;
                }
                summary.rejected += 1;
                outbox::record_rejected(&tx, change, reason, now_ms)?;
                roll_back(&tx, change, current.as_ref())?;
                if let (Some(clock), Some(h)) = (
                    db.clock.as_mut(),
                    current.as_ref().and_then(RowState::max_hlc),
                ) {
                    clock.observe(h, now_ms);
                }
            }
        }
    }
    if let Some(clock) = &db.clock {
        meta::store_hlc(&tx, clock.last())?;
    }
    tx.commit()?;
    Ok(summary)
}

/// A change the server refused whose stamps run more than `MAX_SKEW_MS` ahead of the
/// server's time (this device's clock was ahead when it was made, or it had adopted a
/// far-future stamp before issue 12) is the user's edit with a wrong time, not a
/// wrong edit: it goes back into the outbox under a new id with one fresh stamp from
/// the clock, now set by the server's time and past the server's current row, and the
/// row is rebuilt with it. Returns false (roll back as usual) when it was refused for
/// anything else, or when the clock cannot give a stamp the server would take.
fn restamp(
    conn: &rusqlite::Connection,
    clock: Option<&mut Clock>,
    refused: &Change,
    current: Option<&RowState>,
    now_ms: u64,
) -> Result<bool, DbError> {
    let Some(clock) = clock else {
        return Ok(false);
    };
    let server_now = clock.physical(now_ms);
    if refused.stamps().all(|h| h.is_plausible(server_now)) {
        return Ok(false);
    }
    if let Some(h) = current.and_then(RowState::max_hlc) {
        clock.observe(h, now_ms);
    }
    let stamp = clock.tick(now_ms);
    if !stamp.is_plausible(server_now) {
        return Ok(false);
    }
    let mut fresh = refused.clone();
    // The new id is derived from the old one, so a replayed answer cannot queue twice
    // (the old id is already out of the outbox) and the simulator stays deterministic.
    let mut random = [0u8; 10];
    random.copy_from_slice(&refused.change_id.0.as_bytes()[6..]);
    random[0] ^= 0x5a;
    fresh.change_id = Id::v7(server_now, random);
    for f in fresh.fields.values_mut() {
        f.hlc = stamp;
    }
    if let Some(t) = fresh.tombstone.as_mut() {
        *t = stamp;
    }
    outbox::insert(conn, &fresh)?;
    roll_back(conn, refused, current)?;
    meta::store_hlc(conn, stamp)?;
    Ok(true)
}

fn roll_back(
    conn: &rusqlite::Connection,
    rejected: &Change,
    current: Option<&RowState>,
) -> Result<(), DbError> {
    let others = outbox::for_row(conn, rejected.row_id)?;
    if current.is_none() && others.is_empty() {
        return rows::delete(conn, rejected.row_id);
    }
    let mut row = current
        .cloned()
        .unwrap_or_else(|| RowState::empty(rejected.entity, rejected.row_id));
    for c in &others {
        row.apply(c);
    }
    rows::store(conn, &row)
}

/// The next pull: from the stored cursor, a full page.
pub fn next_pull_request(db: &Db) -> Result<PullRequest, DbError> {
    Ok(PullRequest {
        protocol: PROTOCOL_VERSION,
        cursor: db.cursor()?,
        limit: MAX_PULL,
    })
}

/// Apply one pull page and its cursor in one transaction; returns the rows applied.
/// Each pulled row is merged field by field into the local row, so local pending edits
/// with newer stamps survive; rows listed as `gone` are dropped (keeping unsent
/// changes to them). `reset` first drops every row and rebuilds, from the
/// outbox, the rows this device still has unsent changes for.
pub fn apply_pull_page(db: &mut Db, page: &PullResponse, now_ms: u64) -> Result<u64, DbError> {
    let tx = db
        .conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    if let Some(clock) = db.clock.as_mut() {
        meta::catch_up_clock(&tx, clock)?;
    }
    if page.reset {
        rows::delete_all(&tx)?;
        for c in outbox::all(&tx)? {
            let mut row =
                rows::load(&tx, c.row_id)?.unwrap_or_else(|| RowState::empty(c.entity, c.row_id));
            row.apply(&c);
            rows::store(&tx, &row)?;
        }
    }
    // Documents last and in order of issue: the search index numbers them by date
    // (`db::doc_index`), and FTS5 starts a new segment whenever a rowid goes down, so
    // a page of documents in any order would write and merge one segment per document.
    let mut order: Vec<&PulledRow> = page.rows.iter().collect();
    order.sort_by_key(|p| document_date(&p.row));
    let mut marks = crate::oversight::PageMarks::begin(&tx)?;
    let mut fresh = rows::FreshInserts::new(&tx);
    for pulled in order {
        let incoming = &pulled.row;
        let held = rows::load(&tx, incoming.row_id)?;
        fresh.before(incoming, held.is_some())?;
        let mut row = match held {
            Some(local) if local.entity == incoming.entity => local,
            _ => RowState::empty(incoming.entity, incoming.row_id),
        };
        // Stamps beyond the server's time plus the skew, on either side, count as their
        // repaired form (issue 12), as migration 0007 made them on the server: a copy
        // pulled before the repair then agrees with the repaired row the server sends
        // again, and no server can freeze a field on this device. Only by the server's
        // time: a device that has not heard it cannot tell its own clock is behind
        // (stamps of other devices ahead of it are then no sign of anything wrong).
        let server_now = db
            .clock
            .as_ref()
            .filter(|c| c.offset_ms().is_some())
            .map(|c| c.physical(now_ms));
        let repaired;
        let incoming = match server_now {
            Some(now) if !incoming.is_plausible(now) => {
                let mut r = incoming.clone();
                r.repair_stamps(now);
                repaired = r;
                &repaired
            }
            _ => incoming,
        };
        if let Some(server_now) = server_now {
            row.repair_stamps(server_now);
        }
        row.merge(incoming);
        rows::store(&tx, &row)?;
        marks.note(&row);
        if let (Some(clock), Some(h)) = (db.clock.as_mut(), incoming.max_hlc()) {
            clock.observe(h, now_ms);
        }
    }
    drop(fresh);
    marks.finish(&tx)?;
    // Rows that moved out of this device's scope: drop the server's copy, but keep
    // what this device still has to send (the server will judge it).
    for &row_id in &page.gone {
        rows::delete(&tx, row_id)?;
        let pending = outbox::for_row(&tx, row_id)?;
        if let Some(first) = pending.first() {
            let mut row = RowState::empty(first.entity, row_id);
            for c in &pending {
                row.apply(c);
            }
            rows::store(&tx, &row)?;
        }
    }
    meta::store_cursor(&tx, page.cursor)?;
    if let Some(clock) = &db.clock {
        meta::store_hlc(&tx, clock.last())?;
    }
    tx.commit()?;
    Ok(page.rows.len() as u64)
}

/// A document's date of issue as written (`None` for other rows, which sort first).
fn document_date(row: &RowState) -> Option<&str> {
    (row.entity == Entity::Document).then(|| {
        row.fields
            .get("issued_on")
            .and_then(|f| f.value.as_str())
            .unwrap_or("")
    })
}

/// The database behind a std mutex; a poisoned lock is still a consistent database
/// (every write is one transaction), so carry on with it.
pub fn lock(db: &Mutex<Db>) -> MutexGuard<'_, Db> {
    db.lock().unwrap_or_else(|p| p.into_inner())
}

/// Run one database step on tokio's blocking threads, with the lock taken there, so
/// neither the SQLite work nor the wait for the lock stalls the runtime. A panic in
/// the step carries on as if it had run here.
pub(crate) async fn on_db<R: Send + 'static>(
    db: &Arc<Mutex<Db>>,
    step: impl FnOnce(&mut Db) -> R + Send + 'static,
) -> Result<R, SyncError> {
    let db = Arc::clone(db);
    match tokio::task::spawn_blocking(move || step(&mut lock(&db))).await {
        Ok(r) => Ok(r),
        Err(e) => match e.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(_) => Err(SyncError::Interrupted),
        },
    }
}

/// The server said this device is revoked while it sent files (before the sync
/// proper): it wipes itself then, as at any contact, and reports the revocation.
pub(crate) async fn revoked(db: &Arc<Mutex<Db>>, e: TransportError) -> ApiError {
    on_transport_error(db, e).await.into()
}

/// A revoked device wipes itself before reporting; other errors leave data in place.
async fn on_transport_error(db: &Arc<Mutex<Db>>, e: TransportError) -> SyncError {
    if e.is_revoked() {
        return match on_db(db, |db| db.wipe()).await {
            Ok(Ok(())) => SyncError::Revoked,
            Ok(Err(w)) => SyncError::Db(w),
            Err(j) => j,
        };
    }
    let reached = !matches!(e, TransportError::Offline(_) | TransportError::Untrusted(_));
    // Best effort: the error itself is what the caller needs to see.
    let _ = on_db(db, move |db| db.set_sync_outcome(reached, None)).await;
    SyncError::Transport(e)
}

/// Start `fut` (poll it once: an HTTP transport sends its request then, and the
/// connection runs on its own task), run `work`, then finish `fut`.
async fn overlap<F: Future, W: Future>(fut: F, work: W) -> (W::Output, F::Output) {
    let mut fut = std::pin::pin!(fut);
    let early = std::future::poll_fn(|cx| Poll::Ready(fut.as_mut().poll(cx))).await;
    let done = work.await;
    let out = match early {
        Poll::Ready(out) => out,
        Poll::Pending => fut.await,
    };
    (done, out)
}

/// Set the device's clock by the server's, when the transport heard it (DESIGN §4.7):
/// before an answer is applied, so its stamps are judged against the server's time.
async fn note_server_time(
    db: &Arc<Mutex<Db>>,
    heard: Option<u64>,
    env: &dyn Env,
) -> Result<(), SyncError> {
    if let Some(server_ms) = heard {
        let now_ms = env.now_ms();
        on_db(db, move |db| db.note_server_time(server_ms, now_ms)).await??;
    }
    Ok(())
}

/// Apply one pull page on the blocking threads (see `on_db`).
async fn apply_page(
    db: &Arc<Mutex<Db>>,
    page: PullResponse,
    env: &dyn Env,
) -> Result<u64, SyncError> {
    let now_ms = env.now_ms();
    Ok(on_db(db, move |db| apply_pull_page(db, &page, now_ms)).await??)
}

/// Push the whole outbox in batches, then pull until caught up. The database lock is
/// never held across a network call. `progress` is told after every pull page.
pub async fn sync_once<T: Transport>(
    db: &Arc<Mutex<Db>>,
    transport: &mut T,
    env: &dyn Env,
    progress: &(dyn Fn(SyncProgress) + Sync),
) -> Result<SyncReport, SyncError> {
    if on_db(db, |db| db.identity()).await??.is_none() {
        return Err(SyncError::NotEnrolled);
    }
    let mut report = SyncReport::default();
    loop {
        let Some(req) = on_db(db, |db| next_push_batch(db)).await?? else {
            break;
        };
        let resp = match transport.push(req.clone()).await {
            Ok(r) => r,
            Err(e) => return Err(on_transport_error(db, e).await),
        };
        note_server_time(db, transport.server_time_ms(), env).await?;
        let sent = req.changes.len() as u64;
        let now_ms = env.now_ms();
        let s = on_db(db, move |db| apply_push_response(db, &req, &resp, now_ms)).await??;
        report.pushed += sent;
        report.accepted += s.accepted;
        report.rejected += s.rejected;
        if s.accepted + s.rejected + s.restamped == 0 {
            return Err(SyncError::Stalled("push"));
        }
    }
    let first = on_db(db, |db| next_pull_request(db)).await??;
    let mut answer = transport.pull(first.clone()).await;
    let mut from = first.cursor;
    loop {
        let page = match answer {
            Ok(p) => p,
            Err(e) => return Err(on_transport_error(db, e).await),
        };
        note_server_time(db, transport.server_time_ms(), env).await?;
        if page.more && page.rows.is_empty() && page.cursor == from && !page.reset {
            return Err(SyncError::Stalled("pull"));
        }
        // Ask for the next page before applying this one, so the server reads and
        // sends it while this device decrypts and writes (a first sync of a province
        // is dozens of pages). Its cursor is the page's own: nothing is stored until
        // the page is applied, so an error here loses nothing.
        let next = page.more.then(|| PullRequest {
            cursor: page.cursor,
            ..first.clone()
        });
        let remaining = page.remaining;
        let (applied, fetched) = match next {
            Some(req) => {
                from = req.cursor;
                let (applied, fetched) =
                    overlap(transport.pull(req), apply_page(db, page, env)).await;
                (applied, Some(fetched))
            }
            None => (apply_page(db, page, env).await, None),
        };
        report.pulled += applied?;
        progress(SyncProgress {
            pulled: report.pulled,
            remaining,
        });
        match fetched {
            Some(a) => answer = a,
            None => break,
        }
    }
    // The oversight dashboard's facts follow what came in (issue 18), a few
    // organisations at a time so the app waits for none of it. The rows are stored
    // whatever happens here: a dashboard builds what is left when it opens.
    loop {
        match on_db(db, |db| crate::oversight::refresh_some(db, 10)).await? {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                tracing::warn!("oversight facts not rebuilt: {e:?}");
                break;
            }
        }
    }
    let now_ms = env.now_ms();
    on_db(db, move |db| db.set_sync_outcome(true, Some(now_ms))).await??;
    Ok(report)
}
