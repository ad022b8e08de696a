//! Meetings with their attendance, and tasks with their reports and reviews.

use super::activity::{day_of, vn_ms, Activity, DAY_MS, MONTHS};
use super::data::{row, stamp, Pages};
use anyhow::Result;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sotay_model::entities::OrgKind;
use sotay_model::meetings::{
    Absence, Attendance, AttendanceMark, CheckIn, Meeting, MeetingKind, MeetingStatus, SLOT_MS,
};
use sotay_model::tasks::{Decision, Priority, ProgressReport, SourceKind, Task, TaskReview};
use sotay_model::Id;
use std::collections::HashMap;

impl Activity<'_> {
    /// A meeting of `org` in month `k` convening `invited`, and its attendance: 80% check
    /// in on time, 4% late, 7% excused by the secretary, 3% marked present by hand, the
    /// rest unrecorded; one meeting in a hundred is cancelled.
    pub(super) fn meeting(
        &mut self,
        rng: &mut StdRng,
        out: &mut Pages,
        org: Id,
        starts: u64,
        invited: Vec<Id>,
    ) -> Result<()> {
        let (y, mo) = {
            let t = sotay_model::meetings::VnDateTime::from_ms(starts);
            (t.year, t.month)
        };
        let secretary = invited.first().copied().unwrap_or(Id::nil());
        let m = Meeting {
            id: self.id(),
            org_id: org,
            kind: MeetingKind::Regular,
            topic: format!("Sinh hoạt thường kỳ tháng {mo}/{y}"),
            starts_at: starts,
            ends_at: starts + 2 * 3_600_000,
            place: "Hội trường".into(),
            chair_id: Some(secretary),
            minute_taker_id: invited.get(1).copied(),
            agenda: vec![
                "Đánh giá kết quả tháng".into(),
                "Phương hướng tháng tới".into(),
            ],
            materials: vec![],
            invited: invited.clone(),
            guests: vec![],
            status: if rng.gen_bool(0.01) {
                MeetingStatus::Cancelled
            } else {
                MeetingStatus::Planned
            },
            note: String::new(),
        };
        out.push(row(&m, starts - 7 * DAY_MS))?;
        if m.status == MeetingStatus::Cancelled || starts > self.now {
            return Ok(());
        }
        for member in invited {
            let r: f64 = rng.gen();
            let mark = |attendance, reason: &str, id| AttendanceMark {
                id,
                meeting_id: m.id,
                org_id: org,
                member_id: member,
                attendance,
                reason: reason.into(),
                overrides: None,
                hlc: stamp(),
            };
            if r < 0.84 {
                let after = if r < 0.80 {
                    rng.gen_range(0..10)
                } else {
                    rng.gen_range(20..40)
                };
                let at = starts - 5 * 60_000 + after * 60_000;
                let c = CheckIn {
                    id: self.id(),
                    meeting_id: m.id,
                    org_id: org,
                    member_id: member,
                    slot: at / SLOT_MS,
                    proof: None,
                };
                out.push(row(&c, at))?;
            } else if r < 0.91 {
                let x = mark(
                    Attendance::Absent(Absence::Excused),
                    "Đi công tác",
                    self.id(),
                );
                out.push(row(&x, starts + 3_600_000))?;
            } else if r < 0.94 {
                let x = mark(Attendance::Present, "", self.id());
                out.push(row(&x, starts + 3_600_000))?;
            }
        }
        Ok(())
    }

    pub(super) fn meetings(&mut self, out: &mut Pages) -> Result<()> {
        let mut rng = StdRng::seed_from_u64(20);
        let people = std::mem::take(&mut self.people);
        for (cell, list) in &people {
            for k in 0..MONTHS {
                let invited: Vec<Id> = list
                    .iter()
                    .filter(|p| p.until > k)
                    .map(|p| p.member.id)
                    .collect();
                let (y, mo) = Self::month(k);
                let starts = vn_ms(y, mo, rng.gen_range(3..=10), 19, 30);
                self.meeting(&mut rng, out, *cell, starts, invited)?;
            }
        }
        self.people = people;
        // Committees above the cells meet monthly too, their post holders convened.
        for kind in [OrgKind::Grassroots, OrgKind::District, OrgKind::Province] {
            for org in self.tree.of_kind(kind) {
                let invited = self.tree.posts.get(&org).cloned().unwrap_or_default();
                for k in 0..MONTHS {
                    let (y, mo) = Self::month(k);
                    let starts = vn_ms(y, mo, rng.gen_range(3..=10), 19, 30);
                    self.meeting(&mut rng, out, org, starts, invited.clone())?;
                }
            }
        }
        Ok(())
    }

    /// One task a quarter from each grassroots organisation to each cell below it and
    /// from each district to each grassroots organisation: 72% done on time, 13% late,
    /// the rest not done (overdue once past due), each with a half-way report.
    pub(super) fn tasks(&mut self, out: &mut Pages) -> Result<()> {
        let mut rng = StdRng::seed_from_u64(21);
        let mut pairs: Vec<(Id, Id)> = Vec::new();
        for (cell, _) in &self.tree.cells {
            if let Some(g) = self.tree.above(*cell, OrgKind::Grassroots) {
                pairs.push((g, *cell));
            }
        }
        for g in self.tree.of_kind(OrgKind::Grassroots) {
            if let Some(d) = self.tree.above(g, OrgKind::District) {
                pairs.push((d, g));
            }
        }
        for q in 0..MONTHS / 3 {
            let (y, mo) = Self::month(q * 3);
            let groups: HashMap<Id, Id> = HashMap::new();
            let mut groups = groups;
            for &(from, to) in &pairs {
                let group = *groups.entry(from).or_insert_with(|| self.id());
                let start = vn_ms(y, mo, 1, 8, 0);
                let due = vn_ms(y, mo + 2, 20, 8, 0);
                let task = Task {
                    id: self.id(),
                    org_id: to,
                    assigner_org_id: from,
                    assigned_by: self.tree.head(from),
                    assignee_id: None,
                    group_id: group,
                    parent_id: None,
                    title: format!("Triển khai nhiệm vụ quý {}/{y}", q % 4 + 1),
                    content: "Quán triệt và tổ chức thực hiện".into(),
                    source_kind: SourceKind::Free,
                    source_id: None,
                    source_text: String::new(),
                    start_date: day_of(start),
                    due_date: day_of(due),
                    priority: Priority::Normal,
                };
                out.push(row(&task, start - DAY_MS))?;
                let reporter = self.tree.head(to);
                let report = |id, percent, finished| ProgressReport {
                    id,
                    task_id: task.id,
                    org_id: to,
                    member_id: reporter,
                    percent,
                    finished,
                    done: "Đã triển khai".into(),
                    difficulties: String::new(),
                    proposals: String::new(),
                    hlc: stamp(),
                };
                let r: f64 = rng.gen();
                let mut events = vec![(start + 30 * DAY_MS, report(self.id(), 50, false))];
                let finish = if r < 0.72 {
                    Some(due - rng.gen_range(1..20) * DAY_MS)
                } else if r < 0.85 {
                    Some(due + rng.gen_range(2..25) * DAY_MS)
                } else {
                    None
                };
                if let Some(at) = finish {
                    events.push((at, report(self.id(), 100, true)));
                }
                for (at, r) in events.into_iter().filter(|(at, _)| *at <= self.now) {
                    out.push(row(&r, at))?;
                }
                let confirm = finish.map(|at| at + 2 * DAY_MS);
                if let Some(at) = confirm.filter(|at| *at <= self.now) {
                    let review = TaskReview {
                        id: self.id(),
                        task_id: task.id,
                        org_id: to,
                        assignee_id: None,
                        member_id: self.tree.head(from),
                        decision: Decision::Confirmed,
                        reason: String::new(),
                        hlc: stamp(),
                    };
                    out.push(row(&review, at))?;
                }
            }
        }
        Ok(())
    }
}
