//! Storing pushes on PostgreSQL: one transaction that first takes the `seq_counter`
//! row lock, so pushes from every server process on the database run one at a time
//! (each reads what the previous one committed, and sequence numbers and audit ids
//! commit in order). Every change is judged by [`crate::meetings::check_ins::judge`], its
//! outcome recorded in `changes` and an entry appended to `audit`.
//!
//! Within a process, pushes queue in [`crate::group`] *before* taking a pooled
//! connection: only the one writing a batch holds a connection (and the lock), so the
//! pool stays free for pulls. A batch is one transaction, each push in its own
//! savepoint; nothing is answered before it commits. Its reads go through a
//! [`Batch`], which answers again what the batch has already read or written.

use super::batch::Batch;
use super::conn::{Pool, Tx};
use super::devices::live_member;
use super::view::upsert;
use crate::apply::{replay, Author, Seen, Verdict};
use crate::audit::AuditRecord;
use crate::authz::Actor;
use crate::error::StoreError;
use crate::meetings::check_ins::judge;
use crate::rows::content_hash_of_json;
use crate::tree::{subject_of, StoredRow, TreeView};
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{Outcome, PushResult};
use sotay_model::{Change, Entity};

/// One device's push waiting in the group-commit queue.
pub struct PushJob {
    pub device: DeviceId,
    pub changes: Vec<Change>,
    pub now_ms: u64,
}

/// The change's outcome and its audit entry, in one statement: a push is round-trip
/// bound on PostgreSQL (it holds the cross-process lock throughout), and these two
/// inserts were two of the five round trips per change. `json` is the change as
/// serialised for its hash; `entry` is built from the same change, device and time.
fn record(
    batch: &Batch<'_, '_>,
    device: DeviceId,
    change: &Change,
    (hash, json): (&str, &str),
    outcome: &Outcome,
    entry: &AuditRecord,
) -> Result<(), StoreError> {
    let reject = match outcome {
        Outcome::Accepted { .. } => None,
        Outcome::Rejected { reason, .. } => Some(serde_json::to_string(reason)?),
    };
    let seq = match outcome {
        Outcome::Accepted { seq } => Some(*seq as i64),
        Outcome::Rejected { .. } => None,
    };
    batch.tx().exec(
        "WITH c AS (
            INSERT INTO changes (change_id, device_id, row_id, content_hash, seq, reject, received_ms, content)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8))
         INSERT INTO audit (at_ms, member_id, device_id, change_id, entity, row_id, org_id, org_path, action, accepted, reason)
         VALUES ($7, $9, $2, $1, $10, $3, $11, $12, $13, $14, $6)",
        &[
            &change.change_id.to_string(),
            &device.to_string(),
            &change.row_id.to_string(),
            &hash,
            &seq,
            &reject,
            &(entry.at_ms as i64),
            &json,
            &entry.member_id.map(|m| m.to_string()),
            &entry.entity.as_str(),
            &entry.org_id.to_string(),
            &entry.org_path.as_ref().map(|p| p.as_str()).unwrap_or(""),
            &super::audit::action_str(entry.action),
            &entry.reason.is_none(),
        ],
    )?;
    batch.recorded(
        change.change_id,
        Seen {
            hash: hash.to_string(),
            seq,
            reject,
        },
    );
    Ok(())
}

/// Remember where a row was before it moved, at the sequence of the move.
fn departed(tx: &Tx<'_>, old: &StoredRow, seq: u64) -> Result<(), StoreError> {
    tx.exec(
        "INSERT INTO departures (seq, row_id, entity, org_id, org_path, subject_member)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        &[
            &(seq as i64),
            &old.row.row_id.to_string(),
            &old.row.entity.as_str(),
            &crate::transfers::scope_org(&old.row, &old.path).to_string(),
            &old.path.as_str(),
            &subject_of(&old.row).map(|m| m.to_string()),
        ],
    )?;
    Ok(())
}

/// A member's row moved to `path`: their history follows them
/// ([`crate::transfers::history_moves`]), each row under a new sequence number.
fn follow_member(
    view: &Batch<'_, '_>,
    member: Id,
    path: &crate::tree::OrgPath,
    next: &mut u64,
) -> Result<(), StoreError> {
    let about = super::view::rows_about(view.tx(), member)?;
    for old in crate::transfers::history_moves(about, path) {
        *next += 1;
        upsert(view.tx(), &old.row, path, *next)?;
        view.stored(&old.row, path, *next);
        departed(view.tx(), &old, *next)?;
    }
    Ok(())
}

/// Whether an accepted change to this row leaves the author's roles as loaded (see
/// the SQLite backend's twin: only entities known not to feed `Actor::load`).
fn keeps_roles(change: &Change, member: Option<Id>) -> bool {
    matches!(change.entity, Entity::Member | Entity::Document) && Some(change.row_id) != member
}

/// Judge and store `changes` inside the batch's transaction, which holds the
/// `seq_counter` lock; `next` is the last sequence number handed out.
fn apply_changes(
    view: &Batch<'_, '_>,
    device: DeviceId,
    member: Option<Id>,
    changes: &[Change],
    now_ms: u64,
    next: &mut u64,
) -> Result<Vec<PushResult>, StoreError> {
    let mut cached: Option<Author> = None;
    let mut results = Vec::with_capacity(changes.len());
    for change in changes {
        // Roles are loaded once and kept while the push's changes cannot alter them
        // (an earlier change of the same push may give or take a position).
        let author = match cached.take() {
            Some(a) => a,
            None => match member {
                Some(m) => Author::Member(Actor::load(view, m)?),
                None => Author::Server,
            },
        };
        let json = serde_json::to_string(change)?;
        let hash = content_hash_of_json(json.as_bytes());
        let mut stored = false;
        let outcome = if let Some(prev) = view.seen(change.change_id)? {
            replay(view, &author, change, &hash, &prev)?
        } else {
            // Read once: for the verdict and for the audit entry.
            let before = view.row(change.row_id)?;
            let mut accepted_path = None;
            let mut follow = Vec::new();
            let (judged, refusals) = ((device, now_ms), super::check_ins::Refusals(view.tx()));
            let old = before.as_ref();
            let outcome = match judge(view, &refusals, &author, judged, change, old)? {
                Verdict::Accept(a) => {
                    accepted_path = Some(a.path.clone());
                    let seq = match (a.changed, a.old_seq) {
                        (false, Some(seq)) => seq,
                        _ => {
                            *next += 1;
                            let at = *next;
                            upsert(view.tx(), &a.row, &a.path, at)?;
                            view.stored(&a.row, &a.path, at);
                            if let Some(old) = &a.moved_from {
                                departed(view.tx(), old, at)?;
                                if a.row.entity == Entity::Member {
                                    follow_member(view, a.row.row_id, &a.path, next)?;
                                }
                            }
                            follow = crate::transfers::follow_ups(view, &a.row, old, now_ms)?;
                            stored = true;
                            at
                        }
                    };
                    Outcome::Accepted { seq }
                }
                Verdict::Reject { reason, current } => Outcome::Rejected { reason, current },
            };
            let entry = AuditRecord::new(
                view,
                member,
                device,
                change,
                before.as_ref(),
                accepted_path.as_ref(),
                &outcome,
                now_ms,
            )?;
            record(view, device, change, (&hash, &json), &outcome, &entry)?;
            if !follow.is_empty() {
                // What the server writes itself after this change, in its own name.
                apply_changes(view, Id::nil(), None, &follow, now_ms, next)?;
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

/// Take the cross-process push lock; the last sequence number handed out.
fn lock_seq(tx: &Tx<'_>) -> Result<u64, StoreError> {
    let last: i64 = tx
        .one("SELECT v FROM seq_counter FOR UPDATE", &[])?
        .try_get(0)?;
    Ok(last as u64)
}

fn save_seq(tx: &Tx<'_>, last: u64, next: u64) -> Result<(), StoreError> {
    if next != last {
        tx.exec("UPDATE seq_counter SET v = $1", &[&(next as i64)])?;
    }
    Ok(())
}

/// Changes made by the server itself, in one transaction of their own.
pub fn apply_server(
    tx: Tx<'_>,
    changes: &[Change],
    now_ms: u64,
) -> Result<Vec<PushResult>, StoreError> {
    let last = lock_seq(&tx)?;
    let mut next = last;
    let batch = Batch::new(&tx);
    batch.prefetch(changes.iter())?;
    let results = apply_changes(&batch, Id::nil(), None, changes, now_ms, &mut next)?;
    save_seq(&tx, last, next)?;
    tx.commit()?;
    Ok(results)
}

/// One job inside its savepoint. `Err` of the outer result: the savepoint could not
/// be rolled back, so the whole batch must not commit.
fn one_job(
    batch: &Batch<'_, '_>,
    job: &PushJob,
    next: &mut u64,
) -> Result<Result<Vec<PushResult>, StoreError>, StoreError> {
    let before = *next;
    let tx = batch.tx();
    tx.exec("SAVEPOINT push", &[])?;
    let done = live_member(tx, job.device).and_then(|member| {
        apply_changes(
            batch,
            job.device,
            Some(member),
            &job.changes,
            job.now_ms,
            next,
        )
    });
    match done {
        Ok(results) => {
            tx.exec("RELEASE SAVEPOINT push", &[])?;
            Ok(Ok(results))
        }
        Err(e) => {
            tx.exec("ROLLBACK TO SAVEPOINT push", &[])?;
            tx.exec("RELEASE SAVEPOINT push", &[])?;
            batch.forget();
            // Numbers handed out inside the rolled-back savepoint are free again.
            *next = before;
            Ok(Err(e))
        }
    }
}

/// Store queued device pushes in one transaction on one pooled connection, one
/// answer per job in order, all given only once the transaction committed.
pub fn store_batch(pool: &Pool, jobs: Vec<PushJob>) -> Vec<Result<Vec<PushResult>, StoreError>> {
    let n = jobs.len();
    let run = || -> Result<Vec<_>, StoreError> {
        let mut conn = pool.get()?;
        let tx = conn.begin()?;
        let last = lock_seq(&tx)?;
        let mut next = last;
        let batch = Batch::new(&tx);
        batch.prefetch(jobs.iter().flat_map(|j| &j.changes))?;
        let mut out = Vec::with_capacity(n);
        for job in &jobs {
            out.push(one_job(&batch, job, &mut next)?);
        }
        save_seq(&tx, last, next)?;
        tx.commit()?;
        Ok(out)
    };
    match run() {
        Ok(out) => out,
        Err(e) => {
            tracing::warn!(error = %e, pushes = n, "a group of pushes failed to commit");
            (0..n).map(|_| Err(e.of_batch())).collect()
        }
    }
}
