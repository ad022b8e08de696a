//! The sync feature's requests.

use super::{RejectedChange, Status as DeviceStatus, SyncReport};
use crate::call;
use crate::ids::Id;
use serde::{Deserialize, Serialize};

/// Who this device is and how its sync stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Status;
call!(Status, "status" => DeviceStatus);

/// Push pending changes and pull until caught up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SyncNow;
call!(online SyncNow, "sync_now" => SyncReport);

/// Changes the server refused, newest first, until dismissed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListRejected;
call!(ListRejected, "list_rejected" => Vec<RejectedChange>);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DismissRejected {
    pub change_id: Id,
}
call!(DismissRejected, "dismiss_rejected" => ());
