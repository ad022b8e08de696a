//! Storing pushes: every change judged by [`crate::meetings::check_ins::judge`], its outcome
//! recorded in `changes` and an entry appended to `audit`.
//!
//! Pushes queued together by [`crate::group`] share one immediate transaction (one
//! WAL fsync for all), each inside its own savepoint, so a push still stores all its
//! changes or none, and one push failing leaves the others of its batch in place.
//! Nothing is answered before that transaction commits.

use super::devices::live_member;
use super::view::{next_seq, upsert, SqlView};
use crate::apply::{replay, Author, Seen, Verdict};
use crate::audit::AuditRecord;
use crate::authz::Actor;
use crate::error::StoreError;
use crate::meetings::check_ins::judge;
use crate::rows::content_hash_of_json;
use crate::tree::{subject_of, StoredRow, TreeView};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{Outcome, PushResult};
use sotay_model::{Change, Entity};

pub use crate::group::PushJob;

fn seen(conn: &Connection, id: Id) -> Result<Option<Seen>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT content_hash, seq, reject FROM changes WHERE change_id = ?1")?
        .query_row([id.to_string()], |r| {
            Ok(Seen {
                hash: r.get(0)?,
                seq: r.get(1)?,
                reject: r.get(2)?,
            })
        })
        .optional()?)
}

/// The change's outcome; `json` is the change as serialised for its hash.
fn record(
    conn: &Connection,
    device: DeviceId,
    change: &Change,
    (hash, json): (&str, &str),
    outcome: &Outcome,
    now_ms: u64,
) -> Result<(), StoreError> {
    let (seq, reject) = match outcome {
        Outcome::Accepted { seq } => (Some(*seq as i64), None),
        Outcome::Rejected { reason, .. } => (None, Some(serde_json::to_string(reason)?)),
    };
    conn.prepare_cached(
        "INSERT INTO changes (change_id, device_id, row_id, content_hash, seq, reject, received_ms, content)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(rusqlite::params![
        change.change_id.to_string(),
        device.to_string(),
        change.row_id.to_string(),
        hash,
        seq,
        reject,
        now_ms as i64,
        json,
    ])?;
    Ok(())
}

/// Remember where a row was before it moved, at the sequence of the move.
fn departed(conn: &Connection, old: &StoredRow, seq: u64) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO departures (seq, row_id, entity, org_id, org_path, subject_member)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(rusqlite::params![
        seq as i64,
        old.row.row_id.to_string(),
        old.row.entity.as_str(),
        crate::transfers::scope_org(&old.row, &old.path).to_string(),
        old.path.as_str(),
        subject_of(&old.row).map(|m| m.to_string()),
    ])?;
    Ok(())
}

/// A member's row moved to `path`: their history follows them
/// ([`crate::transfers::history_moves`]), each row under a new sequence number.
fn follow_member(
    conn: &Connection,
    member: Id,
    path: &crate::tree::OrgPath,
    seq: &mut u64,
) -> Result<(), StoreError> {
    for old in crate::transfers::history_moves(super::view::rows_about(conn, member)?, path) {
        *seq += 1;
        upsert(conn, &old.row, path, *seq)?;
        departed(conn, &old, *seq)?;
    }
    Ok(())
}

/// Whether an accepted change to this row leaves the author's roles as loaded:
/// `Actor::load` reads the member's own row, their positions and those positions'
/// organisations. Only entities known not to be among them keep the cached actor;
/// any other (a new entity too) makes the next change reload it.
fn keeps_roles(change: &Change, member: Option<Id>) -> bool {
    matches!(change.entity, Entity::Member | Entity::Document) && Some(change.row_id) != member
}

/// Judge and store `changes` for `member` (a device) or the server (`None`) inside the
/// caller's transaction; `seq` is the last sequence number handed out, advanced here.
fn apply_changes(
    tx: &Connection,
    device: DeviceId,
    member: Option<Id>,
    changes: &[Change],
    now_ms: u64,
    seq: &mut u64,
) -> Result<Vec<PushResult>, StoreError> {
    let view = SqlView(tx);
    let mut cached: Option<Author> = None;
    let mut results = Vec::with_capacity(changes.len());
    for change in changes {
        // Roles are loaded once and kept while the push's changes cannot alter them
        // (an earlier change of the same push may give or take a position).
        let author = match cached.take() {
            Some(a) => a,
            None => match member {
                Some(m) => Author::Member(Actor::load(&view, m)?),
                None => Author::Server,
            },
        };
        let json = serde_json::to_string(change)?;
        let hash = content_hash_of_json(json.as_bytes());
        let mut stored = false;
        let outcome = if let Some(prev) = seen(tx, change.change_id)? {
            replay(&view, &author, change, &hash, &prev)?
        } else {
            // Read once: for the verdict and for the audit entry.
            let before = view.row(change.row_id)?;
            let mut accepted_path = None;
            let mut follow = Vec::new();
            let (judged, refusals) = ((device, now_ms), super::check_ins::Refusals(tx));
            let old = before.as_ref();
            let outcome = match judge(&view, &refusals, &author, judged, change, old)? {
                Verdict::Accept(a) => {
                    accepted_path = Some(a.path.clone());
                    let at = match (a.changed, a.old_seq) {
                        (false, Some(at)) => at,
                        _ => {
                            *seq += 1;
                            let at = *seq;
                            upsert(tx, &a.row, &a.path, at)?;
                            if let Some(old) = &a.moved_from {
                                departed(tx, old, at)?;
                                if a.row.entity == Entity::Member {
                                    follow_member(tx, a.row.row_id, &a.path, seq)?;
                                }
                            }
                            follow = crate::transfers::follow_ups(&view, &a.row, old, now_ms)?;
                            stored = true;
                            at
                        }
                    };
                    Outcome::Accepted { seq: at }
                }
                Verdict::Reject { reason, current } => Outcome::Rejected { reason, current },
            };
            record(tx, device, change, (&hash, &json), &outcome, now_ms)?;
            let entry = AuditRecord::new(
                &view,
                member,
                device,
                change,
                before.as_ref(),
                accepted_path.as_ref(),
                &outcome,
                now_ms,
            )?;
            super::audit::append(tx, &entry)?;
            if !follow.is_empty() {
                // What the server writes itself after this change, in its own name.
                apply_changes(tx, Id::nil(), None, &follow, now_ms, seq)?;
            }
            outcome
        };
        if !stored || keeps_roles(change, member) {
            cached = Some(author);
        }
        results.push(PushResult {
            change_id: change.change_id,
            outcome,
        });
    }
    Ok(results)
}

/// Changes made by the server itself, in one transaction of their own.
pub fn apply_server(
    conn: &mut Connection,
    changes: &[Change],
    now_ms: u64,
) -> Result<Vec<PushResult>, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut seq = next_seq(&tx)? - 1;
    let results = apply_changes(&tx, Id::nil(), None, changes, now_ms, &mut seq)?;
    tx.commit()?;
    Ok(results)
}

/// One job inside its savepoint. `Err` of the outer result: the savepoint could not
/// be rolled back, so the whole batch must not commit.
fn one_job(
    tx: &Connection,
    job: &PushJob,
    seq: &mut u64,
) -> Result<Result<Vec<PushResult>, StoreError>, StoreError> {
    let before = *seq;
    tx.prepare_cached("SAVEPOINT push")?.execute([])?;
    let done = live_member(tx, job.device).and_then(|member| {
        apply_changes(tx, job.device, Some(member), &job.changes, job.now_ms, seq)
    });
    match done {
        Ok(results) => {
            tx.prepare_cached("RELEASE push")?.execute([])?;
            Ok(Ok(results))
        }
        Err(e) => {
            // On a full disk or an I/O error SQLite may have rolled the whole transaction
            // back already ("no such savepoint"): the batch fails, and for `e`, its cause,
            // so a full disk is told as such.
            if let Err(rollback) = tx.execute_batch("ROLLBACK TO push; RELEASE push") {
                tracing::warn!(error = %rollback, cause = %e, "a push's savepoint is gone");
                return Err(e);
            }
            // Numbers handed out inside the rolled-back savepoint are free again.
            *seq = before;
            Ok(Err(e))
        }
    }
}

/// Store queued device pushes in one immediate transaction, one answer per job in
/// order, all given only once the transaction committed. A batch that fails as a whole
/// (its commit, or a push whose failure SQLite answered by rolling everything back) is
/// run again push by push, so one push the database refuses fails alone, as on
/// PostgreSQL; on a full disk each then fails as full.
pub fn store_batch(
    conn: &mut Connection,
    jobs: Vec<PushJob>,
) -> Vec<Result<Vec<PushResult>, StoreError>> {
    match run_batch(conn, &jobs) {
        Ok(out) => out,
        Err(e) if jobs.len() > 1 => {
            tracing::warn!(error = %e, pushes = jobs.len(), "a group of pushes failed to commit; storing them one by one");
            jobs.iter()
                .map(|job| match run_batch(conn, std::slice::from_ref(job)) {
                    Ok(mut one) => one.pop().unwrap_or_else(|| Err(e.of_batch())),
                    Err(alone) => Err(alone.of_batch()),
                })
                .collect()
        }
        Err(e) => {
            tracing::warn!(error = %e, "a push failed to commit");
            jobs.iter().map(|_| Err(e.of_batch())).collect()
        }
    }
}

fn run_batch(
    conn: &mut Connection,
    jobs: &[PushJob],
) -> Result<Vec<Result<Vec<PushResult>, StoreError>>, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut seq = next_seq(&tx)? - 1;
    let mut out = Vec::with_capacity(jobs.len());
    for job in jobs {
        out.push(one_job(&tx, job, &mut seq)?);
    }
    tx.commit()?;
    Ok(out)
}
