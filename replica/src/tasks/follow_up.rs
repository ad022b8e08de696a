//! The tasks a meeting's approved minutes give its organisation (issue 14): each
//! conclusion marked `to_task` becomes a task of the meeting's organisation, written in
//! the same transaction as the approval. Every field is derived from the meeting and
//! the conclusion (the id by `Task::follow_up_id`), so approving on two devices, or
//! approving a later version that keeps the conclusion, writes the same row again and
//! the merge leaves one task.

use crate::db::edits::LocalWrite;
use sotay_model::meetings::{Meeting, Minutes};
use sotay_model::row::Row;
use sotay_model::tasks::task::{MAX_SOURCE_TEXT, MAX_TITLE};
use sotay_model::tasks::{vn_day, Priority, SourceKind, Task};
use sotay_model::{Entity, Id};

/// A follow-up is due this many days after the meeting.
pub const DUE_AFTER_DAYS: u64 = 30;

/// The task rows of the minutes' conclusions marked `to_task`, approved by `chair`.
pub fn writes(meeting: &Meeting, minutes: &Minutes, chair: Id) -> Vec<LocalWrite<'static>> {
    let conclusions = minutes
        .items
        .iter()
        .flat_map(|i| i.conclusions.iter())
        .chain(minutes.conclusions.iter())
        .filter(|c| c.to_task && !c.text.trim().is_empty());
    let start_date = vn_day(meeting.starts_at);
    let due_date = vn_day(meeting.starts_at + DUE_AFTER_DAYS * 86_400_000);
    let mut out: Vec<LocalWrite<'static>> = Vec::new();
    let mut seen = Vec::new();
    for c in conclusions {
        let words: String = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let text: String = words.chars().take(MAX_SOURCE_TEXT).collect();
        let id = Task::follow_up_id(meeting.id, &text);
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        let task = Task {
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
        };
        out.push((Entity::Task, id, task.to_fields(), false));
    }
    out
}
