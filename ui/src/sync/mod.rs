//! Sync and status in the UI. Its Api calls are `client`; its screens (sync bar,
//! refused changes) are `screens`.

pub mod client;
pub mod screens;
pub mod strings;
