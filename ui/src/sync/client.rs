//! The sync feature's Api calls (status, sync now, refused changes), each typed.

use crate::transport::ask;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::sync::requests::{self as sync, DismissRejected, ListRejected, SyncNow};
use sotay_model::sync::{RejectedChange, Status, SyncReport};

pub async fn status() -> Result<Status, ApiError> {
    ask(sync::Status).await
}

pub async fn sync_now() -> Result<SyncReport, ApiError> {
    ask(SyncNow).await
}

pub async fn list_rejected() -> Result<Vec<RejectedChange>, ApiError> {
    ask(ListRejected).await
}

pub async fn dismiss_rejected(change_id: Id) -> Result<(), ApiError> {
    ask(DismissRejected { change_id }).await
}
