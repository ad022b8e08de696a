//! Schedule entries (lịch công tác): a committee's published entries and a member's
//! own. They are two entities because their readers differ, and the permission table
//! decides by entity: a committee's entry (`ScheduleEntry`) is read by its
//! organisation's members and by the members of the organisations below it, and by the
//! committees above; a member's own entry (`PersonalEntry`) is read by its owner's
//! devices alone (no committee rule: the server never selects it for anyone else).
//!
//! Times are Unix ms (UTC) with the fixed UTC offset the entry was made in
//! (`tz_offset_min`, +420 in Vietnam): a recurring entry repeats at the same local
//! time in that offset. An all-day entry starts at local midnight.

use super::calendar::Date;
use super::recurrence::Recurrence;
use crate::change::RowState;
use crate::fields::{id_field, text};
use crate::ids::Id;
use crate::meetings::meeting::{list, number, optional_text};
use serde::{Deserialize, Serialize};

pub const MAX_TITLE: usize = 300;
pub const MAX_NOTES: usize = 5_000;
pub const MAX_ATTENDEES: usize = 500;
/// One occurrence lasts at most two weeks.
pub const MAX_LENGTH_MS: u64 = 14 * 86_400_000;

/// When an entry happens: the part both kinds share.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timing {
    pub starts_at: u64,
    pub ends_at: u64,
    #[serde(default)]
    pub all_day: bool,
    /// Minutes east of UTC the entry was made in (Vietnam: 420).
    pub tz_offset_min: i32,
    /// Written as null when absent, so that an edit can stop a repetition.
    #[serde(default)]
    pub recurrence: Option<Recurrence>,
}

/// One occurrence of an entry, in Unix ms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Occurrence {
    pub starts_at: u64,
    pub ends_at: u64,
}

impl Timing {
    fn read(row: &RowState) -> Result<Timing, String> {
        let starts_at = number(row, "starts_at")?;
        let ends_at = number(row, "ends_at")?;
        if ends_at < starts_at || ends_at - starts_at > MAX_LENGTH_MS {
            return Err("giờ kết thúc phải sau giờ bắt đầu, trong vòng 14 ngày".into());
        }
        let all_day = match row.fields.get("all_day").map(|f| &f.value) {
            None | Some(serde_json::Value::Null) => false,
            Some(serde_json::Value::Bool(b)) => *b,
            Some(_) => return Err("trường cả ngày phải là đúng hoặc sai".into()),
        };
        let tz_offset_min = row
            .fields
            .get("tz_offset_min")
            .and_then(|f| f.value.as_i64())
            .filter(|m| (-14 * 60..=14 * 60).contains(m))
            .ok_or("múi giờ của lịch không hợp lệ")? as i32;
        let recurrence: Option<Recurrence> = match row.fields.get("recurrence").map(|f| &f.value) {
            None | Some(serde_json::Value::Null) => None,
            Some(v) => Some(
                serde_json::from_value(v.clone()).map_err(|_| "quy tắc lặp lại không hợp lệ")?,
            ),
        };
        if let Some(r) = &recurrence {
            r.check()?;
        }
        Ok(Timing {
            starts_at,
            ends_at,
            all_day,
            tz_offset_min,
            recurrence,
        })
    }

    /// The occurrences overlapping `[from_ms, to_ms)`, earliest first.
    pub fn occurrences(&self, from_ms: u64, to_ms: u64) -> Vec<Occurrence> {
        let length = self.ends_at - self.starts_at;
        let tz = self.tz_offset_min;
        let (first, minute) = Date::at(self.starts_at, tz);
        let dates = match &self.recurrence {
            None => vec![first],
            Some(r) => {
                // An occurrence that began before `from` may still overlap it.
                let (from, _) = Date::at(from_ms.saturating_sub(length), tz);
                let (to, _) = Date::at(to_ms, tz);
                r.dates(first, from, to)
            }
        };
        dates
            .into_iter()
            .map(|d| {
                let starts_at = d.unix_ms(minute, tz);
                Occurrence {
                    starts_at,
                    ends_at: starts_at + length,
                }
            })
            .filter(|o| o.starts_at < to_ms && (o.ends_at > from_ms || o.starts_at >= from_ms))
            .collect()
    }
}

/// A committee's published entry (lịch công tác của cấp ủy).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduleEntry {
    pub id: Id,
    /// The publishing organisation; owns the row.
    pub org_id: Id,
    pub published_by: Id,
    pub title: String,
    pub place: String,
    pub notes: String,
    /// Members named to attend; empty: the whole organisation.
    pub attendees: Vec<Id>,
    #[serde(flatten)]
    pub timing: Timing,
}

pub const ENTRY_FIELDS: &[&str] = &[
    "org_id",
    "published_by",
    "title",
    "place",
    "notes",
    "attendees",
    "starts_at",
    "ends_at",
    "all_day",
    "tz_offset_min",
    "recurrence",
];

impl ScheduleEntry {
    pub fn from_row(row: &RowState) -> Result<ScheduleEntry, String> {
        Ok(ScheduleEntry {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            published_by: id_field(row, "published_by")?,
            title: text(row, "title", MAX_TITLE)?,
            place: optional_text(row, "place", MAX_TITLE)?,
            notes: optional_text(row, "notes", MAX_NOTES)?,
            attendees: list(row, "attendees", MAX_ATTENDEES)?,
            timing: Timing::read(row)?,
        })
    }

    /// Whether the entry is on `member`'s agenda.
    pub fn concerns(&self, member: Id) -> bool {
        self.attendees.is_empty() || self.attendees.contains(&member)
    }
}

/// A member's own entry, private to their devices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonalEntry {
    pub id: Id,
    /// The owner's cell when the entry was made (where the row sits).
    pub org_id: Id,
    pub owner_id: Id,
    pub title: String,
    pub place: String,
    pub notes: String,
    #[serde(flatten)]
    pub timing: Timing,
}

pub const PERSONAL_FIELDS: &[&str] = &[
    "org_id",
    "owner_id",
    "title",
    "place",
    "notes",
    "starts_at",
    "ends_at",
    "all_day",
    "tz_offset_min",
    "recurrence",
];

impl PersonalEntry {
    pub fn from_row(row: &RowState) -> Result<PersonalEntry, String> {
        Ok(PersonalEntry {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            owner_id: id_field(row, "owner_id")?,
            title: text(row, "title", MAX_TITLE)?,
            place: optional_text(row, "place", MAX_TITLE)?,
            notes: optional_text(row, "notes", MAX_NOTES)?,
            timing: Timing::read(row)?,
        })
    }
}

crate::row::org_row!(
    ScheduleEntry,
    ScheduleEntry,
    ENTRY_FIELDS,
    &["org_id", "published_by"]
);
crate::row::org_row!(
    PersonalEntry,
    PersonalEntry,
    PERSONAL_FIELDS,
    &["org_id", "owner_id"]
);
