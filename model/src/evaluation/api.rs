//! The Api's evaluation types (issue 19): what the evaluation requests answer. The
//! requests themselves are in [`super::requests`].

use super::assessment::SelfAssessment;
use super::rating::{OrgRating, Rating};
use crate::ids::Id;
use serde::{Deserialize, Serialize};

/// A member's year: their self-assessment, the cell's proposal and the decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberEvaluation {
    pub member_id: Id,
    pub full_name: String,
    pub cell_id: Id,
    pub cell_name: String,
    pub year: u32,
    pub assessment: Option<SelfAssessment>,
    pub proposed: Option<Rating>,
    pub proposal_note: String,
    pub decided: Option<Rating>,
    pub decision_note: String,
}

/// An organisation's year: its rating, if decided.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgEvaluation {
    pub org_id: Id,
    pub org_name: String,
    pub year: u32,
    pub rating: Option<OrgRating>,
    /// Its subtree's members by decided rating: excellent, good, completed, not
    /// completed, then not yet decided.
    pub counts: [u32; 5],
}

/// Answer type `evaluations`: members' years and organisations' years.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EvaluationList {
    pub members: Vec<MemberEvaluation>,
    pub orgs: Vec<OrgEvaluation>,
    /// This device's member may propose ratings for the organisation asked about (its
    /// cell committee), or decide them (a committee above it).
    pub may_propose: bool,
    pub may_decide: bool,
    /// The year-end meeting the cell's proposal was made at, when the organisation
    /// asked about is a cell and its proposal names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal_meeting_id: Option<Id>,
}
