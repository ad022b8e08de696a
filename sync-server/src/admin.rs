//! Administration requests of devices (issue 3), decided here from the caller's
//! [`Actor`] and the permission table, independent of the backend:
//!
//! - enrollment codes, a member's device list, renaming and revoking a device: the
//!   caller's own devices, or those of a member the caller administers: the table's
//!   `Edit` on the member's row AND on every organisation where the member holds a
//!   position ([`Actor::administers`], issue 12: no level administers someone who
//!   outranks it);
//! - the audit log of an organisation: committee positions over its subtree
//!   (`permissions::Duty::ReadAudit`).
//!
//! A refusal never says whether the thing asked about exists.

use crate::audit::AuditQuery;
use crate::authz::{Actor, Administration};
use crate::error::StoreError;
use crate::store::Store;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::permissions::{allows_duty, Duty};
use sotay_model::protocol::{AuditPage, DeviceInfo, IssuedCode};
use sotay_model::Entity;

/// How long a code issued through the API stays valid unless asked otherwise: 72 h.
pub const API_CODE_TTL_MS: u64 = 72 * 3600 * 1000;
/// The longest validity a code may be given: 30 days.
pub const MAX_CODE_TTL_MS: u64 = 30 * 24 * 3600 * 1000;

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// Not allowed, or nothing the caller may know of.
    #[error("bạn không có quyền thực hiện việc này")]
    Forbidden,
    /// The request itself is wrong; the text (Vietnamese) says how.
    #[error("{0}")]
    Invalid(String),
    /// The caller keeps the member's record but the member holds a position above
    /// the caller's reach; the text (Vietnamese) says where.
    #[error("{0}")]
    Outranked(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Whether `actor` administers `member`: it is themselves (when `own_ok`), or they
/// administer the member's record and every post the member holds.
fn administers(
    store: &dyn Store,
    actor: &Actor,
    member: Id,
    own_ok: bool,
) -> Result<(), AdminError> {
    if own_ok && member == actor.member {
        return Ok(());
    }
    match actor.administers(&store.standing(member)?, true) {
        Administration::Allowed => Ok(()),
        Administration::Refused => Err(AdminError::Forbidden),
        Administration::Outranked(why) => Err(AdminError::Outranked(why)),
    }
}

/// A one-time code for `member`, if the caller administers that member.
pub fn issue_code(
    store: &dyn Store,
    caller: DeviceId,
    member: Id,
    ttl_ms: Option<u64>,
    now_ms: u64,
) -> Result<IssuedCode, AdminError> {
    let actor = store.actor(caller)?;
    administers(store, &actor, member, false)?;
    let ttl = ttl_ms.unwrap_or(API_CODE_TTL_MS);
    if ttl == 0 || ttl > MAX_CODE_TTL_MS {
        return Err(AdminError::Invalid(
            "thời hạn của mã đăng ký phải lớn hơn 0 và không quá 30 ngày".into(),
        ));
    }
    let live = store.row(member)?.is_some_and(|s| {
        !s.tombstoned()
            && s.row
                .fields
                .get("status")
                .and_then(|f| {
                    serde_json::from_value::<sotay_model::entities::MemberStatus>(f.value.clone())
                        .ok()
                })
                .is_some_and(|st| st.is_active())
    });
    if !live {
        return Err(AdminError::Invalid(
            "đảng viên này đã bị xóa, đã ra khỏi Đảng hoặc từ trần".into(),
        ));
    }
    let code = store.create_enroll_code(member, ttl, now_ms)?;
    Ok(IssuedCode {
        member_id: member,
        code,
        expires_ms: now_ms.saturating_add(ttl),
    })
}

/// The devices of `member` (the caller's own member when `None`).
pub fn list_devices(
    store: &dyn Store,
    caller: DeviceId,
    member: Option<Id>,
) -> Result<Vec<DeviceInfo>, AdminError> {
    let actor = store.actor(caller)?;
    let member = member.unwrap_or(actor.member);
    administers(store, &actor, member, true)?;
    Ok(store.devices_of(member)?)
}

/// A device the caller may manage: one of their own member's, or of a member they
/// administer. Unknown devices are refused like foreign ones.
fn managed(
    store: &dyn Store,
    caller: DeviceId,
    device: DeviceId,
) -> Result<DeviceInfo, AdminError> {
    let actor = store.actor(caller)?;
    let info = store.device_info(device)?.ok_or(AdminError::Forbidden)?;
    administers(store, &actor, info.member_id, true)?;
    Ok(info)
}

pub fn rename_device(
    store: &dyn Store,
    caller: DeviceId,
    device: DeviceId,
    name: &str,
) -> Result<DeviceInfo, AdminError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(AdminError::Invalid(
            "tên thiết bị phải có từ 1 đến 100 ký tự".into(),
        ));
    }
    let mut info = managed(store, caller, device)?;
    store.rename_device(device, name)?;
    info.name = name.to_string();
    Ok(info)
}

/// Revoke a device (idempotent): it is refused from its next contact and wipes itself.
pub fn revoke_device(
    store: &dyn Store,
    caller: DeviceId,
    device: DeviceId,
    now_ms: u64,
) -> Result<DeviceInfo, AdminError> {
    managed(store, caller, device)?;
    store.revoke_device(device, now_ms)?;
    store.device_info(device)?.ok_or(AdminError::Forbidden)
}

/// A page of the audit log under `org`, if the caller's positions oversee it.
pub fn audit(
    store: &dyn Store,
    caller: DeviceId,
    org: Id,
    before: Option<u64>,
    after: Option<u64>,
    limit: u32,
) -> Result<AuditPage, AdminError> {
    let actor = store.actor(caller)?;
    let path = match store.row(org)? {
        Some(s) if s.row.entity == Entity::Organisation => s.path,
        _ => return Err(AdminError::Forbidden),
    };
    let allowed = actor
        .org_grants(&path)
        .into_iter()
        .any(|(role, rel)| allows_duty(Duty::ReadAudit, role, rel));
    if !allowed {
        return Err(AdminError::Forbidden);
    }
    let (mut entries, more) = store.audit(&AuditQuery {
        path,
        before,
        after,
        limit,
    })?;
    crate::audit::describe(store, &mut entries)?;
    Ok(AuditPage { entries, more })
}
