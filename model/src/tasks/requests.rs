//! The tasks feature's requests (issue 14): local reads and writes, judged by the
//! server at sync.

use super::api::{NewReport, NewTask, OrgTaskCounts, TaskCard, TaskList, TaskPatch, TaskView};
use super::events::Decision;
use super::progress::Bucket;
use crate::call;
use crate::ids::Id;
use serde::{Deserialize, Serialize};

/// Assign a task (giao nhiệm vụ) to members and lower organisations: one row per
/// assignee. Answers the assignment's group id.
pub type CreateTask = NewTask;
call!(CreateTask, "create_task" => Id);

/// Change a task on every assignee's copy (the assigning office only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UpdateTask {
    pub id: Id,
    pub patch: TaskPatch,
}
call!(UpdateTask, "update_task" => ());

/// Withdraw the task from one assignee (the assigning office only).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeleteTask {
    pub id: Id,
}
call!(DeleteTask, "delete_task" => ());

/// Report progress on a task, offline (the assignee; for a task given to an
/// organisation, its committee or office). `finished` asks the assigner to confirm.
pub type ReportProgress = NewReport;
call!(ReportProgress, "report_progress" => Id);

/// Confirm a task done, or return it with a reason (the assigning office).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewTask {
    pub task_id: Id,
    pub decision: Decision,
    #[serde(default)]
    pub reason: String,
}
call!(ReviewTask, "review_task" => Id);

/// Tasks this device holds: `view` says which (mine by default), `org_id` names the
/// organisation of `assigned` and `org`, `bucket` keeps one roll-up bucket only.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListTasks {
    #[serde(default)]
    pub view: TaskList,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket: Option<Bucket>,
}
call!(ListTasks, "list_tasks" => Vec<TaskCard>);

/// One task with its reports, reviews, fellow assignees and sub-tasks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GetTask {
    pub id: Id,
}
call!(GetTask, "get_task" => Box<TaskView>);

/// A committee's roll-up: `org_id` itself, then each organisation directly below it,
/// with its subtree's tasks counted open, done on time, late and overdue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskStats {
    pub org_id: Id,
}
call!(TaskStats, "task_stats" => Vec<OrgTaskCounts>);
