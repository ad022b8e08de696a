//! Hooks shared by the screens.

mod use_app;
mod use_once;
mod use_orgs;
mod use_status_poll;

pub use use_app::{use_app, AppHandle};
pub use use_once::{use_once, Gate, OnceGate, OnceHandle};
pub use use_orgs::use_orgs;
pub use use_status_poll::use_status_poll;
