//! What happens to a task after it is given: progress reports by the assignee and the
//! assigner's confirmation or return. Both are immutable events, like attendance: a
//! device never overwrites another's report, and the task's state is derived from the
//! set of events by one rule ([`super::progress`]).
//!
//! Both rows live where their task does (`org_id` is the task's) and name it
//! (`task_id`). A report names its author (`member_id`, the server refuses anyone
//! else); a review names the task's member assignee (`assignee_id`), so it reaches
//! them as their own row.

use crate::change::RowState;
use crate::fields::{enum_from, id_field};
use crate::hlc::Hlc;
use crate::ids::Id;
use crate::meetings::meeting::{number, optional_id, optional_text};
use serde::{Deserialize, Serialize};

pub const MAX_REPORT_TEXT: usize = 5_000;

/// Báo cáo tiến độ.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgressReport {
    pub id: Id,
    pub task_id: Id,
    pub org_id: Id,
    /// Who reports.
    pub member_id: Id,
    /// 0–100.
    pub percent: u8,
    /// The assignee says the task is done (asks the assigner to confirm).
    pub finished: bool,
    /// Kết quả đã làm
    pub done: String,
    /// Khó khăn, vướng mắc
    pub difficulties: String,
    /// Đề xuất, kiến nghị
    pub proposals: String,
    /// The stamp the report was made with (its `percent` field's): orders the events.
    pub hlc: Hlc,
}

pub const REPORT_FIELDS: &[&str] = &[
    "task_id",
    "org_id",
    "member_id",
    "percent",
    "finished",
    "done",
    "difficulties",
    "proposals",
];

impl ProgressReport {
    pub fn from_row(row: &RowState) -> Result<ProgressReport, String> {
        let percent = number(row, "percent")?;
        if percent > 100 {
            return Err("tỷ lệ hoàn thành phải từ 0 đến 100%".into());
        }
        let finished = match row.fields.get("finished").map(|f| &f.value) {
            None | Some(serde_json::Value::Null) => false,
            Some(serde_json::Value::Bool(b)) => *b,
            Some(_) => return Err("trường finished phải là đúng hoặc sai".into()),
        };
        let done = optional_text(row, "done", MAX_REPORT_TEXT)?;
        let difficulties = optional_text(row, "difficulties", MAX_REPORT_TEXT)?;
        let proposals = optional_text(row, "proposals", MAX_REPORT_TEXT)?;
        if done.is_empty() && difficulties.is_empty() && proposals.is_empty() && !finished {
            return Err("báo cáo tiến độ phải ghi kết quả, khó khăn hoặc đề xuất".into());
        }
        let hlc = row
            .fields
            .get("percent")
            .map(|f| f.hlc)
            .ok_or("thiếu trường percent")?;
        Ok(ProgressReport {
            id: row.row_id,
            task_id: id_field(row, "task_id")?,
            org_id: id_field(row, "org_id")?,
            member_id: id_field(row, "member_id")?,
            percent: percent as u8,
            finished,
            done,
            difficulties,
            proposals,
            hlc,
        })
    }
}

/// The assigner's decision on a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Xác nhận hoàn thành.
    Confirmed,
    /// Trả lại (chưa đạt), with a reason.
    Returned,
}

/// Xác nhận hoặc trả lại nhiệm vụ.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskReview {
    pub id: Id,
    pub task_id: Id,
    pub org_id: Id,
    /// The task's member assignee (so the review reaches them), if any.
    pub assignee_id: Option<Id>,
    /// Who decided.
    pub member_id: Id,
    pub decision: Decision,
    pub reason: String,
    pub hlc: Hlc,
}

pub const REVIEW_FIELDS: &[&str] = &[
    "task_id",
    "org_id",
    "assignee_id",
    "member_id",
    "decision",
    "reason",
];

impl TaskReview {
    pub fn from_row(row: &RowState) -> Result<TaskReview, String> {
        let decision: Decision = enum_from(row, "decision")?;
        let reason = optional_text(row, "reason", MAX_REPORT_TEXT)?;
        if decision == Decision::Returned && reason.is_empty() {
            return Err("trả lại nhiệm vụ phải ghi lý do".into());
        }
        let hlc = row
            .fields
            .get("decision")
            .map(|f| f.hlc)
            .ok_or("thiếu trường decision")?;
        Ok(TaskReview {
            id: row.row_id,
            task_id: id_field(row, "task_id")?,
            org_id: id_field(row, "org_id")?,
            assignee_id: optional_id(row, "assignee_id")?,
            member_id: id_field(row, "member_id")?,
            decision,
            reason,
            hlc,
        })
    }
}

crate::row::org_row!(ProgressReport, ProgressReport, REPORT_FIELDS, REPORT_FIELDS);
crate::row::org_row!(TaskReview, TaskReview, REVIEW_FIELDS, REVIEW_FIELDS);
