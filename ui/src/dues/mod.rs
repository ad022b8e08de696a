//! Party dues (issue 19, đảng phí) in the UI: "Đảng phí của tôi" for every member,
//! the cell's "Sổ thu đảng phí" for its committee and office, "Báo cáo đảng phí" for
//! the offices above with a drill-down to each level and cell, and the committee's
//! "Mức đóng đảng phí" (`screens`); their Api calls (`client`), the forms' and
//! months' rules (`form`) and the strings (`strings`). Amounts are integers in đồng,
//! shown by `format::show_dong`.

pub mod client;
pub mod form;
pub mod screens;
pub mod strings;

#[cfg(test)]
mod form_tests;
