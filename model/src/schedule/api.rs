//! The Api's schedule types (issue 15): what the schedule requests carry and answer.

use super::agenda::ItemKind;
use super::entry::Timing;
use super::recurrence::Recurrence;
use crate::ids::Id;
use serde::{Deserialize, Serialize};

/// A new entry: the member's own when `org_id` is absent, else the committee's
/// published entry of that organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<Id>,
    pub title: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub notes: String,
    /// Committee entries: members named to attend (empty: the whole organisation).
    #[serde(default)]
    pub attendees: Vec<Id>,
    #[serde(flatten)]
    pub timing: Timing,
}

/// Only the fields present change. `recurrence: null` stops a repetition;
/// `skip_date` cancels one occurrence (adds an exception).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EntryPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendees: Option<Vec<Id>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_day: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<Option<Recurrence>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_date: Option<String>,
}

/// One entry as its screen shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryView {
    /// `own` or `committee`.
    pub kind: ItemKind,
    pub id: Id,
    pub org_id: Id,
    pub org_name: String,
    pub title: String,
    pub place: String,
    pub notes: String,
    pub attendees: Vec<Id>,
    #[serde(flatten)]
    pub timing: Timing,
    pub may_edit: bool,
}
