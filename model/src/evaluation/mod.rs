//! Yearly evaluation and rating (issue 19, đánh giá, xếp loại chất lượng): a member's
//! self-assessment ([`assessment`]), the cell's proposal made at its year-end meeting,
//! the committee above's decision per member and its rating of organisations
//! ([`rating`]), with the limit on the share of "hoàn thành xuất sắc nhiệm vụ".
//!
//! Every row's id is derived from what it is about (a member's year, a cell's year),
//! so two devices writing it offline write one row.
//!
//! ```
//! use sotay_model::evaluation::{share_ok, Rating};
//! use Rating::*;
//! // One "xuất sắc" needs at least five "tốt" beside it.
//! assert!(share_ok([Excellent, Good, Good, Good, Good, Good]).is_ok());
//! assert!(share_ok([Excellent, Good, Good, Good, Good]).is_err());
//! ```

pub mod api;
pub mod assessment;
pub mod rating;
pub mod requests;

pub use assessment::SelfAssessment;
pub use rating::{
    share_ok, tally_slot, OrgRating, ProposalLine, Rating, RatingDecision, RatingProposal,
    EXCELLENT_SHARE_PERCENT,
};

#[cfg(test)]
mod tests;
