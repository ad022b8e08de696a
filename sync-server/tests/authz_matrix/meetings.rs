//! The matrix's cases for meetings (issue 6): a meeting of the row's organisation
//! convening the actor and another member, with no chair or minute-taker (those roles
//! come from the meeting row, not the tree, and are checked in the conformance suite).
//! Keys and attendance events are immutable, so "edit" does not apply to them.

use super::{Plan, Rel, World};
use serde_json::json;
use sotay_model::hlc::Hlc;
use sotay_model::ids::Id;
use sotay_model::meetings::{
    code_for_slot, proof_for, slot_of, Attendance, AttendanceMark, CheckIn, Meeting, MeetingKey,
    MeetingKind, MeetingStatus, Minutes, MinutesStatus, Proof,
};
use sotay_model::permissions::Action;
use sotay_model::{Change, Entity};
use sotay_server::meetings::changes::{
    check_in_change, key_change, mark_change, meeting_change, minutes_change,
};
use sotay_server::rows::{delete_change, edit_change, server_hlc};

/// The next whole hour of the real clock, which the matrix's server runs on: it takes
/// a check-in only until three days after its meeting (issue 12).
fn start() -> u64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    (now / 3_600_000 + 1) * 3_600_000
}
const SECRET: [u8; 32] = [3; 32];

fn meeting(id: Id, org: Id, invited: Vec<Id>) -> Meeting {
    Meeting {
        id,
        org_id: org,
        kind: MeetingKind::Thematic,
        topic: "Chuyên đề học tập và làm theo Bác".into(),
        starts_at: start(),
        ends_at: start() + 3_600_000,
        place: "Hội trường".into(),
        chair_id: None,
        minute_taker_id: None,
        agenda: vec!["Quán triệt chuyên đề".into()],
        materials: vec![],
        invited,
        guests: vec![],
        status: MeetingStatus::Planned,
        note: String::new(),
    }
}

fn key(meeting: Id, org: Id, holder: Option<Id>) -> MeetingKey {
    MeetingKey {
        id: MeetingKey::row_id(meeting, holder),
        meeting_id: meeting,
        org_id: org,
        holder_id: holder,
        secret: SECRET,
    }
}

/// The plan of one meeting case; `place` is the organisation in `rel` to the role's
/// (if the tree has one), `home` the actor's cell.
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
    if own && !matches!(entity, Entity::CheckIn | Entity::MeetingKey) {
        return None;
    }
    let events = matches!(
        entity,
        Entity::MeetingKey | Entity::CheckIn | Entity::AttendanceMark
    );
    if events && action == Action::Edit {
        return None;
    }
    let org = if own { home } else { place? };
    let seed_hlc = server_hlc(1_000);
    let (actor, other) = (w.actor, w.other);
    let mid = w.fresh();
    let m = meeting(mid, org, vec![actor, other]);
    let seed_meeting = w.fresh();
    w.changes.push(meeting_change(seed_meeting, &m, seed_hlc));
    // Every case but the creation of the office key starts with the key in place.
    let creates_office_key = entity == Entity::MeetingKey && action == Action::Create && !own;
    if !creates_office_key {
        let k = w.fresh();
        w.changes
            .push(key_change(k, &key(mid, org, None), seed_hlc));
    }
    let slot = slot_of(m.starts_at + 60_000);
    let member = if own { actor } else { other };
    let (row, subject, new_row): (Id, Option<Id>, Change) = match entity {
        Entity::Meeting => {
            let id = if action == Action::Create {
                w.fresh()
            } else {
                mid
            };
            let c = meeting_change(cid, &meeting(id, org, vec![actor, other]), hlc);
            (id, None, c)
        }
        Entity::MeetingKey => {
            let holder = own.then_some(actor);
            let k = key(mid, org, holder);
            (k.id, holder, key_change(cid, &k, hlc))
        }
        Entity::CheckIn => {
            let c = CheckIn {
                id: w.fresh(),
                meeting_id: mid,
                org_id: org,
                member_id: member,
                slot,
                proof: Some(Proof::Bound(proof_for(
                    &code_for_slot(&SECRET, mid, slot),
                    member,
                    mid,
                    slot,
                ))),
            };
            (c.id, Some(member), check_in_change(cid, &c, hlc))
        }
        Entity::AttendanceMark => {
            let mk = AttendanceMark {
                id: w.fresh(),
                meeting_id: mid,
                org_id: org,
                member_id: other,
                attendance: Attendance::Present,
                reason: String::new(),
                overrides: None,
                hlc,
            };
            (mk.id, None, mark_change(cid, &mk, hlc))
        }
        Entity::Minutes => {
            let v = Minutes {
                id: w.fresh(),
                meeting_id: mid,
                org_id: org,
                version: 1,
                previous_id: None,
                reason: String::new(),
                items: vec![],
                conclusions: vec![],
                votes: vec![],
                status: MinutesStatus::Draft,
                approved_by: None,
            };
            (v.id, None, minutes_change(cid, &v, hlc))
        }
        _ => return None,
    };
    let change = match action {
        Action::Create => Some(new_row),
        _ => {
            // The row exists already (the meeting and the office key are seeded above).
            if entity != Entity::Meeting && (entity != Entity::MeetingKey || own) {
                let mut seeded = new_row.clone();
                seeded.change_id = w.fresh();
                for f in seeded.fields.values_mut() {
                    f.hlc = seed_hlc;
                }
                w.changes.push(seeded);
            }
            match action {
                Action::Edit => {
                    let field = match entity {
                        Entity::Meeting => ("topic", json!("Sinh hoạt thường kỳ tháng 1")),
                        _ => (
                            "votes",
                            json!([{"question": "Thông qua", "agree": 3, "disagree": 0}]),
                        ),
                    };
                    Some(edit_change(cid, entity, row, org, vec![field], hlc))
                }
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
