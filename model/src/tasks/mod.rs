//! Assigned tasks and progress reports (issue 14, nhiệm vụ; báo cáo tiến độ).
//!
//! [`task`] is the task row (one per assignee, grouped by `group_id`), [`events`] the
//! immutable reports and reviews, [`files`] the files on a task or a report, [`progress`] the one rule deriving a task's state
//! from them, [`api`] and [`requests`] what the Api carries.
//!
//! ```
//! use sotay_model::tasks::{derive, Bucket, Priority, SourceKind, Task, TaskStatus};
//! use sotay_model::Id;
//! let task = Task {
//!     id: Id::from_u128(1), org_id: Id::from_u128(2), assigner_org_id: Id::from_u128(3),
//!     assigned_by: Id::from_u128(4), assignee_id: Some(Id::from_u128(5)),
//!     group_id: Id::from_u128(6), parent_id: None, title: "Rà soát hồ sơ".into(),
//!     content: String::new(), source_kind: SourceKind::Free, source_id: None,
//!     source_text: String::new(), start_date: "2026-11-01".into(),
//!     due_date: "2026-11-30".into(), priority: Priority::Normal,
//! };
//! let state = derive(&task, &[], &[], "2026-12-06");
//! assert_eq!((state.status, state.bucket), (TaskStatus::Open, Bucket::Overdue));
//! ```

pub mod api;
pub mod events;
pub mod files;
pub mod progress;
pub mod requests;
pub mod task;

pub use events::{Decision, ProgressReport, TaskReview, REPORT_FIELDS, REVIEW_FIELDS};
pub use files::{TaskFile, TASK_FILE_FIELDS};
pub use progress::{derive, vn_day, Bucket, TaskCounts, TaskState, TaskStatus};
pub use task::{Priority, SourceKind, Task};

#[cfg(test)]
mod tests;
