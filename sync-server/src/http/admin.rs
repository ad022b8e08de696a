//! Handlers of the administration routes: `/v1/codes`, `/v1/devices`,
//! `/v1/devices/rename`, `/v1/devices/revoke`, `/v1/audit`. The decisions are in
//! [`crate::admin`]; these only authenticate, limit and run it on the blocking pool.

use super::error::ApiError;
use super::extract::{Device, Versioned};
use super::AppState;
use crate::admin::{self, AdminError};
use axum::extract::State;
use axum::Json;
use sotay_model::protocol::{
    AuditPage, AuditRequest, DeviceInfo, DeviceList, IssueCodeRequest, IssuedCode,
    ListDevicesRequest, RenameDeviceRequest, RevokeDeviceRequest,
};

impl From<AdminError> for ApiError {
    fn from(e: AdminError) -> Self {
        match e {
            AdminError::Forbidden => ApiError::Forbidden,
            AdminError::Invalid(m) => ApiError::BadRequest(m),
            AdminError::Outranked(m) => ApiError::ForbiddenBecause(m),
            AdminError::Store(s) => s.into(),
        }
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, AdminError> + Send + 'static,
) -> Result<Json<T>, ApiError> {
    Ok(Json(tokio::task::spawn_blocking(f).await??))
}

pub async fn issue_code(
    State(state): State<AppState>,
    Device(device): Device,
    Versioned(req): Versioned<IssueCodeRequest>,
) -> Result<Json<IssuedCode>, ApiError> {
    let now = state.now_ms();
    if !state.inner.limiter.code_issued(device, now) {
        return Err(ApiError::RateLimited);
    }
    let store = state.store().clone();
    let issued =
        blocking(move || admin::issue_code(store.as_ref(), device, req.member_id, req.ttl_ms, now))
            .await?;
    tracing::info!(%device, member = %issued.member_id, "enrollment code issued");
    Ok(issued)
}

pub async fn list_devices(
    State(state): State<AppState>,
    Device(device): Device,
    Versioned(req): Versioned<ListDevicesRequest>,
) -> Result<Json<DeviceList>, ApiError> {
    let store = state.store().clone();
    blocking(move || {
        admin::list_devices(store.as_ref(), device, req.member_id)
            .map(|devices| DeviceList { devices })
    })
    .await
}

pub async fn rename_device(
    State(state): State<AppState>,
    Device(device): Device,
    Versioned(req): Versioned<RenameDeviceRequest>,
) -> Result<Json<DeviceInfo>, ApiError> {
    let store = state.store().clone();
    blocking(move || admin::rename_device(store.as_ref(), device, req.device_id, &req.name)).await
}

pub async fn revoke_device(
    State(state): State<AppState>,
    Device(device): Device,
    Versioned(req): Versioned<RevokeDeviceRequest>,
) -> Result<Json<DeviceInfo>, ApiError> {
    let now = state.now_ms();
    let store = state.store().clone();
    let info =
        blocking(move || admin::revoke_device(store.as_ref(), device, req.device_id, now)).await?;
    tracing::info!(by = %device, revoked = %info.device_id, "device revoked");
    Ok(info)
}

pub async fn audit(
    State(state): State<AppState>,
    Device(device): Device,
    Versioned(req): Versioned<AuditRequest>,
) -> Result<Json<AuditPage>, ApiError> {
    let store = state.store().clone();
    blocking(move || {
        admin::audit(
            store.as_ref(),
            device,
            req.org_id,
            req.before,
            req.after,
            req.limit,
        )
    })
    .await
}
