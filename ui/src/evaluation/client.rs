//! The evaluation Api calls the Đánh giá screens make (issue 19), each typed by its
//! request. All are answered from the device's copy; the replica syncs them in the
//! background and the server judges each change then (the share of "xuất sắc" too).

use crate::transport::ask;
use sotay_model::api::ApiError;
use sotay_model::evaluation::api::EvaluationList;
use sotay_model::evaluation::requests::{
    ListEvaluations, ProposeRatings, RateMember, RateOrg, SubmitSelfAssessment,
};
use sotay_model::ids::Id;
use sotay_model::meetings::api::MeetingCard;
use sotay_model::meetings::requests::ListMeetings;

/// Every year of this device's member.
pub async fn mine() -> Result<EvaluationList, ApiError> {
    ask(ListEvaluations::default()).await
}

/// An organisation's year: its subtree's members, itself and those directly below.
pub async fn year_of(org_id: Id, year: u32) -> Result<EvaluationList, ApiError> {
    ask(ListEvaluations {
        member_id: None,
        org_id: Some(org_id),
        year: Some(year),
    })
    .await
}

pub async fn submit(req: SubmitSelfAssessment) -> Result<Id, ApiError> {
    ask(req).await
}

pub async fn propose(req: ProposeRatings) -> Result<Id, ApiError> {
    ask(req).await
}

pub async fn rate_member(req: RateMember) -> Result<Id, ApiError> {
    ask(req).await
}

pub async fn rate_org(req: RateOrg) -> Result<Id, ApiError> {
    ask(req).await
}

/// The cell's meetings between two instants (its year), for the year-end meeting.
pub async fn meetings(org_id: Id, from_ms: u64, to_ms: u64) -> Result<Vec<MeetingCard>, ApiError> {
    ask(ListMeetings {
        org_id: Some(org_id),
        from_ms: Some(from_ms),
        to_ms: Some(to_ms),
    })
    .await
}
