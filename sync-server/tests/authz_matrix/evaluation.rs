//! The matrix's cases for the yearly evaluation (issue 19). A self-assessment and a
//! member's decision sit at the member's cell: the actor's own for `Own`, otherwise a
//! member of the cell standing in `rel` (not applicable where that place is not a
//! cell). A proposal and an organisation's rating sit at the organisation standing in
//! `rel` to the role's (none is "own").
//!
//! Every row satisfies the server's rules beyond the table, so that the table alone
//! decides: ids derived from what the row is about, the author named as proposer or
//! decider, and a deciding organisation strictly above the row's where the actor holds
//! their post when it is above (otherwise the row's parent: those cases are refused by
//! the table before the rules are asked). A proposal names no member, a decision is
//! "tốt" (within the share of "xuất sắc"), and no decision closes a self-assessment.
//! An edit restates its author, as a device's edit does.

use super::{Plan, Rel, World};
use serde_json::json;
use sotay_model::evaluation::{OrgRating, Rating, RatingDecision, RatingProposal, SelfAssessment};
use sotay_model::hlc::Hlc;
use sotay_model::ids::Id;
use sotay_model::permissions::{Action, Role};
use sotay_model::{Change, Entity};
use sotay_server::rows::{delete_change, edit_change, row_change, server_hlc};

const YEAR: u32 = 2025;

/// Whether `above` is strictly above `org` in the world's tree.
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

/// The deciding organisation for a row at `org`: the actor's post when it is above,
/// otherwise the row's parent.
fn decider(w: &World, org: Id) -> Option<Id> {
    let post = w.roles.iter().find_map(|&(role, at)| match role {
        Role::Position(_) => Some(at),
        Role::Member => None,
    });
    match post {
        Some(at) if strictly_above(w, org, at) => Some(at),
        _ => w.parent.get(&org).copied(),
    }
}

pub fn plan(
    w: &mut World,
    entity: Entity,
    action: Action,
    rel: Rel,
    (place, home, cell): (Option<Id>, Id, Option<Id>),
    cid: Id,
    hlc: Hlc,
) -> Option<Plan> {
    let about_member = matches!(entity, Entity::SelfAssessment | Entity::RatingDecision);
    if !about_member && rel == Rel::Own {
        return None;
    }
    // The row's organisation and, for a member's rows, the member.
    let (org, member) = if !about_member {
        (place?, None)
    } else if rel == Rel::Own {
        (home, Some(w.actor))
    } else {
        let c = cell?;
        (c, Some(w.add_member("Đặng Văn Hùng", c)))
    };
    let actor = w.actor;
    // The seeded row speaks for someone else, deciding from the row's parent.
    let seeded_by = w.other;
    let parent = *w.parent.get(&org)?;
    let decided = decider(w, org)?;
    type Fields = Vec<(&'static str, serde_json::Value)>;
    // (id, the row as created by the actor, as seeded, the fields an edit sets).
    let (id, created, seeded, edit): (Id, Change, Change, Fields) = match entity {
        Entity::SelfAssessment => {
            let m = member?;
            let a = SelfAssessment {
                id: SelfAssessment::row_id(m, YEAR),
                org_id: org,
                member_id: m,
                year: YEAR,
                political: "Kiên định chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh".into(),
                ethics: "Giữ gìn phẩm chất đạo đức".into(),
                lifestyle: "Lối sống giản dị, gần gũi quần chúng".into(),
                results: "Hoàn thành các nhiệm vụ được giao".into(),
                shortcomings: String::new(),
                direction: String::new(),
                self_rating: Some(Rating::Good),
            };
            let s = row_change(cid, &a, server_hlc(1_000));
            (
                a.id,
                row_change(cid, &a, hlc),
                s,
                vec![("shortcomings", json!("Còn chậm báo cáo"))],
            )
        }
        Entity::RatingProposal => {
            let p = |by| RatingProposal {
                id: RatingProposal::row_id(org, YEAR),
                org_id: org,
                year: YEAR,
                meeting_id: None,
                lines: Vec::new(),
                proposed_by: by,
            };
            (
                p(actor).id,
                row_change(cid, &p(actor), hlc),
                row_change(cid, &p(seeded_by), server_hlc(1_000)),
                vec![("lines", json!([])), ("proposed_by", json!(actor))],
            )
        }
        Entity::RatingDecision => {
            let m = member?;
            let d = |by, from| RatingDecision {
                id: RatingDecision::row_id(m, YEAR),
                org_id: org,
                member_id: m,
                year: YEAR,
                rating: Rating::Good,
                note: String::new(),
                decided_org_id: from,
                decided_by: by,
            };
            (
                d(actor, decided).id,
                row_change(cid, &d(actor, decided), hlc),
                row_change(cid, &d(seeded_by, parent), server_hlc(1_000)),
                vec![
                    ("rating", json!(Rating::Completed)),
                    ("decided_org_id", json!(decided)),
                    ("decided_by", json!(actor)),
                ],
            )
        }
        Entity::OrgRating => {
            let r = |by, from| OrgRating {
                id: OrgRating::row_id(org, YEAR),
                org_id: org,
                year: YEAR,
                rating: Rating::Good,
                note: "Hoàn thành tốt nhiệm vụ".into(),
                decided_org_id: from,
                decided_by: by,
            };
            (
                r(actor, decided).id,
                row_change(cid, &r(actor, decided), hlc),
                row_change(cid, &r(seeded_by, parent), server_hlc(1_000)),
                vec![
                    ("rating", json!(Rating::Completed)),
                    ("decided_org_id", json!(decided)),
                    ("decided_by", json!(actor)),
                ],
            )
        }
        _ => return None,
    };
    let change = match action {
        Action::Create => Some(created),
        _ => {
            let mut seeded = seeded;
            seeded.change_id = w.fresh();
            w.changes.push(seeded);
            match action {
                Action::Edit => Some(edit_change(cid, entity, id, org, edit, hlc)),
                Action::Delete => Some(delete_change(cid, entity, id, org, hlc)),
                _ => None,
            }
        }
    };
    Some(Plan {
        change,
        row: id,
        org,
        subject: member,
    })
}
