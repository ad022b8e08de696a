//! Answering a pull: the device's read scope (from [`crate::authz`]) as one WHERE
//! clause over indexed columns, paged by sequence number, in one read snapshot.

use super::devices::live_member;
use super::view::{parse_id, SqlView};
use crate::authz::{Actor, ReadScope, ScopeTerm};
use crate::error::StoreError;
use crate::pull_page::{PullPage, RawRow};
use crate::tree::TreeView;
use rusqlite::types::Value;
use rusqlite::Connection;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{Cursor, MAX_PULL};

/// The scope as SQL over `rows`, appending its parameters (numbered from
/// `params.len() + 1`). `filter_only` writes the columns as `+col`, which keeps
/// SQLite from using their indexes: the scope is then checked row by row while the
/// query walks the `seq` index (see [`pull`]).
fn scope_sql(scope: &ReadScope, params: &mut Vec<Value>, filter_only: bool) -> String {
    let c = if filter_only { "+" } else { "" };
    let mut push = |v: Value| {
        params.push(v);
        format!("?{}", params.len())
    };
    let mut parts = Vec::new();
    for term in &scope.terms {
        match term {
            ScopeTerm::Own(e) => {
                let e = push(Value::Text(e.as_str().into()));
                let m = push(Value::Text(scope.member.to_string()));
                parts.push(format!("({c}entity = {e} AND {c}subject_member = {m})"));
            }
            ScopeTerm::Orgs(e, ids) => {
                let e = push(Value::Text(e.as_str().into()));
                let list: Vec<String> = ids
                    .iter()
                    .map(|id| push(Value::Text(id.to_string())))
                    .collect();
                parts.push(format!(
                    "({c}entity = {e} AND {c}org_id IN ({}))",
                    list.join(", ")
                ));
            }
            ScopeTerm::Below(e, path) => {
                let e = push(Value::Text(e.as_str().into()));
                let lo = push(Value::Text(path.as_str().into()));
                let hi = push(Value::Text(path.upper_bound()));
                parts.push(format!(
                    "({c}entity = {e} AND {c}org_path > {lo} AND {c}org_path < {hi})"
                ));
            }
        }
    }
    if parts.is_empty() {
        "0".into()
    } else {
        parts.join(" OR ")
    }
}

/// Rows that left the scope in `(from, to]`: they moved away from a place in scope
/// and their current place is not in scope.
fn gone(tx: &Connection, scope: &ReadScope, from: u64, to: u64) -> Result<Vec<Id>, StoreError> {
    let mut params = vec![Value::Integer(from as i64), Value::Integer(to as i64)];
    let clause = scope_sql(scope, &mut params, false);
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT DISTINCT row_id FROM departures WHERE seq > ?1 AND seq <= ?2 AND ({clause})"
    ))?;
    let ids = stmt
        .query_map(rusqlite::params_from_iter(params.iter()), |r| {
            r.get::<_, String>(0)
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let view = SqlView(tx);
    let mut out = Vec::new();
    for id in ids {
        let id = parse_id(&id)?;
        match view.row(id)? {
            Some(now) if scope.contains(&now) => {}
            _ => out.push(id),
        }
    }
    out.sort();
    Ok(out)
}

pub fn pull(
    conn: &mut Connection,
    device: DeviceId,
    cursor: Cursor,
    limit: u32,
) -> Result<PullPage, StoreError> {
    // One snapshot for the scope, the page and the counts.
    let tx = conn.transaction()?;
    let member = live_member(&tx, device)?;
    let actor = Actor::load(&SqlView(&tx), member)?;
    let epoch = actor.epoch();
    let reset = cursor.epoch != epoch;
    let from = if reset { 0 } else { cursor.seq };
    let limit = limit.clamp(1, MAX_PULL);
    let scope = actor.read_scope();

    // Rows in scope past the cursor: a count the scope's indexes answer without
    // reading rows. It is the `remaining` of the answer, and it picks the plan.
    let mut params = vec![Value::Integer(from as i64)];
    let clause = scope_sql(&scope, &mut params, false);
    // Cached statements throughout: a scope's SQL has one shape per device, and
    // parsing it was a sixth of a busy server's time.
    let in_scope: i64 = tx
        .prepare_cached(&format!(
            "SELECT COUNT(*) FROM rows WHERE seq > ?1 AND ({clause})"
        ))?
        .query_row(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?;
    let newest: i64 = tx
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) FROM rows")?
        .query_row([], |r| r.get(0))?;
    // A broad scope (a committee high in the tree: a province officer reads every row)
    // is read in sequence order along the `seq` index, checking the scope per row and
    // stopping at the page's end. Through the scope's indexes SQLite would instead
    // gather every row in scope and sort them all, for every page: 250 ms a page on a
    // 100,000-member province. A narrow scope (a member, a cell) keeps that plan: it
    // finds its few rows without walking the table.
    let broad = in_scope.saturating_mul(4) >= newest - from as i64;
    let mut params = vec![Value::Integer(from as i64)];
    let clause = scope_sql(&scope, &mut params, broad);
    params.push(Value::Integer(i64::from(limit) + 1));
    let sql = format!(
        "SELECT seq, state FROM rows WHERE seq > ?1 AND ({clause}) ORDER BY seq LIMIT ?{}",
        params.len()
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    let raw = stmt
        .query_map(rusqlite::params_from_iter(params.iter()), |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    drop(stmt);
    let more = raw.len() > limit as usize;
    let rows: Vec<RawRow> = raw
        .into_iter()
        .take(limit as usize)
        .map(|(seq, state)| RawRow {
            seq: seq as u64,
            state,
        })
        .collect();
    let last = rows.last().map(|r| r.seq).unwrap_or(from);
    let (seq, remaining) = if more {
        (last, (in_scope as u64).saturating_sub(rows.len() as u64))
    } else {
        // Caught up: nothing in scope lies between `last` and the newest sequence, so
        // the cursor may skip to it and the next pull starts past rows it cannot see.
        (last.max(newest as u64), 0)
    };
    let gone = if from == 0 {
        Vec::new()
    } else {
        gone(&tx, &scope, from, seq)?
    };
    tx.commit()?;
    Ok(PullPage {
        rows,
        cursor: Cursor { epoch, seq },
        more,
        reset,
        gone,
        remaining,
    })
}
