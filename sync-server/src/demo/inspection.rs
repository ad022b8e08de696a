//! The demo's inspection and discipline (issue 17), this year: inspection committee
//! posts (a chair at the province, a chair and a member at the demo cell's district, a
//! member at its grassroots committee); the district's yearly plan; a concluded
//! thematic supervision of the demo cell, a sibling cell and the demo 'member' login,
//! with its schedule, a document received, two findings (one a violation), its
//! conclusion notified to both cells and to the member, and one recommendation task per
//! cell (the demo cell's reported done); a second case still being worked (dues at the
//! grassroots); and a reprimand of a member of the demo cell who is no demo login,
//! decided by the district's inspection committee.
//!
//! The posts go to plain members of the district's other cells (and of the city for
//! the province), never to a login's cell, so the logins keep the roles they show.
//! Dates fall between the first of January and today, in the order of the work.

use super::{Cell, DemoError};
use crate::rows::{position_change, row_change, server_hlc};
use crate::store::Store;
use rand::rngs::StdRng;
use rand::Rng;
use sotay_model::entities::{Position, PositionTitle};
use sotay_model::ids::Id;
use sotay_model::inspection::{
    CaseNote, CaseStatus, Discipline, DisciplineForm, Inspection, InspectionKind, InspectionNotice,
    InspectionPlan, NoteKind,
};
use sotay_model::protocol::Outcome;
use sotay_model::tasks::{vn_day, Priority, ProgressReport, SourceKind, Task};
use sotay_model::Change;
use std::collections::HashSet;

const DAY: u64 = 86_400_000;
const CONCLUSION_NO: &str = "05-TB/UBKTHU";

/// What the demo's inspection hangs on.
pub struct DemoInspection<'a> {
    pub cell: Id,
    /// The 'other_member' login's cell: left alone.
    pub other_cell: Id,
    /// The demo cell's plain members; the first two are the 'member' logins.
    pub plain: &'a [Id],
    pub cells: &'a [Cell],
    pub parents: &'a [(Id, Id)],
    pub posts: &'a [(Id, Id, PositionTitle)],
}

impl DemoInspection<'_> {
    fn parent(&self, org: Id) -> Option<Id> {
        self.parents
            .iter()
            .find(|(c, _)| *c == org)
            .map(|(_, p)| *p)
    }
    fn holds_post(&self, m: Id) -> bool {
        self.posts.iter().any(|(p, _, _)| *p == m)
    }
    fn head(&self, org: Id) -> Option<Id> {
        self.posts
            .iter()
            .find(|(_, o, t)| *o == org && *t == PositionTitle::Secretary)
            .map(|(m, _, _)| *m)
    }
    fn within(&self, org: Id, above: Id) -> bool {
        let mut x = Some(org);
        while let Some(o) = x {
            if o == above {
                return true;
            }
            x = self.parent(o);
        }
        false
    }
    /// A plain member of a cell matching `fit`, not yet `used`, outside the logins'
    /// cells.
    fn pick(&self, used: &mut HashSet<Id>, fit: impl Fn(&Cell) -> bool) -> Option<Id> {
        let m = self
            .cells
            .iter()
            .filter(|c| c.id != self.cell && c.id != self.other_cell && fit(c))
            .flat_map(|c| c.members.iter().copied())
            .find(|m| !self.holds_post(*m) && !used.contains(m))?;
        used.insert(m);
        Some(m)
    }
}

/// The day of the year of a `yyyy-mm-dd` date, from 0.
fn day_of_year(date: &str) -> Option<u64> {
    let y: u64 = date.get(0..4)?.parse().ok()?;
    let m: usize = date.get(5..7)?.parse().ok()?;
    let d: u64 = date.get(8..10)?.parse().ok()?;
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let lengths = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let before: u64 = lengths.iter().take(m.checked_sub(1)?).sum();
    Some(before + d.checked_sub(1)?)
}

/// dd/mm/yyyy, as a decision or a notice writes a date.
fn written(date: &str) -> String {
    match (date.get(0..4), date.get(5..7), date.get(8..10)) {
        (Some(y), Some(m), Some(d)) => format!("{d}/{m}/{y}"),
        _ => date.to_string(),
    }
}

struct Seeder<'r> {
    rng: &'r mut StdRng,
    now_ms: u64,
    /// Days since the first of January.
    days: u64,
    changes: Vec<Change>,
    tick: u64,
}

impl Seeder<'_> {
    fn id(&mut self) -> Id {
        Id::v7(self.now_ms, self.rng.gen())
    }
    /// The date at fraction `f` of the year so far.
    fn at(&self, f: f64) -> String {
        let back = self.days - (self.days as f64 * f) as u64;
        vn_day(self.now_ms.saturating_sub(back * DAY))
    }
    /// Rows are stamped a minute apart, in the order written.
    fn push<R: sotay_model::row::Row>(&mut self, row: &R) {
        self.tick += 60_000;
        let cid = self.id();
        let at = self.now_ms.saturating_sub(DAY) + self.tick;
        self.changes.push(row_change(cid, row, server_hlc(at)));
    }
    fn post(&mut self, member: Id, org: Id, title: PositionTitle) {
        let p = Position {
            id: self.id(),
            member_id: member,
            org_id: org,
            title,
        };
        let cid = self.id();
        self.changes
            .push(position_change(cid, &p, server_hlc(self.now_ms)));
    }
    #[allow(clippy::too_many_arguments)]
    fn note(
        &mut self,
        case: &Inspection,
        kind: NoteKind,
        on: f64,
        text: &str,
        subject: Option<Id>,
        violation: bool,
        by: Id,
    ) {
        let n = CaseNote {
            id: self.id(),
            org_id: case.org_id,
            inspection_id: case.id,
            kind,
            on_date: self.at(on),
            text: text.into(),
            subject_id: subject,
            violation,
            author_id: by,
        };
        self.push(&n);
    }
}

/// Seed the demo's inspection work; answers the concluded case's id.
pub fn seed(
    store: &dyn Store,
    rng: &mut StdRng,
    now_ms: u64,
    demo: &DemoInspection,
) -> Result<Id, DemoError> {
    let missing = |what: &str| DemoError::Refused(format!("dữ liệu mẫu kiểm tra: thiếu {what}"));
    let today = vn_day(now_ms);
    let year: u32 = today
        .get(0..4)
        .and_then(|y| y.parse().ok())
        .ok_or_else(|| missing("năm"))?;
    let days = day_of_year(&today).ok_or_else(|| missing("ngày"))?;
    let mut s = Seeder {
        rng,
        now_ms,
        days,
        changes: Vec::new(),
        tick: 0,
    };
    // The demo cell's chain: cell, (section), grassroots, district, province.
    let mut chain = vec![demo.cell];
    while let Some(p) = chain.last().and_then(|o| demo.parent(*o)) {
        chain.push(p);
    }
    let n = chain.len();
    let (province, district, grassroots) =
        match (n >= 4).then(|| (chain[n - 1], chain[n - 2], chain[n - 3])) {
            Some(x) => x,
            None => return Err(missing("cấp tổ chức")),
        };
    let home = demo
        .cells
        .iter()
        .find(|c| c.id == demo.cell)
        .ok_or_else(|| missing("chi bộ mẫu"))?;
    let cell_parent = demo.parent(demo.cell);
    let sibling = demo
        .cells
        .iter()
        .filter(|c| c.id != demo.cell && c.id != demo.other_cell)
        .find(|c| demo.parent(c.id) == cell_parent)
        .or_else(|| {
            demo.cells.iter().find(|c| {
                c.district == home.district && c.id != demo.cell && c.id != demo.other_cell
            })
        })
        .ok_or_else(|| missing("chi bộ thứ hai"))?;

    // Inspection committee posts.
    let mut used = HashSet::new();
    let province_chair = demo
        .pick(&mut used, |c| c.district != home.district)
        .ok_or_else(|| missing("chủ nhiệm ủy ban kiểm tra tỉnh"))?;
    let in_district = |c: &Cell| c.district == home.district && c.id != sibling.id;
    let chair = demo
        .pick(&mut used, in_district)
        .ok_or_else(|| missing("chủ nhiệm ủy ban kiểm tra huyện"))?;
    let inspector = demo
        .pick(&mut used, in_district)
        .ok_or_else(|| missing("ủy viên ủy ban kiểm tra huyện"))?;
    let g_inspector = demo
        .pick(&mut used, |c| {
            demo.within(c.id, grassroots) && c.id != sibling.id
        })
        .or_else(|| demo.pick(&mut used, in_district))
        .ok_or_else(|| missing("ủy viên ủy ban kiểm tra xã"))?;
    use PositionTitle::*;
    s.post(province_chair, province, InspectionChair);
    s.post(chair, district, InspectionChair);
    s.post(inspector, district, InspectionMember);
    s.post(g_inspector, grassroots, InspectionMember);

    // Who is supervised and who is disciplined: never a demo login but the member
    // the conclusion is notified to.
    let member = *demo.plain.first().ok_or_else(|| missing("đảng viên mẫu"))?;
    let disciplined = match demo.plain.get(2) {
        Some(m) => *m,
        None => *sibling
            .members
            .iter()
            .find(|m| !demo.holds_post(**m))
            .ok_or_else(|| missing("đảng viên bị kỷ luật"))?,
    };
    let disciplined_cell = if demo.plain.get(2).is_some() {
        demo.cell
    } else {
        sibling.id
    };

    let plan = InspectionPlan {
        id: InspectionPlan::row_id(district, year),
        org_id: district,
        year,
        title: format!(
            "Chương trình kiểm tra, giám sát năm {year} của Ban Chấp hành Đảng bộ huyện"
        ),
        note: "Trọng tâm: giám sát việc thực hiện Quy định 08-QĐi/TW về trách nhiệm nêu gương; \
               kiểm tra việc thu, nộp, quản lý và sử dụng đảng phí ở các đảng bộ cơ sở."
            .into(),
    };
    s.push(&plan);

    let concluded_on = s.at(0.5);
    let notified_on = s.at(0.55);
    let conclusion = format!(
        "Thông báo kết luận số {CONCLUSION_NO} ngày {}: hai chi bộ duy trì sinh hoạt định kỳ, \
         nội dung sinh hoạt chuyên đề bám sát nghị quyết; cấp ủy viên, đảng viên cơ bản \
         gương mẫu. Hạn chế: biên bản sinh hoạt chưa ghi đầy đủ ý kiến thảo luận và biểu \
         quyết; một đảng viên vi phạm quy định về trật tự xây dựng. Đề nghị các chi bộ \
         khắc phục, báo cáo kết quả về Ủy ban Kiểm tra Huyện ủy.",
        written(&concluded_on)
    );
    let case = Inspection {
        id: s.id(),
        org_id: district,
        plan_id: plan.id,
        kind: InspectionKind::ThematicSupervision,
        title: "Giám sát chuyên đề việc thực hiện Quy định 08-QĐi/TW về trách nhiệm nêu gương của cán bộ, đảng viên".into(),
        content: "Việc duy trì và chất lượng sinh hoạt chi bộ; trách nhiệm nêu gương của cấp ủy viên và đảng viên trong thực hiện nhiệm vụ được giao.".into(),
        subject_org_ids: vec![demo.cell, sibling.id],
        subject_member_ids: vec![member],
        team_ids: vec![chair, inspector],
        from_date: s.at(0.2),
        to_date: s.at(0.45),
        status: CaseStatus::Concluded,
        draft_conclusion: "Dự thảo: hai chi bộ thực hiện nghiêm túc; cần chấn chỉnh việc ghi biên bản sinh hoạt.".into(),
        conclusion: conclusion.clone(),
        concluded_on: Some(concluded_on.clone()),
        notified_on: Some(notified_on.clone()),
        closed_on: None,
    };
    s.push(&case);
    let work = [
        (
            NoteKind::Schedule,
            0.22,
            "Đoàn giám sát làm việc với chi ủy chi bộ, nghe báo cáo tự giám sát 6 tháng",
            Some(demo.cell),
            false,
            inspector,
        ),
        (
            NoteKind::Schedule,
            0.3,
            "Làm việc với chi bộ thứ hai và đảng viên được giám sát; đối chiếu sổ sách",
            Some(sibling.id),
            false,
            inspector,
        ),
        (
            NoteKind::Received,
            0.3,
            "Đã nhận sổ biên bản sinh hoạt chi bộ, báo cáo tự giám sát và bản tự kiểm điểm \
             của đảng viên",
            None,
            false,
            inspector,
        ),
        (
            NoteKind::Finding,
            0.4,
            "Chi bộ duy trì sinh hoạt định kỳ hằng tháng; biên bản chưa ghi đầy đủ ý kiến \
             thảo luận, kết quả biểu quyết",
            Some(demo.cell),
            false,
            chair,
        ),
        (
            NoteKind::Finding,
            0.4,
            "Đảng viên xây dựng công trình phụ trên đất nông nghiệp khi chưa được cấp phép, \
             vi phạm quy định về trật tự xây dựng",
            Some(disciplined),
            true,
            chair,
        ),
    ];
    for (kind, on, text, subject, violation, by) in work {
        s.note(&case, kind, on, text, subject, violation, by);
    }

    // The conclusion as each subject receives it.
    for (org, who, text) in [
        (demo.cell, None, conclusion.clone()),
        (sibling.id, None, conclusion.clone()),
        (
            demo.cell,
            Some(member),
            format!("Thông báo kết luận số {CONCLUSION_NO}: đồng chí tham gia đầy đủ sinh hoạt chi bộ, gương mẫu thực hiện nhiệm vụ được giao; đề nghị tiếp tục phát huy."),
        ),
    ] {
        let n = InspectionNotice {
            id: InspectionNotice::row_id(case.id, who.unwrap_or(org)),
            org_id: org,
            inspection_id: case.id,
            member_id: who,
            inspector_org_id: district,
            kind: case.kind,
            title: case.title.clone(),
            conclusion: text,
            notified_on: notified_on.clone(),
        };
        s.push(&n);
    }

    // A recommendation per cell, as a task from the district; the demo cell reports
    // it done.
    for c in [demo.cell, sibling.id] {
        let tid = s.id();
        let t = Task {
            id: tid,
            org_id: c,
            assigner_org_id: district,
            assigned_by: chair,
            assignee_id: None,
            group_id: tid,
            parent_id: None,
            title: format!("Khắc phục hạn chế theo Thông báo kết luận giám sát số {CONCLUSION_NO}"),
            content: "Bổ sung, hoàn thiện biên bản sinh hoạt chi bộ; ghi đầy đủ ý kiến thảo luận và kết quả biểu quyết; báo cáo kết quả về Ủy ban Kiểm tra Huyện ủy.".into(),
            source_kind: SourceKind::Inspection,
            source_id: Some(case.id),
            source_text: format!(
                "Kết luận giám sát số {CONCLUSION_NO} ngày {}: chấn chỉnh việc ghi biên bản sinh hoạt chi bộ",
                written(&concluded_on)
            ),
            start_date: notified_on.clone(),
            due_date: vn_day(now_ms + 30 * DAY),
            priority: Priority::Normal,
        };
        s.push(&t);
        if c == demo.cell {
            let by = demo.head(c).ok_or_else(|| missing("bí thư chi bộ mẫu"))?;
            let r = ProgressReport {
                id: s.id(),
                task_id: t.id,
                org_id: c,
                member_id: by,
                percent: 100,
                finished: true,
                done: "Chi bộ đã rà soát, bổ sung biên bản sinh hoạt các tháng; từ tháng này biên bản ghi đầy đủ ý kiến và biểu quyết".into(),
                difficulties: String::new(),
                proposals: String::new(),
                hlc: server_hlc(0),
            };
            s.push(&r);
        }
    }

    // The reprimand, from the violation found.
    let d = Discipline {
        id: s.id(),
        org_id: disciplined_cell,
        member_id: Some(disciplined),
        form: DisciplineForm::Reprimand,
        violation: "Xây dựng công trình phụ trên đất nông nghiệp khi chưa được cấp phép, vi phạm quy định về những điều đảng viên không được làm".into(),
        decided_by_org_id: district,
        decided_on: s.at(0.6),
        decision_no: "12-QĐ/UBKTHU".into(),
        inspection_id: Some(case.id),
    };
    s.push(&d);

    // A second case, still being worked.
    let dues = Inspection {
        id: s.id(),
        org_id: district,
        plan_id: plan.id,
        kind: InspectionKind::Dues,
        title: format!("Kiểm tra việc thu, nộp, quản lý và sử dụng đảng phí năm {}", year - 1),
        content: "Việc thu, nộp đảng phí của các chi bộ trực thuộc và việc quản lý, sử dụng phần đảng phí được trích giữ lại.".into(),
        subject_org_ids: vec![grassroots],
        subject_member_ids: Vec::new(),
        team_ids: vec![chair, inspector],
        from_date: s.at(0.8),
        to_date: vn_day(now_ms + 20 * DAY),
        status: CaseStatus::Working,
        draft_conclusion: String::new(),
        conclusion: String::new(),
        concluded_on: None,
        notified_on: None,
        closed_on: None,
    };
    s.push(&dues);
    s.note(
        &dues,
        NoteKind::Schedule,
        0.85,
        "Đoàn kiểm tra làm việc với văn phòng đảng ủy xã",
        None,
        false,
        inspector,
    );
    s.note(&dues, NoteKind::Request, 0.85, "Đề nghị cung cấp sổ thu đảng phí, chứng từ nộp đảng phí về cấp trên và sổ chi tiêu phần đảng phí được trích giữ lại", Some(grassroots), false, inspector);

    for r in store.seed(&s.changes, now_ms)? {
        if !matches!(r.outcome, Outcome::Accepted { .. }) {
            return Err(DemoError::Refused(format!("{:?}", r.outcome)));
        }
    }
    Ok(case.id)
}
