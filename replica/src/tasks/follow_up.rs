//! The tasks a meeting's approved minutes give its organisation (issue 14): each
//! conclusion marked `to_task` becomes a task of the meeting's organisation
//! (`Task::follow_ups`), written in the same transaction as the approval. Every field
//! is derived from the meeting and the conclusion, so approving on two devices, or
//! approving a later version that keeps the conclusion, writes the same row again and
//! the merge leaves one task.

use crate::db::edits::LocalWrite;
use sotay_model::meetings::{Meeting, Minutes};
use sotay_model::row::Row;
use sotay_model::tasks::Task;
use sotay_model::{Entity, Id};

/// The task rows of the minutes' conclusions marked `to_task`, approved by `chair`.
pub fn writes(meeting: &Meeting, minutes: &Minutes, chair: Id) -> Vec<LocalWrite<'static>> {
    Task::follow_ups(meeting, minutes, chair)
        .into_iter()
        .map(|t| (Entity::Task, t.id, t.to_fields(), false))
        .collect()
}
