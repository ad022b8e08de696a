//! Meetings in the simulation (issue 6): each cell has a meeting with its check-in
//! secret; devices check in offline with codes the simulation shows them (some from
//! outside the meeting's window, some mistyped) and the secretaries mark and correct.
//! These events must converge like every row, and at the end every device's reconciled
//! list must equal the rule applied to the server's view of its scope.

use super::node::Sim;
use anyhow::Result;
use rand::rngs::SmallRng;
use rand::Rng;
use serde_json::json;
use sotay_model::api::{requests, Request, Response};
use sotay_model::meetings::{
    code_for_slot, reconcile, slot_of, Absence, Attendance, AttendanceMark, CheckIn, Meeting,
    MeetingKey, MeetingKind, MeetingStatus,
};
use sotay_model::{Change, Entity, Id, RowState};
use sotay_server::meetings::changes::{key_change, meeting_change};
use sotay_server::rows::server_hlc;

pub struct SimMeeting {
    pub meeting: Meeting,
    pub secret: [u8; 32],
}

/// One meeting per cell, chaired by the cell's secretary, convening its members as
/// the world starts, held an hour after the simulation's start.
pub fn seed(
    id: &mut impl FnMut() -> Id,
    cells: [(Id, Id, Vec<Id>); 2],
    start_ms: u64,
) -> (Vec<SimMeeting>, Vec<Change>) {
    let mut meetings = Vec::new();
    let mut changes = Vec::new();
    for (i, (cell, chair, invited)) in cells.into_iter().enumerate() {
        let starts_at = start_ms + 3_600_000;
        let meeting = Meeting {
            id: id(),
            org_id: cell,
            kind: MeetingKind::Regular,
            topic: format!("Sinh hoạt chi bộ thường kỳ {i}"),
            starts_at,
            ends_at: starts_at + 2 * 3_600_000,
            place: "Nhà văn hóa".into(),
            chair_id: Some(chair),
            minute_taker_id: None,
            agenda: vec!["Thông tin thời sự".into()],
            materials: vec![],
            invited,
            guests: vec![],
            status: MeetingStatus::Planned,
            note: String::new(),
        };
        let secret = [0x5a ^ i as u8; 32];
        changes.push(meeting_change(id(), &meeting, server_hlc(1)));
        let key = MeetingKey {
            id: MeetingKey::row_id(meeting.id, None),
            meeting_id: meeting.id,
            org_id: cell,
            holder_id: None,
            secret,
        };
        changes.push(key_change(id(), &key, server_hlc(1)));
        meetings.push(SimMeeting { meeting, secret });
    }
    (meetings, changes)
}

impl Sim {
    /// A check-in with a shown (or mistyped) code, or a mark or correction, offline.
    pub fn meeting_edit(&mut self, who: usize, rng: &mut SmallRng) -> Result<()> {
        let m = &self.world.meetings[rng.gen_range(0..self.world.meetings.len())];
        let (meeting, secret) = (&m.meeting, m.secret);
        let req = if rng.gen_bool(0.5) {
            let from = meeting.starts_at - 40 * 60_000;
            let t = from + rng.gen_range(0..meeting.ends_at + 40 * 60_000 - from);
            let code = if rng.gen_ratio(1, 10) {
                "ZZZZZZZZ".to_string()
            } else {
                code_for_slot(&secret, meeting.id, slot_of(t))
            };
            Request::CheckIn(requests::CheckIn {
                meeting_id: meeting.id,
                code,
            })
        } else {
            let member = meeting.invited[rng.gen_range(0..meeting.invited.len())];
            let held: Vec<Id> = self.nodes[who]
                .replica
                .db()
                .live_rows_of(&[Entity::CheckIn])?
                .iter()
                .filter(|r| r.id("member_id") == Some(member))
                .filter(|r| r.id("meeting_id") == Some(meeting.id))
                .map(|r| r.row_id)
                .collect();
            let overrides =
                (!held.is_empty() && rng.gen_bool(0.5)).then(|| held[rng.gen_range(0..held.len())]);
            let attendance = match rng.gen_range(0..4u32) {
                0 => Attendance::Present,
                1 => Attendance::Late,
                2 => Attendance::Absent(Absence::Excused),
                _ => Attendance::Absent(Absence::Unexcused),
            };
            Request::MarkAttendance(requests::MarkAttendance {
                meeting_id: meeting.id,
                member_id: member,
                attendance,
                reason: "Đồng chí báo bận".into(),
                overrides,
            })
        };
        match self.nodes[who].replica.call_local(req) {
            Ok(_) => {
                self.stats.local_edits += 1;
                self.stats.attendance_events += 1;
            }
            Err(_) => self.stats.refused_locally += 1,
        }
        Ok(())
    }

    /// Every device's list of each meeting it holds equals the rule over the server's
    /// view of its scope.
    pub fn check_attendance(&self, out: &mut Vec<String>) -> Result<()> {
        for (i, node) in self.nodes.iter().enumerate().filter(|(_, n)| !n.revoked) {
            let view: Vec<RowState> = self.server_view(node.device)?.into_values().collect();
            let live = |e: Entity| {
                view.iter()
                    .filter(move |r| r.entity == e && r.tombstone.is_none())
            };
            let ins: Vec<CheckIn> = live(Entity::CheckIn)
                .filter_map(|r| CheckIn::from_row(r).ok())
                .collect();
            let marks: Vec<AttendanceMark> = live(Entity::AttendanceMark)
                .filter_map(|r| AttendanceMark::from_row(r).ok())
                .collect();
            for m in live(Entity::Meeting).filter_map(|r| Meeting::from_row(r).ok()) {
                let want = reconcile(&m, &ins, &marks);
                match node
                    .replica
                    .call_local(Request::GetAttendance(requests::GetAttendance {
                        meeting_id: m.id,
                    })) {
                    Ok(Response::Attendance { attendance }) if attendance == want => {}
                    other => out.push(format!(
                        "device {i}: attendance of {} differs: {}",
                        m.id,
                        json!(format!("{other:?}"))
                    )),
                }
            }
        }
        Ok(())
    }
}
