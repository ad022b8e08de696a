//! The end-of-run checks: convergence, nothing acknowledged lost, nothing applied twice.

use super::node::Sim;
use super::Report;
use anyhow::Result;
use sotay_model::{Change, Id, RowState};
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
        let local = held(i, &node.replica.db(), &mut report.divergences)?;
        let server = sim.server_view(node.device)?;
        compare(i, &local, &server, &mut report.divergences)?;
    }

    for (id, (change, _seq)) in &sim.acked {
        let stored = sim.server.row(change.row_id)?;
        not_kept(
            *id,
            change,
            stored.as_ref().map(|s| &s.row),
            &mut report.lost,
        );
    }

    sim.check_attendance(&mut report.divergences)?;
    sim.check_tasks(&mut report.divergences)?;
    sim.check_schedule(&mut report.divergences)?;
    sim.check_records(&mut report.divergences)?;
    sim.check_exchange(&mut report.divergences)?;
    sim.check_inspection(&mut report.divergences)?;

    for (id, seqs) in &sim.seqs {
        if seqs.len() > 1 {
            report
                .divergences
                .push(format!("change {id} was applied twice: sequences {seqs:?}"));
        }
    }
    Ok(report)
}

/// Device `i`'s rows; that it still has changes to send is a divergence at the end.
pub fn held(
    i: usize,
    db: &sotay_replica::Db,
    out: &mut Vec<String>,
) -> Result<BTreeMap<Id, RowState>> {
    let pending = db.pending_changes()?;
    if !pending.is_empty() {
        out.push(format!(
            "device {i}: {} changes still unsent",
            pending.len()
        ));
    }
    Ok(db.all_rows()?.into_iter().map(|r| (r.row_id, r)).collect())
}

/// Where device `i`'s rows differ from the server's view of its scope.
pub fn compare(
    i: usize,
    local: &BTreeMap<Id, RowState>,
    server: &BTreeMap<Id, RowState>,
    out: &mut Vec<String>,
) -> Result<()> {
    for (id, s) in server {
        match local.get(id) {
            None => out.push(format!("device {i}: missing {:?} {id}", s.entity)),
            Some(l) if l != s => out.push(format!(
                "device {i}: {:?} {id} differs\n  device: {}\n  server: {}",
                s.entity,
                serde_json::to_string(l)?,
                serde_json::to_string(s)?
            )),
            Some(_) => {}
        }
    }
    for (id, l) in local {
        if !server.contains_key(id) {
            out.push(format!(
                "device {i}: holds {:?} {id} outside its scope",
                l.entity
            ));
        }
    }
    Ok(())
}

/// What of an acknowledged change the server's row (`None`: no row) does not hold:
/// each field at the change's stamp or a newer one, and its deletion.
pub fn not_kept(id: Id, change: &Change, row: Option<&RowState>, out: &mut Vec<String>) {
    let Some(row) = row else {
        out.push(format!("change {id}: row {} is gone", change.row_id));
        return;
    };
    for (field, v) in &change.fields {
        match row.fields.get(field) {
            Some(s) if s.hlc >= v.hlc => {}
            _ => out.push(format!(
                "change {id}: field {field} of {} lost",
                change.row_id
            )),
        }
    }
    if change.tombstone.is_some() && row.tombstone.is_none() {
        out.push(format!("change {id}: deletion of {} lost", change.row_id));
    }
}

/// The server's view of a device's scope: everything it would pull from the start.
pub fn scope_view(store: &dyn Store, device: Id) -> Result<BTreeMap<Id, RowState>> {
    let mut out = BTreeMap::new();
    let mut cursor = sotay_model::protocol::Cursor::default();
    loop {
        let page = store.pull(device, cursor, sotay_model::protocol::MAX_PULL)?;
        for r in page.rows {
            out.insert(r.row.row_id, r.row);
        }
        if !page.more || page.cursor == cursor {
            return Ok(out);
        }
        cursor = page.cursor;
    }
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
