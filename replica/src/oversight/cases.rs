//! Inspection and discipline on the dashboard (issue 17): counted straight from the
//! rows, which are few (a level runs tens of programmes a year), rather than kept as
//! facts. Only rows this device holds, which are only those its member may read.

use super::Slots;
use crate::administration::organisations::OrgTree;
use crate::db::Db;
use crate::inspection::views::{all, follow_ups};
use sotay_model::api::ApiError;
use sotay_model::inspection::{CaseNote, Discipline, Inspection, NoteKind};
use sotay_model::oversight::Period;
use sotay_model::Id;
use std::collections::HashMap;

/// The slot a row at `org` counts in: the nearest organisation on its chain that has
/// one (the asked organisation's own rows, or the subtree of one below it).
fn slot(tree: &OrgTree, slots: &Slots, org: Id) -> Option<Id> {
    tree.chain(org).into_iter().find(|o| slots.contains_key(o))
}

pub(super) fn add(
    db: &Db,
    tree: &OrgTree,
    period: Period,
    today: &str,
    slots: &mut Slots,
) -> Result<(), ApiError> {
    let (first, last) = (period.first_day(), period.last_day());
    let cases: Vec<Inspection> = all::<Inspection>(db)?
        .into_iter()
        .filter(|c| c.from_date <= last && first <= c.to_date)
        .collect();
    if cases.is_empty() && all::<Discipline>(db)?.is_empty() {
        return Ok(());
    }
    let mut violations: HashMap<Id, u32> = HashMap::new();
    for n in all::<CaseNote>(db)? {
        if n.kind == NoteKind::Finding && n.violation {
            *violations.entry(n.inspection_id).or_default() += 1;
        }
    }
    let follow = follow_ups(db, today)?;
    for c in &cases {
        let Some(s) = slot(tree, slots, c.org_id) else {
            continue;
        };
        let Some(f) = slots.get_mut(&s) else {
            continue;
        };
        f.cases.programmes += 1;
        f.cases.violations += violations.get(&c.id).copied().unwrap_or(0);
        if let Some(fu) = follow.get(&c.id) {
            f.cases.recommendations += fu.tasks;
            f.cases.done += fu.done;
        }
    }
    for d in all::<Discipline>(db)? {
        if !period.contains_day(&d.decided_on) {
            continue;
        }
        if let Some(f) = slot(tree, slots, d.org_id).and_then(|s| slots.get_mut(&s)) {
            f.cases.disciplines += 1;
        }
    }
    Ok(())
}
