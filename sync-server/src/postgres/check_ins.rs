//! The PostgreSQL side of the per-device limit on refused check-ins
//! ([`crate::meetings::check_ins`]): the `check_in_refusals` table (migration 0008),
//! written inside the push's transaction, which holds the `seq_counter` lock, so
//! every server process counts the same refusals.

use super::batch::Batch;
use crate::error::StoreError;
use crate::meetings::check_ins::RefusalLog;
use sotay_model::ids::DeviceId;

/// The refusal log over the push's batch.
pub struct Refusals<'b, 't, 'c>(pub &'b Batch<'t, 'c>);

impl RefusalLog for Refusals<'_, '_, '_> {
    fn refusals_since(&self, device: DeviceId, since_ms: u64) -> Result<u32, StoreError> {
        // The batch never holds back writes to this table: no flush needed.
        let n: i64 = self
            .0
            .tx()
            .one(
                "SELECT COUNT(*) FROM check_in_refusals WHERE device_id = $1 AND at_ms >= $2",
                &[&device.to_string(), &(since_ms as i64)],
            )?
            .try_get(0)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    fn record_refusal(
        &self,
        device: DeviceId,
        at_ms: u64,
        forget_before_ms: u64,
    ) -> Result<(), StoreError> {
        // Written now, so inside the job's savepoint; one round trip.
        self.0.before_write()?;
        self.0.tx().exec(
            "WITH old AS (
                DELETE FROM check_in_refusals WHERE device_id = $1 AND at_ms < $3)
             INSERT INTO check_in_refusals (device_id, at_ms) VALUES ($1, $2)",
            &[
                &device.to_string(),
                &(at_ms as i64),
                &(forget_before_ms as i64),
            ],
        )?;
        Ok(())
    }
}
