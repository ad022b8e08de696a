//! The matrix's cases for tasks (issue 14). A task lives at the organisation standing
//! in `rel` to the role's and is given by the organisation directly above it, to that
//! organisation as a whole; for `Own`, to the actor in their own cell. So the role
//! holds `Relation::Assigner` exactly when it sits at the parent of the task's place
//! (the descendant case), and `Relation::Assignee` when it sits at the place itself
//! (the same case) or is the member assigned: [`World::extra`] carries those grants
//! into the expected verdict. Reports, reviews and files are immutable: "edit" does
//! not apply to them. A file is put on a report the actor made. An inspection post's
//! tasks are a concluded case's recommendations (issue 17).

use super::{Plan, Rel, World};
use serde_json::json;
use sotay_model::hlc::Hlc;
use sotay_model::ids::Id;
use sotay_model::permissions::{Action, Relation, Role};
use sotay_model::tasks::{
    Decision, Priority, ProgressReport, SourceKind, Task, TaskFile, TaskReview,
};
use sotay_model::{Change, Entity};
use sotay_server::rows::{delete_change, edit_change, row_change, server_hlc};

fn task(id: Id, org: Id, assigner: Id, by: Id, assignee: Option<Id>) -> Task {
    Task {
        id,
        org_id: org,
        assigner_org_id: assigner,
        assigned_by: by,
        assignee_id: assignee,
        group_id: id,
        parent_id: None,
        title: "Rà soát, bổ sung hồ sơ đảng viên".into(),
        content: String::new(),
        source_kind: SourceKind::Free,
        source_id: None,
        source_text: String::new(),
        start_date: "2026-11-01".into(),
        due_date: "2026-12-31".into(),
        priority: Priority::Normal,
    }
}

pub fn plan(
    w: &mut World,
    entity: Entity,
    action: Action,
    rel: Rel,
    (place, home): (Option<Id>, Id),
    cid: Id,
    hlc: Hlc,
) -> Option<Plan> {
    let own = rel == Rel::Own;
    let events = entity != Entity::Task;
    if events && action == Action::Edit {
        return None;
    }
    let org = if own { home } else { place? };
    let assigner = *w.parent.get(&org)?;
    let assignee = own.then_some(w.actor);
    // The roles the task row gives: assigner at its parent, assignee at its place.
    for &(role, at) in &w.roles.clone() {
        if let Role::Position(_) = role {
            if at == assigner {
                w.extra.push((role, Relation::Assigner));
            }
            if at == org && assignee.is_none() {
                w.extra.push((role, Relation::Assignee));
            }
        }
    }
    if own {
        w.extra.push((Role::Member, Relation::Assignee));
    }
    let seed_hlc = server_hlc(1_000);
    let tid = w.fresh();
    let mut t = task(tid, org, assigner, w.other, assignee);
    // An inspection post gives and reviews only a concluded case's recommendations
    // (issue 17): its tasks follow one, so that the table alone decides.
    let inspector = w
        .roles
        .iter()
        .any(|(role, _)| matches!(role, Role::Position(title) if title.on_inspection_committee()));
    if inspector && !own {
        use super::inspection::{case_row, plan_row, seed};
        seed(
            w,
            row_change(Id::nil(), &plan_row(assigner), server_hlc(1_000)),
        );
        let case = case_row(w.fresh(), assigner, Vec::new(), vec![org], true);
        seed(w, row_change(Id::nil(), &case, server_hlc(1_000)));
        t.source_kind = SourceKind::Inspection;
        t.source_id = Some(case.id);
        t.source_text = "Kết luận giám sát số 05-TB/UBKT".into();
    }
    let mut reports = Vec::new();
    let (row, subject, new_row): (Id, Option<Id>, Change) = match entity {
        Entity::Task => (tid, assignee, row_change(cid, &t, hlc)),
        Entity::ProgressReport => {
            let r = ProgressReport {
                id: w.fresh(),
                task_id: tid,
                org_id: org,
                member_id: w.actor,
                percent: 40,
                finished: false,
                done: "Đã rà soát 40% hồ sơ".into(),
                difficulties: String::new(),
                proposals: String::new(),
                hlc,
            };
            (r.id, Some(w.actor), row_change(cid, &r, hlc))
        }
        Entity::TaskReview => {
            let r = TaskReview {
                id: w.fresh(),
                task_id: tid,
                org_id: org,
                assignee_id: assignee,
                member_id: w.actor,
                decision: Decision::Returned,
                reason: "Chưa đủ hồ sơ".into(),
                hlc,
            };
            (r.id, assignee, row_change(cid, &r, hlc))
        }
        Entity::TaskFile => {
            // On a report the actor made (seeded below, after the task): the file
            // speaks for its author like the report, so the table alone decides.
            let report = ProgressReport {
                id: w.fresh(),
                task_id: tid,
                org_id: org,
                member_id: w.actor,
                percent: 60,
                finished: false,
                done: "Ảnh hiện trường".into(),
                difficulties: String::new(),
                proposals: String::new(),
                hlc: seed_hlc,
            };
            reports.push(report.clone());
            let f = TaskFile {
                id: w.fresh(),
                task_id: tid,
                report_id: Some(report.id),
                org_id: org,
                member_id: w.actor,
                name: "anh-hien-truong.jpg".into(),
                mime: "image/jpeg".into(),
                size: 2048,
                sha256: "b".repeat(64),
            };
            (f.id, Some(w.actor), row_change(cid, &f, hlc))
        }
        _ => return None,
    };
    // The task exists already unless the case creates it.
    if !(entity == Entity::Task && action == Action::Create) {
        let seed = w.fresh();
        w.changes.push(row_change(seed, &t, seed_hlc));
    }
    for r in reports {
        let seed = w.fresh();
        w.changes.push(row_change(seed, &r, seed_hlc));
    }
    let change = match action {
        Action::Create => Some(new_row),
        _ => {
            if entity != Entity::Task {
                let mut seeded = new_row.clone();
                seeded.change_id = w.fresh();
                for f in seeded.fields.values_mut() {
                    f.hlc = seed_hlc;
                }
                w.changes.push(seeded);
            }
            match action {
                Action::Edit => Some(edit_change(
                    cid,
                    entity,
                    row,
                    org,
                    vec![("title", json!("Rà soát hồ sơ (sửa)"))],
                    hlc,
                )),
                Action::Delete => Some(delete_change(cid, entity, row, org, hlc)),
                _ => None,
            }
        }
    };
    Some(Plan {
        change,
        row,
        org,
        subject,
    })
}
