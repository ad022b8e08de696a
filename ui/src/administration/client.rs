//! Member administration's Api calls, each typed: a screen gets `Vec<Member>`, and an
//! answer of the wrong kind is one protocol error made in `sotay_model::registry`.

use crate::transport::ask;
use sotay_model::administration::requests::{
    AssignPosition, CreateMember, GetMember, ImportMembers, ListMembers, ListOrgs, ListPositions,
    RemovePosition, SetMemberStatus, TransferMember, UpdateMember,
};
use sotay_model::administration::{MemberPatch, NewMember};
use sotay_model::api::ApiError;
use sotay_model::entities::{Member, MemberStatus, Organisation, Position, PositionTitle};
use sotay_model::ids::Id;
use sotay_model::transfer::ImportReport;

pub async fn list_orgs() -> Result<Vec<Organisation>, ApiError> {
    ask(ListOrgs).await
}

pub async fn list_members(org_id: Id) -> Result<Vec<Member>, ApiError> {
    ask(ListMembers { org_id }).await
}

pub async fn get_member(id: Id) -> Result<Member, ApiError> {
    ask(GetMember { id }).await
}

pub async fn create_member(m: NewMember) -> Result<Id, ApiError> {
    ask::<CreateMember>(m).await
}

pub async fn update_member(id: Id, patch: MemberPatch) -> Result<(), ApiError> {
    ask(UpdateMember { id, patch }).await
}

pub async fn transfer_member(id: Id, cell_id: Id) -> Result<(), ApiError> {
    ask(TransferMember { id, cell_id }).await
}

pub async fn set_member_status(id: Id, status: MemberStatus) -> Result<(), ApiError> {
    ask(SetMemberStatus { id, status }).await
}

pub async fn list_positions(org_id: Id) -> Result<Vec<Position>, ApiError> {
    ask(ListPositions { org_id }).await
}

pub async fn assign_position(
    member_id: Id,
    org_id: Id,
    title: PositionTitle,
) -> Result<Id, ApiError> {
    ask(AssignPosition {
        member_id,
        org_id,
        title,
    })
    .await
}

pub async fn remove_position(id: Id) -> Result<(), ApiError> {
    ask(RemovePosition { id }).await
}

/// The positions `member_id` holds in the organisations of `chain` (their cell and the
/// levels above it, where committees are drawn from). The Api lists positions per
/// organisation only, so this asks each in turn.
pub async fn positions_of(member_id: Id, chain: Vec<Id>) -> Result<Vec<Position>, ApiError> {
    let mut out = vec![];
    for org in chain {
        let held = list_positions(org).await?;
        out.extend(held.into_iter().filter(|p| p.member_id == member_id));
    }
    Ok(out)
}

/// Check (`dry_run`) or write the members sheet a screen sent as `upload_id`.
pub async fn import_members(upload_id: Id, dry_run: bool) -> Result<ImportReport, ApiError> {
    ask(ImportMembers {
        path: None,
        upload_id: Some(upload_id),
        dry_run,
    })
    .await
}
