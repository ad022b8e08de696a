//! The work schedule (issue 15, lịch công tác) in the UI: one agenda of own entries,
//! the committee's schedule, meetings, task and study due dates in day, week and month
//! views (`screens`), the entry form's rules (`form`), the Api calls (`client`), the
//! strings (`strings`) and the reminders shown in the page (`reminders`). OS
//! notifications through Tauri's notification plugin are not wired yet.

pub mod client;
pub mod form;
pub mod reminders;
pub mod screens;
pub mod strings;
