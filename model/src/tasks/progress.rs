//! A task's state, derived from its events (reports and reviews) by one rule that
//! depends only on the SET of events, so every device holding the same events shows
//! the same state, whatever order they arrived in. Events are ordered by their stamp
//! (HLC, ties impossible: the stamp holds the device id).
//!
//! The rule:
//! 1. Progress is the percent of the latest report (0 with none); a confirmed task
//!    shows 100.
//! 2. The status is decided by the latest of: the reports marked finished, and the
//!    reviews. None: `Open` (`InProgress` once any report exists). A finished report:
//!    `Submitted` (waits for the assigner). A confirmation: `Done`. A return:
//!    `Returned` (open again, with the reason) until a later finished report.
//! 3. Overdue is computed, never stored: not `Done` and today is after the due date.
//!    A `Done` task was done on the day of the finished report the confirmation
//!    followed (or of the confirmation itself, when none preceded it): on time when
//!    that day is not after the due date, late otherwise.
//!
//! Days are Vietnam calendar days (UTC+7): due dates are set and read there.

use super::events::{Decision, ProgressReport, TaskReview};
use super::task::Task;
use crate::hlc::Hlc;
use serde::{Deserialize, Serialize};

/// Where a task stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    /// Chưa báo cáo
    Open,
    /// Đang thực hiện
    InProgress,
    /// Chờ xác nhận hoàn thành
    Submitted,
    /// Bị trả lại
    Returned,
    /// Đã hoàn thành (xác nhận)
    Done,
}

impl TaskStatus {
    pub fn is_done(self) -> bool {
        self == TaskStatus::Done
    }
}

/// The bucket a task counts in on a committee's roll-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// Not done, not past its due date.
    Open,
    /// Done on or before its due date.
    OnTime,
    /// Done after its due date.
    Late,
    /// Not done and past its due date.
    Overdue,
}

/// The state of one task, derived.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskState {
    pub status: TaskStatus,
    pub percent: u8,
    pub overdue: bool,
    /// The day it was done (yyyy-mm-dd), when `Done`.
    pub done_on: Option<String>,
    /// The reason of the latest return, while `Returned`.
    pub returned_reason: Option<String>,
    pub bucket: Bucket,
}

/// The Vietnam calendar day (yyyy-mm-dd) of a Unix time in ms.
pub fn vn_day(ms: u64) -> String {
    let t = crate::meetings::VnDateTime::from_ms(ms);
    format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
}

enum Turn<'a> {
    Finished(&'a ProgressReport),
    Review(&'a TaskReview),
}

impl Turn<'_> {
    fn hlc(&self) -> Hlc {
        match self {
            Turn::Finished(r) => r.hlc,
            Turn::Review(r) => r.hlc,
        }
    }
}

/// The state of `task` given ALL its events held, on the Vietnam day `today`.
pub fn derive(
    task: &Task,
    reports: &[ProgressReport],
    reviews: &[TaskReview],
    today: &str,
) -> TaskState {
    let mine = |id| id == task.id;
    let latest_report = reports
        .iter()
        .filter(|r| mine(r.task_id))
        .max_by_key(|r| r.hlc);
    let mut turns: Vec<Turn> = reports
        .iter()
        .filter(|r| mine(r.task_id) && r.finished)
        .map(Turn::Finished)
        .chain(reviews.iter().filter(|r| mine(r.task_id)).map(Turn::Review))
        .collect();
    turns.sort_by_key(Turn::hlc);
    let (status, done_on, returned_reason) = match turns.last() {
        None if latest_report.is_some() => (TaskStatus::InProgress, None, None),
        None => (TaskStatus::Open, None, None),
        Some(Turn::Finished(_)) => (TaskStatus::Submitted, None, None),
        Some(Turn::Review(r)) if r.decision == Decision::Returned => {
            (TaskStatus::Returned, None, Some(r.reason.clone()))
        }
        Some(Turn::Review(r)) => {
            // The finished report this confirmation followed, if one came since the
            // last return (a second confirmation, from another device, changes
            // nothing).
            let followed = turns[..turns.len() - 1].iter().rev().find_map(|t| match t {
                Turn::Finished(f) => Some(Some(f.hlc)),
                Turn::Review(x) if x.decision == Decision::Returned => Some(None),
                Turn::Review(_) => None,
            });
            let at = followed.flatten().unwrap_or(r.hlc);
            (TaskStatus::Done, Some(vn_day(at.wall_ms)), None)
        }
    };
    let percent = if status.is_done() {
        100
    } else {
        latest_report.map_or(0, |r| r.percent)
    };
    let overdue = !status.is_done() && today > task.due_date.as_str();
    let bucket = match (&done_on, overdue) {
        (Some(day), _) if day.as_str() <= task.due_date.as_str() => Bucket::OnTime,
        (Some(_), _) => Bucket::Late,
        (None, true) => Bucket::Overdue,
        (None, false) => Bucket::Open,
    };
    TaskState {
        status,
        percent,
        overdue,
        done_on,
        returned_reason,
        bucket,
    }
}

/// Counts per bucket: a committee's roll-up of an organisation's tasks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskCounts {
    pub open: u32,
    pub on_time: u32,
    pub late: u32,
    pub overdue: u32,
}

impl TaskCounts {
    pub fn add(&mut self, bucket: Bucket) {
        match bucket {
            Bucket::Open => self.open += 1,
            Bucket::OnTime => self.on_time += 1,
            Bucket::Late => self.late += 1,
            Bucket::Overdue => self.overdue += 1,
        }
    }
    pub fn total(&self) -> u32 {
        self.open + self.on_time + self.late + self.overdue
    }
}
