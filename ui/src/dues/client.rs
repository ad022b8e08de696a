//! The dues Api calls the Đảng phí screens make (issue 19), each typed by its request.
//! All are answered from the device's copy; the replica syncs them in the background
//! and the server judges each change then.

use crate::transport::ask;
use sotay_model::api::ApiError;
use sotay_model::dues::api::{CellDues, MemberDues, OrgDues, RuleView};
use sotay_model::dues::requests::{
    DeleteDuesRule, DuesReport, DuesStatus, GetCellDues, ListDuesRules, RecordDuesPayment,
    RecordRemittance, ReverseDuesPayment, SetDuesBasis, SetDuesRule,
};
use sotay_model::ids::Id;

/// This device's member's dues for `year`.
pub async fn mine(year: u32) -> Result<MemberDues, ApiError> {
    ask(DuesStatus {
        member_id: None,
        year,
    })
    .await
}

pub async fn cell(org_id: Id, year: u32) -> Result<CellDues, ApiError> {
    ask(GetCellDues { org_id, year }).await
}

pub async fn report(org_id: Id, year: u32) -> Result<Vec<OrgDues>, ApiError> {
    ask(DuesReport { org_id, year }).await
}

pub async fn rules(org_id: Id) -> Result<Vec<RuleView>, ApiError> {
    ask(ListDuesRules { org_id }).await
}

pub async fn set_rule(req: SetDuesRule) -> Result<Id, ApiError> {
    ask(req).await
}

pub async fn delete_rule(id: Id) -> Result<(), ApiError> {
    ask(DeleteDuesRule { id }).await
}

pub async fn set_basis(req: SetDuesBasis) -> Result<Id, ApiError> {
    ask(req).await
}

pub async fn record(req: RecordDuesPayment) -> Result<Id, ApiError> {
    ask(req).await
}

pub async fn reverse(req: ReverseDuesPayment) -> Result<Id, ApiError> {
    ask(req).await
}

pub async fn remit(req: RecordRemittance) -> Result<Id, ApiError> {
    ask(req).await
}
