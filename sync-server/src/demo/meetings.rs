//! The demo cell's meetings (issue 6): last month's regular meeting with its attendance
//! and approved minutes, this month's upcoming regular meeting, a thematic meeting next
//! week and a cancelled one, each with its check-in secret (copies for the chair and
//! the minute-taker). Demo secrets come from the demo's fixed seed: never real ones.

use super::DemoError;
use crate::meetings::changes::{
    check_in_change, key_change, mark_change, meeting_change, minutes_change,
};
use crate::rows::server_hlc;
use crate::store::Store;
use rand::rngs::StdRng;
use rand::Rng;
use sotay_model::ids::Id;
use sotay_model::meetings::{
    code_for_slot, proof_for, slot_of, Absence, Attendance, AttendanceMark, CheckIn, Conclusion,
    Meeting, MeetingKey, MeetingKind, MeetingStatus, Minutes, MinutesItemContent, MinutesStatus,
    Proof, Vote, VN_OFFSET_MS,
};
use sotay_model::protocol::Outcome;
use sotay_model::Change;

const DAY: u64 = 86_400_000;

/// 19:30 Vietnam time on the day `days` from now.
fn evening(now_ms: u64, days: i64) -> u64 {
    let local = now_ms as i64 + VN_OFFSET_MS + days * DAY as i64;
    let day_start = local - local.rem_euclid(DAY as i64);
    (day_start - VN_OFFSET_MS + (19 * 60 + 30) * 60_000) as u64
}

/// Seed the meetings of the demo cell `cell` (members: secretary first, deputy second).
/// Answers last month's meeting with its approved minutes (their conclusions become
/// tasks: `super::tasks`).
pub fn seed(
    store: &dyn Store,
    rng: &mut StdRng,
    now_ms: u64,
    cell: Id,
    members: &[Id],
) -> Result<Option<(Meeting, Minutes)>, DemoError> {
    let id = |rng: &mut StdRng| Id::v7(now_ms, rng.gen());
    let hlc = server_hlc(now_ms);
    let (chair, taker) = (members[0], members[1]);
    let mut changes: Vec<Change> = Vec::new();
    let plans = [
        (
            -20,
            MeetingKind::Regular,
            "Sinh hoạt chi bộ thường kỳ tháng trước",
            MeetingStatus::Planned,
        ),
        (
            2,
            MeetingKind::Regular,
            "Sinh hoạt chi bộ thường kỳ tháng này",
            MeetingStatus::Planned,
        ),
        (
            8,
            MeetingKind::Thematic,
            "Chuyên đề: học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            MeetingStatus::Planned,
        ),
        (
            5,
            MeetingKind::Thematic,
            "Chuyên đề chuyển đổi số (dời lịch)",
            MeetingStatus::Cancelled,
        ),
    ];
    let mut held = None;
    for (days, kind, topic, status) in plans {
        let starts_at = evening(now_ms, days);
        let m = Meeting {
            id: id(rng),
            org_id: cell,
            kind,
            topic: topic.into(),
            starts_at,
            ends_at: starts_at + 2 * 3_600_000,
            place: "Nhà văn hóa thôn".into(),
            chair_id: Some(chair),
            minute_taker_id: Some(taker),
            agenda: vec![
                "Thông tin thời sự, văn bản mới của cấp trên".into(),
                "Kiểm điểm việc thực hiện nhiệm vụ tháng".into(),
                "Phương hướng, nhiệm vụ tháng tới".into(),
            ],
            materials: vec![],
            invited: members.to_vec(),
            guests: vec!["Đồng chí đại diện Đảng ủy xã".into()],
            status,
            note: if status == MeetingStatus::Cancelled {
                "Dời sang tháng sau do trùng lịch của xã".into()
            } else {
                String::new()
            },
        };
        changes.push(meeting_change(id(rng), &m, hlc));
        let secret: [u8; 32] = rng.gen();
        for holder in [None, Some(chair), Some(taker)] {
            let k = MeetingKey {
                id: MeetingKey::row_id(m.id, holder),
                meeting_id: m.id,
                org_id: cell,
                holder_id: holder,
                secret,
            };
            changes.push(key_change(id(rng), &k, hlc));
        }
        if days < 0 {
            held = Some((m, secret));
        }
    }
    let mut approved = None;
    if let Some((m, secret)) = held {
        // Most checked in with the code; the secretary marked the rest.
        let n = members.len();
        for (i, &member) in members.iter().enumerate() {
            if i + 2 < n {
                let slot = slot_of(m.starts_at + (i as u64 % 4) * 5 * 60_000);
                let c = CheckIn {
                    id: id(rng),
                    meeting_id: m.id,
                    org_id: cell,
                    member_id: member,
                    slot,
                    proof: Some(Proof::Bound(proof_for(
                        &code_for_slot(&secret, m.id, slot),
                        member,
                        m.id,
                        slot,
                    ))),
                };
                changes.push(check_in_change(id(rng), &c, hlc));
            } else {
                let mk = AttendanceMark {
                    id: id(rng),
                    meeting_id: m.id,
                    org_id: cell,
                    member_id: member,
                    attendance: Attendance::Absent(Absence::Excused),
                    reason: "Đi công tác xa".into(),
                    overrides: None,
                    hlc,
                };
                changes.push(mark_change(id(rng), &mk, hlc));
            }
        }
        let items = m
            .agenda
            .iter()
            .map(|t| MinutesItemContent {
                title: t.clone(),
                content: "Đồng chí Bí thư chi bộ trình bày.".into(),
                opinions: "Các đồng chí đảng viên thống nhất.".into(),
                conclusions: vec![Conclusion {
                    text: "Giao chi ủy theo dõi, đôn đốc thực hiện.".into(),
                    to_task: true,
                    task_id: None,
                }],
            })
            .collect();
        let v1 = Minutes {
            id: id(rng),
            meeting_id: m.id,
            org_id: cell,
            version: 1,
            previous_id: None,
            reason: String::new(),
            items,
            conclusions: vec![],
            votes: vec![Vote {
                question: "Thông qua nghị quyết chi bộ tháng".into(),
                agree: (n - 2) as u32,
                disagree: 0,
                abstain: 0,
            }],
            status: MinutesStatus::Approved,
            approved_by: Some(chair),
        };
        changes.push(minutes_change(id(rng), &v1, hlc));
        approved = Some((m, v1));
    }
    for r in store.seed(&changes, now_ms)? {
        if !matches!(r.outcome, Outcome::Accepted { .. }) {
            return Err(DemoError::Refused(format!("{:?}", r.outcome)));
        }
    }
    Ok(approved)
}
