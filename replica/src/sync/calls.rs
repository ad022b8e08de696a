//! The sync feature's requests: the device's status, "sync now", and the changes the
//! server refused.

use crate::calls::{Cx, Device, Local, Online};
use crate::db::outbox;
use crate::replica::Replica;
use crate::sync::Transport;
use sotay_model::api::ApiError;
use sotay_model::sync::requests::{DismissRejected, ListRejected, Status, SyncNow};
use sotay_model::sync::{RejectedChange, Status as DeviceStatus, SyncReport};

impl Device for Status {
    const WHILE_LOCKED: bool = true;
    fn device(self, r: &Replica) -> Result<DeviceStatus, ApiError> {
        r.status()
    }
}

impl Online for SyncNow {
    async fn online<T: Transport + Send>(
        self,
        r: &Replica,
        server: &mut T,
    ) -> Result<SyncReport, ApiError> {
        r.sync_over(server).await
    }
}

impl Local for ListRejected {
    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<RejectedChange>, ApiError> {
        Ok(outbox::rejected(&cx.db.conn)?)
    }
}

impl Local for DismissRejected {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        outbox::dismiss(&cx.db.conn, self.change_id)?;
        Ok(())
    }
}
