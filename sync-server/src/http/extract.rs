//! Request extractors that answer in `ErrorBody` rather than axum's plain text:
//! versioned JSON bodies, the bearer device, and the client's address.

use super::error::ApiError;
use super::AppState;
use crate::error::AuthError;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use serde::de::DeserializeOwned;
use sotay_model::ids::DeviceId;
use sotay_model::protocol::PROTOCOL_VERSION;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// A JSON request body whose `protocol` this server speaks. The version is checked
/// before the rest is parsed, so a newer client whose body we cannot read is still
/// told to upgrade rather than that its request is malformed.
pub struct Versioned<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Versioned<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge
            } else {
                ApiError::BadRequest("không đọc được nội dung yêu cầu".into())
            }
        })?;
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
            ApiError::BadRequest(format!(
                "nội dung không phải JSON hợp lệ (dòng {}, cột {})",
                e.line(),
                e.column()
            ))
        })?;
        match value.get("protocol").map(|v| v.as_u64()) {
            Some(Some(v)) if v == u64::from(PROTOCOL_VERSION) => {}
            Some(Some(_)) => return Err(ApiError::UpgradeRequired),
            _ => {
                return Err(ApiError::BadRequest(
                    "thiếu phiên bản giao thức (protocol)".into(),
                ))
            }
        }
        serde_json::from_value(value)
            .map(Versioned)
            .map_err(|e| ApiError::BadRequest(format!("yêu cầu không đúng định dạng ({e})")))
    }
}

/// The device named by `Authorization: Bearer <device_id>.<secret>`.
pub struct Device(pub DeviceId);

impl FromRequestParts<AppState> for Device {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let ip = peer_ip(parts);
        let now = state.now_ms();
        let limiter = &state.inner.limiter;
        if limiter.auth_blocked(ip, now) {
            tracing::warn!(%ip, "credential rate limit hit");
            return Err(ApiError::RateLimited);
        }
        let credential = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|v| v.trim().to_string())
            .ok_or_else(|| {
                limiter.auth_failed(ip, now);
                ApiError::Unauthenticated
            })?;
        let store = state.store().clone();
        match state.read(move || store.authenticate(&credential)).await? {
            Ok(device) => Ok(Device(device)),
            Err(e) => {
                if matches!(e, AuthError::Unknown) {
                    limiter.auth_failed(ip, now);
                }
                Err(e.into())
            }
        }
    }
}

/// The peer address of the connection (unspecified when the router runs without
/// connection info, e.g. in a `oneshot` test). Proxies' headers are not trusted.
pub struct ClientIp(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Ok(ClientIp(peer_ip(parts)))
    }
}

/// The connection's peer, over plain TCP or TLS (see [`super::tls::PeerAddr`]).
fn peer_ip(parts: &Parts) -> IpAddr {
    let ext = &parts.extensions;
    ext.get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .or_else(|| {
            ext.get::<ConnectInfo<super::tls::PeerAddr>>()
                .map(|c| c.0 .0.ip())
        })
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}
