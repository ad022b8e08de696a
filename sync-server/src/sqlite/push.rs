//! Storing a push: one immediate transaction for the whole request, every change
//! judged by [`crate::apply::judge`], its outcome recorded in `changes` and an entry
//! appended to `audit`.

use super::view::{next_seq, upsert, SqlView};
use crate::apply::{judge, replay, Author, Seen, Verdict};
use crate::audit::AuditRecord;
use crate::authz::Actor;
use crate::error::StoreError;
use crate::rows::content_hash;
use crate::tree::{subject_of, StoredRow, TreeView};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{Outcome, PushResult};
use sotay_model::Change;

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

fn record(
    conn: &Connection,
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
        serde_json::to_string(change)?,
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
        old.row.org_id.to_string(),
        old.path.as_str(),
        subject_of(&old.row).map(|m| m.to_string()),
    ])?;
    Ok(())
}

/// Apply changes for `member` (a device) or for the server (`None`).
pub fn apply_all(
    conn: &mut Connection,
    device: DeviceId,
    member: Option<Id>,
    changes: &[Change],
    now_ms: u64,
) -> Result<Vec<PushResult>, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut results = Vec::with_capacity(changes.len());
    for change in changes {
        let view = SqlView(&tx);
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
                            let seq = next_seq(&tx)?;
                            upsert(&tx, &a.row, &a.path, seq)?;
                            if let Some(old) = &a.moved_from {
                                departed(&tx, old, seq)?;
                            }
                            seq
                        }
                    };
                    Outcome::Accepted { seq }
                }
                Verdict::Reject { reason, current } => Outcome::Rejected { reason, current },
            };
            record(&tx, device, change, &hash, &outcome, now_ms)?;
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
            super::audit::append(&tx, &entry)?;
            outcome
        };
        results.push(PushResult {
            change_id: change.change_id,
            outcome,
        });
    }
    tx.commit()?;
    Ok(results)
}
