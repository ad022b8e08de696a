//! The schedule's Api calls (issue 15), each typed by its request, and the delivery
//! of the `.ics` export: the desktop app opens it, a browser downloads it from the
//! headless host (`GET /exports/{name}` with the token header, as the minutes do).

use crate::transport::ask;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::schedule::api::{EntryPatch, EntryView, NewEntry};
use sotay_model::schedule::requests::{
    AgendaReminders, CreateScheduleEntry, DeleteScheduleEntry, ExportAgenda, GetAgenda,
    GetReminderLead, GetScheduleEntry, SetReminderLead, UpdateScheduleEntry,
};
use sotay_model::schedule::{AgendaItem, Reminder};

pub async fn agenda(from_ms: u64, to_ms: u64) -> Result<Vec<AgendaItem>, ApiError> {
    ask(GetAgenda { from_ms, to_ms }).await
}

pub async fn get(id: Id) -> Result<EntryView, ApiError> {
    ask(GetScheduleEntry { id }).await
}

pub async fn create(new: NewEntry) -> Result<Id, ApiError> {
    ask::<CreateScheduleEntry>(new).await
}

pub async fn update(id: Id, patch: EntryPatch) -> Result<(), ApiError> {
    ask(UpdateScheduleEntry { id, patch }).await
}

/// Cancel the occurrence on `date` (`yyyy-mm-dd`) of a repeating entry.
pub async fn skip(id: Id, date: String) -> Result<(), ApiError> {
    let patch = EntryPatch {
        skip_date: Some(date),
        ..Default::default()
    };
    update(id, patch).await
}

pub async fn delete(id: Id) -> Result<(), ApiError> {
    ask(DeleteScheduleEntry { id }).await
}

/// The reminders of the next 48 hours (the screen's list), at the device's lead.
pub async fn coming_reminders() -> Result<Vec<Reminder>, ApiError> {
    ask(AgendaReminders {
        within_hours: None,
        lead_minutes: None,
        after_ms: None,
    })
    .await
}

/// The reminders that came due after `after_ms` (the in-page notices), at the device's
/// lead: the same setting the app's OS notifications use.
pub async fn due_reminders(after_ms: u64) -> Result<Vec<Reminder>, ApiError> {
    ask(AgendaReminders {
        within_hours: None,
        lead_minutes: None,
        after_ms: Some(after_ms),
    })
    .await
}

/// The device's reminder lead, in minutes.
pub async fn lead() -> Result<u32, ApiError> {
    ask(GetReminderLead {}).await
}

pub async fn set_lead(lead_minutes: u32) -> Result<(), ApiError> {
    ask(SetReminderLead { lead_minutes }).await
}

/// Write the agenda of `[from_ms, to_ms)` as an `.ics` file and deliver it; answers
/// the file's name.
pub async fn export(from_ms: u64, to_ms: u64) -> Result<String, ApiError> {
    let name = ask(ExportAgenda {
        from_ms,
        to_ms,
        meeting_id: None,
    })
    .await?
    .name;
    crate::exports::deliver(&name, "schedule-export-download").await?;
    Ok(name)
}
