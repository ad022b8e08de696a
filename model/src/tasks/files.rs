//! Files on a task and on its progress reports (issue 14): the assigning office's
//! papers on the task, the assignee's photo or PDF on a report.
//!
//! Not an [`Attachment`]: those are read like their document (the organisation and
//! every one below it), and a task is read by its own organisation only. A task file
//! sits and is read exactly where its task is (`org_id` is the task's), so a file on an
//! organisation's task never reaches a cell below it. Like reports, a file never
//! changes; it is removed by a delete.

use crate::change::RowState;
use crate::fields::id_field;
use crate::ids::Id;
use crate::meetings::meeting::optional_id;
use crate::study::{file_facts, Attachment};
use serde::{Deserialize, Serialize};

/// Tệp đính kèm nhiệm vụ hoặc báo cáo tiến độ.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskFile {
    pub id: Id,
    pub task_id: Id,
    /// The report it belongs to; none for a file on the task itself.
    pub report_id: Option<Id>,
    pub org_id: Id,
    /// Who attached it (the server refuses anyone else).
    pub member_id: Id,
    pub name: String,
    pub mime: String,
    pub size: u64,
    pub sha256: String,
}

pub const TASK_FILE_FIELDS: &[&str] = &[
    "task_id",
    "report_id",
    "org_id",
    "member_id",
    "name",
    "mime",
    "size",
    "sha256",
];

impl TaskFile {
    pub fn from_row(row: &RowState) -> Result<TaskFile, String> {
        let (name, mime, size, sha256) = file_facts(row)?;
        Ok(TaskFile {
            id: row.row_id,
            task_id: id_field(row, "task_id")?,
            report_id: optional_id(row, "report_id")?,
            org_id: id_field(row, "org_id")?,
            member_id: id_field(row, "member_id")?,
            name,
            mime,
            size,
            sha256,
        })
    }

    /// The item it hangs on: its report, or the task.
    pub fn item(&self) -> Id {
        self.report_id.unwrap_or(self.task_id)
    }

    /// The file as the library's file view shows it (its item in `document_id`), so a
    /// device lists, fetches and opens task files with the one implementation.
    pub fn as_attachment(&self) -> Attachment {
        Attachment {
            id: self.id,
            document_id: self.item(),
            org_id: self.org_id,
            name: self.name.clone(),
            mime: self.mime.clone(),
            size: self.size,
            sha256: self.sha256.clone(),
        }
    }
}

crate::row::org_row!(TaskFile, TaskFile, TASK_FILE_FIELDS, TASK_FILE_FIELDS);
