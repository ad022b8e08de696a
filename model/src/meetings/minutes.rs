//! Versions of a meeting's minutes (biên bản). A version is drafted (by the minute-taker,
//! the chair, the committee or office), then approved by the meeting's chair; the
//! server then refuses every change to it, from any device and any request. A change
//! after approval is a new version (`version` + 1, `previous_id`, a `reason`).
//!
//! Wire fields: see [`FIELDS`]. `meeting_id`, `org_id`, `version` and `previous_id`
//! are fixed at creation.

use super::meeting::{list, number, optional_id, optional_text};
use crate::change::RowState;
use crate::fields::{enum_from, id_field};
use crate::ids::Id;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MinutesStatus {
    /// Dự thảo
    Draft,
    /// Đã duyệt (locked)
    Approved,
}

/// A conclusion; `to_task` marks it to become a task (the tasks feature picks these
/// up), `task_id` links the task once made.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Conclusion {
    pub text: String,
    #[serde(default)]
    pub to_task: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<Id>,
}

/// The content recorded for one agenda item.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MinutesItemContent {
    pub title: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub opinions: String,
    #[serde(default)]
    pub conclusions: Vec<Conclusion>,
}

/// A vote taken at the meeting (biểu quyết).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Vote {
    pub question: String,
    pub agree: u32,
    pub disagree: u32,
    #[serde(default)]
    pub abstain: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Minutes {
    pub id: Id,
    pub meeting_id: Id,
    /// The meeting's organisation.
    pub org_id: Id,
    /// 1, 2, …
    pub version: u32,
    /// The version this one replaces (set from version 2 on).
    pub previous_id: Option<Id>,
    /// Why this version was made (required from version 2 on).
    pub reason: String,
    pub items: Vec<MinutesItemContent>,
    /// Conclusions of the meeting as a whole.
    pub conclusions: Vec<Conclusion>,
    pub votes: Vec<Vote>,
    pub status: MinutesStatus,
    /// The chair who approved it.
    pub approved_by: Option<Id>,
}

pub const FIELDS: &[&str] = &[
    "meeting_id",
    "org_id",
    "version",
    "previous_id",
    "reason",
    "items",
    "conclusions",
    "votes",
    "status",
    "approved_by",
];

pub const MAX_TEXT: usize = 50_000;
pub const MAX_ITEMS: usize = 50;

fn check_text(what: &str, s: &str, max: usize) -> Result<(), String> {
    if s.chars().count() > max {
        return Err(format!("{what} dài quá {max} ký tự"));
    }
    Ok(())
}

fn check_conclusions(c: &[Conclusion]) -> Result<(), String> {
    if c.len() > MAX_ITEMS {
        return Err(format!("có quá {MAX_ITEMS} kết luận"));
    }
    for x in c {
        if x.text.trim().is_empty() {
            return Err("một kết luận không được để trống".into());
        }
        check_text("kết luận", &x.text, 5_000)?;
    }
    Ok(())
}

impl Minutes {
    pub fn from_row(row: &RowState) -> Result<Minutes, String> {
        let version = number(row, "version")?;
        if version == 0 || version > 1_000 {
            return Err("số phiên bản biên bản phải từ 1 đến 1000".into());
        }
        let previous_id = optional_id(row, "previous_id")?;
        let reason = optional_text(row, "reason", 2_000)?;
        if version > 1 && (previous_id.is_none() || reason.is_empty()) {
            return Err("phiên bản mới của biên bản phải ghi phiên bản trước và lý do".into());
        }
        let items: Vec<MinutesItemContent> = list(row, "items", MAX_ITEMS)?;
        for i in &items {
            if i.title.trim().is_empty() {
                return Err("mỗi mục của biên bản phải có tiêu đề".into());
            }
            check_text("tiêu đề mục", &i.title, 500)?;
            check_text("nội dung", &i.content, MAX_TEXT)?;
            check_text("ý kiến", &i.opinions, MAX_TEXT)?;
            check_conclusions(&i.conclusions)?;
        }
        let conclusions: Vec<Conclusion> = list(row, "conclusions", MAX_ITEMS)?;
        check_conclusions(&conclusions)?;
        let votes: Vec<Vote> = list(row, "votes", MAX_ITEMS)?;
        for v in &votes {
            if v.question.trim().is_empty() {
                return Err("mỗi lần biểu quyết phải ghi nội dung".into());
            }
            check_text("nội dung biểu quyết", &v.question, 1_000)?;
        }
        let status: MinutesStatus = enum_from(row, "status")?;
        let approved_by = optional_id(row, "approved_by")?;
        if status == MinutesStatus::Approved && approved_by.is_none() {
            return Err("biên bản đã duyệt phải ghi người duyệt".into());
        }
        Ok(Minutes {
            id: row.row_id,
            meeting_id: id_field(row, "meeting_id")?,
            org_id: id_field(row, "org_id")?,
            version: version as u32,
            previous_id,
            reason,
            items,
            conclusions,
            votes,
            status,
            approved_by,
        })
    }
}

crate::row::org_row!(
    Minutes,
    Minutes,
    FIELDS,
    &["meeting_id", "org_id", "version", "previous_id"]
);
