//! The Api calls the screens make, each typed: a component gets `Status` or
//! `Vec<Member>`, and an answer of the wrong kind is one protocol error made in
//! `sotay_model::registry`, not a `match` here.

use crate::transport::ask;
use sotay_model::administration::requests::{
    AssignPosition, CreateMember, GetMember, ListMembers, ListOrgs, ListPositions, RemovePosition,
    SetMemberStatus, TransferMember, UpdateMember,
};
use sotay_model::administration::{MemberPatch, NewMember};
use sotay_model::api::ApiError;
use sotay_model::devices::requests::{
    Enroll, IssueEnrollCode, ListAudit, ListDevices, RenameDevice, RevokeDevice,
};
use sotay_model::devices::EnrollCode;
use sotay_model::entities::{Member, MemberStatus, Organisation, Position, PositionTitle};
use sotay_model::ids::{DeviceId, Id};
use sotay_model::library::requests::ListDocuments;
use sotay_model::library::DocumentCard;
use sotay_model::meetings::requests::{MeetingStats, UpcomingMeetings};
use sotay_model::protocol::{AuditEntry, DeviceInfo};
use sotay_model::sync::requests::{self as sync, DismissRejected, ListRejected, SyncNow};
use sotay_model::sync::{RejectedChange, Status, SyncReport};

pub async fn status() -> Result<Status, ApiError> {
    ask(sync::Status).await
}

pub async fn enroll(server: String, code: String, device_name: String) -> Result<(), ApiError> {
    let req = Enroll {
        server,
        code,
        device_name,
        pin_sha256: None,
    };
    ask(req).await.map(drop)
}

pub async fn sync_now() -> Result<SyncReport, ApiError> {
    ask(SyncNow).await
}

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

pub async fn list_rejected() -> Result<Vec<RejectedChange>, ApiError> {
    ask(ListRejected).await
}

pub async fn dismiss_rejected(change_id: Id) -> Result<(), ApiError> {
    ask(DismissRejected { change_id }).await
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

pub async fn issue_enroll_code(member_id: Id) -> Result<EnrollCode, ApiError> {
    ask(IssueEnrollCode {
        member_id,
        ttl_hours: None,
    })
    .await
}

/// The user's own devices (`None`) or a member's, for a committee.
pub async fn list_devices(member_id: Option<Id>) -> Result<Vec<DeviceInfo>, ApiError> {
    ask(ListDevices { member_id }).await
}

pub async fn rename_device(device_id: DeviceId, name: String) -> Result<DeviceInfo, ApiError> {
    ask(RenameDevice { device_id, name }).await
}

pub async fn revoke_device(device_id: DeviceId) -> Result<DeviceInfo, ApiError> {
    ask(RevokeDevice { device_id }).await
}

/// One page of an organisation's audit log (its subtree), newest first, and whether
/// older entries remain before it.
pub async fn list_audit(
    org_id: Id,
    before: Option<u64>,
) -> Result<(Vec<AuditEntry>, bool), ApiError> {
    let page = ask(ListAudit {
        org_id,
        before,
        after: None,
        limit: Some(50),
    })
    .await?;
    Ok((page.entries, page.more))
}

/// The newest documents on this device (for Home), without their text.
pub async fn latest_documents(limit: u32) -> Result<Vec<DocumentCard>, ApiError> {
    let req = ListDocuments {
        limit: Some(limit),
        ..ListDocuments::default()
    };
    Ok(ask(req).await?.documents)
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

/// Planned meetings of the coming `within_hours`, soonest first (Home's next meeting).
pub async fn upcoming_meetings(
    within_hours: u32,
) -> Result<Vec<sotay_model::meetings::api::Reminder>, ApiError> {
    ask(UpcomingMeetings {
        within_hours: Some(within_hours),
        remind_before_minutes: None,
    })
    .await
}

/// For each organisation directly below `org_id`: meetings held and attendance in
/// `month` (`yyyy-mm`), from what this device holds.
pub async fn meeting_stats(
    org_id: Id,
    month: String,
) -> Result<Vec<sotay_model::meetings::api::OrgMeetingStats>, ApiError> {
    ask(MeetingStats {
        org_id,
        from_month: Some(month.clone()),
        to_month: Some(month),
    })
    .await
}
