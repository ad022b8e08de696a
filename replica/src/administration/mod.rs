//! Member administration on this device: organisations, members and committee
//! positions (`organisations`, `members`, `positions`), and the administrative writes
//! the server judges at sync (`admin`). Each request's handler sits next to the code
//! it calls.

pub mod admin;
pub mod members;
pub mod organisations;
pub mod positions;
