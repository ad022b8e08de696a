//! The typed Api between a front end (Yew UI, `sotay` CLI) and the local replica.
//! One request enum in, one response enum out, as JSON; the Tauri command, the
//! headless browser host and the CLI all carry exactly these.
//!
//! Wire form: `{"type":"list_members","org_id":"…"}` → `{"type":"members","members":[…]}`;
//! errors are an `ApiError`.

use crate::entities::{Gender, Member, MemberStatus, OrgKind, Organisation, Position};
use crate::ids::{DeviceId, Id};
use crate::protocol::RejectReason;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    /// Who this device is and how its sync stands.
    Status,
    /// Enroll this device with a one-time code from a committee.
    Enroll {
        server: String,
        code: String,
        device_name: String,
    },
    /// Push pending changes and pull until caught up.
    SyncNow,
    /// Every organisation this device holds, as a flat list (the UI builds the tree).
    ListOrgs,
    /// Members of an organisation and of all organisations below it, sorted the
    /// Vietnamese way (given name, then the rest).
    ListMembers {
        org_id: Id,
    },
    GetMember {
        id: Id,
    },
    CreateOrg {
        name: String,
        kind: OrgKind,
        parent_id: Id,
    },
    CreateMember(NewMember),
    UpdateMember {
        id: Id,
        patch: MemberPatch,
    },
    DeleteMember {
        id: Id,
    },
    ListPositions {
        org_id: Id,
    },
    /// Changes the server refused, newest first, until dismissed.
    ListRejected,
    DismissRejected {
        change_id: Id,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewMember {
    pub full_name: String,
    pub birth_date: String,
    pub gender: Gender,
    pub joined_date: String,
    pub official_date: Option<String>,
    pub card_no: String,
    pub status: MemberStatus,
    pub cell_id: Id,
}

/// Only the fields present are changed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official_date: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<MemberStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell_id: Option<Id>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Response {
    Status(Status),
    Synced(SyncReport),
    Orgs { orgs: Vec<Organisation> },
    Members { members: Vec<Member> },
    Member { member: Member },
    Positions { positions: Vec<Position> },
    Created { id: Id },
    Rejected { rejected: Vec<RejectedChange> },
    Done,
}

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiErrorKind {
    NotEnrolled,
    AlreadyEnrolled,
    NotFound,
    Invalid,
    Forbidden,
    Offline,
    Server,
    Storage,
    Unauthorized,
}

/// An error the user can see: a kind for code, a Vietnamese message for people.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub kind: ApiErrorKind,
    pub message: String,
}

impl ApiError {
    pub fn new(kind: ApiErrorKind, message: impl Into<String>) -> ApiError {
        ApiError {
            kind,
            message: message.into(),
        }
    }
}
