//! Answering a pull on PostgreSQL: the device's read scope (from [`crate::authz`]) as
//! one WHERE clause over indexed columns, paged by sequence number, in one
//! REPEATABLE READ snapshot.

use super::conn::Tx;
use super::devices::live_member;
use super::view::{parse_id, PgView};
use crate::authz::{Actor, ReadScope, ScopeTerm};
use crate::error::StoreError;
use crate::pull_page::{PullPage, RawRow};
use crate::tree::{OrgPath, TreeView};
use postgres::types::ToSql;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{Cursor, MAX_PULL};

pub type Param = Box<dyn ToSql + Sync>;

/// A pull walks the rows past its cursor in sequence order when there are at most
/// this many (see [`pull`]); beyond, it finds its rows through the scope's indexes.
const WALK_MAX: u64 = 2_000;

/// The scope as SQL, appending its parameters (numbered from `params.len() + 1`).
/// Terms that differ only in their entity are one term with an entity list: a cell
/// secretary's scope is some 90 terms of a dozen shapes, and PostgreSQL planned each
/// as its own bitmap scans (issue 21: half of its CPU under the load went to pulls,
/// a third of that to planning them). Lists are array parameters, so the SQL text
/// (and its prepared statement) depends only on the shape of the scope.
fn scope_sql(scope: &ReadScope, params: &mut Vec<Param>) -> String {
    // Entities per (kind, place), in the scope's order.
    let mut own: Vec<&str> = Vec::new();
    let mut orgs: Vec<(&[Id], Vec<&str>)> = Vec::new();
    let mut below: Vec<(&OrgPath, Vec<&str>)> = Vec::new();
    for term in &scope.terms {
        match term {
            ScopeTerm::Own(e) => own.push(e.as_str()),
            ScopeTerm::Orgs(e, ids) => match orgs.iter_mut().find(|(l, _)| *l == ids.as_slice()) {
                Some((_, es)) => es.push(e.as_str()),
                None => orgs.push((ids, vec![e.as_str()])),
            },
            ScopeTerm::Below(e, path) => match below.iter_mut().find(|(p, _)| *p == path) {
                Some((_, es)) => es.push(e.as_str()),
                None => below.push((path, vec![e.as_str()])),
            },
        }
    }
    let mut push = |v: Param| {
        params.push(v);
        format!("${}", params.len())
    };
    let list = |es: Vec<&str>| -> Param {
        Box::new(es.into_iter().map(String::from).collect::<Vec<String>>())
    };
    // The selective test first in each term: a walk (see [`pull`]) checks the terms
    // on every row, and most rows fail on their place, not their entity.
    let mut parts = Vec::new();
    if !own.is_empty() {
        let m = push(Box::new(scope.member.to_string()));
        let e = push(list(own));
        parts.push(format!("(subject_member = {m} AND entity = ANY({e}))"));
    }
    for (path, es) in below {
        let e = push(list(es));
        let lo = push(Box::new(path.as_str().to_string()));
        let hi = push(Box::new(path.upper_bound()));
        parts.push(format!(
            "(org_path > {lo} AND org_path < {hi} AND entity = ANY({e}))"
        ));
    }
    for (ids, es) in orgs {
        let e = push(list(es));
        let l = push(Box::new(ids.iter().map(Id::to_string).collect::<Vec<_>>()));
        parts.push(format!("(org_id = ANY({l}) AND entity = ANY({e}))"));
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

    // The last sequence committed in this snapshot (the first statement fixed it).
    // Pushes commit in sequence order (push.rs), so no change with a smaller sequence
    // can still be in flight.
    let newest: i64 = tx.one("SELECT v FROM seq_counter", &[])?.try_get(0)?;
    let mut params: Vec<Param> = vec![Box::new(from as i64)];
    let clause = scope_sql(&scope, &mut params);
    params.push(Box::new(i64::from(limit) + 1));
    let sql = if (newest as u64).saturating_sub(from) <= WALK_MAX {
        // Few rows changed since the cursor (a device that pulls often): walk them in
        // sequence order and check the scope on each, stopping at the page's end. The
        // `OFFSET 0` keeps PostgreSQL from planning the scope through its indexes:
        // dozens of index descents (one per entity of each term), bitmaps and a sort
        // cost some 5 ms whatever the cursor, a walk 1.6 µs a row (10,000 members).
        format!(
            "SELECT seq, state FROM (
                SELECT seq, state, entity, org_id, org_path, subject_member FROM rows
                WHERE seq > $1 ORDER BY seq OFFSET 0) r
             WHERE {clause} ORDER BY seq LIMIT ${}",
            params.len()
        )
    } else {
        format!(
            "SELECT seq, state FROM rows WHERE seq > $1 AND ({clause}) ORDER BY seq LIMIT ${}",
            params.len()
        )
    };
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
        // Caught up: nothing in scope lies between `last` and `newest`.
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
