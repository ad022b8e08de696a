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

#[cfg(test)]
mod tests {
    use super::*;
    use sotay_model::change::FieldValue;
    use sotay_model::hlc::Hlc;
    use sotay_model::{Entity, Id, RowState};

    fn stored(conn: &Connection, id: Id) -> (RowState, i64) {
        conn.query_row(
            "SELECT state, seq FROM rows WHERE row_id = ?1",
            [id.to_string()],
            |r| Ok((r.get::<_, String>(0)?, r.get(1)?)),
        )
        .map(|(s, seq)| (serde_json::from_str(&s).expect("state"), seq))
        .expect("row")
    }

    #[test]
    fn migration_0008_withholds_stored_codes_under_a_newer_stamp_and_sequence() {
        let conn = Connection::open_in_memory().expect("open");
        for (v, sql) in super::super::MIGRATIONS.iter().filter(|m| m.0 < 8) {
            conn.execute_batch(sql)
                .unwrap_or_else(|e| panic!("{v}: {e}"));
        }
        let node = Id::from_u128(7);
        let hlc = Hlc {
            wall_ms: 1_796_000_000_000,
            counter: 3,
            node,
        };
        let mut row = RowState::empty(Entity::CheckIn, Id::from_u128(1));
        for (k, v) in [("code", "K7QXM2PA"), ("member_id", "x")] {
            row.fields.insert(
                k.into(),
                FieldValue {
                    value: serde_json::json!(v),
                    hlc,
                },
            );
        }
        let insert = |row: &RowState, entity: &str, seq: i64| {
            conn.execute(
                "INSERT INTO rows (row_id, entity, org_id, org_path, seq, state) VALUES (?1, ?2, 'o', '/o/', ?3, ?4)",
                rusqlite::params![row.row_id.to_string(), entity, seq, serde_json::to_string(row).expect("json")],
            )
            .expect("insert");
        };
        insert(&row, "check_in", 5);
        let other = RowState::empty(Entity::Meeting, Id::from_u128(2));
        insert(&other, "meeting", 9);
        conn.execute_batch(include_str!(
            "../../migrations/sqlite/0008_check_in_proofs.sql"
        ))
        .expect("0008");

        let (after, seq) = stored(&conn, row.row_id);
        let code = &after.fields["code"];
        assert_eq!(code.value, serde_json::json!("00000000"));
        assert_eq!(
            code.hlc,
            Hlc {
                counter: 4,
                node: Id::nil(),
                ..hlc
            }
        );
        assert!(
            code.hlc > hlc,
            "devices holding the code take the placeholder"
        );
        assert_eq!(after.fields["member_id"], row.fields["member_id"]);
        assert_eq!(seq, 5 + 9, "pulled again, after every number handed out");
        assert_eq!(stored(&conn, other.row_id).1, 9);
        // The limit's table is there, empty.
        let n: i64 = conn
            .query_row("SELECT COUNT(*) FROM check_in_refusals", [], |r| r.get(0))
            .expect("count");
        assert_eq!(n, 0);
    }
}
