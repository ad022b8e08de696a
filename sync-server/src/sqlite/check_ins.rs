//! The SQLite side of the per-device limit on refused check-ins
//! ([`crate::meetings::check_ins`]): the `check_in_refusals` table (migration 0008),
//! written inside the push's transaction.

use crate::error::StoreError;
use crate::meetings::check_ins::RefusalLog;
use rusqlite::Connection;
use sotay_model::ids::DeviceId;

/// The refusal log over the push's transaction.
pub struct Refusals<'c>(pub &'c Connection);

impl RefusalLog for Refusals<'_> {
    fn refusals_since(&self, device: DeviceId, since_ms: u64) -> Result<u32, StoreError> {
        let n: i64 = self
            .0
            .prepare_cached(
                "SELECT COUNT(*) FROM check_in_refusals WHERE device_id = ?1 AND at_ms >= ?2",
            )?
            .query_row(
                rusqlite::params![device.to_string(), since_ms as i64],
                |r| r.get(0),
            )?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    fn record_refusal(
        &self,
        device: DeviceId,
        at_ms: u64,
        forget_before_ms: u64,
    ) -> Result<(), StoreError> {
        let device = device.to_string();
        self.0
            .prepare_cached("DELETE FROM check_in_refusals WHERE device_id = ?1 AND at_ms < ?2")?
            .execute(rusqlite::params![device, forget_before_ms as i64])?;
        self.0
            .prepare_cached("INSERT INTO check_in_refusals (device_id, at_ms) VALUES (?1, ?2)")?
            .execute(rusqlite::params![device, at_ms as i64])?;
        Ok(())
    }
}
