//! The transfer requests (issue 19): written offline on the device, judged by the
//! server at sync.

use super::api::TransferList;
use super::record::TransferKind;
use crate::call;
use crate::ids::Id;
use serde::{Deserialize, Serialize};

/// Issue a transfer of a member (their cell's committee, or one above that
/// administers them). `dest_org_id` is the receiving cell; without it the member goes
/// out of the province, to `dest_name`. Answers the transfer's id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssueTransfer {
    pub member_id: Id,
    #[serde(default)]
    pub kind: TransferKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dest_org_id: Option<Id>,
    /// Where out of the province (ignored when `dest_org_id` is given).
    #[serde(default)]
    pub dest_name: String,
    #[serde(default)]
    pub reason: String,
    /// yyyy-mm-dd, required for a temporary transfer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
}
call!(IssueTransfer, "issue_transfer" => Id);

/// Confirm reception (the receiving cell's committee, or one above it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfirmTransfer {
    /// The transfer's id (the sender's).
    pub transfer_id: Id,
}
call!(ConfirmTransfer, "confirm_transfer" => ());

/// Refuse reception with a reason (the receiving cell's committee, or one above it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RefuseTransfer {
    pub transfer_id: Id,
    pub reason: String,
}
call!(RefuseTransfer, "refuse_transfer" => ());

/// Withdraw a transfer not yet answered (the sender).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CancelTransfer {
    pub transfer_id: Id,
    #[serde(default)]
    pub reason: String,
}
call!(CancelTransfer, "cancel_transfer" => ());

/// Out of the province: the sender has handed the member's file over.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HandOverTransfer {
    pub transfer_id: Id,
    #[serde(default)]
    pub note: String,
}
call!(HandOverTransfer, "hand_over_transfer" => ());

/// Transfers into and out of an organisation's subtree (this device's member's cell
/// when absent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListTransfers {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<Id>,
}
call!(ListTransfers, "list_transfers" => TransferList);
