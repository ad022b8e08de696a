//! The Api's task types (issue 14): what the task requests carry and answer. The
//! requests themselves are in [`super::requests`].

use super::events::{Decision, ProgressReport, TaskReview};
use super::progress::{TaskCounts, TaskState};
use super::task::{Priority, SourceKind, Task};
use crate::ids::Id;
use serde::{Deserialize, Serialize};

/// A new assignment: one task row per assignee, all sharing one group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewTask {
    /// The organisation assigning (its committee or office).
    pub assigner_org_id: Id,
    pub title: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub source_kind: SourceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<Id>,
    #[serde(default)]
    pub source_text: String,
    /// yyyy-mm-dd; today when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// yyyy-mm-dd
    pub due_date: String,
    #[serde(default)]
    pub priority: Priority,
    /// Members of the assigning organisation or below.
    #[serde(default)]
    pub members: Vec<Id>,
    /// Organisations below the assigning one (their committees own the task).
    #[serde(default)]
    pub orgs: Vec<Id>,
    /// The organisation task this one splits (the assigner must be its assignee).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Id>,
}

/// Only the fields present change, on every assignee's copy of the task.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
}

/// A progress report as the assignee writes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewReport {
    pub task_id: Id,
    pub percent: u8,
    #[serde(default)]
    pub finished: bool,
    #[serde(default)]
    pub done: String,
    #[serde(default)]
    pub difficulties: String,
    #[serde(default)]
    pub proposals: String,
}

/// Which tasks a list shows (`ListTasks::view`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskList {
    /// Given to this device's member, or to an organisation where they hold a post:
    /// overdue first, then due soonest.
    #[default]
    Mine,
    /// Given by `org_id` (by any organisation where they hold a post when absent).
    Assigned,
    /// Held by `org_id` and the organisations below it (a committee's drill-down).
    Org,
}

/// A task in a list: the row, its derived state, and names to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskCard {
    pub task: Task,
    pub state: TaskState,
    /// The member's full name, or the organisation's name for a task given to it.
    pub assignee_name: String,
    pub assigner_org_name: String,
    /// The latest report, if any.
    pub latest: Option<ProgressReport>,
}

/// A report or a review with its author's name, for the task's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TaskEvent {
    Report {
        report: ProgressReport,
        by: String,
        at_ms: u64,
    },
    Review {
        review: TaskReview,
        by: String,
        at_ms: u64,
    },
}

/// One task with everything its screen shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskView {
    pub card: TaskCard,
    /// Reports and reviews, oldest first.
    pub events: Vec<TaskEvent>,
    /// The other assignees of the same assignment, each with their state.
    pub siblings: Vec<TaskCard>,
    /// Sub-tasks the assignee organisation gave out.
    pub subtasks: Vec<TaskCard>,
    /// The organisation task this one splits, if any and held.
    pub parent: Option<TaskCard>,
    /// What this device's member may do with it.
    pub may_report: bool,
    pub may_review: bool,
    pub may_edit: bool,
    pub may_split: bool,
    /// This device's member: files go on their own reports (and, for the assigning
    /// office, `may_edit`, on the task).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub me: Option<Id>,
}

/// A committee's roll-up for one organisation directly below it (and the
/// organisation itself, first): its subtree's tasks by bucket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgTaskCounts {
    pub org_id: Id,
    pub org_name: String,
    pub counts: TaskCounts,
}

/// The assigner's decision, as the review request carries it.
pub type ReviewDecision = Decision;
