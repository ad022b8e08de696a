//! Inspection and supervision with discipline records (issue 17, kiểm tra, giám sát,
//! kỷ luật) in the UI: the "Kiểm tra, giám sát" page (`screens`), its Api calls
//! (`client`), the forms' rules (`form`) and the strings (`strings`). Case material is
//! shown only to the level's committee and inspection committee and those above (the
//! replica answers nothing else); a plain member sees their own notices and records.

pub mod client;
pub mod form;
pub mod screens;
pub mod strings;
