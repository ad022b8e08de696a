//! The transfer Api calls the screens make, each typed by its request. All are
//! answered from the device's copy; the server judges each change at the next sync.

use crate::transport::ask;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::transfers::api::TransferList;
use sotay_model::transfers::requests::{
    CancelTransfer, ConfirmTransfer, HandOverTransfer, IssueTransfer, ListTransfers, RefuseTransfer,
};

pub async fn issue(req: IssueTransfer) -> Result<Id, ApiError> {
    ask(req).await
}

pub async fn list(org_id: Id) -> Result<TransferList, ApiError> {
    ask(ListTransfers {
        org_id: Some(org_id),
    })
    .await
}

pub async fn confirm(transfer_id: Id) -> Result<(), ApiError> {
    ask(ConfirmTransfer { transfer_id }).await
}

pub async fn refuse(transfer_id: Id, reason: String) -> Result<(), ApiError> {
    ask(RefuseTransfer {
        transfer_id,
        reason,
    })
    .await
}

pub async fn cancel(transfer_id: Id, reason: String) -> Result<(), ApiError> {
    ask(CancelTransfer {
        transfer_id,
        reason,
    })
    .await
}

pub async fn hand_over(transfer_id: Id, note: String) -> Result<(), ApiError> {
    ask(HandOverTransfer { transfer_id, note }).await
}
