//! The matrix's cases for party dues (issue 19). A rule and a remittance sit at the
//! organisation standing in `rel` to the role's (a remittance to that organisation's
//! parent, as the server requires; none is "own"). A member's basis and payment sit at
//! the member's cell: the actor's own for `Own`, otherwise a member of the cell
//! standing in `rel` (not applicable where that place is not a cell). Payments and
//! remittances are written in the actor's name, as the server requires; they are
//! immutable events, so "edit" does not apply to them (any field is refused as
//! immutable before permissions are asked).

use super::{Plan, Rel, World};
use serde_json::json;
use sotay_model::dues::{DuesBasis, DuesPayment, DuesRemittance, DuesRule, Month, PayMethod};
use sotay_model::hlc::Hlc;
use sotay_model::ids::Id;
use sotay_model::permissions::Action;
use sotay_model::{Change, Entity};
use sotay_server::rows::{delete_change, edit_change, row_change, server_hlc};

fn month(s: &str) -> Month {
    Month::parse(s).unwrap_or_else(|| panic!("month {s}"))
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
    let events = matches!(entity, Entity::DuesPayment | Entity::DuesRemittance);
    if events && action == Action::Edit {
        return None;
    }
    let about_member = matches!(entity, Entity::DuesBasis | Entity::DuesPayment);
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
        (c, Some(w.add_member("Hoàng Thị Mai", c)))
    };
    let (id, row, edit): (Id, Change, Option<(&str, serde_json::Value)>) = match entity {
        Entity::DuesRule => {
            let r = DuesRule {
                id: DuesRule::row_id(org, "luong"),
                org_id: org,
                category: "luong".into(),
                name: "Hưởng lương".into(),
                per_mille: 10,
                fixed_dong: 0,
                retired: false,
            };
            (
                r.id,
                row_change(cid, &r, hlc),
                Some(("name", json!("Đảng viên hưởng lương"))),
            )
        }
        Entity::DuesBasis => {
            let m = member?;
            let from = month("2026-01");
            let b = DuesBasis {
                id: DuesBasis::row_id(m, from),
                org_id: org,
                member_id: m,
                from_month: from,
                category: "luong".into(),
                income_dong: 8_450_000,
            };
            (
                b.id,
                row_change(cid, &b, hlc),
                Some(("income_dong", json!(9_000_000))),
            )
        }
        Entity::DuesPayment => {
            let p = DuesPayment {
                id: w.fresh(),
                org_id: org,
                member_id: member?,
                month: month("2026-01"),
                months: 3,
                amount_dong: 253_500,
                method: PayMethod::Transfer,
                receipt_no: "BL-07".into(),
                paid_on: "2026-01-15".into(),
                recorded_by: w.actor,
                reverses: None,
                reason: String::new(),
            };
            (p.id, row_change(cid, &p, hlc), None)
        }
        Entity::DuesRemittance => {
            let r = DuesRemittance {
                id: w.fresh(),
                org_id: org,
                to_org_id: *w.parent.get(&org)?,
                month: month("2026-01"),
                amount_dong: 1_250_000,
                paid_on: "2026-02-05".into(),
                recorded_by: w.actor,
                note: String::new(),
            };
            (r.id, row_change(cid, &r, hlc), None)
        }
        _ => return None,
    };
    let change = match action {
        Action::Create => Some(row),
        _ => {
            let mut seeded = row.clone();
            seeded.change_id = w.fresh();
            for f in seeded.fields.values_mut() {
                f.hlc = server_hlc(1_000);
            }
            w.changes.push(seeded);
            match (action, edit) {
                (Action::Edit, Some(field)) => {
                    Some(edit_change(cid, entity, id, org, vec![field], hlc))
                }
                (Action::Delete, _) => Some(delete_change(cid, entity, id, org, hlc)),
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
