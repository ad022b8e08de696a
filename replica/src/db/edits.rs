//! A local write: one change stamped by the device clock, merged into the local row,
//! validated, and stored together with its outbox entry in ONE transaction, so that a
//! crash leaves either both or neither (DESIGN §3 data flow).

use super::{meta, outbox, rows, Db};
use crate::env::Env;
use crate::error::{invalid, not_enrolled, DbError};
use sotay_model::api::ApiError;
use sotay_model::change::FieldValue;
use sotay_model::row::Row;
use sotay_model::{Change, Entity, Id, RowState};

/// One local write: entity, row, the fields it sets, and whether it deletes the row.
pub type LocalWrite<'a> = (Entity, Id, Vec<(&'a str, serde_json::Value)>, bool);

impl Db {
    /// Set `fields` of a row (and delete it when `delete`), as one change with one fresh
    /// stamp. The merged row must pass `entities::validate`; otherwise nothing is written
    /// and the Vietnamese reason comes back as `ApiErrorKind::Invalid`.
    pub fn commit_local(
        &mut self,
        env: &dyn Env,
        entity: Entity,
        row_id: Id,
        fields: Vec<(&str, serde_json::Value)>,
        delete: bool,
    ) -> Result<Change, ApiError> {
        let mut changes = self.commit_local_batch(env, vec![(entity, row_id, fields, delete)])?;
        changes
            .pop()
            .ok_or_else(|| invalid("Không có thay đổi nào"))
    }

    /// Several local writes in ONE transaction (an import): every row is validated
    /// and, if any fails, nothing at all is written. Each change gets its own stamp.
    pub fn commit_local_batch(
        &mut self,
        env: &dyn Env,
        writes: Vec<LocalWrite<'_>>,
    ) -> Result<Vec<Change>, ApiError> {
        if self.clock.is_none() {
            return Err(not_enrolled());
        }
        let now = env.now_ms();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(DbError::from)?;
        let Some(clock) = self.clock.as_mut() else {
            return Err(not_enrolled());
        };
        meta::catch_up_clock(&tx, clock)?;
        let mut done = Vec::with_capacity(writes.len());
        for (entity, row_id, fields, delete) in writes {
            let stamp = clock.tick(now);
            let mut row =
                rows::load(&tx, row_id)?.unwrap_or_else(|| RowState::empty(entity, row_id));
            if row.entity != entity {
                return Err(invalid("Mã định danh này thuộc về một loại dữ liệu khác"));
            }
            let mut change = Change {
                change_id: Id::v7(now, env.random()),
                entity,
                row_id,
                org_id: Id::nil(),
                fields: fields
                    .into_iter()
                    .map(|(k, value)| (k.to_string(), FieldValue { value, hlc: stamp }))
                    .collect(),
                tombstone: delete.then_some(stamp),
            };
            row.apply(&change);
            change.org_id = row.org_id;
            // On any early return the transaction is dropped, which rolls it back.
            sotay_model::entities::validate(&row)
                .map_err(|e| invalid(format!("Dữ liệu không hợp lệ: {e}")))?;
            rows::store(&tx, &row)?;
            outbox::insert(&tx, &change)?;
            meta::store_hlc(&tx, stamp)?;
            done.push(change);
        }
        tx.commit().map_err(DbError::from)?;
        Ok(done)
    }

    /// A live row read as its typed struct (`None` when absent, deleted or unreadable).
    pub fn live_typed<T: Row>(&self, row_id: Id) -> Result<Option<T>, DbError> {
        Ok(self
            .live_row(T::ENTITY, row_id)?
            .and_then(|r| T::from_row(&r).ok()))
    }

    /// Write `new` whole when it is not held yet, else only the fields that changed
    /// (so an untouched field keeps its stamp); nothing when nothing changed. Rows
    /// whose id is derived from what they are about are set this way.
    pub fn save<T: Row>(&mut self, env: &dyn Env, new: &T) -> Result<Id, ApiError> {
        let fields = match self.live_typed::<T>(new.id())? {
            Some(old) => old.patch(new),
            None => new.to_fields(),
        };
        if !fields.is_empty() {
            self.commit_local(env, T::ENTITY, new.id(), fields, false)?;
        }
        Ok(new.id())
    }

    /// A live (not deleted) row of the given kind.
    pub fn live_row(&self, entity: Entity, row_id: Id) -> Result<Option<RowState>, DbError> {
        Ok(rows::load(&self.conn, row_id)?.filter(|r| r.entity == entity && r.tombstone.is_none()))
    }

    /// Pending changes not yet acknowledged by the server, oldest first.
    pub fn pending_changes(&self) -> Result<Vec<Change>, DbError> {
        outbox::all(&self.conn)
    }

    /// The stored state of any row, deleted or not (for tests and diagnostics).
    pub fn row(&self, row_id: Id) -> Result<Option<RowState>, DbError> {
        rows::load(&self.conn, row_id)
    }

    /// Every stored row, deleted or not, in id order (for tests and the simulator).
    pub fn all_rows(&self) -> Result<Vec<RowState>, DbError> {
        rows::all(&self.conn)
    }

    /// The live rows of these kinds, in id order: what `all_rows` filtered would give,
    /// parsing only those rows (the simulator picks a row to edit on every step).
    pub fn live_rows_of(&self, entities: &[Entity]) -> Result<Vec<RowState>, DbError> {
        let mut out = Vec::new();
        for e in entities {
            out.extend(rows::select_live(
                &self.conn,
                "",
                "r.entity = ?1",
                [e.as_str()],
            )?);
        }
        out.sort_by_key(|r| r.row_id);
        Ok(out)
    }
}
