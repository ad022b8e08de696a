//! The Api requests answered by the server, not the local copy: enrollment codes
//! (with a QR image), a member's devices (list, rename, revoke) and the audit log.
//! The server decides who may do what (permission table); a refusal comes back as
//! `ApiErrorKind::Forbidden` with a Vietnamese message. A `device_revoked` answer
//! wipes the local copy, as it does during sync (DESIGN §5).

use crate::calls::Online;
use crate::db::Db;
use crate::error::invalid;
use crate::replica::Replica;
use crate::sync::http::HttpTransport;
use crate::sync::{self, SyncError, Transport, TransportError};
use serde::{de::DeserializeOwned, Serialize};
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::devices::requests::{
    Enroll, IssueEnrollCode, ListAudit, ListDevices, RenameDevice, RevokeDevice,
};
use sotay_model::devices::EnrollCode;
use sotay_model::protocol::{
    AuditPage, AuditRequest, DeviceInfo, DeviceList, ErrorCode, IssueCodeRequest, IssuedCode,
    ListDevicesRequest, RenameDeviceRequest, RevokeDeviceRequest, MAX_AUDIT, PROTOCOL_VERSION,
};
use sotay_model::sync::Status;
use std::sync::{Arc, Mutex};

impl Online for Enroll {
    async fn connect(&self, r: &Replica) -> Result<HttpTransport, ApiError> {
        r.enroll_transport(&self.server, self.pin_sha256.as_deref())
            .await
    }
    async fn online<T: Transport + Send>(
        self,
        r: &Replica,
        server: &mut T,
    ) -> Result<Status, ApiError> {
        let pin = self.pin_sha256.as_deref();
        r.enroll_over(server, &self.server, &self.code, &self.device_name, pin)
            .await
    }
}

impl Online for IssueEnrollCode {
    async fn online<T: Transport + Send>(
        self,
        r: &Replica,
        server: &mut T,
    ) -> Result<EnrollCode, ApiError> {
        let body = IssueCodeRequest {
            protocol: PROTOCOL_VERSION,
            member_id: self.member_id,
            ttl_ms: self.ttl_hours.map(|h| u64::from(h) * 3_600_000),
        };
        let issued: IssuedCode = Server::of(r, server).post("codes", &body).await?;
        Ok(EnrollCode {
            qr_svg: qr_svg(&issued.code)?,
            member_id: issued.member_id,
            code: issued.code,
            expires_ms: issued.expires_ms,
        })
    }
}

impl Online for ListDevices {
    async fn online<T: Transport + Send>(
        self,
        r: &Replica,
        server: &mut T,
    ) -> Result<Vec<DeviceInfo>, ApiError> {
        let body = ListDevicesRequest {
            protocol: PROTOCOL_VERSION,
            member_id: self.member_id,
        };
        let list: DeviceList = Server::of(r, server).post("devices", &body).await?;
        Ok(list.devices)
    }
}

impl Online for RenameDevice {
    async fn online<T: Transport + Send>(
        self,
        r: &Replica,
        server: &mut T,
    ) -> Result<DeviceInfo, ApiError> {
        if self.name.trim().is_empty() {
            return Err(invalid("Hãy nhập tên thiết bị"));
        }
        let body = RenameDeviceRequest {
            protocol: PROTOCOL_VERSION,
            device_id: self.device_id,
            name: self.name,
        };
        Server::of(r, server).post("devices/rename", &body).await
    }
}

impl Online for RevokeDevice {
    async fn online<T: Transport + Send>(
        self,
        r: &Replica,
        server: &mut T,
    ) -> Result<DeviceInfo, ApiError> {
        let body = RevokeDeviceRequest {
            protocol: PROTOCOL_VERSION,
            device_id: self.device_id,
        };
        Server::of(r, server).post("devices/revoke", &body).await
    }
}

impl Online for ListAudit {
    async fn online<T: Transport + Send>(
        self,
        r: &Replica,
        server: &mut T,
    ) -> Result<AuditPage, ApiError> {
        let body = AuditRequest {
            protocol: PROTOCOL_VERSION,
            org_id: self.org_id,
            before: self.before,
            after: self.after,
            limit: self.limit.unwrap_or(100).clamp(1, MAX_AUDIT),
        };
        Server::of(r, server).post("audit", &body).await
    }
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

/// An online request's answer as the Api reports it; a `device_revoked` answer wipes
/// this device first (on the blocking threads, like every database step here).
struct Server<'a, T> {
    db: &'a Arc<Mutex<Db>>,
    transport: &'a mut T,
}

impl<'a, T: Transport + Send> Server<'a, T> {
    fn of(r: &'a Replica, transport: &'a mut T) -> Server<'a, T> {
        Server {
            db: r.db_lock(),
            transport,
        }
    }

    async fn post<Req: Serialize + Sync, Resp: DeserializeOwned + Send>(
        self,
        route: &str,
        body: &Req,
    ) -> Result<Resp, ApiError> {
        match self.transport.call(route, body).await {
            Ok(r) => Ok(r),
            Err(e) if e.is_revoked() => {
                // Refused for good: drop everything this device holds, then say so.
                sync::on_db(self.db, |db| db.wipe()).await??;
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
}
