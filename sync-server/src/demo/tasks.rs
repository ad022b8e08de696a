//! The demo's tasks (issue 14): the province gives every district two tasks (one of
//! them overdue, done by some districts, on time or late), the demo cell's district
//! splits one down to the cell's grassroots committee, which gives it to the cell; the
//! cell's secretary gives tasks to two plain members (one due in three days, one
//! overdue with a report and its PDF, one confirmed done); the province's plan is a PDF
//! on the demo district's task, and the district's own plan one on its report; last month's approved minutes give the
//! cell its follow-up tasks. Events get distinct stamps, so their order is stated.

use super::DemoError;
use crate::rows::{row_change, server_hlc};
use crate::store::Store;
use rand::rngs::StdRng;
use rand::Rng;
use sha2::{Digest, Sha256};
use sotay_model::entities::PositionTitle;
use sotay_model::ids::Id;
use sotay_model::library::documents::{DocKind, DocStatus, Document};
use sotay_model::meetings::{Meeting, Minutes};
use sotay_model::protocol::Outcome;
use sotay_model::tasks::{
    vn_day, Decision, Priority, ProgressReport, SourceKind, Task, TaskFile, TaskReview,
};
use sotay_model::Change;

const DAY: u64 = 86_400_000;

/// What the demo's tasks hang on.
pub struct DemoTree<'a> {
    pub province: Id,
    pub province_officer: Id,
    pub cell: Id,
    /// The demo cell's plain members.
    pub cell_members: Vec<Id>,
    pub parents: &'a [(Id, Id)],
    pub posts: &'a [(Id, Id, PositionTitle)],
    /// Last month's meeting of the cell, with its approved minutes.
    pub held: Option<(Meeting, Minutes)>,
}

impl DemoTree<'_> {
    fn parent(&self, org: Id) -> Option<Id> {
        self.parents
            .iter()
            .find(|(c, _)| *c == org)
            .map(|(_, p)| *p)
    }
    fn children(&self, org: Id) -> Vec<Id> {
        self.parents
            .iter()
            .filter(|(_, p)| *p == org)
            .map(|(c, _)| *c)
            .collect()
    }
    /// The organisation's secretary (or any post holder).
    fn head(&self, org: Id) -> Option<Id> {
        let at = |t: Option<PositionTitle>| {
            self.posts
                .iter()
                .find(|(_, o, title)| *o == org && t.is_none_or(|t| t == *title))
                .map(|(m, _, _)| *m)
        };
        at(Some(PositionTitle::Secretary)).or_else(|| at(None))
    }
    /// The cell's chain upwards: cell, (section), grassroots, district, province.
    fn chain(&self) -> Vec<Id> {
        let mut out = vec![self.cell];
        while let Some(p) = out.last().and_then(|o| self.parent(*o)) {
            out.push(p);
        }
        out
    }
}

struct Seeder<'r> {
    rng: &'r mut StdRng,
    now_ms: u64,
    changes: Vec<Change>,
    /// Events are stamped a minute apart, in the order written.
    tick: u64,
}

impl Seeder<'_> {
    fn id(&mut self) -> Id {
        Id::v7(self.now_ms, self.rng.gen())
    }
    fn day(&self, days: i64) -> String {
        vn_day((self.now_ms as i64 + days * DAY as i64) as u64)
    }
    fn push<R: sotay_model::row::Row>(&mut self, row: &R, ago_ms: u64) {
        self.tick += 60_000;
        let cid = self.id();
        let at = self.now_ms.saturating_sub(ago_ms) + self.tick;
        self.changes.push(row_change(cid, row, server_hlc(at)));
    }
    #[allow(clippy::too_many_arguments)]
    fn task(
        &mut self,
        (assigner, by): (Id, Id),
        (org, assignee): (Id, Option<Id>),
        group: Option<Id>,
        parent: Option<Id>,
        title: &str,
        (start, due): (i64, i64),
        priority: Priority,
    ) -> Task {
        let id = self.id();
        let t = Task {
            id,
            org_id: org,
            assigner_org_id: assigner,
            assigned_by: by,
            assignee_id: assignee,
            group_id: group.unwrap_or(id),
            parent_id: parent,
            title: title.into(),
            content: String::new(),
            source_kind: SourceKind::Free,
            source_id: None,
            source_text: String::new(),
            start_date: self.day(start),
            due_date: self.day(due),
            priority,
        };
        self.push(&t, 30 * DAY);
        t
    }
    fn report(
        &mut self,
        t: &Task,
        by: Id,
        percent: u8,
        finished: bool,
        text: &str,
        ago: u64,
    ) -> ProgressReport {
        let r = ProgressReport {
            id: self.id(),
            task_id: t.id,
            org_id: t.org_id,
            member_id: by,
            percent,
            finished,
            done: text.into(),
            difficulties: String::new(),
            proposals: String::new(),
            hlc: server_hlc(0),
        };
        self.push(&r, ago * DAY);
        r
    }
    /// A one-page PDF (made here, stored as a blob first) on a task, or on a report.
    fn file(
        &mut self,
        store: &dyn Store,
        (t, report): (&Task, Option<&ProgressReport>),
        by: Id,
        (title, body): (&str, &str),
        ago: u64,
    ) -> Result<(), DemoError> {
        let page = Document {
            id: t.id,
            kind: DocKind::Guidance,
            number: String::new(),
            title: title.into(),
            org_id: t.org_id,
            issuer: String::new(),
            issued_on: self.day(-(ago as i64)),
            status: DocStatus::InForce,
            summary: t.title.clone(),
            body: body.into(),
            topics: Vec::new(),
        };
        let bytes = super::library::pdf::document(&page);
        let sha256 = hex::encode(Sha256::digest(&bytes));
        store.put_blob(&sha256, &bytes)?;
        let f = TaskFile {
            id: self.id(),
            task_id: t.id,
            report_id: report.map(|r| r.id),
            org_id: t.org_id,
            member_id: by,
            name: format!("{title}.pdf"),
            mime: "application/pdf".into(),
            size: bytes.len() as u64,
            sha256,
        };
        self.push(&f, ago * DAY);
        Ok(())
    }
    fn review(&mut self, t: &Task, by: Id, decision: Decision, reason: &str, ago: u64) {
        let r = TaskReview {
            id: self.id(),
            task_id: t.id,
            org_id: t.org_id,
            assignee_id: t.assignee_id,
            member_id: by,
            decision,
            reason: reason.into(),
            hlc: server_hlc(0),
        };
        self.push(&r, ago * DAY);
    }
}

/// Seed the demo's tasks; answers how many task rows were made.
pub fn seed(
    store: &dyn Store,
    rng: &mut StdRng,
    now_ms: u64,
    tree: &DemoTree,
) -> Result<usize, DemoError> {
    let mut s = Seeder {
        rng,
        now_ms,
        changes: Vec::new(),
        tick: 0,
    };
    let province = (tree.province, tree.province_officer);
    let districts = tree.children(tree.province);
    let chain = tree.chain();
    let demo_district = chain.get(chain.len().saturating_sub(2)).copied();
    let demo_grassroots = chain.get(chain.len().saturating_sub(3)).copied();
    let (g_summary, g_report) = (s.id(), s.id());
    let mut split_from = None;
    for (i, d) in districts.iter().enumerate() {
        let t = s.task(
            province,
            (*d, None),
            Some(g_summary),
            None,
            "Sơ kết 6 tháng thực hiện Chỉ thị 35-CT/TW về đại hội đảng bộ các cấp",
            (-20, 20),
            Priority::High,
        );
        let late = s.task(
            province,
            (*d, None),
            Some(g_report),
            None,
            "Báo cáo kết quả kiểm điểm, đánh giá, xếp loại tổ chức đảng năm 2026",
            (-30, -5),
            Priority::Urgent,
        );
        let Some(head) = tree.head(*d) else {
            continue;
        };
        match i % 3 {
            0 => {
                s.report(&late, head, 100, true, "Đã gửi báo cáo bằng văn bản", 7);
                s.review(&late, province.1, Decision::Confirmed, "", 6);
            }
            1 => {
                s.report(&late, head, 100, true, "Đã gửi báo cáo (chậm)", 2);
                s.review(&late, province.1, Decision::Confirmed, "", 1);
            }
            _ => {
                s.report(&late, head, 60, false, "Đã tổng hợp 5/8 đảng bộ cơ sở", 3);
            }
        }
        let planned = s.report(&t, head, 30, false, "Đã ban hành kế hoạch sơ kết", 10);
        if Some(*d) == demo_district {
            // The province's plan on the task, the district's own plan on its report.
            s.file(
                store,
                (&t, None),
                province.1,
                (
                    "Kế hoạch sơ kết 6 tháng Chỉ thị 35-CT-TW",
                    "Các huyện ủy tổ chức sơ kết, gửi báo cáo về Tỉnh ủy đúng hạn.",
                ),
                19,
            )?;
            s.file(
                store,
                (&t, Some(&planned)),
                head,
                (
                    "Kế hoạch sơ kết của huyện ủy",
                    "Phân công các đảng bộ cơ sở sơ kết, báo cáo về huyện ủy.",
                ),
                10,
            )?;
            split_from = Some((t, head));
        }
    }
    // The demo cell's district splits the summary down to the cell's grassroots.
    if let (Some((parent, head)), Some(g)) = (split_from, demo_grassroots) {
        let sub = s.task(
            (parent.org_id, head),
            (g, None),
            None,
            Some(parent.id),
            "Sơ kết 6 tháng Chỉ thị 35-CT/TW ở cấp cơ sở, gửi báo cáo về huyện ủy",
            (-15, 10),
            Priority::High,
        );
        if let Some(gh) = tree.head(g) {
            s.report(
                &sub,
                gh,
                50,
                false,
                "Đã họp đảng ủy, phân công viết báo cáo",
                4,
            );
            // The grassroots gives the cell its part.
            s.task(
                (g, gh),
                (tree.cell, None),
                None,
                Some(sub.id),
                "Chi bộ gửi báo cáo sơ kết 6 tháng về đảng ủy",
                (-10, 7),
                Priority::Normal,
            );
        }
    }
    // The cell's secretary gives tasks to two plain members.
    if let (Some(sec), [a, b, ..]) = (tree.head(tree.cell), tree.cell_members.as_slice()) {
        let cell = (tree.cell, sec);
        s.task(
            cell,
            (tree.cell, Some(*a)),
            None,
            None,
            "Rà soát, cập nhật hồ sơ đảng viên của tổ",
            (-5, 3),
            Priority::Normal,
        );
        let dues = s.task(
            cell,
            (tree.cell, Some(*a)),
            None,
            None,
            "Thu đảng phí quý IV của tổ đảng viên thôn",
            (-20, -2),
            Priority::High,
        );
        let collected = s.report(&dues, *a, 50, false, "Đã thu 6/12 đồng chí", 3);
        s.file(
            store,
            (&dues, Some(&collected)),
            *a,
            (
                "Danh sách thu đảng phí quý IV",
                "Đã thu 6/12 đồng chí; còn 6 đồng chí hẹn nộp trong tuần.",
            ),
            3,
        )?;
        let clean = s.task(
            cell,
            (tree.cell, Some(*b)),
            None,
            None,
            "Chuẩn bị hội trường sinh hoạt chi bộ",
            (-12, -1),
            Priority::Low,
        );
        s.report(&clean, *b, 100, true, "Đã chuẩn bị xong", 4);
        s.review(&clean, sec, Decision::Confirmed, "", 3);
    }
    // Last month's approved minutes: their conclusions, as every device makes them.
    if let Some((m, v)) = &tree.held {
        if let Some(chair) = m.chair_id {
            for t in Task::follow_ups(m, v, chair) {
                s.push(&t, 20 * DAY);
            }
        }
    }
    let made = s
        .changes
        .iter()
        .filter(|c| c.entity == sotay_model::Entity::Task)
        .count();
    for r in store.seed(&s.changes, now_ms)? {
        if !matches!(r.outcome, Outcome::Accepted { .. }) {
            return Err(DemoError::Refused(format!("{:?}", r.outcome)));
        }
    }
    Ok(made)
}
