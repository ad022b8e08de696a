//! The evaluation requests (issue 19): local reads and writes, judged by the server
//! at sync.

use super::api::EvaluationList;
use super::rating::{ProposalLine, Rating};
use crate::call;
use crate::ids::Id;
use serde::{Deserialize, Serialize};

/// Write (or rewrite, until the committee decides) this device's member's
/// self-assessment for a year. Answers its id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmitSelfAssessment {
    pub year: u32,
    #[serde(default)]
    pub political: String,
    #[serde(default)]
    pub ethics: String,
    #[serde(default)]
    pub lifestyle: String,
    pub results: String,
    #[serde(default)]
    pub shortcomings: String,
    #[serde(default)]
    pub direction: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_rating: Option<Rating>,
}
call!(SubmitSelfAssessment, "submit_self_assessment" => Id);

/// The cell's proposal from its year-end meeting (its committee or office).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposeRatings {
    pub org_id: Id,
    pub year: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting_id: Option<Id>,
    pub lines: Vec<ProposalLine>,
}
call!(ProposeRatings, "propose_ratings" => Id);

/// The committee above decides a member's rating for a year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RateMember {
    pub member_id: Id,
    pub year: u32,
    pub rating: Rating,
    #[serde(default)]
    pub note: String,
}
call!(RateMember, "rate_member" => Id);

/// The committee above rates an organisation's year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RateOrg {
    pub org_id: Id,
    pub year: u32,
    pub rating: Rating,
    #[serde(default)]
    pub note: String,
}
call!(RateOrg, "rate_org" => Id);

/// With `org_id` and `year`: that year of every member of the organisation's subtree
/// and of the organisation and those directly below it. Otherwise: every year of
/// `member_id` (this device's member when absent).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListEvaluations {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u32>,
}
call!(ListEvaluations, "list_evaluations" => EvaluationList);
