//! Sync and status: who this device is, how its sync stands, and the changes the
//! server refused. The sync protocol itself is [`crate::protocol`].

pub mod requests;

use crate::entities::{Member, Position};
use crate::ids::{DeviceId, Id};
use crate::protocol::RejectReason;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Status {
    pub enrolled: bool,
    pub server: Option<String>,
    pub device_id: Option<DeviceId>,
    /// The member this device acts for, once their row has synced.
    pub me: Option<Member>,
    pub positions: Vec<Position>,
    /// Unix ms of the last sync that reached the server and caught up.
    pub last_synced_ms: Option<u64>,
    /// Whether the last contact with the server succeeded.
    pub online: bool,
    pub pending_changes: u64,
    pub rejected_changes: u64,
    /// Set while a sync runs: rows pulled so far and rows the server says remain.
    pub progress: Option<SyncProgress>,
    /// The app is locked: only Status, Unlock and Lock are answered.
    #[serde(default)]
    pub locked: bool,
    /// An app PIN is set.
    #[serde(default)]
    pub pin_set: bool,
    /// Set when the database key is not in the platform's keystore but in a file beside
    /// the data: the UI shows it. Absent on the wire otherwise, so older peers agree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_warning: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncProgress {
    pub pulled: u64,
    pub remaining: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SyncReport {
    pub pushed: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub pulled: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RejectedChange {
    pub change_id: Id,
    pub entity: crate::change::Entity,
    pub row_id: Id,
    pub reason: RejectReason,
    /// The reason in Vietnamese, ready to show.
    pub message: String,
    pub at_ms: u64,
}
