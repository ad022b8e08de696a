//! Answering a pull on PostgreSQL: the device's read scope (from [`crate::authz`]) as
//! one WHERE clause over indexed columns, paged by sequence number, in one
//! REPEATABLE READ snapshot.

use super::conn::Tx;
use super::devices::live_member;
use super::view::{parse_id, PgView};
use crate::authz::{Actor, ReadScope, ScopeTerm};
use crate::error::StoreError;
use crate::pull_page::{PullPage, RawRow};
use crate::tree::TreeView;
use postgres::types::ToSql;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{Cursor, MAX_PULL};

pub type Param = Box<dyn ToSql + Sync>;

/// The scope as SQL, appending its parameters (numbered from `params.len() + 1`).
/// Organisation lists are one array parameter, so the SQL text (and its prepared
/// statement) depends only on the shape of the scope.
fn scope_sql(scope: &ReadScope, params: &mut Vec<Param>) -> String {
    let mut push = |v: Param| {
        params.push(v);
        format!("${}", params.len())
    };
    let mut parts = Vec::new();
    for term in &scope.terms {
        match term {
            ScopeTerm::Own(e) => {
                let e = push(Box::new(e.as_str()));
                let m = push(Box::new(scope.member.to_string()));
                parts.push(format!("(entity = {e} AND subject_member = {m})"));
            }
            ScopeTerm::Orgs(e, ids) => {
                let e = push(Box::new(e.as_str()));
                let list: Vec<String> = ids.iter().map(Id::to_string).collect();
                let l = push(Box::new(list));
                parts.push(format!("(entity = {e} AND org_id = ANY({l}))"));
            }
            ScopeTerm::Below(e, path) => {
                let e = push(Box::new(e.as_str()));
                let lo = push(Box::new(path.as_str().to_string()));
                let hi = push(Box::new(path.upper_bound()));
                parts.push(format!(
                    "(entity = {e} AND org_path > {lo} AND org_path < {hi})"
                ));
            }
        }
    }
    if parts.is_empty() {
        "FALSE".into()
    } else {
        parts.join(" OR ")
    }
}

pub fn refs(params: &[Param]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p.as_ref()).collect()
}

/// Rows that left the scope in `(from, to]`: they moved away from a place in scope
/// and their current place is not in scope.
fn gone(tx: &Tx<'_>, scope: &ReadScope, from: u64, to: u64) -> Result<Vec<Id>, StoreError> {
    let mut params: Vec<Param> = vec![Box::new(from as i64), Box::new(to as i64)];
    let clause = scope_sql(scope, &mut params);
    let found = tx.query(
        &format!(
            "SELECT DISTINCT row_id FROM departures WHERE seq > $1 AND seq <= $2 AND ({clause})"
        ),
        &refs(&params),
    )?;
    let view = PgView(tx);
    let mut out = Vec::new();
    for r in found {
        let id = parse_id(r.try_get(0)?)?;
        match view.row(id)? {
            Some(now) if scope.contains(&now) => {}
            _ => out.push(id),
        }
    }
    out.sort();
    Ok(out)
}

pub fn pull(
    tx: Tx<'_>,
    device: DeviceId,
    cursor: Cursor,
    limit: u32,
) -> Result<PullPage, StoreError> {
    let member = live_member(&tx, device)?;
    let actor = Actor::load(&PgView(&tx), member)?;
    let epoch = actor.epoch();
    let reset = cursor.epoch != epoch;
    let from = if reset { 0 } else { cursor.seq };
    let limit = limit.clamp(1, MAX_PULL);
    let scope = actor.read_scope();

    let mut params: Vec<Param> = vec![Box::new(from as i64)];
    let clause = scope_sql(&scope, &mut params);
    params.push(Box::new(i64::from(limit) + 1));
    let sql = format!(
        "SELECT seq, state FROM rows WHERE seq > $1 AND ({clause}) ORDER BY seq LIMIT ${}",
        params.len()
    );
    let raw = tx.query(&sql, &refs(&params))?;
    let more = raw.len() > limit as usize;
    let rows = raw
        .iter()
        .take(limit as usize)
        .map(|r| {
            let seq: i64 = r.try_get(0)?;
            Ok(RawRow {
                seq: seq as u64,
                state: r.try_get(1)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let last = rows.last().map(|r| r.seq).unwrap_or(from);
    let (seq, remaining) = if more {
        let mut params: Vec<Param> = vec![Box::new(last as i64)];
        let clause = scope_sql(&scope, &mut params);
        let n: i64 = tx
            .one(
                &format!("SELECT COUNT(*) FROM rows WHERE seq > $1 AND ({clause})"),
                &refs(&params),
            )?
            .try_get(0)?;
        (last, n as u64)
    } else {
        // Caught up: nothing in scope lies between `last` and the last sequence
        // committed in this snapshot. Pushes commit in sequence order (push.rs), so
        // no change with a smaller sequence can still be in flight.
        let max: i64 = tx.one("SELECT v FROM seq_counter", &[])?.try_get(0)?;
        (last.max(max as u64), 0)
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
