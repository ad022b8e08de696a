//! The schedule feature's requests (issue 15): local reads and writes, judged by the
//! server at sync.

use super::agenda::{AgendaItem, Reminder};
use super::api::{EntryPatch, EntryView, NewEntry};
use crate::call;
use crate::ids::Id;
use crate::transfer::ExportedFile;
use serde::{Deserialize, Serialize};

/// Add an entry: the member's own, or (with `org_id`) the committee's.
pub type CreateScheduleEntry = NewEntry;
call!(CreateScheduleEntry, "create_schedule_entry" => Id);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UpdateScheduleEntry {
    pub id: Id,
    pub patch: EntryPatch,
}
call!(UpdateScheduleEntry, "update_schedule_entry" => ());

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeleteScheduleEntry {
    pub id: Id,
}
call!(DeleteScheduleEntry, "delete_schedule_entry" => ());

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GetScheduleEntry {
    pub id: Id,
}
call!(GetScheduleEntry, "get_schedule_entry" => EntryView);

/// Everything on the member's agenda starting in `[from_ms, to_ms)` (or running then):
/// own and committee entries, meetings, task due dates, study deadlines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GetAgenda {
    pub from_ms: u64,
    pub to_ms: u64,
}
call!(GetAgenda, "get_agenda" => Vec<AgendaItem>);

/// The reminders of the next `within_hours` (default 48), `lead_minutes` (default: the
/// device's setting, [`SetReminderLead`], else 60) before timed items and at 07:00 on due dates, for the device to schedule as OS
/// notifications; with `after_ms`, only those due in `(after_ms, now]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AgendaReminders {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_hours: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_minutes: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_ms: Option<u64>,
}
call!(AgendaReminders, "agenda_reminders" => Vec<Reminder>);

/// Write the agenda of `[from_ms, to_ms)` (or of one meeting) as an `.ics` file under
/// `HOME/exports/`, like the minutes export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportAgenda {
    #[serde(default)]
    pub from_ms: u64,
    #[serde(default)]
    pub to_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting_id: Option<Id>,
}
call!(ExportAgenda, "export_agenda" => ExportedFile);

/// How long before a timed item this device reminds: one of [`REMINDER_LEADS`]. Kept on
/// the device (not synced: a member may want an earlier warning on the phone than on
/// the office's desktop), read by the app's notifier and the page's reminders alike.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SetReminderLead {
    pub lead_minutes: u32,
}
call!(SetReminderLead, "set_reminder_lead" => ());

/// The device's reminder lead ([`SetReminderLead`]), [`DEFAULT_REMINDER_LEAD`] unset.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GetReminderLead {}
call!(GetReminderLead, "get_reminder_lead" => u32);

/// The leads a device may choose, in minutes: five minutes to a day.
pub const REMINDER_LEADS: [u32; 6] = [5, 15, 30, 60, 120, 1_440];
/// Without a setting: an hour before.
pub const DEFAULT_REMINDER_LEAD: u32 = 60;
