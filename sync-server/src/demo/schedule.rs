//! The demo's schedule (issue 15): the provincial committee's week (Monday's briefing
//! every week, a working visit this Wednesday), the demo cell's committee meeting on
//! the third Thursday of every month, and a few own entries of the demo's plain
//! member (a weekly duty, a health check) and of the cell's secretary.

use super::DemoError;
use crate::rows::{row_change, server_hlc};
use crate::store::Store;
use rand::rngs::StdRng;
use rand::Rng;
use sotay_model::ids::Id;
use sotay_model::protocol::Outcome;
use sotay_model::schedule::calendar::Date;
use sotay_model::schedule::{PersonalEntry, Recurrence, Rule, ScheduleEntry, Timing};
use sotay_model::Change;

const VN: i32 = 420;

/// Who the demo's schedule is about.
pub struct DemoPeople {
    pub province: Id,
    pub province_officer: Id,
    pub cell: Id,
    pub cell_secretary: Id,
    pub member: Id,
}

fn timing(day: Date, hour: u32, minute: u32, hours: u64, rule: Option<Rule>) -> Timing {
    let starts_at = day.unix_ms(hour * 60 + minute, VN);
    Timing {
        starts_at,
        ends_at: starts_at + hours * 3_600_000,
        all_day: false,
        tz_offset_min: VN,
        recurrence: rule.map(|rule| Recurrence {
            rule,
            until: None,
            count: None,
            exceptions: vec![],
        }),
    }
}

/// Seed the demo's schedule entries; answers how many were made.
pub fn seed(
    store: &dyn Store,
    rng: &mut StdRng,
    now_ms: u64,
    who: &DemoPeople,
) -> Result<usize, DemoError> {
    let (today, _) = Date::at(now_ms, VN);
    // This week's Monday.
    let monday = Date::from_days(today.days() - i64::from(today.weekday()));
    let day = |n: i64| Date::from_days(monday.days() + n);
    let mut id = || Id::v7(now_ms, rng.gen());
    let hlc = server_hlc(now_ms);
    let mut changes: Vec<Change> = Vec::new();
    let committee = [
        (
            who.province,
            who.province_officer,
            "Giao ban Thường trực Tỉnh ủy",
            "Phòng họp Thường trực",
            timing(
                monday,
                7,
                30,
                2,
                Some(Rule::Weekly {
                    days: vec![0],
                    interval: 1,
                }),
            ),
        ),
        (
            who.province,
            who.province_officer,
            "Thường trực Tỉnh ủy làm việc với Huyện ủy Vũ Thư",
            "Huyện ủy Vũ Thư",
            timing(day(2), 14, 0, 3, None),
        ),
        (
            who.cell,
            who.cell_secretary,
            "Chi ủy họp định kỳ",
            "Nhà văn hóa thôn",
            timing(
                day(3),
                19,
                30,
                2,
                Some(Rule::MonthlyNth { nth: 3, weekday: 3 }),
            ),
        ),
    ];
    for (org, by, title, place, timing) in committee {
        let e = ScheduleEntry {
            id: id(),
            org_id: org,
            published_by: by,
            title: title.into(),
            place: place.into(),
            notes: String::new(),
            attendees: vec![],
            timing,
        };
        changes.push(row_change(id(), &e, hlc));
    }
    let own = [
        (
            who.member,
            "Trực bảo vệ thôn",
            timing(
                day(1),
                18,
                0,
                2,
                Some(Rule::Weekly {
                    days: vec![1],
                    interval: 1,
                }),
            ),
        ),
        (
            who.member,
            "Khám sức khỏe định kỳ",
            timing(day(4), 8, 0, 2, None),
        ),
        (
            who.cell_secretary,
            "Chuẩn bị nội dung sinh hoạt chi bộ",
            timing(day(1), 20, 0, 1, None),
        ),
    ];
    for (owner, title, timing) in own {
        let e = PersonalEntry {
            id: id(),
            org_id: who.cell,
            owner_id: owner,
            title: title.into(),
            place: String::new(),
            notes: String::new(),
            timing,
        };
        changes.push(row_change(id(), &e, hlc));
    }
    let made = changes.len();
    for r in store.seed(&changes, now_ms)? {
        if !matches!(r.outcome, Outcome::Accepted { .. }) {
            return Err(DemoError::Refused(format!("{:?}", r.outcome)));
        }
    }
    Ok(made)
}
