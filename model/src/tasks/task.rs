//! The task row (nhiệm vụ). One row is one assignment: the same work given to three
//! members and two lower organisations is five rows sharing a `group_id`, so each row
//! has one assignee and lives where that assignee does:
//!
//! - `org_id` (owns the row) is the assignee's organisation: the member's cell, or the
//!   organisation the task is given to. Its members and its committees, and the
//!   committees above, read it there (`permissions`); nobody in another cell does.
//! - `assigner_org_id` is the organisation whose committee or office gave it; only
//!   that office edits, withdraws, confirms or returns it (`Relation::Assigner`).
//! - A task given to an organisation may be split by that organisation's committee
//!   into sub-tasks (`parent_id`), whose `assigner_org_id` is that organisation.
//!
//! Wire fields: see [`FIELDS`]; those in [`IMMUTABLE`] are fixed at creation.

use crate::change::RowState;
use crate::fields::{enum_from, id_field, text, valid_date};
use crate::ids::Id;
use crate::meetings::meeting::{optional_id, optional_text};
use crate::meetings::{Meeting, Minutes};
use crate::tasks::progress::vn_day;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Độ ưu tiên.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    #[default]
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Urgent,
    ];
}

/// Where the task comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// Free text (`source_text`).
    #[default]
    Free,
    /// A document of the library (`source_id` names it).
    Document,
    /// A conclusion of a meeting's approved minutes (`source_id` names the meeting).
    Conclusion,
    /// A recommendation of an inspection's conclusion (`source_id` names the case,
    /// which the inspected organisation cannot read; `source_text` says it in words).
    Inspection,
}

/// A task as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: Id,
    /// The assignee's organisation (their cell, or the organisation assigned).
    pub org_id: Id,
    /// The organisation that assigned it.
    pub assigner_org_id: Id,
    /// The member who assigned it (for display; the right is the office's).
    pub assigned_by: Id,
    /// The member assigned; `None`: the organisation `org_id` as a whole, reported on
    /// by its committee and office.
    pub assignee_id: Option<Id>,
    /// The assignment this row is one copy of (one per assignee).
    pub group_id: Id,
    /// The organisation task this one splits (sub-task).
    pub parent_id: Option<Id>,
    pub title: String,
    pub content: String,
    pub source_kind: SourceKind,
    pub source_id: Option<Id>,
    /// The source in words ("Nghị quyết 57-NQ/TW", a conclusion's text).
    pub source_text: String,
    /// yyyy-mm-dd
    pub start_date: String,
    /// yyyy-mm-dd, not before `start_date`.
    pub due_date: String,
    pub priority: Priority,
}

pub const FIELDS: &[&str] = &[
    "org_id",
    "assigner_org_id",
    "assigned_by",
    "assignee_id",
    "group_id",
    "parent_id",
    "title",
    "content",
    "source_kind",
    "source_id",
    "source_text",
    "start_date",
    "due_date",
    "priority",
];

pub const IMMUTABLE: &[&str] = &[
    "org_id",
    "assigner_org_id",
    "assigned_by",
    "assignee_id",
    "group_id",
    "parent_id",
    "source_kind",
    "source_id",
];

pub const MAX_TITLE: usize = 300;
pub const MAX_CONTENT: usize = 10_000;
pub const MAX_SOURCE_TEXT: usize = 1_000;
/// A meeting's follow-up task is due this many days after the meeting.
pub const FOLLOW_UP_DAYS: u64 = 30;

fn date_field(row: &RowState, field: &str) -> Result<String, String> {
    let s = text(row, field, 10)?;
    if valid_date(&s) {
        Ok(s)
    } else {
        Err(format!(
            "{} không phải là ngày hợp lệ",
            crate::fields::label(field)
        ))
    }
}

impl Task {
    pub fn from_row(row: &RowState) -> Result<Task, String> {
        let start_date = date_field(row, "start_date")?;
        let due_date = date_field(row, "due_date")?;
        if due_date < start_date {
            return Err("Hạn hoàn thành không được trước ngày bắt đầu".into());
        }
        let source_kind: SourceKind = enum_from(row, "source_kind")?;
        let source_id = optional_id(row, "source_id")?;
        if source_kind != SourceKind::Free && source_id.is_none() {
            return Err("nhiệm vụ từ văn bản hay kết luận phải chỉ ra nguồn".into());
        }
        Ok(Task {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            assigner_org_id: id_field(row, "assigner_org_id")?,
            assigned_by: id_field(row, "assigned_by")?,
            assignee_id: optional_id(row, "assignee_id")?,
            group_id: id_field(row, "group_id")?,
            parent_id: optional_id(row, "parent_id")?,
            title: text(row, "title", MAX_TITLE)?,
            content: optional_text(row, "content", MAX_CONTENT)?,
            source_kind,
            source_id,
            source_text: optional_text(row, "source_text", MAX_SOURCE_TEXT)?,
            start_date,
            due_date,
            priority: enum_from(row, "priority")?,
        })
    }

    /// The id of the task a meeting's conclusion becomes: the same on every device
    /// that approves the minutes, and for the same conclusion carried into a later
    /// version, so approving twice (or on two devices) makes it once.
    pub fn follow_up_id(meeting_id: Id, conclusion: &str) -> Id {
        let mut h = Sha256::new();
        h.update(b"sotay follow-up task\0");
        h.update(meeting_id.0.as_bytes());
        let words: Vec<&str> = conclusion.split_whitespace().collect();
        h.update(words.join(" ").to_lowercase().as_bytes());
        let d = h.finalize();
        let mut b = [0u8; 16];
        b.copy_from_slice(&d[..16]);
        // Version 8 (custom), RFC 4122 variant: a valid UUID no device makes randomly.
        b[6] = (b[6] & 0x0f) | 0x80;
        b[8] = (b[8] & 0x3f) | 0x80;
        Id(uuid::Uuid::from_bytes(b))
    }

    /// The tasks a meeting's approved minutes give its organisation: one per distinct
    /// conclusion marked `to_task`, every field derived from the meeting and the
    /// conclusion (due [`FOLLOW_UP_DAYS`] after the meeting), so that every device, and
    /// the server's demo, makes the same rows.
    pub fn follow_ups(meeting: &Meeting, minutes: &Minutes, chair: Id) -> Vec<Task> {
        let conclusions = minutes
            .items
            .iter()
            .flat_map(|i| i.conclusions.iter())
            .chain(minutes.conclusions.iter())
            .filter(|c| c.to_task && !c.text.trim().is_empty());
        let start_date = vn_day(meeting.starts_at);
        let due_date = vn_day(meeting.starts_at + FOLLOW_UP_DAYS * 86_400_000);
        let mut out: Vec<Task> = Vec::new();
        for c in conclusions {
            let words = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let text: String = words.chars().take(MAX_SOURCE_TEXT).collect();
            let id = Task::follow_up_id(meeting.id, &text);
            if out.iter().any(|t| t.id == id) {
                continue;
            }
            out.push(Task {
                id,
                org_id: meeting.org_id,
                assigner_org_id: meeting.org_id,
                assigned_by: chair,
                assignee_id: None,
                group_id: id,
                parent_id: None,
                title: text.chars().take(MAX_TITLE).collect(),
                content: String::new(),
                source_kind: SourceKind::Conclusion,
                source_id: Some(meeting.id),
                source_text: text,
                start_date: start_date.clone(),
                due_date: due_date.clone(),
                priority: Priority::Normal,
            });
        }
        out
    }

    /// Whether the task was given to the organisation as a whole.
    pub fn to_organisation(&self) -> bool {
        self.assignee_id.is_none()
    }
}

crate::row::org_row!(Task, Task, FIELDS, IMMUTABLE);
