//! The Api calls the screens make, each checked for the answer it expects, so a
//! component gets `Status` or `Vec<Member>` rather than a `Response` to match.

use crate::i18n::{self, Key, Lang};
use crate::transport::call;
use sotay_model::api::{
    ApiError, ApiErrorKind, DocumentCard, EnrollCode, MemberPatch, NewMember, RejectedChange,
    Request, Response, Status, SyncReport,
};
use sotay_model::entities::{Member, MemberStatus, Organisation, Position, PositionTitle};
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{AuditEntry, DeviceInfo};

fn unexpected() -> ApiError {
    ApiError::new(
        ApiErrorKind::Server,
        i18n::text(Lang::Vi, Key::ErrUnexpectedResponse),
    )
}

pub async fn status() -> Result<Status, ApiError> {
    match call(Request::Status).await? {
        Response::Status(s) => Ok(s),
        _ => Err(unexpected()),
    }
}

pub async fn enroll(server: String, code: String, device_name: String) -> Result<(), ApiError> {
    let req = Request::Enroll {
        server,
        code,
        device_name,
        pin_sha256: None,
    };
    match call(req).await? {
        Response::Done | Response::Status(_) | Response::Created { .. } => Ok(()),
        _ => Err(unexpected()),
    }
}

pub async fn sync_now() -> Result<SyncReport, ApiError> {
    match call(Request::SyncNow).await? {
        Response::Synced(r) => Ok(r),
        Response::Done => Ok(SyncReport::default()),
        _ => Err(unexpected()),
    }
}

pub async fn list_orgs() -> Result<Vec<Organisation>, ApiError> {
    match call(Request::ListOrgs).await? {
        Response::Orgs { orgs } => Ok(orgs),
        _ => Err(unexpected()),
    }
}

pub async fn list_members(org_id: Id) -> Result<Vec<Member>, ApiError> {
    match call(Request::ListMembers { org_id }).await? {
        Response::Members { members } => Ok(members),
        _ => Err(unexpected()),
    }
}

pub async fn get_member(id: Id) -> Result<Member, ApiError> {
    match call(Request::GetMember { id }).await? {
        Response::Member { member } => Ok(member),
        _ => Err(unexpected()),
    }
}

pub async fn create_member(m: NewMember) -> Result<Id, ApiError> {
    match call(Request::CreateMember(m)).await? {
        Response::Created { id } => Ok(id),
        _ => Err(unexpected()),
    }
}

pub async fn list_rejected() -> Result<Vec<RejectedChange>, ApiError> {
    match call(Request::ListRejected).await? {
        Response::Rejected { rejected } => Ok(rejected),
        _ => Err(unexpected()),
    }
}

pub async fn dismiss_rejected(change_id: Id) -> Result<(), ApiError> {
    match call(Request::DismissRejected { change_id }).await? {
        Response::Done => Ok(()),
        _ => Err(unexpected()),
    }
}

/// For requests answered `Done`.
async fn done(req: Request) -> Result<(), ApiError> {
    match call(req).await? {
        Response::Done => Ok(()),
        _ => Err(unexpected()),
    }
}

pub async fn update_member(id: Id, patch: MemberPatch) -> Result<(), ApiError> {
    done(Request::UpdateMember { id, patch }).await
}

pub async fn transfer_member(id: Id, cell_id: Id) -> Result<(), ApiError> {
    done(Request::TransferMember { id, cell_id }).await
}

pub async fn set_member_status(id: Id, status: MemberStatus) -> Result<(), ApiError> {
    done(Request::SetMemberStatus { id, status }).await
}

pub async fn list_positions(org_id: Id) -> Result<Vec<Position>, ApiError> {
    match call(Request::ListPositions { org_id }).await? {
        Response::Positions { positions } => Ok(positions),
        _ => Err(unexpected()),
    }
}

pub async fn assign_position(
    member_id: Id,
    org_id: Id,
    title: PositionTitle,
) -> Result<Id, ApiError> {
    let req = Request::AssignPosition {
        member_id,
        org_id,
        title,
    };
    match call(req).await? {
        Response::Created { id } => Ok(id),
        _ => Err(unexpected()),
    }
}

pub async fn remove_position(id: Id) -> Result<(), ApiError> {
    done(Request::RemovePosition { id }).await
}

pub async fn issue_enroll_code(member_id: Id) -> Result<EnrollCode, ApiError> {
    let req = Request::IssueEnrollCode {
        member_id,
        ttl_hours: None,
    };
    match call(req).await? {
        Response::EnrollCode(c) => Ok(c),
        _ => Err(unexpected()),
    }
}

/// The user's own devices (`None`) or a member's, for a committee.
pub async fn list_devices(member_id: Option<Id>) -> Result<Vec<DeviceInfo>, ApiError> {
    match call(Request::ListDevices { member_id }).await? {
        Response::Devices { devices } => Ok(devices),
        _ => Err(unexpected()),
    }
}

pub async fn rename_device(device_id: DeviceId, name: String) -> Result<DeviceInfo, ApiError> {
    match call(Request::RenameDevice { device_id, name }).await? {
        Response::Device { device } => Ok(device),
        _ => Err(unexpected()),
    }
}

pub async fn revoke_device(device_id: DeviceId) -> Result<DeviceInfo, ApiError> {
    match call(Request::RevokeDevice { device_id }).await? {
        Response::Device { device } => Ok(device),
        _ => Err(unexpected()),
    }
}

/// One page of an organisation's audit log (its subtree), newest first, and whether
/// older entries remain before it.
pub async fn list_audit(
    org_id: Id,
    before: Option<u64>,
) -> Result<(Vec<AuditEntry>, bool), ApiError> {
    let req = Request::ListAudit {
        org_id,
        before,
        after: None,
        limit: Some(50),
    };
    match call(req).await? {
        Response::Audit { entries, more } => Ok((entries, more)),
        _ => Err(unexpected()),
    }
}

/// The newest documents on this device (for Home), without their text.
pub async fn latest_documents(limit: u32) -> Result<Vec<DocumentCard>, ApiError> {
    let req = Request::ListDocuments {
        kind: None,
        org_id: None,
        year: None,
        query: None,
        limit: Some(limit),
        offset: None,
    };
    match call(req).await? {
        Response::Documents { documents, .. } => Ok(documents),
        _ => Err(unexpected()),
    }
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
    let req = Request::UpcomingMeetings {
        within_hours: Some(within_hours),
        remind_before_minutes: None,
    };
    match call(req).await? {
        Response::UpcomingMeetings { meetings } => Ok(meetings),
        _ => Err(unexpected()),
    }
}

/// For each organisation directly below `org_id`: meetings held and attendance in
/// `month` (`yyyy-mm`), from what this device holds.
pub async fn meeting_stats(
    org_id: Id,
    month: String,
) -> Result<Vec<sotay_model::meetings::api::OrgMeetingStats>, ApiError> {
    let req = Request::MeetingStats {
        org_id,
        from_month: Some(month.clone()),
        to_month: Some(month),
    };
    match call(req).await? {
        Response::MeetingStats { orgs } => Ok(orgs),
        _ => Err(unexpected()),
    }
}
