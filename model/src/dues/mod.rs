//! Party dues (issue 19, đảng phí): the committee's rule table ([`rule`]), each
//! member's basis (category and income from a month on) and the treasurer's payments
//! and the cell's remittances ([`ledger`]), all integers in đồng, and the one rule
//! that turns them into what a member owes and paid per month ([`balance`]).
//!
//! Payments are immutable events: a mistake is corrected by a reversing entry with a
//! reason (the same months, the opposite amount), never by an edit or a deletion, so
//! the history a treasurer recorded stays readable on every device.
//!
//! ```
//! use sotay_model::dues::{monthly_amount, DuesRule, Month};
//! use sotay_model::Id;
//! let salaried = DuesRule {
//!     id: DuesRule::row_id(Id::from_u128(1), "luong"), org_id: Id::from_u128(1),
//!     category: "luong".into(), name: "Hưởng lương".into(),
//!     per_mille: 10, fixed_dong: 0, retired: false,
//! };
//! // 1% of a monthly salary of 8,450,000 đồng.
//! assert_eq!(monthly_amount(&salaried, 8_450_000), 84_500);
//! assert_eq!(Month::parse("2026-12").map(|m| m.next().to_string()), Some("2027-01".into()));
//! ```

pub mod api;
pub mod balance;
pub mod ledger;
pub mod month;
pub mod requests;
pub mod rule;

pub use balance::{allocate, expected_for, member_months, MonthLine};
pub use ledger::{DuesBasis, DuesPayment, DuesRemittance, PayMethod};
pub use month::Month;
pub use rule::{monthly_amount, DuesRule};

#[cfg(test)]
mod tests;
