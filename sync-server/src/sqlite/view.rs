//! Reading and writing the `rows` table: the [`TreeView`] the shared rules read
//! through, and the upsert that stores an accepted row.

use crate::error::StoreError;
use crate::tree::{subject_of, OrgPath, StoredRow, TreeView};
use rusqlite::{Connection, OptionalExtension};
use sotay_model::entities::PositionTitle;
use sotay_model::ids::Id;
use sotay_model::{Entity, RowState};

/// The rows table seen through one connection (or transaction).
pub struct SqlView<'a>(pub &'a Connection);

pub fn parse_id(s: &str) -> Result<Id, StoreError> {
    s.parse()
        .map_err(|_| StoreError::Corrupt(format!("mã không hợp lệ: {s}")))
}

pub fn stored(seq: i64, path: &str, state: &str) -> Result<StoredRow, StoreError> {
    Ok(StoredRow {
        seq: seq as u64,
        row: serde_json::from_str(state)?,
        path: OrgPath::parse(path)
            .ok_or_else(|| StoreError::Corrupt(format!("đường dẫn tổ chức hỏng: {path}")))?,
    })
}

impl TreeView for SqlView<'_> {
    fn row(&self, id: Id) -> Result<Option<StoredRow>, StoreError> {
        let found = self
            .0
            .prepare_cached("SELECT seq, org_path, state FROM rows WHERE row_id = ?1")?
            .query_row([id.to_string()], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .optional()?;
        found
            .map(|(seq, path, state)| stored(seq, &path, &state))
            .transpose()
    }

    fn positions_of(&self, member: Id) -> Result<Vec<(Id, PositionTitle)>, StoreError> {
        let mut stmt = self.0.prepare_cached(
            "SELECT state FROM rows WHERE subject_member = ?1 AND entity = 'position' AND tombstoned = 0",
        )?;
        let states = stmt
            .query_map([member.to_string()], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = Vec::new();
        for s in states {
            let row: RowState = serde_json::from_str(&s)?;
            let title = row
                .fields
                .get("title")
                .and_then(|f| serde_json::from_value::<PositionTitle>(f.value.clone()).ok());
            if let (Some(title), Some(org)) = (title, row.id("org_id")) {
                out.push((org, title));
            }
        }
        Ok(out)
    }

    fn member_with_card(&self, card_no: &str) -> Result<Option<Id>, StoreError> {
        member_by_card(self.0, card_no)
    }

    fn has_live_below(&self, path: &OrgPath) -> Result<bool, StoreError> {
        let found: Option<i64> = self
            .0
            .prepare_cached(
                "SELECT 1 FROM rows WHERE tombstoned = 0 AND (
                    (entity = 'member' AND org_path >= ?1 AND org_path < ?2)
                    OR (entity = 'organisation' AND org_path > ?1 AND org_path < ?2)) LIMIT 1",
            )?
            .query_row([path.as_str(), &path.upper_bound()], |r| r.get(0))
            .optional()?;
        Ok(found.is_some())
    }

    fn live_rows(&self, entity: Entity, org: Id) -> Result<Vec<RowState>, StoreError> {
        let mut stmt = self.0.prepare_cached(
            "SELECT state FROM rows WHERE entity = ?1 AND org_id = ?2 AND tombstoned = 0",
        )?;
        let states = stmt
            .query_map([entity.as_str(), &org.to_string()], |r| {
                r.get::<_, String>(0)
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = Vec::with_capacity(states.len());
        for s in states {
            out.push(serde_json::from_str(&s)?);
        }
        Ok(out)
    }
}

/// Insert or replace a row at a new sequence number.
pub fn upsert(
    conn: &Connection,
    row: &RowState,
    path: &OrgPath,
    seq: u64,
) -> Result<(), StoreError> {
    let card = match row.entity {
        Entity::Member => row.str("card_no").map(|s| s.trim().to_string()),
        _ => None,
    };
    conn.prepare_cached(
        "INSERT INTO rows (row_id, entity, org_id, org_path, subject_member, card_no, tombstoned, seq, state)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (row_id) DO UPDATE SET
            org_id = excluded.org_id, org_path = excluded.org_path,
            subject_member = excluded.subject_member, card_no = excluded.card_no,
            tombstoned = excluded.tombstoned, seq = excluded.seq, state = excluded.state",
    )?
    .execute(rusqlite::params![
        row.row_id.to_string(),
        row.entity.as_str(),
        crate::transfers::scope_org(row, path).to_string(),
        path.as_str(),
        subject_of(row).map(|m| m.to_string()),
        card,
        row.tombstone.is_some(),
        seq as i64,
        serde_json::to_string(row)?,
    ])?;
    Ok(())
}

/// Every stored row about `member` (their `subject_member`), whatever its entity.
pub fn rows_about(conn: &Connection, member: Id) -> Result<Vec<StoredRow>, StoreError> {
    let mut stmt =
        conn.prepare_cached("SELECT seq, org_path, state FROM rows WHERE subject_member = ?1")?;
    let found = stmt
        .query_map([member.to_string()], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    found
        .iter()
        .map(|(seq, path, state)| stored(*seq, path, state))
        .collect()
}

pub fn next_seq(conn: &Connection) -> Result<u64, StoreError> {
    let max: i64 = conn
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) FROM rows")?
        .query_row([], |r| r.get(0))?;
    Ok(max as u64 + 1)
}

pub fn member_by_card(conn: &Connection, card_no: &str) -> Result<Option<Id>, StoreError> {
    let id: Option<String> = conn
        .query_row(
            "SELECT row_id FROM rows WHERE card_no = ?1 AND entity = 'member' AND tombstoned = 0 LIMIT 1",
            [card_no.trim()],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|s| parse_id(&s)).transpose()
}
