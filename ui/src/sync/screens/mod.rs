//! The sync screens: the sync bar and chip, and the banner of changes the server
//! refused.

pub mod rejected_banner;
pub mod sync_bar;
