//! Yearly evaluation and rating (issue 19, đánh giá, xếp loại) in the UI: "Đánh giá
//! của tôi" (the member's self-assessment and their years), "Đánh giá chi bộ" (the
//! cell's proposal, for its committee and office) and "Xếp loại" (the committees
//! above: organisations' counts and ratings, a cell's members decided within the
//! share of "xuất sắc") (`screens`); the Api calls (`client`), the forms' rules and
//! the share (`form`) and the strings (`strings`).

pub mod client;
pub mod form;
pub mod screens;
pub mod strings;

#[cfg(test)]
mod form_tests;
