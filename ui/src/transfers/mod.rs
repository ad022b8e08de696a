//! Membership transfer (issue 19, chuyển sinh hoạt đảng) in the UI: the form a
//! committee fills in a member's administration to issue a transfer (official,
//! temporary until a date, or out of the province) and the organisation's
//! "Chuyển sinh hoạt" section listing what comes in (to confirm or refuse) and what
//! goes out (to withdraw, or hand over out of the province) (`screens`); their Api
//! calls (`client`), the form's rules (`form`) and the strings (`strings`).

pub mod client;
pub mod form;
pub mod screens;
pub mod strings;

#[cfg(test)]
mod form_tests;
