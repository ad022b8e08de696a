//! Storing pushes on PostgreSQL: one transaction that first takes the `seq_counter`
//! row lock, so pushes from every server process on the database run one at a time
//! (each reads what the previous one committed, and sequence numbers and audit ids
//! commit in order). Every change is judged by [`crate::meetings::check_ins::judge`], its
//! outcome recorded in `changes` and an entry appended to `audit`.
//!
//! Within a process, pushes queue in [`crate::group`] *before* taking a pooled
//! connection: only the one writing a batch holds a connection (and the lock), so the
//! pool stays free for pulls. A batch is one transaction; nothing is answered before it
//! commits. Its reads and writes go through a [`Batch`], which answers again what the
//! batch has already read or written and sends its writes as a few multi-row
//! statements, undoing a failed push's alone.

use super::batch::{distinct, Batch, Record};
use super::conn::{Pool, Tx};
use crate::apply::{replay, Author, Seen, Verdict};
use crate::audit::AuditRecord;
use crate::authz::Actor;
use crate::error::StoreError;
use crate::meetings::check_ins::judge;
use crate::rows::content_hash_of_json;
use crate::tree::TreeView;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{Outcome, PushResult};
use sotay_model::{Change, Entity};

pub use crate::group::PushJob;

/// The change's outcome and its audit entry, sent with the batch (see [`Batch`]).
/// `json` is the change as serialised for its hash; `entry` is built from the same
/// change, device and time.
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
    batch.record(Record {
        change_id: change.change_id,
        device_id: device.to_string(),
        row_id: change.row_id.to_string(),
        seen: Seen {
            hash: hash.to_string(),
            seq,
            reject,
        },
        at_ms: entry.at_ms as i64,
        content: json.to_string(),
        member_id: entry.member_id.map(|m| m.to_string()),
        entity: entry.entity.as_str(),
        org_id: entry.org_id.to_string(),
        org_path: entry
            .org_path
            .as_ref()
            .map(|p| p.as_str().to_string())
            .unwrap_or_default(),
        action: super::audit::action_str(entry.action),
        accepted: entry.reason.is_none(),
    });
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
    let about = view.rows_about(member)?;
    for old in crate::transfers::history_moves(about, path) {
        *next += 1;
        view.upsert(&old.row, path, *next);
        view.depart(&old, *next);
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
            let (judged, refusals) = ((device, now_ms), super::check_ins::Refusals(view));
            let old = before.as_ref();
            let outcome = match judge(view, &refusals, &author, judged, change, old)? {
                Verdict::Accept(a) => {
                    accepted_path = Some(a.path.clone());
                    let seq = match (a.changed, a.old_seq) {
                        (false, Some(seq)) => seq,
                        _ => {
                            *next += 1;
                            let at = *next;
                            view.upsert(&a.row, &a.path, at);
                            if let Some(old) = &a.moved_from {
                                view.depart(old, at);
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
    batch.prefetch(changes.iter(), &[])?;
    let results = apply_changes(&batch, Id::nil(), None, changes, now_ms, &mut next)?;
    batch.flush()?;
    save_seq(&tx, last, next)?;
    tx.commit()?;
    Ok(results)
}

/// One job, undone alone if it fails (see [`Batch::begin_job`]). `Err` of the outer
/// result: it could not be undone, so the whole batch must not commit.
fn one_job(
    batch: &Batch<'_, '_>,
    job: &PushJob,
    next: &mut u64,
) -> Result<Result<Vec<PushResult>, StoreError>, StoreError> {
    let before = *next;
    batch.begin_job();
    let done = batch.live_member(job.device).and_then(|member| {
        apply_changes(
            batch,
            job.device,
            Some(member),
            &job.changes,
            job.now_ms,
            next,
        )
    });
    batch.end_job(done.as_ref().err())?;
    if done.is_err() {
        // Numbers handed out to the undone job are free again.
        *next = before;
    }
    Ok(done)
}

/// Store queued device pushes in one transaction on one pooled connection, one
/// answer per job in order, all given only once the transaction committed.
///
/// A batch that fails as a whole (a write PostgreSQL refused, sent with other pushes'
/// writes, or a transaction aborted under a push) is run again one push at a time,
/// so one push that cannot be stored fails alone instead of every batch it joins.
pub fn store_batch(pool: &Pool, jobs: Vec<PushJob>) -> Vec<Result<Vec<PushResult>, StoreError>> {
    let n = jobs.len();
    match run_batch(pool, &jobs) {
        Ok(out) => out,
        Err(e) if n > 1 => {
            tracing::warn!(error = %e, pushes = n, "a group of pushes failed to commit; storing them one by one");
            jobs.chunks(1)
                .map(|one| match run_batch(pool, one) {
                    Ok(mut out) => out.pop().unwrap_or_else(|| Err(e.of_batch())),
                    Err(alone) => {
                        tracing::warn!(error = %alone, "a push failed to commit");
                        Err(alone.of_batch())
                    }
                })
                .collect()
        }
        Err(e) => {
            tracing::warn!(error = %e, pushes = n, "a group of pushes failed to commit");
            (0..n).map(|_| Err(e.of_batch())).collect()
        }
    }
}

/// `jobs` in one transaction: every job's answer, or the error that stopped the batch.
fn run_batch(
    pool: &Pool,
    jobs: &[PushJob],
) -> Result<Vec<Result<Vec<PushResult>, StoreError>>, StoreError> {
    let n = jobs.len();
    let run = || -> Result<Vec<_>, StoreError> {
        let mut conn = pool.get()?;
        let tx = conn.begin()?;
        let last = lock_seq(&tx)?;
        let mut next = last;
        let batch = Batch::new(&tx);
        let devices = distinct(jobs.iter().map(|j| j.device));
        batch.prefetch(jobs.iter().flat_map(|j| &j.changes), &devices)?;
        let mut out = Vec::with_capacity(n);
        for job in jobs {
            out.push(one_job(&batch, job, &mut next)?);
        }
        batch.flush()?;
        if batch.broken() {
            return Err(StoreError::BatchFailed(
                "một lệnh ghi của nhóm thay đổi đã lỗi".into(),
            ));
        }
        save_seq(&tx, last, next)?;
        tx.commit()?;
        Ok(out)
    };
    run()
}
