//! Meetings (issue 6) in the UI: the Sinh hoạt screens (`screens`), their Api calls
//! (`client`), the meeting form's rules (`form`) and the strings (`strings`).

pub mod client;
pub mod form;
pub mod screens;
pub mod strings;
