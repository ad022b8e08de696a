//! Reading the `rows` table on PostgreSQL: the [`TreeView`] the shared rules read
//! through. A push batch writes it (`batch.rs`).

use super::conn::Tx;
use crate::error::StoreError;
use crate::tree::{OrgPath, StoredRow, TreeView};
use postgres::Row;
use sotay_model::entities::PositionTitle;
use sotay_model::ids::Id;
use sotay_model::{Entity, RowState};

/// The organisation and title of a stored position row (`None` if it names neither).
pub fn position_of(state: &str) -> Result<Option<(Id, PositionTitle)>, StoreError> {
    let row: RowState = serde_json::from_str(state)?;
    let title = row
        .fields
        .get("title")
        .and_then(|f| serde_json::from_value::<PositionTitle>(f.value.clone()).ok());
    Ok(title.zip(row.id("org_id")).map(|(t, o)| (o, t)))
}

/// The rows table seen through one transaction.
pub struct PgView<'a, 'c>(pub &'a Tx<'c>);

pub fn parse_id(s: &str) -> Result<Id, StoreError> {
    s.parse()
        .map_err(|_| StoreError::Corrupt(format!("mã không hợp lệ: {s}")))
}

/// A stored row from `(seq, org_path, state)` columns.
pub fn stored(r: &Row) -> Result<StoredRow, StoreError> {
    let seq: i64 = r.try_get(0)?;
    let path: &str = r.try_get(1)?;
    let state: &str = r.try_get(2)?;
    Ok(StoredRow {
        seq: seq as u64,
        row: serde_json::from_str(state)?,
        path: OrgPath::parse(path)
            .ok_or_else(|| StoreError::Corrupt(format!("đường dẫn tổ chức hỏng: {path}")))?,
    })
}

impl TreeView for PgView<'_, '_> {
    fn row(&self, id: Id) -> Result<Option<StoredRow>, StoreError> {
        self.0
            .opt(
                "SELECT seq, org_path, state FROM rows WHERE row_id = $1",
                &[&id.to_string()],
            )?
            .map(|r| stored(&r))
            .transpose()
    }

    fn positions_of(&self, member: Id) -> Result<Vec<(Id, PositionTitle)>, StoreError> {
        let rows = self.0.query(
            "SELECT state FROM rows WHERE subject_member = $1 AND entity = 'position' AND NOT tombstoned",
            &[&member.to_string()],
        )?;
        let mut out = Vec::new();
        for r in rows {
            out.extend(position_of(r.try_get(0)?)?);
        }
        Ok(out)
    }

    fn member_with_card(&self, card_no: &str) -> Result<Option<Id>, StoreError> {
        let r = self.0.opt(
            "SELECT row_id FROM rows WHERE card_no = $1 AND entity = 'member' AND NOT tombstoned LIMIT 1",
            &[&card_no.trim()],
        )?;
        r.map(|r| parse_id(r.try_get(0)?)).transpose()
    }

    fn has_live_below(&self, path: &OrgPath) -> Result<bool, StoreError> {
        let found = self.0.opt(
            "SELECT 1 FROM rows WHERE NOT tombstoned AND (
                (entity = 'member' AND org_path >= $1 AND org_path < $2)
                OR (entity = 'organisation' AND org_path > $1 AND org_path < $2)) LIMIT 1",
            &[&path.as_str(), &path.upper_bound()],
        )?;
        Ok(found.is_some())
    }

    fn live_rows(&self, entity: Entity, org: Id) -> Result<Vec<RowState>, StoreError> {
        let rows = self.0.query(
            "SELECT state FROM rows WHERE entity = $1 AND org_id = $2 AND NOT tombstoned",
            &[&entity.as_str(), &org.to_string()],
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let state: &str = r.try_get(0)?;
            out.push(serde_json::from_str(state)?);
        }
        Ok(out)
    }
}

/// Every stored row about `member` (their `subject_member`), whatever its entity.
pub fn rows_about(tx: &Tx<'_>, member: Id) -> Result<Vec<StoredRow>, StoreError> {
    tx.query(
        "SELECT seq, org_path, state FROM rows WHERE subject_member = $1",
        &[&member.to_string()],
    )?
    .iter()
    .map(stored)
    .collect()
}
