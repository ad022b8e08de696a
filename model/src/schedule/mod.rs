//! The personal and committee work schedule (issue 15, lịch công tác): entries
//! ([`entry`]: a committee's published ones and a member's own, private ones) with
//! recurrence ([`recurrence`]), one agenda merging them with meetings, task due dates
//! and study deadlines ([`agenda`], with the reminders due), the `.ics` export
//! ([`ics`]) and civil-date arithmetic ([`calendar`]).
//!
//! ```
//! use sotay_model::schedule::calendar::Date;
//! use sotay_model::schedule::recurrence::{Recurrence, Rule};
//! // The third Thursday of every month, from 1 January 2026.
//! let r = Recurrence { rule: Rule::MonthlyNth { nth: 3, weekday: 3 }, until: None,
//!                      count: Some(3), exceptions: vec![] };
//! let first = Date { year: 2026, month: 1, day: 15 };
//! let days: Vec<String> = r.dates(first, first, Date { year: 2026, month: 12, day: 31 })
//!     .iter().map(|d| d.iso()).collect();
//! assert_eq!(days, ["2026-01-15", "2026-02-19", "2026-03-19"]);
//! ```

pub mod agenda;
pub mod api;
pub mod calendar;
pub mod entry;
pub mod ics;
pub mod recurrence;
pub mod requests;

pub use agenda::{AgendaItem, ItemKind, Reminder};
pub use entry::{Occurrence, PersonalEntry, ScheduleEntry, Timing};
pub use recurrence::{Recurrence, Rule};

#[cfg(test)]
mod tests;
