//! Storing a push on PostgreSQL: one transaction for the whole request that first
//! takes the `seq_counter` row lock, so pushes from every server process on the
//! database run one at a time (each reads what the previous one committed, and
//! sequence numbers and audit ids commit in order). Every change is judged by
//! [`crate::apply::judge`], its outcome recorded in `changes` and an entry appended
//! to `audit`.

use super::conn::Tx;
use super::devices::live_member;
use super::view::{upsert, PgView};
use crate::apply::{judge, replay, Author, Seen, Verdict};
use crate::audit::AuditRecord;
use crate::authz::Actor;
use crate::error::StoreError;
use crate::rows::content_hash;
use crate::tree::{subject_of, StoredRow, TreeView};
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{Outcome, PushResult};
use sotay_model::Change;

fn seen(tx: &Tx<'_>, id: Id) -> Result<Option<Seen>, StoreError> {
    let r = tx.opt(
        "SELECT content_hash, seq, reject FROM changes WHERE change_id = $1",
        &[&id.to_string()],
    )?;
    r.map(|r| {
        Ok(Seen {
            hash: r.try_get(0)?,
            seq: r.try_get(1)?,
            reject: r.try_get(2)?,
        })
    })
    .transpose()
}

fn record(
    tx: &Tx<'_>,
    device: DeviceId,
    change: &Change,
    hash: &str,
    outcome: &Outcome,
    now_ms: u64,
) -> Result<(), StoreError> {
    let (seq, reject) = match outcome {
        Outcome::Accepted { seq } => (Some(*seq as i64), None),
        Outcome::Rejected { reason, .. } => (None, Some(serde_json::to_string(reason)?)),
    };
    tx.exec(
        "INSERT INTO changes (change_id, device_id, row_id, content_hash, seq, reject, received_ms, content)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            &change.change_id.to_string(),
            &device.to_string(),
            &change.row_id.to_string(),
            &hash,
            &seq,
            &reject,
            &(now_ms as i64),
            &serde_json::to_string(change)?,
        ],
    )?;
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
            &old.row.org_id.to_string(),
            &old.path.as_str(),
            &subject_of(&old.row).map(|m| m.to_string()),
        ],
    )?;
    Ok(())
}

/// Apply changes from `device` (checked live inside the transaction), or from the
/// server itself when `device` is `None`.
pub fn apply_all(
    tx: Tx<'_>,
    device: Option<DeviceId>,
    changes: &[Change],
    now_ms: u64,
) -> Result<Vec<PushResult>, StoreError> {
    // The lock that serialises pushes across processes; held until commit.
    let last: i64 = tx
        .one("SELECT v FROM seq_counter FOR UPDATE", &[])?
        .try_get(0)?;
    let mut next = last as u64;
    let member = device.map(|d| live_member(&tx, d)).transpose()?;
    let recorded_as = device.unwrap_or_else(Id::nil);
    let mut results = Vec::with_capacity(changes.len());
    for change in changes {
        let view = PgView(&tx);
        // Roles are re-read for every change: an earlier change of the same push may
        // have given or taken a position.
        let author = match member {
            Some(m) => Author::Member(Actor::load(&view, m)?),
            None => Author::Server,
        };
        let hash = content_hash(change)?;
        let outcome = if let Some(prev) = seen(&tx, change.change_id)? {
            replay(&view, &author, change, &hash, &prev)?
        } else {
            let before = view.row(change.row_id)?;
            let mut accepted_path = None;
            let outcome = match judge(&view, &author, change)? {
                Verdict::Accept(a) => {
                    accepted_path = Some(a.path.clone());
                    let seq = match (a.changed, a.old_seq) {
                        (false, Some(seq)) => seq,
                        _ => {
                            next += 1;
                            upsert(&tx, &a.row, &a.path, next)?;
                            if let Some(old) = &a.moved_from {
                                departed(&tx, old, next)?;
                            }
                            next
                        }
                    };
                    Outcome::Accepted { seq }
                }
                Verdict::Reject { reason, current } => Outcome::Rejected { reason, current },
            };
            record(&tx, recorded_as, change, &hash, &outcome, now_ms)?;
            let entry = AuditRecord::new(
                &view,
                member,
                recorded_as,
                change,
                before.as_ref(),
                accepted_path.as_ref(),
                &outcome,
                now_ms,
            )?;
            super::audit::append(&tx, &entry)?;
            outcome
        };
        results.push(PushResult {
            change_id: change.change_id,
            outcome,
        });
    }
    if next != last as u64 {
        tx.exec("UPDATE seq_counter SET v = $1", &[&(next as i64)])?;
    }
    tx.commit()?;
    Ok(results)
}
