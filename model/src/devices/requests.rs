//! The devices feature's requests, all online.

use super::EnrollCode;
use crate::call;
use crate::ids::{DeviceId, Id};
use crate::protocol::{AuditPage, DeviceInfo};
use crate::sync::Status;
use serde::{Deserialize, Serialize};

/// Enroll this device with a one-time code from a committee.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Enroll {
    pub server: String,
    pub code: String,
    pub device_name: String,
    /// Base64 SHA-256 of the server's public key (SubjectPublicKeyInfo), from the
    /// committee. When set, every connection to a server whose certificate carries
    /// another key is refused. Added later: absent means no pinning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin_sha256: Option<String>,
}
call!(online Enroll, "enroll" => Status);

/// A one-time enrollment code for a member (72 h unless `ttl_hours`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssueEnrollCode {
    pub member_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_hours: Option<u32>,
}
call!(online IssueEnrollCode, "issue_enroll_code" => EnrollCode);

/// This member's devices, or (for a committee) the devices of `member_id`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListDevices {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<Id>,
}
call!(online ListDevices, "list_devices" => Vec<DeviceInfo>);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RenameDevice {
    pub device_id: DeviceId,
    pub name: String,
}
call!(online RenameDevice, "rename_device" => DeviceInfo);

/// Revoke a device: refused from its next contact, it wipes its copy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevokeDevice {
    pub device_id: DeviceId,
}
call!(online RevokeDevice, "revoke_device" => DeviceInfo);

/// The audit log of an organisation and below, newest first; page back with
/// `before` = the last entry's id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListAudit {
    pub org_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}
call!(online ListAudit, "list_audit" => AuditPage);
