//! The devices feature's Api calls (enrollment, codes, devices, audit, the app PIN),
//! each typed.

use crate::transport::ask;
use sotay_model::api::ApiError;
use sotay_model::devices::requests::{
    Enroll, IssueEnrollCode, ListAudit, ListDevices, RenameDevice, RevokeDevice,
};
use sotay_model::devices::EnrollCode;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::lock::requests::{Lock, SetPin, Unlock};
use sotay_model::protocol::{AuditEntry, DeviceInfo};
use sotay_model::sync::Status;

pub async fn enroll(server: String, code: String, device_name: String) -> Result<(), ApiError> {
    let req = Enroll {
        server,
        code,
        device_name,
        pin_sha256: None,
    };
    ask(req).await.map(drop)
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

/// Set (`Some`) or remove (`None`) the app PIN; answers the status after it.
pub async fn set_pin(pin: Option<String>) -> Result<Status, ApiError> {
    ask(SetPin {
        pin,
        idle_minutes: None,
    })
    .await
}

/// Unlock with the PIN; a wrong one answers the replica's message (and its wait).
pub async fn unlock(pin: String) -> Result<Status, ApiError> {
    ask(Unlock { pin }).await
}

pub async fn lock() -> Result<Status, ApiError> {
    ask(Lock).await
}
