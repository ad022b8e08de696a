//! One handler per route; each runs the store on the blocking pool, but a push,
//! which awaits its group commit without a thread (`Store::push_async`).

use super::error::ApiError;
use super::extract::{ClientIp, Device, Versioned};
use super::AppState;
use crate::error::StoreError;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use sotay_model::protocol::{
    EnrollRequest, EnrollResponse, PullRequest, PushRequest, PushResponse, MAX_PUSH,
};

pub async fn health() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

pub async fn enroll(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Versioned(req): Versioned<EnrollRequest>,
) -> Result<Json<EnrollResponse>, ApiError> {
    let now = state.now_ms();
    if !state.inner.limiter.enroll_attempt(ip, &req.code, now) {
        tracing::warn!(%ip, "enrollment rate limit hit");
        return Err(ApiError::RateLimited);
    }
    let store = state.store().clone();
    let result =
        tokio::task::spawn_blocking(move || store.enroll(&req.code, &req.device_name, now)).await?;
    match result {
        Ok(resp) => {
            tracing::info!(device = %resp.device_id, member = %resp.member_id, "device enrolled");
            Ok(Json(resp))
        }
        Err(e) => {
            tracing::info!(%ip, error = %e, "enrollment refused");
            Err(e.into())
        }
    }
}

pub async fn push(
    State(state): State<AppState>,
    Device(device): Device,
    Versioned(req): Versioned<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    if req.changes.len() > MAX_PUSH {
        return Err(ApiError::BadRequest(format!(
            "mỗi lần chỉ được gửi tối đa {MAX_PUSH} thay đổi (đã gửi {})",
            req.changes.len()
        )));
    }
    let now = state.now_ms();
    let n = req.changes.len();
    let results = state.store().push_async(device, req.changes, now).await?;
    let accepted = results
        .iter()
        .filter(|r| matches!(r.outcome, sotay_model::protocol::Outcome::Accepted { .. }))
        .count();
    tracing::info!(%device, pushed = n, accepted, "push");
    Ok(Json(PushResponse { results }))
}

/// The page goes out as the store read it (see [`crate::pull_page`]), written into
/// JSON on the blocking pool with the rest of the store's work, in one of the
/// `STORE_READS` slots.
pub async fn pull(
    State(state): State<AppState>,
    Device(device): Device,
    Versioned(req): Versioned<PullRequest>,
) -> Result<Response, ApiError> {
    let store = state.store().clone();
    let (body, rows, more) = state
        .read(move || {
            let page = store.pull_page(device, req.cursor, req.limit)?;
            Ok::<_, StoreError>((page.to_json()?, page.rows.len(), page.more))
        })
        .await??;
    tracing::debug!(%device, rows, more, "pull");
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}
