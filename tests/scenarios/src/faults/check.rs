//! The end of a crash run, read from the store itself once the server is stopped:
//! every acknowledged change is in the server's rows and in its log exactly once, and
//! every device holds exactly the server's view of its scope with nothing left unsent
//! (the simulator's own checks, `sim::check`, on the real server's store).

use super::devices::{Device, Seen};
use super::Report;
use crate::sim::check::{compare, held, not_kept, scope_view};
use anyhow::Result;
use sotay_model::protocol::MAX_AUDIT;
use sotay_model::Id;
use sotay_server::audit::AuditQuery;
use sotay_server::tree::OrgPath;
use sotay_server::Store;
use std::collections::BTreeMap;

/// Fill in `report`'s lost, duplicated and divergences from `store`.
pub fn check(
    store: &dyn Store,
    province: Id,
    devices: &[std::sync::Arc<Device>],
    seen: &Seen,
    report: &mut Report,
) -> Result<()> {
    report.acknowledged = seen.acked.len();
    let logged = accepted_in_log(store, province)?;
    for (id, (change, seqs)) in &seen.acked {
        if seqs.len() > 1 {
            report
                .duplicated
                .push(format!("change {id} was given sequences {seqs:?}"));
        }
        let (times, at_ms) = logged.get(id).copied().unwrap_or((0, 0));
        if seen
            .unanswered
            .get(id)
            .is_some_and(|&failed| at_ms <= failed)
            && times > 0
        {
            report.answer_lost_after_commit += 1;
        }
        match times {
            1 => {}
            0 => report
                .lost
                .push(format!("change {id}: not in the server's log")),
            n => report.duplicated.push(format!(
                "change {id}: accepted {n} times in the server's log"
            )),
        }
        let stored = store.row(change.row_id)?;
        not_kept(
            *id,
            change,
            stored.as_ref().map(|s| &s.row),
            &mut report.lost,
        );
    }
    stamps_sent_again(seen, report);
    for d in devices {
        let out = &mut report.divergences;
        let db = d.replica.db();
        let Some(identity) = db.identity()? else {
            out.push(format!("device {}: no longer enrolled", d.index));
            continue;
        };
        let local = held(d.index, &db, out)?;
        drop(db);
        compare(
            d.index,
            &local,
            &scope_view(store, identity.device_id)?,
            out,
        )?;
    }
    Ok(())
}

/// Change id → how many times the log says it was accepted, over the whole province,
/// and when (the first time).
fn accepted_in_log(store: &dyn Store, province: Id) -> Result<BTreeMap<Id, (u32, u64)>> {
    let mut out = BTreeMap::new();
    let mut before = None;
    loop {
        let (page, more) = store.audit(&AuditQuery {
            path: OrgPath::root(province),
            before,
            after: None,
            limit: MAX_AUDIT,
        })?;
        for e in page.iter().filter(|e| e.accepted) {
            let entry = out.entry(e.change_id).or_insert((0, e.at_ms));
            entry.0 += 1;
            entry.1 = entry.1.min(e.at_ms);
        }
        match page.last() {
            Some(last) if more => before = Some(last.id),
            _ => return Ok(out),
        }
    }
}

/// Each change refused for its stamps came back from its device and was accepted: an
/// acknowledged change of the same device to the same row carrying at least the same
/// fields (the replica restamps it under a new id, dated by the server's time, so
/// possibly before the refused one's; later edits may have joined it).
fn stamps_sent_again(seen: &Seen, report: &mut Report) {
    report.refused_for_stamps = seen.refused_for_stamps.len();
    for refused in &seen.refused_for_stamps {
        let node = refused.stamps().next().map(|h| h.node);
        let again = seen.acked.values().any(|(c, _)| {
            c.row_id == refused.row_id
                && c.stamps().next().map(|h| h.node) == node
                && refused.fields.keys().all(|f| c.fields.contains_key(f))
                && (refused.tombstone.is_none() || c.tombstone.is_some())
        });
        if !again {
            report.lost.push(format!(
                "change {}: refused for its stamps and never sent again",
                refused.change_id
            ));
        }
    }
}
