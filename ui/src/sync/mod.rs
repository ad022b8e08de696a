//! Sync and status in the UI. Its Api calls are `client`; its screens (sync bar,
//! refused changes) are still in `crate::components`.

pub mod client;
