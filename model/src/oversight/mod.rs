//! Oversight (issue 18, cấp trên theo dõi cấp dưới): a committee's figures for its
//! organisation and each one directly below it over a period, computed on the
//! committee's own device from what it holds ([`api`]), and the one stated rule that
//! ranks lower organisations green, amber or red ([`mod@light`]).
//!
//! ```
//! use sotay_model::oversight::Period;
//! let q = Period::Quarter { year: 2026, quarter: 4 };
//! assert_eq!(q.first_day(), "2026-10-01");
//! assert_eq!(q.last_day(), "2026-12-31");
//! assert!(q.contains_day("2026-11-15") && !q.contains_day("2027-01-01"));
//! ```

pub mod api;
pub mod items;
pub mod light;
pub mod period;
pub mod requests;

pub use api::{Figures, Oversight};
pub use items::{ItemKind, OversightItemList};
pub use light::{light, Light};
pub use period::Period;

#[cfg(test)]
mod tests;
