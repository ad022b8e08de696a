//! The end-of-run checks: convergence, nothing acknowledged lost, nothing applied twice.

use super::node::Sim;
use super::Report;
use anyhow::Result;
use sotay_model::{Id, RowState};
use sotay_server::Store;
use std::collections::BTreeMap;

pub fn check(sim: &Sim) -> Result<Report> {
    let mut report = Report::default();
    sim.freeze_views();

    for (i, node) in sim.nodes.iter().enumerate() {
        if node.revoked {
            wiped(i, node, &mut report.divergences);
            continue;
        }
        let db = node.replica.db();
        let pending = db.pending_changes()?;
        if !pending.is_empty() {
            report.divergences.push(format!(
                "device {i}: {} changes still unsent",
                pending.len()
            ));
        }
        let local: BTreeMap<Id, RowState> =
            db.all_rows()?.into_iter().map(|r| (r.row_id, r)).collect();
        drop(db);
        let server = sim.server_view(node.device)?;
        for (id, s) in &server {
            match local.get(id) {
                None => report
                    .divergences
                    .push(format!("device {i}: missing {:?} {id}", s.entity)),
                Some(l) if l != s => report.divergences.push(format!(
                    "device {i}: {:?} {id} differs\n  device: {}\n  server: {}",
                    s.entity,
                    serde_json::to_string(l)?,
                    serde_json::to_string(s)?
                )),
                Some(_) => {}
            }
        }
        for (id, l) in &local {
            if !server.contains_key(id) {
                report.divergences.push(format!(
                    "device {i}: holds {:?} {id} outside its scope",
                    l.entity
                ));
            }
        }
    }

    for (id, (change, _seq)) in &sim.acked {
        let Some(stored) = sim.server.row(change.row_id)? else {
            report
                .lost
                .push(format!("change {id}: row {} is gone", change.row_id));
            continue;
        };
        let row = &stored.row;
        for (field, v) in &change.fields {
            match row.fields.get(field) {
                Some(s) if s.hlc >= v.hlc => {}
                _ => report.lost.push(format!(
                    "change {id}: field {field} of {} lost",
                    change.row_id
                )),
            }
        }
        if change.tombstone.is_some() && row.tombstone.is_none() {
            report
                .lost
                .push(format!("change {id}: deletion of {} lost", change.row_id));
        }
    }

    sim.check_attendance(&mut report.divergences)?;
    sim.check_tasks(&mut report.divergences)?;
    sim.check_schedule(&mut report.divergences)?;
    sim.check_records(&mut report.divergences)?;
    sim.check_exchange(&mut report.divergences)?;

    for (id, seqs) in &sim.seqs {
        if seqs.len() > 1 {
            report
                .divergences
                .push(format!("change {id} was applied twice: sequences {seqs:?}"));
        }
    }
    Ok(report)
}

/// A revoked device heard it at its next contact and holds nothing: the wipe leaves
/// a fresh, empty database (under a new key), no identity and no attachment file.
fn wiped(i: usize, node: &super::node::Node, out: &mut Vec<String>) {
    if !node.wiped {
        out.push(format!("device {i}: revoked but never told"));
        return;
    }
    let db = node.replica.db();
    let rows = db.all_rows().map(|r| r.len()).unwrap_or(usize::MAX);
    let pending = db.pending_changes().map(|p| p.len()).unwrap_or(usize::MAX);
    let enrolled = !matches!(db.identity(), Ok(None));
    if rows + pending > 0 || enrolled {
        out.push(format!(
            "device {i}: wiped but still holds {rows} rows, {pending} changes, identity {enrolled}"
        ));
    }
    let files = sotay_replica::library::blobs::store::dir(db.path());
    let left = std::fs::read_dir(&files).map(|d| d.count()).unwrap_or(0);
    if left > 0 {
        out.push(format!(
            "device {i}: wiped but still holds {left} attachment files"
        ));
    }
}
