//! The matrix's cases for inspection and discipline (issue 17). Case material (a plan,
//! a case, its notes and files) sits at the organisation standing in `rel` to the
//! role's, which inspects a member of a cell in its subtree under its own plan; none
//! is "own". A notice and a record sit at their subject: for `Own` the actor in their
//! cell; for the role's own cell (`Same` for a cell's posts) a member of that cell,
//! inspected or disciplined by the cell itself; elsewhere the organisation standing in
//! `rel`, inspected or disciplined by the role's organisation when it is above, else
//! by its parent. An appeal sits with its record: an organisation's, lodged by the actor
//! when they lead it (by someone else otherwise), or for an edit a member's record
//! decided by the cell, whose outcome the role's organisation decides when above it.
//!
//! Every row satisfies the server's rules beyond the table, so that the table alone
//! decides, and combinations the rules narrow on purpose are not applicable: an
//! inspection post sits at no cell, so a notice or record at its own organisation
//! (not a cell) was necessarily written by a body above it, which the rules require
//! of the writer; and an organisation's appeal lodged in their own name by one who
//! does not lead it (the table's "own" grant) is refused by the rules (conformance
//! checks that refusal). Notes and files speak for the actor; a case file, like every
//! file, is never edited.

use super::{Plan, Rel, World};
use serde_json::json;
use sotay_model::hlc::Hlc;
use sotay_model::ids::Id;
use sotay_model::inspection::{
    Appeal, CaseFile, CaseNote, CaseStatus, Discipline, DisciplineForm, Inspection, InspectionKind,
    InspectionNotice, InspectionPlan, NoteKind,
};
use sotay_model::permissions::{Action, Role};
use sotay_model::{Change, Entity};
use sotay_server::rows::{delete_change, edit_change, row_change, server_hlc};

const YEAR: u32 = 2026;

fn is_cell(w: &World, org: Id) -> bool {
    ["C", "C2", "C3", "HC"].iter().any(|n| w.org(n) == org)
}

/// A cell in `org`'s subtree (the organisation itself when a cell).
fn cell_under(w: &World, org: Id) -> Option<Id> {
    ["C", "C2", "C3", "HC"].iter().map(|n| w.org(n)).find(|&c| {
        let mut x = c;
        loop {
            if x == org {
                return true;
            }
            match w.parent.get(&x) {
                Some(&p) => x = p,
                None => return false,
            }
        }
    })
}

fn strictly_above(w: &World, org: Id, above: Id) -> bool {
    let mut x = org;
    while let Some(&p) = w.parent.get(&x) {
        if p == above {
            return true;
        }
        x = p;
    }
    false
}

/// The actor's post, if they hold one.
fn post(w: &World) -> Option<(Id, bool)> {
    w.roles.iter().find_map(|&(role, at)| match role {
        Role::Position(t) => Some((
            at,
            matches!(
                t,
                sotay_model::entities::PositionTitle::Secretary
                    | sotay_model::entities::PositionTitle::DeputySecretary
            ),
        )),
        Role::Member => None,
    })
}

/// The body acting on a row at `org`: the actor's organisation when it is above,
/// otherwise `org`'s parent.
fn body_above(w: &World, org: Id) -> Option<Id> {
    match post(w) {
        Some((at, _)) if strictly_above(w, org, at) => Some(at),
        _ => w.parent.get(&org).copied(),
    }
}

pub(super) fn seed(w: &mut World, change: Change) {
    let mut c = change;
    c.change_id = w.fresh();
    w.changes.push(c);
}

pub(super) fn plan_row(org: Id) -> InspectionPlan {
    InspectionPlan {
        id: InspectionPlan::row_id(org, YEAR),
        org_id: org,
        year: YEAR,
        title: "Kế hoạch kiểm tra, giám sát năm 2026".into(),
        note: String::new(),
    }
}

/// A case of `org` on members and organisations below it.
pub(super) fn case_row(
    id: Id,
    org: Id,
    members: Vec<Id>,
    orgs: Vec<Id>,
    concluded: bool,
) -> Inspection {
    Inspection {
        id,
        org_id: org,
        plan_id: InspectionPlan::row_id(org, YEAR),
        kind: InspectionKind::ThematicSupervision,
        title: "Giám sát chuyên đề việc thực hiện quy chế làm việc".into(),
        content: "Việc duy trì sinh hoạt chi bộ định kỳ".into(),
        subject_org_ids: orgs,
        subject_member_ids: members,
        team_ids: Vec::new(),
        from_date: "2026-03-01".into(),
        to_date: "2026-04-30".into(),
        status: if concluded {
            CaseStatus::Concluded
        } else {
            CaseStatus::Working
        },
        draft_conclusion: String::new(),
        conclusion: if concluded {
            "Chi bộ duy trì sinh hoạt định kỳ, cần khắc phục việc ghi biên bản".into()
        } else {
            String::new()
        },
        concluded_on: concluded.then(|| "2026-05-10".into()),
        notified_on: None,
        closed_on: None,
    }
}

/// Seed `org`'s plan and a case of it on a member of a cell below; the case's id.
fn seed_case(w: &mut World, org: Id, concluded: bool) -> Option<Id> {
    let cell = cell_under(w, org)?;
    let m = w.add_member("Hoàng Văn Sơn", cell);
    seed(w, row_change(Id::nil(), &plan_row(org), server_hlc(1_000)));
    let id = w.fresh();
    let c = case_row(id, org, vec![m], Vec::new(), concluded);
    seed(w, row_change(Id::nil(), &c, server_hlc(1_000)));
    Some(id)
}

fn record(org: Id, member: Option<Id>, by: Id, id: Id) -> Discipline {
    Discipline {
        id,
        org_id: org,
        member_id: member,
        form: DisciplineForm::Reprimand,
        violation: "Vi phạm quy định về những điều đảng viên không được làm".into(),
        decided_by_org_id: by,
        decided_on: "2026-06-15".into(),
        decision_no: "15-QĐ/UBKT".into(),
        inspection_id: None,
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
    let actor = w.actor;
    let own = rel == Rel::Own;
    let writes = matches!(action, Action::Create | Action::Edit);
    // (row id, org, subject, the change as created, the edit's fields).
    type Fields = Vec<(&'static str, serde_json::Value)>;
    let (id, org, subject, created, edit): (Id, Id, Option<Id>, Change, Fields) = match entity {
        Entity::InspectionPlan => {
            let org = if own { return None } else { place? };
            let p = plan_row(org);
            if action != Action::Create {
                seed(w, row_change(Id::nil(), &p, server_hlc(1_000)));
            }
            (
                p.id,
                org,
                None,
                row_change(cid, &p, hlc),
                vec![("title", json!("Kế hoạch đã điều chỉnh"))],
            )
        }
        Entity::Inspection => {
            let org = if own { return None } else { place? };
            let cell = cell_under(w, org)?;
            let m = w.add_member("Hoàng Văn Sơn", cell);
            seed(w, row_change(Id::nil(), &plan_row(org), server_hlc(1_000)));
            let c = case_row(w.fresh(), org, vec![m], Vec::new(), false);
            if action != Action::Create {
                seed(w, row_change(Id::nil(), &c, server_hlc(1_000)));
            }
            (
                c.id,
                org,
                None,
                row_change(cid, &c, hlc),
                vec![("content", json!("Bổ sung nội dung giám sát"))],
            )
        }
        Entity::CaseNote => {
            let org = if own { return None } else { place? };
            let case = seed_case(w, org, false)?;
            let n = CaseNote {
                id: w.fresh(),
                org_id: org,
                inspection_id: case,
                kind: NoteKind::Finding,
                on_date: "2026-03-20".into(),
                text: "Chi bộ chưa ghi đầy đủ biên bản sinh hoạt tháng 2".into(),
                subject_id: None,
                violation: false,
                author_id: actor,
            };
            if action != Action::Create {
                seed(w, row_change(Id::nil(), &n, server_hlc(1_000)));
            }
            (
                n.id,
                org,
                None,
                row_change(cid, &n, hlc),
                vec![("violation", json!(true))],
            )
        }
        Entity::CaseFile => {
            if action == Action::Edit {
                return None;
            }
            let org = if own { return None } else { place? };
            let case = seed_case(w, org, false)?;
            let f = CaseFile {
                id: w.fresh(),
                inspection_id: case,
                note_id: None,
                org_id: org,
                member_id: actor,
                name: "bien-ban-lam-viec.pdf".into(),
                mime: "application/pdf".into(),
                size: 4096,
                sha256: "c".repeat(64),
            };
            if action != Action::Create {
                seed(w, row_change(Id::nil(), &f, server_hlc(1_000)));
            }
            (f.id, org, None, row_change(cid, &f, hlc), Vec::new())
        }
        Entity::InspectionNotice => {
            // (where it sits, the member it is about, the inspecting organisation)
            let (org, member, by) = if own {
                (home, Some(actor), home)
            } else {
                let x = place?;
                let own_cell = rel == Rel::Same && is_cell(w, x);
                if rel == Rel::Same && !own_cell && writes {
                    return None;
                }
                if own_cell {
                    (x, Some(w.add_member("Hoàng Văn Sơn", x)), x)
                } else {
                    (x, None, body_above(w, x)?)
                }
            };
            seed(w, row_change(Id::nil(), &plan_row(by), server_hlc(1_000)));
            let case = w.fresh();
            let (members, orgs) = match member {
                Some(m) => (vec![m], Vec::new()),
                None => (Vec::new(), vec![org]),
            };
            let c = case_row(case, by, members, orgs, true);
            seed(w, row_change(Id::nil(), &c, server_hlc(1_000)));
            let n = InspectionNotice {
                id: InspectionNotice::row_id(case, member.unwrap_or(org)),
                org_id: org,
                inspection_id: case,
                member_id: member,
                inspector_org_id: by,
                kind: InspectionKind::ThematicSupervision,
                title: c.title.clone(),
                conclusion: c.conclusion.clone(),
                notified_on: "2026-05-15".into(),
            };
            if action != Action::Create {
                seed(w, row_change(Id::nil(), &n, server_hlc(1_000)));
            }
            (
                n.id,
                org,
                member,
                row_change(cid, &n, hlc),
                vec![("conclusion", json!("Kết luận đã đính chính"))],
            )
        }
        Entity::Discipline => {
            // (where it sits, the member disciplined, the deciding organisation)
            let (org, member, by) = if own {
                (home, Some(actor), home)
            } else {
                let x = place?;
                let own_cell = rel == Rel::Same && is_cell(w, x);
                if rel == Rel::Same && !own_cell && action != Action::Read {
                    return None;
                }
                if is_cell(w, x) {
                    let by = if own_cell { x } else { body_above(w, x)? };
                    (x, Some(w.add_member("Hoàng Văn Sơn", x)), by)
                } else {
                    (x, None, body_above(w, x)?)
                }
            };
            let d = record(org, member, by, w.fresh());
            if action != Action::Create {
                seed(w, row_change(Id::nil(), &d, server_hlc(1_000)));
            }
            (
                d.id,
                org,
                member,
                row_change(cid, &d, hlc),
                vec![("decision_no", json!("16-QĐ/UBKT"))],
            )
        }
        Entity::Appeal => {
            // The record, and who lodged the appeal.
            let (record_row, lodger) = if own {
                (record(home, Some(actor), home, w.fresh()), actor)
            } else {
                let x = place?;
                if action == Action::Edit && is_cell(w, x) {
                    let m = w.add_member("Hoàng Văn Sơn", x);
                    (record(x, Some(m), x, w.fresh()), m)
                } else {
                    let by = w.parent.get(&x).copied()?;
                    let leads = post(w).is_some_and(|(at, leader)| at == x && leader);
                    let lodger = if leads { actor } else { w.other };
                    (record(x, None, by, w.fresh()), lodger)
                }
            };
            seed(w, row_change(Id::nil(), &record_row, server_hlc(1_000)));
            let org = record_row.org_id;
            let a = Appeal {
                id: w.fresh(),
                org_id: org,
                discipline_id: record_row.id,
                member_id: lodger,
                lodged_on: "2026-07-01".into(),
                text: "Đề nghị xem xét lại hình thức kỷ luật".into(),
                outcome: None,
                outcome_note: String::new(),
                decided_by_org_id: None,
                decided_on: None,
            };
            if action != Action::Create {
                seed(w, row_change(Id::nil(), &a, server_hlc(1_000)));
            }
            let deciding = record_row.decided_by_org_id;
            let above = body_above(w, deciding).unwrap_or(deciding);
            (
                a.id,
                org,
                Some(lodger),
                row_change(cid, &a, hlc),
                vec![
                    ("outcome", json!("upheld")),
                    ("outcome_note", json!("Giữ nguyên hình thức khiển trách")),
                    ("decided_by_org_id", json!(above)),
                    ("decided_on", json!("2026-08-01")),
                ],
            )
        }
        _ => return None,
    };
    let change = match action {
        Action::Create => Some(created),
        Action::Edit => Some(edit_change(cid, entity, id, org, edit, hlc)),
        Action::Delete => Some(delete_change(cid, entity, id, org, hlc)),
        Action::Read => None,
    };
    Some(Plan {
        change,
        row: id,
        org,
        subject,
    })
}
