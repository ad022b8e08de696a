//! Tasks on this device (issue 14): assigning (one row per assignee, one transaction),
//! editing and withdrawing, progress reports and the assigner's reviews as events, all
//! offline and judged by the server at sync; the lists, one task's screen and the
//! committee roll-up, derived here from the events held (`sotay_model::tasks::derive`).
//! Follow-up tasks of approved minutes are made in `follow_up`.

pub(crate) mod files;
pub mod follow_up;
pub(crate) mod views;

use crate::calls::{Cx, Local};
use crate::db::Db;
use crate::env::Env;
use crate::error::{invalid, not_found};
use crate::meetings::me;
use serde_json::json;
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::entities::{Member, PositionTitle};
use sotay_model::row::Row;
use sotay_model::tasks::api::{NewReport, NewTask, TaskPatch};
use sotay_model::tasks::requests::{
    CreateTask, DeleteTask, ReportProgress, ReviewTask, UpdateTask,
};
use sotay_model::tasks::{vn_day, Decision, ProgressReport, Task, TaskReview};
use sotay_model::{Entity, Id};

/// At most this many assignees in one assignment.
pub const MAX_ASSIGNEES: usize = 500;

impl Local for CreateTask {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        create(cx.db, cx.env, &self)
    }
}

impl Local for UpdateTask {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        update(cx.db, cx.env, self.id, &self.patch)
    }
}

impl Local for DeleteTask {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let t = get(cx.db, self.id)?;
        must_assign(cx.db, &t)?;
        cx.db
            .commit_local(cx.env, Entity::Task, t.id, Vec::new(), true)?;
        Ok(())
    }
}

impl Local for ReportProgress {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        report(cx.db, cx.env, &self)
    }
}

impl Local for ReviewTask {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        review(cx.db, cx.env, self.task_id, self.decision, &self.reason)
    }
}

/// An event's struct before the database stamps its fields (its `hlc` is read back
/// from the stored row; writing it ignores this one).
fn unstamped() -> sotay_model::hlc::Hlc {
    sotay_model::hlc::Hlc {
        wall_ms: 0,
        counter: 0,
        node: Id::nil(),
    }
}

fn forbidden(message: &str) -> ApiError {
    ApiError::new(ApiErrorKind::Forbidden, message)
}

/// One live task.
pub fn get(db: &Db, id: Id) -> Result<Task, ApiError> {
    db.live_row(Entity::Task, id)?
        .and_then(|r| Task::from_row(&r).ok())
        .ok_or_else(|| not_found("Không tìm thấy nhiệm vụ này trên máy"))
}

/// The organisations where this device's member holds a post.
pub(crate) fn my_posts(db: &Db) -> Result<Vec<(Id, PositionTitle)>, ApiError> {
    let Ok(me) = me(db) else {
        return Ok(Vec::new());
    };
    Ok(crate::administration::positions::of_member(db, me)?
        .into_iter()
        .map(|p| (p.org_id, p.title))
        .collect())
}

/// The UI's check of the server's rule: only the office of the assigning
/// organisation changes a task.
fn must_assign(db: &Db, t: &Task) -> Result<(), ApiError> {
    if my_posts(db)?.iter().any(|(o, _)| *o == t.assigner_org_id) {
        Ok(())
    } else {
        Err(forbidden(
            "Chỉ cấp ủy, văn phòng của tổ chức giao nhiệm vụ mới được sửa, thu hồi, xác nhận hay trả lại nhiệm vụ",
        ))
    }
}

/// Whether this device's member reports on the task: its member assignee, or a
/// holder of a post in the organisation it was given to.
pub(crate) fn reports_on(db: &Db, t: &Task) -> Result<bool, ApiError> {
    Ok(match t.assignee_id {
        Some(a) => me(db).is_ok_and(|m| m == a),
        None => my_posts(db)?.iter().any(|(o, _)| *o == t.org_id),
    })
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

/// Assign: one task row per member and organisation named, sharing a group id, in
/// one transaction (either every assignee gets it or none does).
pub fn create(db: &mut Db, env: &dyn Env, new: &NewTask) -> Result<Id, ApiError> {
    let me = me(db)?;
    if !my_posts(db)?.iter().any(|(o, _)| *o == new.assigner_org_id) {
        return Err(forbidden(
            "Chỉ cấp ủy, văn phòng của tổ chức mới được giao nhiệm vụ nhân danh tổ chức đó",
        ));
    }
    let mut members = new.members.clone();
    members.sort();
    members.dedup();
    let mut orgs = new.orgs.clone();
    orgs.sort();
    orgs.dedup();
    if members.is_empty() && orgs.is_empty() {
        return Err(invalid(
            "Hãy chọn ít nhất một đảng viên hoặc tổ chức nhận nhiệm vụ",
        ));
    }
    if members.len() + orgs.len() > MAX_ASSIGNEES {
        return Err(invalid(format!(
            "Một lần giao tối đa {MAX_ASSIGNEES} người hoặc tổ chức"
        )));
    }
    let today = vn_day(env.now_ms());
    let start_date = match &new.start_date {
        Some(s) if !s.trim().is_empty() => day_ok(s)?,
        _ => today,
    };
    let due_date = day_ok(&new.due_date)?;
    if let Some(p) = new.parent_id {
        let parent = get(db, p)?;
        if !(parent.to_organisation() && parent.org_id == new.assigner_org_id) {
            return Err(invalid(
                "Chỉ chia nhỏ được nhiệm vụ giao cho chính tổ chức của đồng chí",
            ));
        }
    }
    let group_id = env.new_id();
    let base = |id: Id, org_id: Id, assignee_id: Option<Id>| Task {
        id,
        org_id,
        assigner_org_id: new.assigner_org_id,
        assigned_by: me,
        assignee_id,
        group_id,
        parent_id: new.parent_id,
        title: new.title.trim().to_string(),
        content: new.content.trim().to_string(),
        source_kind: new.source_kind,
        source_id: new.source_id,
        source_text: new.source_text.trim().to_string(),
        start_date: start_date.clone(),
        due_date: due_date.clone(),
        priority: new.priority,
    };
    let mut writes = Vec::with_capacity(members.len() + orgs.len());
    for m in &members {
        let member: Member = crate::administration::members::get(db, *m)?;
        if !member.status.is_active() {
            return Err(invalid(format!(
                "Đồng chí {} đã ra khỏi Đảng hoặc từ trần, không thể nhận nhiệm vụ",
                member.full_name
            )));
        }
        let id = if writes.is_empty() {
            group_id
        } else {
            env.new_id()
        };
        let t = base(id, member.cell_id, Some(*m));
        writes.push((Entity::Task, t.id, t.to_fields(), false));
    }
    for o in &orgs {
        crate::administration::organisations::get(db, *o)?;
        if *o == new.assigner_org_id {
            return Err(invalid(
                "Nhiệm vụ giao cho tổ chức phải giao cho tổ chức cấp dưới",
            ));
        }
        let id = if writes.is_empty() {
            group_id
        } else {
            env.new_id()
        };
        let t = base(id, *o, None);
        writes.push((Entity::Task, t.id, t.to_fields(), false));
    }
    db.commit_local_batch(env, writes)?;
    Ok(group_id)
}

/// The live tasks of one assignment.
pub(crate) fn group(db: &Db, group_id: Id) -> Result<Vec<Task>, ApiError> {
    Ok(views::all_tasks(db)?
        .into_iter()
        .filter(|t| t.group_id == group_id)
        .collect())
}

/// Change the fields present on every live copy of the task's assignment.
pub fn update(db: &mut Db, env: &dyn Env, id: Id, p: &TaskPatch) -> Result<(), ApiError> {
    let t = get(db, id)?;
    must_assign(db, &t)?;
    let mut fields = Vec::new();
    let text = |name, v: &Option<String>, fields: &mut Vec<_>| {
        if let Some(v) = v {
            fields.push((name, json!(v.trim())));
        }
    };
    text("title", &p.title, &mut fields);
    text("content", &p.content, &mut fields);
    text("source_text", &p.source_text, &mut fields);
    if let Some(d) = &p.start_date {
        fields.push(("start_date", json!(day_ok(d)?)));
    }
    if let Some(d) = &p.due_date {
        fields.push(("due_date", json!(day_ok(d)?)));
    }
    if let Some(v) = p.priority {
        fields.push(("priority", json!(v)));
    }
    if fields.is_empty() {
        return Err(invalid("Không có thông tin nào được thay đổi"));
    }
    let writes = group(db, t.group_id)?
        .into_iter()
        .map(|copy| (Entity::Task, copy.id, fields.clone(), false))
        .collect();
    db.commit_local_batch(env, writes)?;
    Ok(())
}

/// A progress report, as an event of its own.
pub fn report(db: &mut Db, env: &dyn Env, r: &NewReport) -> Result<Id, ApiError> {
    if r.percent > 100 {
        return Err(invalid("Tỷ lệ hoàn thành phải từ 0 đến 100%"));
    }
    let t = get(db, r.task_id)?;
    if !reports_on(db, &t)? {
        return Err(forbidden(
            "Chỉ người nhận nhiệm vụ (hoặc cấp ủy, văn phòng của tổ chức nhận) mới báo cáo tiến độ",
        ));
    }
    let report = ProgressReport {
        id: env.new_id(),
        task_id: t.id,
        org_id: t.org_id,
        member_id: me(db)?,
        percent: if r.finished { 100 } else { r.percent },
        finished: r.finished,
        done: r.done.trim().to_string(),
        difficulties: r.difficulties.trim().to_string(),
        proposals: r.proposals.trim().to_string(),
        hlc: unstamped(),
    };
    db.commit_local(
        env,
        Entity::ProgressReport,
        report.id,
        report.to_fields(),
        false,
    )?;
    Ok(report.id)
}

/// The assigner's confirmation or return, as an event of its own.
pub fn review(
    db: &mut Db,
    env: &dyn Env,
    task: Id,
    decision: Decision,
    reason: &str,
) -> Result<Id, ApiError> {
    let t = get(db, task)?;
    must_assign(db, &t)?;
    let r = TaskReview {
        id: env.new_id(),
        task_id: t.id,
        org_id: t.org_id,
        assignee_id: t.assignee_id,
        member_id: me(db)?,
        decision,
        reason: reason.trim().to_string(),
        hlc: unstamped(),
    };
    db.commit_local(env, Entity::TaskReview, r.id, r.to_fields(), false)?;
    Ok(r.id)
}
