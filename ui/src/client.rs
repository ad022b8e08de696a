//! The Api calls the screens make, each checked for the answer it expects, so a
//! component gets `Status` or `Vec<Member>` rather than a `Response` to match.

use crate::i18n::{self, Key, Lang};
use crate::transport::call;
use sotay_model::api::{
    ApiError, ApiErrorKind, NewMember, RejectedChange, Request, Response, Status, SyncReport,
};
use sotay_model::entities::{Member, Organisation};
use sotay_model::ids::Id;

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
