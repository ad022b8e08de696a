//! The matrix's cases for the schedule (issue 15): a committee's entry published at
//! the organisation standing in `rel` to the role's (in the actor's name, as the
//! server requires), and a member's own entry: the actor's own for `Own`, otherwise
//! that of a member of the cell standing in `rel` (not applicable where that place is
//! not a cell).

use super::{Plan, Rel, World};
use serde_json::json;
use sotay_model::hlc::Hlc;
use sotay_model::ids::Id;
use sotay_model::permissions::Action;
use sotay_model::schedule::{PersonalEntry, ScheduleEntry, Timing};
use sotay_model::{Change, Entity};
use sotay_server::rows::{delete_change, edit_change, row_change, server_hlc};

fn timing() -> Timing {
    Timing {
        starts_at: 1_796_000_000_000,
        ends_at: 1_796_003_600_000,
        all_day: false,
        tz_offset_min: 420,
        recurrence: None,
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
    let id = w.fresh();
    let (org, subject, row): (Id, Option<Id>, Change) = match entity {
        Entity::ScheduleEntry => {
            let org = place?;
            let e = ScheduleEntry {
                id,
                org_id: org,
                published_by: w.actor,
                title: "Thường trực làm việc với các chi bộ".into(),
                place: "Hội trường".into(),
                notes: String::new(),
                attendees: vec![],
                timing: timing(),
            };
            (org, None, row_change(cid, &e, hlc))
        }
        Entity::PersonalEntry => {
            let (org, owner) = if rel == Rel::Own {
                (home, w.actor)
            } else {
                let c = cell?;
                (c, w.add_member("Ngô Thị Thu", c))
            };
            let e = PersonalEntry {
                id,
                org_id: org,
                owner_id: owner,
                title: "Khám sức khỏe".into(),
                place: String::new(),
                notes: String::new(),
                timing: timing(),
            };
            (org, Some(owner), row_change(cid, &e, hlc))
        }
        _ => return None,
    };
    if entity == Entity::ScheduleEntry && rel == Rel::Own {
        return None;
    }
    let change = match action {
        Action::Create => Some(row),
        _ => {
            let mut seeded = row.clone();
            seeded.change_id = w.fresh();
            for f in seeded.fields.values_mut() {
                f.hlc = server_hlc(1_000);
            }
            w.changes.push(seeded);
            match action {
                Action::Edit => Some(edit_change(
                    cid,
                    entity,
                    id,
                    org,
                    vec![("title", json!("Lịch đã sửa"))],
                    hlc,
                )),
                Action::Delete => Some(delete_change(cid, entity, id, org, hlc)),
                _ => None,
            }
        }
    };
    Some(Plan {
        change,
        row: id,
        org,
        subject,
    })
}
