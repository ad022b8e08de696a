//! One agenda: the occurrences of own and committee entries, meetings, task due dates
//! and study deadlines in a window, each linking to its item, and the reminders due
//! from it. Pure: the replica gathers the items, this orders them and says when to
//! remind.

use crate::ids::Id;
use serde::{Deserialize, Serialize};

/// Where an agenda item comes from (and so which screen it opens).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// The member's own entry.
    Own,
    /// A committee's published entry.
    Committee,
    Meeting,
    /// A task's due date (all day).
    TaskDue,
    /// A study assignment's deadline (all day).
    StudyDue,
}

/// One occurrence on the agenda.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub kind: ItemKind,
    /// The entry, meeting, task or study assignment it opens.
    pub id: Id,
    pub title: String,
    #[serde(default)]
    pub place: String,
    /// The organisation it comes from (empty for own entries).
    #[serde(default)]
    pub org_name: String,
    pub starts_at: u64,
    pub ends_at: u64,
    #[serde(default)]
    pub all_day: bool,
    /// Whether the entry repeats.
    #[serde(default)]
    pub recurring: bool,
}

/// Earliest first; all-day items before timed ones on the same start; then by kind,
/// title and id, so every device lists the same agenda in the same order.
pub fn sort(items: &mut [AgendaItem]) {
    items.sort_by(|a, b| {
        (a.starts_at, !a.all_day, a.kind)
            .cmp(&(b.starts_at, !b.all_day, b.kind))
            .then_with(|| crate::vn::compare(&a.title, &b.title))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// A reminder of one agenda item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reminder {
    pub item: AgendaItem,
    /// Unix ms: when to notify.
    pub remind_at: u64,
}

/// When to remind of each item: `lead_minutes` before a timed item; at 07:00 local time
/// (`tz_offset_min`) on the day of an all-day item (a due date, a deadline). Only
/// meetings, own and committee entries and task due dates remind.
pub fn reminders(items: &[AgendaItem], lead_minutes: u32, tz_offset_min: i32) -> Vec<Reminder> {
    let mut out: Vec<Reminder> = items
        .iter()
        .filter(|i| i.kind != ItemKind::StudyDue)
        .map(|i| {
            let remind_at = if i.all_day {
                let (day, _) = super::calendar::Date::at(i.starts_at, tz_offset_min);
                day.unix_ms(7 * 60, tz_offset_min)
            } else {
                i.starts_at.saturating_sub(u64::from(lead_minutes) * 60_000)
            };
            Reminder {
                item: i.clone(),
                remind_at,
            }
        })
        .collect();
    out.sort_by_key(|r| (r.remind_at, r.item.id));
    out
}

/// The reminders that fall due in `(after_ms, now_ms]`: what a device notifies of when
/// it wakes at `now_ms`, having notified up to `after_ms` before.
pub fn due(reminders: &[Reminder], after_ms: u64, now_ms: u64) -> Vec<Reminder> {
    reminders
        .iter()
        .filter(|r| r.remind_at > after_ms && r.remind_at <= now_ms)
        .cloned()
        .collect()
}
