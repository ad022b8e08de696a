//! The `outbox` (local changes the server has not acknowledged, in the order made) and
//! the `rejected` table (changes the server refused, shown to the user until dismissed).

use crate::error::DbError;
use rusqlite::{params, Connection};
use sotay_model::protocol::RejectReason;
use sotay_model::sync::RejectedChange;
use sotay_model::{Change, Entity, Id};

pub(crate) fn insert(conn: &Connection, change: &Change) -> Result<(), DbError> {
    conn.prepare_cached("INSERT INTO outbox (change_id, row_id, change) VALUES (?1, ?2, ?3)")?
        .execute(params![
            change.change_id.to_string(),
            change.row_id.to_string(),
            serde_json::to_string(change)?
        ])?;
    Ok(())
}

/// Remove a change; returns whether it was still pending.
pub(crate) fn remove(conn: &Connection, change_id: Id) -> Result<bool, DbError> {
    let n = conn
        .prepare_cached("DELETE FROM outbox WHERE change_id = ?1")?
        .execute([change_id.to_string()])?;
    Ok(n > 0)
}

fn changes(
    conn: &Connection,
    sql: &str,
    param: &dyn rusqlite::ToSql,
) -> Result<Vec<Change>, DbError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([param], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for s in rows {
        out.push(serde_json::from_str(&s?)?);
    }
    Ok(out)
}

/// The oldest `limit` pending changes, in the order they were made.
pub(crate) fn oldest(conn: &Connection, limit: usize) -> Result<Vec<Change>, DbError> {
    changes(
        conn,
        "SELECT change FROM outbox ORDER BY seq LIMIT ?1",
        &(limit as i64),
    )
}

/// Every pending change of one row, in the order made.
pub(crate) fn for_row(conn: &Connection, row_id: Id) -> Result<Vec<Change>, DbError> {
    changes(
        conn,
        "SELECT change FROM outbox WHERE row_id = ?1 ORDER BY seq",
        &row_id.to_string(),
    )
}

/// Every pending change, in the order made.
pub(crate) fn all(conn: &Connection) -> Result<Vec<Change>, DbError> {
    changes(
        conn,
        "SELECT change FROM outbox WHERE seq > ?1 ORDER BY seq",
        &0i64,
    )
}

pub(crate) fn count(conn: &Connection) -> Result<u64, DbError> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM outbox")?
        .query_row([], |r| r.get::<_, i64>(0))? as u64)
}

pub(crate) fn record_rejected(
    conn: &Connection,
    change: &Change,
    reason: &RejectReason,
    at_ms: u64,
) -> Result<(), DbError> {
    conn.execute(
        "INSERT OR REPLACE INTO rejected (change_id, entity, row_id, reason, message, at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            change.change_id.to_string(),
            change.entity.as_str(),
            change.row_id.to_string(),
            serde_json::to_string(reason)?,
            reason.message_vi(),
            at_ms as i64,
        ],
    )?;
    Ok(())
}

/// Rejected changes, newest first.
pub(crate) fn rejected(conn: &Connection) -> Result<Vec<RejectedChange>, DbError> {
    let mut stmt = conn.prepare(
        "SELECT change_id, entity, row_id, reason, message, at_ms FROM rejected
         ORDER BY at_ms DESC, rowid DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    let bad = |what: &str| DbError::Corrupt(format!("bảng rejected: {what} không hợp lệ"));
    let mut out = Vec::new();
    for row in rows {
        let (change_id, entity, row_id, reason, message, at_ms) = row?;
        out.push(RejectedChange {
            change_id: change_id.parse().map_err(|_| bad("change_id"))?,
            entity: Entity::parse(&entity).ok_or_else(|| bad("entity"))?,
            row_id: row_id.parse().map_err(|_| bad("row_id"))?,
            reason: serde_json::from_str(&reason)?,
            message,
            at_ms: at_ms as u64,
        });
    }
    Ok(out)
}

pub(crate) fn count_rejected(conn: &Connection) -> Result<u64, DbError> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM rejected")?
        .query_row([], |r| r.get::<_, i64>(0))? as u64)
}

/// Forget a rejected change; returns whether it was there.
pub(crate) fn dismiss(conn: &Connection, change_id: Id) -> Result<bool, DbError> {
    let n = conn.execute(
        "DELETE FROM rejected WHERE change_id = ?1",
        [change_id.to_string()],
    )?;
    Ok(n > 0)
}
