//! Inspection and discipline on this device (issue 17): a level's plan and its cases,
//! the team's work, the conclusion (with the notices to the inspected and the
//! recommendations given as tasks, in one transaction), discipline records and
//! appeals; all written offline and judged by the server at sync. The lists and one
//! case's screen are in `views`, the yearly counts and their workbook in [`report`].
//!
//! This device holds only what its member may read, so a case that is not theirs is
//! simply "not found" here; the checks below are the UI's early word for the server's
//! rules (`sync-server/src/inspection.rs`), not the protection.

pub(crate) mod files;
pub mod report;
pub(crate) mod views;

use crate::calls::{Cx, Local};
use crate::db::Db;
use crate::env::Env;
use crate::error::{invalid, not_found};
use crate::meetings::me;
use crate::tasks::my_posts;
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::entities::{OrgKind, PositionTitle};
use sotay_model::inspection::requests::{
    AddCaseNote, CloseInspection, ConcludeInspection, CreateInspection, CreateInspectionPlan,
    DecideAppeal, LodgeAppeal, RecordDiscipline, RecordFinding, UpdateInspection,
};
use sotay_model::inspection::{
    Appeal, CaseNote, CaseStatus, Discipline, DisciplineForm, Inspection, InspectionNotice,
    InspectionPlan, NoteKind, SubjectKind,
};
use sotay_model::row::Row;
use sotay_model::tasks::{vn_day, Priority, SourceKind, Task, TaskStatus};
use sotay_model::{Entity, Id};

pub(crate) fn no_right() -> ApiError {
    ApiError::new(
        ApiErrorKind::Forbidden,
        "Chỉ ủy ban kiểm tra và thường trực cấp ủy của tổ chức mới làm việc này",
    )
}

/// A post that works cases (the inspection committee, the committee's leaders).
fn works_cases(t: PositionTitle) -> bool {
    t.on_inspection_committee()
        || matches!(t, PositionTitle::Secretary | PositionTitle::DeputySecretary)
}

/// Whether this device's member works cases at `org`.
pub(crate) fn may_work(db: &Db, org: Id) -> Result<bool, ApiError> {
    Ok(my_posts(db)?
        .iter()
        .any(|(o, t)| *o == org && works_cases(*t)))
}

/// Whether this device's member approves `org`'s plan.
pub(crate) fn may_plan(db: &Db, org: Id) -> Result<bool, ApiError> {
    Ok(my_posts(db)?.iter().any(|(o, t)| {
        *o == org
            && matches!(
                t,
                PositionTitle::Secretary
                    | PositionTitle::DeputySecretary
                    | PositionTitle::InspectionChair
                    | PositionTitle::InspectionDeputy
            )
    }))
}

fn day_ok(s: &str) -> Result<String, ApiError> {
    let s = s.trim();
    if sotay_model::entities::valid_date(s) {
        Ok(s.to_string())
    } else {
        Err(invalid(format!(
            "Ngày \"{s}\" không hợp lệ; hãy chọn ngày theo lịch"
        )))
    }
}

fn required(s: &str, what: &str) -> Result<String, ApiError> {
    let s = s.trim();
    if s.is_empty() {
        Err(invalid(format!("Hãy nhập {what}")))
    } else {
        Ok(s.to_string())
    }
}

/// One live case on this device.
pub(crate) fn case(db: &Db, id: Id) -> Result<Inspection, ApiError> {
    db.live_typed::<Inspection>(id)?
        .ok_or_else(|| not_found("Không tìm thấy cuộc kiểm tra, giám sát này trên máy"))
}

/// A case this device's member may work, not yet closed.
fn open_case(db: &Db, id: Id) -> Result<Inspection, ApiError> {
    let c = case(db, id)?;
    if !may_work(db, c.org_id)? {
        return Err(no_right());
    }
    if c.status == CaseStatus::Closed {
        return Err(invalid(
            "Cuộc kiểm tra đã kết thúc theo dõi, không sửa được nữa",
        ));
    }
    Ok(c)
}

impl Local for CreateInspectionPlan {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        if !may_plan(cx.db, self.org_id)? {
            return Err(ApiError::new(
                ApiErrorKind::Forbidden,
                "Chỉ thường trực cấp ủy và chủ nhiệm, phó chủ nhiệm ủy ban kiểm tra mới lập kế hoạch kiểm tra, giám sát",
            ));
        }
        crate::administration::organisations::get(cx.db, self.org_id)?;
        if !(1930..=2100).contains(&self.year) {
            return Err(invalid(format!("Năm {} không hợp lệ", self.year)));
        }
        let p = InspectionPlan {
            id: InspectionPlan::row_id(self.org_id, self.year),
            org_id: self.org_id,
            year: self.year,
            title: required(&self.title, "tên kế hoạch")?,
            note: self.note.trim().to_string(),
        };
        cx.db.save(cx.env, &p)
    }
}

impl Local for CreateInspection {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let db = &mut *cx.db;
        let plan = db
            .live_typed::<InspectionPlan>(self.plan_id)?
            .ok_or_else(|| not_found("Không tìm thấy kế hoạch kiểm tra, giám sát này trên máy"))?;
        if !may_work(db, plan.org_id)? {
            return Err(no_right());
        }
        let mut orgs = self.subject_org_ids.clone();
        orgs.sort();
        orgs.dedup();
        let mut members = self.subject_member_ids.clone();
        members.sort();
        members.dedup();
        if orgs.is_empty() && members.is_empty() {
            return Err(invalid(
                "Hãy chọn ít nhất một tổ chức đảng hoặc đảng viên được kiểm tra, giám sát",
            ));
        }
        let tree = crate::administration::organisations::OrgTree::load(db)?;
        for o in &orgs {
            let chain = tree.chain(*o);
            if *o == plan.org_id || !chain.contains(&plan.org_id) {
                return Err(invalid(
                    "Tổ chức được kiểm tra, giám sát phải là tổ chức đảng cấp dưới",
                ));
            }
        }
        for m in &members {
            let member = crate::administration::members::get(db, *m)?;
            if !tree.chain(member.cell_id).contains(&plan.org_id) {
                return Err(invalid(format!(
                    "Đồng chí {} không sinh hoạt trong tổ chức này",
                    member.full_name
                )));
            }
        }
        let from_date = day_ok(&self.from_date)?;
        let to_date = day_ok(&self.to_date)?;
        if to_date < from_date {
            return Err(invalid("Ngày kết thúc phải sau ngày bắt đầu"));
        }
        let mut team = self.team_ids.clone();
        team.sort();
        team.dedup();
        let c = Inspection {
            id: cx.env.new_id(),
            org_id: plan.org_id,
            plan_id: plan.id,
            kind: self.kind,
            title: required(&self.title, "tên cuộc kiểm tra, giám sát")?,
            content: self.content.trim().to_string(),
            subject_org_ids: orgs,
            subject_member_ids: members,
            team_ids: team,
            from_date,
            to_date,
            status: CaseStatus::Planned,
            draft_conclusion: String::new(),
            conclusion: String::new(),
            concluded_on: None,
            notified_on: None,
            closed_on: None,
        };
        db.commit_local(cx.env, Entity::Inspection, c.id, c.to_fields(), false)?;
        Ok(c.id)
    }
}

impl Local for UpdateInspection {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let old = open_case(cx.db, self.id)?;
        let mut new = old.clone();
        if let Some(t) = &self.title {
            new.title = required(t, "tên cuộc kiểm tra, giám sát")?;
        }
        if let Some(c) = &self.content {
            new.content = c.trim().to_string();
        }
        if let Some(team) = &self.team_ids {
            new.team_ids = team.clone();
            new.team_ids.sort();
            new.team_ids.dedup();
        }
        if let Some(d) = &self.from_date {
            new.from_date = day_ok(d)?;
        }
        if let Some(d) = &self.to_date {
            new.to_date = day_ok(d)?;
        }
        if new.to_date < new.from_date {
            return Err(invalid("Ngày kết thúc phải sau ngày bắt đầu"));
        }
        if let Some(d) = &self.draft_conclusion {
            new.draft_conclusion = d.trim().to_string();
        }
        if self.start && new.status == CaseStatus::Planned {
            new.status = CaseStatus::Working;
        }
        let fields = old.patch(&new);
        if !fields.is_empty() {
            cx.db
                .commit_local(cx.env, Entity::Inspection, old.id, fields, false)?;
        }
        Ok(())
    }
}

/// A note as a request gives it.
struct NewNote<'a> {
    case_id: Id,
    kind: NoteKind,
    on_date: String,
    text: &'a str,
    subject_id: Option<Id>,
    violation: bool,
}

/// Write a note of the case's work in this device's member's name.
fn note(db: &mut Db, env: &dyn Env, new: NewNote<'_>) -> Result<Id, ApiError> {
    let NewNote {
        case_id,
        kind,
        on_date,
        text,
        subject_id,
        violation,
    } = new;
    let c = open_case(db, case_id)?;
    if let Some(s) = subject_id {
        if !c.subjects().any(|x| x == s) {
            return Err(invalid(
                "Đối tượng phải là một đối tượng của cuộc kiểm tra, giám sát",
            ));
        }
    }
    let n = CaseNote {
        id: env.new_id(),
        org_id: c.org_id,
        inspection_id: c.id,
        kind,
        on_date,
        text: required(text, "nội dung")?,
        subject_id,
        violation,
        author_id: me(db)?,
    };
    let mut writes = vec![(Entity::CaseNote, n.id, n.to_fields(), false)];
    // Work written on a planned case starts it.
    if c.status == CaseStatus::Planned {
        writes.push((
            Entity::Inspection,
            c.id,
            vec![("status", serde_json::json!(CaseStatus::Working))],
            false,
        ));
    }
    db.commit_local_batch(env, writes)?;
    Ok(n.id)
}

impl Local for AddCaseNote {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let on = day_ok(&self.on_date)?;
        let new = NewNote {
            case_id: self.inspection_id,
            kind: self.kind,
            on_date: on,
            text: &self.text,
            subject_id: self.subject_id,
            violation: false,
        };
        note(cx.db, cx.env, new)
    }
}

impl Local for RecordFinding {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let on = match &self.on_date {
            Some(d) => day_ok(d)?,
            None => vn_day(cx.env.now_ms()),
        };
        let new = NewNote {
            case_id: self.inspection_id,
            kind: NoteKind::Finding,
            on_date: on,
            text: &self.text,
            subject_id: self.subject_id,
            violation: self.violation,
        };
        note(cx.db, cx.env, new)
    }
}

impl Local for ConcludeInspection {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let db = &mut *cx.db;
        let env = cx.env;
        let old = open_case(db, self.inspection_id)?;
        if old.status == CaseStatus::Concluded && old.notified_on.is_some() {
            return Err(invalid("Cuộc kiểm tra đã kết luận và thông báo"));
        }
        let today = vn_day(env.now_ms());
        let mut new = old.clone();
        new.conclusion = required(&self.conclusion, "kết luận")?;
        new.status = CaseStatus::Concluded;
        new.concluded_on = Some(today.clone());
        if self.notify {
            new.notified_on = Some(today.clone());
        }
        for r in &self.recommendations {
            if !new.subject_org_ids.contains(&r.org_id) {
                return Err(invalid(
                    "Kiến nghị chỉ giao cho tổ chức đảng được kiểm tra, giám sát",
                ));
            }
        }
        if !self.recommendations.is_empty() && !self.notify {
            return Err(invalid(
                "Kiến nghị được giao thành nhiệm vụ khi thông báo kết luận",
            ));
        }
        // The case first: the server judges the notices and tasks against it.
        let mut writes = vec![(Entity::Inspection, old.id, old.patch(&new), false)];
        if self.notify {
            for &o in &new.subject_org_ids {
                let n = notice(&new, o, None, &today);
                writes.push((Entity::InspectionNotice, n.id, n.to_fields(), false));
            }
            for &m in &new.subject_member_ids {
                let member = crate::administration::members::get(db, m)?;
                let n = notice(&new, member.cell_id, Some(m), &today);
                writes.push((Entity::InspectionNotice, n.id, n.to_fields(), false));
            }
            let by = me(db)?;
            for r in &self.recommendations {
                let id = env.new_id();
                let t = Task {
                    id,
                    org_id: r.org_id,
                    assigner_org_id: new.org_id,
                    assigned_by: by,
                    assignee_id: None,
                    group_id: id,
                    parent_id: None,
                    title: required(&r.title, "nội dung kiến nghị")?,
                    content: r.content.trim().to_string(),
                    source_kind: SourceKind::Inspection,
                    source_id: Some(new.id),
                    source_text: format!("Kết luận {}", new.title),
                    start_date: today.clone(),
                    due_date: day_ok(&r.due_date)?,
                    priority: Priority::Normal,
                };
                if t.due_date < t.start_date {
                    return Err(invalid("Hạn thực hiện kiến nghị phải từ hôm nay trở đi"));
                }
                writes.push((Entity::Task, t.id, t.to_fields(), false));
            }
        }
        db.commit_local_batch(env, writes)?;
        Ok(())
    }
}

fn notice(c: &Inspection, org: Id, member: Option<Id>, today: &str) -> InspectionNotice {
    InspectionNotice {
        id: InspectionNotice::row_id(c.id, member.unwrap_or(org)),
        org_id: org,
        inspection_id: c.id,
        member_id: member,
        inspector_org_id: c.org_id,
        kind: c.kind,
        title: c.title.clone(),
        conclusion: c.conclusion.clone(),
        notified_on: today.to_string(),
    }
}

impl Local for CloseInspection {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let c = open_case(cx.db, self.inspection_id)?;
        if c.status != CaseStatus::Concluded {
            return Err(invalid("Cuộc kiểm tra chưa có kết luận"));
        }
        let today = vn_day(cx.env.now_ms());
        let open = crate::tasks::views::cards_where(cx.db, &today, |t| {
            t.source_kind == SourceKind::Inspection && t.source_id == Some(c.id)
        })?
        .into_iter()
        .filter(|card| card.state.status != TaskStatus::Done)
        .count();
        if open > 0 {
            return Err(invalid(format!(
                "Còn {open} kiến nghị chưa được xác nhận hoàn thành"
            )));
        }
        let fields = vec![
            ("status", serde_json::json!(CaseStatus::Closed)),
            ("closed_on", serde_json::json!(today)),
        ];
        cx.db
            .commit_local(cx.env, Entity::Inspection, c.id, fields, false)?;
        Ok(())
    }
}

impl Local for RecordDiscipline {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let db = &mut *cx.db;
        if !may_work(db, self.decided_by_org_id)? {
            return Err(ApiError::new(
                ApiErrorKind::Forbidden,
                "Đồng chí không giữ chức vụ trong cấp ủy hoặc ủy ban kiểm tra của cơ quan quyết định",
            ));
        }
        let (org_id, kind) = match (self.member_id, self.org_id) {
            (Some(m), None) => (
                crate::administration::members::get(db, m)?.cell_id,
                SubjectKind::Member,
            ),
            (None, Some(o)) => (
                crate::administration::organisations::get(db, o)?.id,
                SubjectKind::Organisation,
            ),
            _ => {
                return Err(invalid(
                    "Hãy chọn một đảng viên hoặc một tổ chức đảng bị kỷ luật",
                ))
            }
        };
        if !self.form.fits(kind) {
            return Err(invalid(match kind {
                SubjectKind::Member => "Hình thức giải tán chỉ áp dụng với tổ chức đảng",
                SubjectKind::Organisation => {
                    "Hình thức cách chức, khai trừ chỉ áp dụng với đảng viên"
                }
            }));
        }
        let tree = crate::administration::organisations::OrgTree::load(db)?;
        let chain = tree.chain(org_id);
        let at_or_above = chain.contains(&self.decided_by_org_id)
            && !(kind == SubjectKind::Organisation && self.decided_by_org_id == org_id);
        if !at_or_above {
            return Err(invalid(
                "Kỷ luật do tổ chức đảng cùng cấp hoặc cấp trên quyết định",
            ));
        }
        let cell = tree
            .0
            .get(&self.decided_by_org_id)
            .is_some_and(|o| o.kind == OrgKind::Cell);
        if cell
            && !matches!(
                self.form,
                DisciplineForm::Reprimand | DisciplineForm::Warning
            )
        {
            return Err(invalid(
                "Chi bộ chỉ quyết định khiển trách, cảnh cáo đảng viên",
            ));
        }
        let d = Discipline {
            id: cx.env.new_id(),
            org_id,
            member_id: self.member_id,
            form: self.form,
            violation: required(&self.violation, "nội dung vi phạm")?,
            decided_by_org_id: self.decided_by_org_id,
            decided_on: day_ok(&self.decided_on)?,
            decision_no: self.decision_no.trim().to_string(),
            inspection_id: self.inspection_id,
        };
        db.commit_local(cx.env, Entity::Discipline, d.id, d.to_fields(), false)?;
        Ok(d.id)
    }
}

/// One live discipline record on this device.
pub(crate) fn discipline(db: &Db, id: Id) -> Result<Discipline, ApiError> {
    db.live_typed::<Discipline>(id)?
        .ok_or_else(|| not_found("Không tìm thấy quyết định kỷ luật này trên máy"))
}

/// Whether this device's member may appeal `d`: the member disciplined, or a leader
/// of the organisation disciplined.
pub(crate) fn may_appeal(db: &Db, d: &Discipline) -> Result<bool, ApiError> {
    Ok(match d.member_id {
        Some(m) => me(db).ok() == Some(m),
        None => my_posts(db)?.iter().any(|(o, t)| {
            *o == d.org_id && matches!(t, PositionTitle::Secretary | PositionTitle::DeputySecretary)
        }),
    })
}

/// The organisations strictly above the deciding body where this device's member
/// works cases: those that may decide an appeal.
pub(crate) fn appeal_deciders(db: &Db, d: &Discipline) -> Result<Vec<Id>, ApiError> {
    let tree = crate::administration::organisations::OrgTree::load(db)?;
    let above: Vec<Id> = tree
        .chain(d.decided_by_org_id)
        .into_iter()
        .skip(1)
        .collect();
    Ok(my_posts(db)?
        .into_iter()
        .filter(|(o, t)| above.contains(o) && works_cases(*t))
        .map(|(o, _)| o)
        .collect())
}

impl Local for LodgeAppeal {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        let db = &mut *cx.db;
        let d = discipline(db, self.discipline_id)?;
        if !may_appeal(db, &d)? {
            return Err(ApiError::new(
                ApiErrorKind::Forbidden,
                "Chỉ người bị kỷ luật (hoặc lãnh đạo tổ chức bị kỷ luật) mới khiếu nại",
            ));
        }
        let a = Appeal {
            id: cx.env.new_id(),
            org_id: d.org_id,
            discipline_id: d.id,
            member_id: me(db)?,
            lodged_on: vn_day(cx.env.now_ms()),
            text: required(&self.text, "nội dung khiếu nại")?,
            outcome: None,
            outcome_note: String::new(),
            decided_by_org_id: None,
            decided_on: None,
        };
        db.commit_local(cx.env, Entity::Appeal, a.id, a.to_fields(), false)?;
        Ok(a.id)
    }
}

impl Local for DecideAppeal {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let db = &mut *cx.db;
        let old = db
            .live_typed::<Appeal>(self.appeal_id)?
            .ok_or_else(|| not_found("Không tìm thấy đơn khiếu nại này trên máy"))?;
        let d = discipline(db, old.discipline_id)?;
        if !appeal_deciders(db, &d)?.contains(&self.decided_by_org_id) {
            return Err(ApiError::new(
                ApiErrorKind::Forbidden,
                "Khiếu nại do cấp trên của cơ quan đã quyết định kỷ luật giải quyết",
            ));
        }
        let mut new = old.clone();
        new.outcome = Some(self.outcome);
        new.outcome_note = self.note.trim().to_string();
        new.decided_by_org_id = Some(self.decided_by_org_id);
        new.decided_on = Some(vn_day(cx.env.now_ms()));
        db.commit_local(cx.env, Entity::Appeal, old.id, old.patch(&new), false)?;
        Ok(())
    }
}
