//! The Api requests answered by the server, not the local copy: enrollment codes
//! (with a QR image), a member's devices (list, rename, revoke) and the audit log.
//! The server decides who may do what (permission table); a refusal comes back as
//! `ApiErrorKind::Forbidden` with a Vietnamese message. A `device_revoked` answer
//! wipes the local copy, as it does during sync (DESIGN §5).

use crate::db::{Db, Identity};
use crate::error::invalid;
use crate::sync::{self, SyncError, TransportError};
use serde::{de::DeserializeOwned, Serialize};
use sotay_model::api::{ApiError, ApiErrorKind, EnrollCode, Request, Response};
use sotay_model::protocol::{
    AuditPage, AuditRequest, DeviceInfo, DeviceList, ErrorBody, ErrorCode, IssueCodeRequest,
    IssuedCode, ListDevicesRequest, RenameDeviceRequest, RevokeDeviceRequest, MAX_AUDIT,
    PROTOCOL_VERSION,
};
use std::sync::Mutex;

/// Whether a request is one of those answered here (needs the network).
pub fn is_online(req: &Request) -> bool {
    matches!(
        req,
        Request::IssueEnrollCode { .. }
            | Request::ListDevices { .. }
            | Request::RenameDevice { .. }
            | Request::RevokeDevice { .. }
            | Request::ListAudit { .. }
    )
}

/// Answer one online request for the enrolled `identity` over `client`.
pub async fn call(
    db: &Mutex<Db>,
    client: &reqwest::Client,
    identity: &Identity,
    req: Request,
) -> Result<Response, ApiError> {
    let server = Server {
        db,
        client,
        identity,
    };
    let p = PROTOCOL_VERSION;
    Ok(match req {
        Request::IssueEnrollCode {
            member_id,
            ttl_hours,
        } => {
            let issued: IssuedCode = server
                .post(
                    "codes",
                    &IssueCodeRequest {
                        protocol: p,
                        member_id,
                        ttl_ms: ttl_hours.map(|h| u64::from(h) * 3_600_000),
                    },
                )
                .await?;
            Response::EnrollCode(EnrollCode {
                qr_svg: qr_svg(&issued.code)?,
                member_id: issued.member_id,
                code: issued.code,
                expires_ms: issued.expires_ms,
            })
        }
        Request::ListDevices { member_id } => {
            let list: DeviceList = server
                .post(
                    "devices",
                    &ListDevicesRequest {
                        protocol: p,
                        member_id,
                    },
                )
                .await?;
            Response::Devices {
                devices: list.devices,
            }
        }
        Request::RenameDevice { device_id, name } => {
            if name.trim().is_empty() {
                return Err(invalid("Hãy nhập tên thiết bị"));
            }
            let device: DeviceInfo = server
                .post(
                    "devices/rename",
                    &RenameDeviceRequest {
                        protocol: p,
                        device_id,
                        name,
                    },
                )
                .await?;
            Response::Device { device }
        }
        Request::RevokeDevice { device_id } => {
            let device: DeviceInfo = server
                .post(
                    "devices/revoke",
                    &RevokeDeviceRequest {
                        protocol: p,
                        device_id,
                    },
                )
                .await?;
            Response::Device { device }
        }
        Request::ListAudit {
            org_id,
            before,
            after,
            limit,
        } => {
            let page: AuditPage = server
                .post(
                    "audit",
                    &AuditRequest {
                        protocol: p,
                        org_id,
                        before,
                        after,
                        limit: limit.unwrap_or(100).clamp(1, MAX_AUDIT),
                    },
                )
                .await?;
            Response::Audit {
                entries: page.entries,
                more: page.more,
            }
        }
        _ => return Err(invalid("Yêu cầu này không cần kết nối máy chủ")),
    })
}

/// The code as an SVG QR image (what a phone's camera reads is the code's text).
pub fn qr_svg(code: &str) -> Result<String, ApiError> {
    let qr = qrcode::QrCode::new(code.as_bytes())
        .map_err(|e| ApiError::new(ApiErrorKind::Server, format!("Không tạo được mã QR ({e})")))?;
    Ok(qr
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

struct Server<'a> {
    db: &'a Mutex<Db>,
    client: &'a reqwest::Client,
    identity: &'a Identity,
}

impl Server<'_> {
    async fn post<Req: Serialize, Resp: DeserializeOwned>(
        &self,
        route: &str,
        body: &Req,
    ) -> Result<Resp, ApiError> {
        match self.send(route, body).await {
            Ok(r) => Ok(r),
            Err(e) if e.is_revoked() => {
                // Refused for good: drop everything this device holds, then say so.
                sync::lock(self.db).wipe()?;
                Err(SyncError::Revoked.into())
            }
            Err(TransportError::Server { body, .. }) if body.code == ErrorCode::Forbidden => {
                Err(ApiError::new(ApiErrorKind::Forbidden, body.message))
            }
            Err(TransportError::Server { body, .. }) if body.code == ErrorCode::BadRequest => {
                Err(ApiError::new(ApiErrorKind::Invalid, body.message))
            }
            Err(e) => Err(SyncError::Transport(e).into()),
        }
    }

    async fn send<Req: Serialize, Resp: DeserializeOwned>(
        &self,
        route: &str,
        body: &Req,
    ) -> Result<Resp, TransportError> {
        let url = format!("{}/v1/{route}", self.identity.server);
        crate::sync::http::check_secure(&url)?;
        let offline = |e: reqwest::Error| match crate::sync::tls::describe(&e) {
            Some(why) => TransportError::Untrusted(why),
            None => TransportError::Offline(e.without_url().to_string()),
        };
        let resp = self
            .client
            .post(url)
            .bearer_auth(&self.identity.credential)
            .json(body)
            .send()
            .await
            .map_err(offline)?;
        let status = resp.status();
        let bytes = resp.bytes().await.map_err(offline)?;
        if !status.is_success() {
            return Err(match serde_json::from_slice::<ErrorBody>(&bytes) {
                Ok(body) => TransportError::Server {
                    status: status.as_u16(),
                    body,
                },
                Err(_) => TransportError::from_status(status.as_u16()),
            });
        }
        serde_json::from_slice(&bytes).map_err(|e| TransportError::Protocol(e.to_string()))
    }
}
