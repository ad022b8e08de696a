//! A push batch's view of `rows` and `changes` on PostgreSQL: what the batch has read
//! or written is answered from memory, so the rules' repeated reads (a cell's row for
//! each of its changes, the author's own row for each push) and the outcome lookups
//! cost no round trip. A push on PostgreSQL is round-trip bound: it holds the
//! cross-process `seq_counter` lock from its first statement to its commit.
//!
//! Sound because every write to `rows` and `changes` takes that lock first (see
//! [`super::push`]): while a batch holds it, nobody else changes what is cached, and
//! the batch's own writes update the cache as they go. A savepoint rolled back
//! forgets everything, and later reads go to the database again.

use super::conn::Tx;
use super::view::{parse_id, stored, PgView};
use crate::apply::Seen;
use crate::error::StoreError;
use crate::tree::{OrgPath, StoredRow, TreeView};
use postgres::Row;
use sotay_model::entities::PositionTitle;
use sotay_model::ids::Id;
use sotay_model::{Change, Entity, RowState};
use std::cell::RefCell;
use std::collections::HashMap;

/// An outcome from `(content_hash, seq, reject)` columns.
fn seen_of(r: &Row) -> Result<Seen, StoreError> {
    Ok(Seen {
        hash: r.try_get(0)?,
        seq: r.try_get(1)?,
        reject: r.try_get(2)?,
    })
}

/// Ids as the text the tables store them as.
fn texts(ids: &[Id]) -> Vec<String> {
    ids.iter().map(Id::to_string).collect()
}

pub struct Batch<'t, 'c> {
    tx: &'t Tx<'c>,
    /// `None`: known not to exist.
    rows: RefCell<HashMap<Id, Option<StoredRow>>>,
    seen: RefCell<HashMap<Id, Option<Seen>>>,
}

impl<'t, 'c> Batch<'t, 'c> {
    /// Inside `tx`, which holds the push lock; nothing read yet.
    pub fn new(tx: &'t Tx<'c>) -> Self {
        Batch {
            tx,
            rows: RefCell::new(HashMap::new()),
            seen: RefCell::new(HashMap::new()),
        }
    }

    pub fn tx(&self) -> &'t Tx<'c> {
        self.tx
    }

    /// Read in two statements the outcomes and rows that `changes` will look up one
    /// by one.
    pub fn prefetch<'a>(
        &self,
        changes: impl Iterator<Item = &'a Change>,
    ) -> Result<(), StoreError> {
        let (change_ids, row_ids): (Vec<Id>, Vec<Id>) =
            changes.map(|c| (c.change_id, c.row_id)).unzip();
        let mut seen = self.seen.borrow_mut();
        seen.extend(change_ids.iter().map(|&id| (id, None)));
        for r in self.tx.query(
            "SELECT content_hash, seq, reject, change_id FROM changes WHERE change_id = ANY($1)",
            &[&texts(&change_ids)],
        )? {
            seen.insert(parse_id(r.try_get(3)?)?, Some(seen_of(&r)?));
        }
        let mut rows = self.rows.borrow_mut();
        rows.extend(row_ids.iter().map(|&id| (id, None)));
        for r in self.tx.query(
            "SELECT seq, org_path, state, row_id FROM rows WHERE row_id = ANY($1)",
            &[&texts(&row_ids)],
        )? {
            rows.insert(parse_id(r.try_get(3)?)?, Some(stored(&r)?));
        }
        Ok(())
    }

    /// An earlier outcome of this change id, if any.
    pub fn seen(&self, id: Id) -> Result<Option<Seen>, StoreError> {
        if let Some(known) = self.seen.borrow().get(&id) {
            return Ok(known.clone());
        }
        let found = self
            .tx
            .opt(
                "SELECT content_hash, seq, reject FROM changes WHERE change_id = $1",
                &[&id.to_string()],
            )?
            .map(|r| seen_of(&r))
            .transpose()?;
        self.seen.borrow_mut().insert(id, found.clone());
        Ok(found)
    }

    /// The batch recorded this outcome for `id`.
    pub fn recorded(&self, id: Id, outcome: Seen) {
        self.seen.borrow_mut().insert(id, Some(outcome));
    }

    /// The batch stored `row` at `seq`.
    pub fn stored(&self, row: &RowState, path: &OrgPath, seq: u64) {
        let now = StoredRow {
            seq,
            row: row.clone(),
            path: path.clone(),
        };
        self.rows.borrow_mut().insert(row.row_id, Some(now));
    }

    /// A savepoint was rolled back: what it wrote is gone, so is all that is cached.
    pub fn forget(&self) {
        self.rows.borrow_mut().clear();
        self.seen.borrow_mut().clear();
    }
}

impl TreeView for Batch<'_, '_> {
    fn row(&self, id: Id) -> Result<Option<StoredRow>, StoreError> {
        if let Some(known) = self.rows.borrow().get(&id) {
            return Ok(known.clone());
        }
        let found = PgView(self.tx).row(id)?;
        self.rows.borrow_mut().insert(id, found.clone());
        Ok(found)
    }

    fn positions_of(&self, member: Id) -> Result<Vec<(Id, PositionTitle)>, StoreError> {
        PgView(self.tx).positions_of(member)
    }

    fn member_with_card(&self, card_no: &str) -> Result<Option<Id>, StoreError> {
        PgView(self.tx).member_with_card(card_no)
    }

    fn has_live_below(&self, path: &OrgPath) -> Result<bool, StoreError> {
        PgView(self.tx).has_live_below(path)
    }

    fn live_rows(&self, entity: Entity, org: Id) -> Result<Vec<RowState>, StoreError> {
        PgView(self.tx).live_rows(entity, org)
    }
}
