//! Member administration in the UI: organisations, members and positions. Its Api
//! calls are `client`; its screens (the organisation tree and pane, member lists and
//! details, the add-member form, committees, the audit log) are `screens`.

pub mod client;
pub mod screens;
pub mod strings;
