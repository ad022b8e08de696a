//! A dashboard added up from the facts (`facts`): every organisation of the asked
//! one's subtree adds its own facts for the period's months to its slot (itself, or
//! the organisation directly below the asked one it lies under), deciding what the clock
//! decides: a meeting is held once started, a task not done is overdue after its day.
//! What an organisation sends (study assignments, announcement copies) reaches the
//! active members of each organisation below it that lies in the subtree.
//!
//! A subtree that is a large part of what the device holds (a province) is read in one
//! range of each table over the period; a small one (a cell, a grassroots organisation)
//! organisation by organisation.

use super::Slots;
use crate::administration::organisations::OrgTree;
use crate::db::Db;
use crate::error::DbError;
use rusqlite::types::ToSql;
use rusqlite::Row;
use sotay_model::api::ApiError;
use sotay_model::oversight::api::{Figures, MonthFigures};
use sotay_model::oversight::Period;
use sotay_model::tasks::Bucket;
use sotay_model::Id;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What a dashboard asks: `top`'s subtree over `period`; `now` decides which meetings
/// were held, `today` which tasks are overdue.
pub(super) struct Ask<'a> {
    pub tree: &'a OrgTree,
    pub top: Id,
    pub period: Period,
    pub now: u64,
    pub today: &'a str,
}

/// The organisations of `top`'s subtree, each with its slot, and the organisations
/// below each (for what an organisation sends down).
pub(super) struct Subtree {
    pub(super) slot: HashMap<Id, Id>,
    /// The same organisations by their id as stored.
    keys: HashMap<String, Id>,
    children: HashMap<Id, Vec<Id>>,
    /// Read whole ranges of the period rather than organisation by organisation.
    wide: bool,
}

impl Subtree {
    pub(super) fn new(tree: &OrgTree, top: Id, months: usize) -> Subtree {
        let mut children: HashMap<Id, Vec<Id>> = HashMap::new();
        for o in tree.0.values() {
            if let Some(p) = o.parent_id {
                children.entry(p).or_default().push(o.id);
            }
        }
        let mut sub = Subtree {
            slot: HashMap::from([(top, top)]),
            keys: HashMap::new(),
            children,
            wide: false,
        };
        for below in sub.children.get(&top).cloned().unwrap_or_default() {
            for x in sub.walk(below) {
                sub.slot.entry(x).or_insert(below);
            }
        }
        sub.keys = sub.slot.keys().map(|o| (o.to_string(), *o)).collect();
        // A lookup by organisation costs about as much as reading fifty rows of a
        // range; a range holds some rows per organisation held and month.
        sub.wide = sub.slot.len() * 50 > months * tree.0.len().max(1);
        sub
    }

    /// `org` and every organisation below it (each once, whatever the tree holds).
    fn walk(&self, org: Id) -> Vec<Id> {
        let mut out = vec![org];
        let mut seen = HashSet::from([org]);
        let mut i = 0;
        while let Some(&o) = out.get(i) {
            for c in self.children.get(&o).into_iter().flatten() {
                if seen.insert(*c) {
                    out.push(*c);
                }
            }
            i += 1;
        }
        out
    }

    /// Each row of `table` in `range` (its parameters `params`) of an organisation of
    /// the subtree, with that organisation.
    pub(super) fn rows(
        &self,
        db: &Db,
        table: &str,
        columns: &str,
        range: &str,
        params: &[&dyn ToSql],
        mut each: impl FnMut(Id, &Row) -> rusqlite::Result<()>,
    ) -> Result<(), ApiError> {
        let mut run = || -> rusqlite::Result<()> {
            if self.wide {
                let sql = format!("SELECT org_id, {columns} FROM {table} WHERE {range}");
                let mut stmt = db.conn.prepare_cached(&sql)?;
                let mut rows = stmt.query(params)?;
                while let Some(r) = rows.next()? {
                    if let Some(org) = self.keys.get(r.get_ref(0)?.as_str()?) {
                        each(*org, r)?;
                    }
                }
                return Ok(());
            }
            let n = params.len() + 1;
            let sql =
                format!("SELECT org_id, {columns} FROM {table} WHERE org_id = ?{n} AND {range}");
            let mut stmt = db.conn.prepare_cached(&sql)?;
            for (key, org) in &self.keys {
                let mut p = params.to_vec();
                p.push(key);
                let mut rows = stmt.query(&*p)?;
                while let Some(r) = rows.next()? {
                    each(*org, r)?;
                }
            }
            Ok(())
        };
        run().map_err(|e| DbError::from(e).into())
    }
}

/// `sotay_model::tasks::derive`'s bucket of a task due on `due` from the day it was
/// done, on `today` (the items behind a task figure are picked by the same rule).
pub(super) fn bucket(due: &str, done_on: Option<&str>, today: &str) -> Bucket {
    match done_on {
        Some(done) if done <= due => Bucket::OnTime,
        Some(_) => Bucket::Late,
        None if today > due => Bucket::Overdue,
        None => Bucket::Open,
    }
}

/// One organisation's members now and its dues after its last month of rows.
struct OrgRow {
    active: u32,
    dues_last: Option<String>,
    dues_after: i64,
}

/// Add the subtree's facts for the period into `slots` and `by_month`.
pub(super) fn add_up(
    db: &Db,
    ask: &Ask,
    slots: &mut Slots,
    by_month: &mut BTreeMap<String, MonthFigures>,
) -> Result<(), ApiError> {
    let months: Vec<String> = ask
        .period
        .each_month()
        .iter()
        .map(|m| m.to_string())
        .collect();
    let sub = Subtree::new(ask.tree, ask.top, months.len());
    let (first, last) = (&months[0], &months[months.len() - 1]);
    let mut figures: HashMap<Id, Figures> = HashMap::new();

    // Members, and what each organisation owes past its rows.
    let mut orgs: HashMap<Id, OrgRow> = HashMap::new();
    let columns = "full, probationary, gone, dues_last, dues_after";
    sub.rows(db, "ov_org", columns, "1 = 1", &[], |org, r| {
        let f = figures.entry(org).or_default();
        f.members.full += r.get::<_, u32>(1)?;
        f.members.probationary += r.get::<_, u32>(2)?;
        f.members.left += r.get::<_, u32>(3)?;
        let row = OrgRow {
            active: r.get::<_, u32>(1)? + r.get::<_, u32>(2)?,
            dues_last: r.get(4)?,
            dues_after: r.get(5)?,
        };
        orgs.insert(org, row);
        Ok(())
    })?;
    let period: [&dyn ToSql; 2] = [first, last];
    let beyond = |org: &Id, month: &str| {
        orgs.get(org)
            .and_then(|o| o.dues_last.as_deref())
            .is_some_and(|l| month > l)
    };
    let columns = "month, joined, expected, collected";
    let range = "month BETWEEN ?1 AND ?2";
    sub.rows(db, "ov_month", columns, range, &period, |org, r| {
        let month: String = r.get(1)?;
        // Past the last month of any basis or payment each member owes what they owed
        // then (added below), and nothing is counted.
        let expected = if beyond(&org, &month) { 0 } else { r.get(3)? };
        let collected: i64 = r.get(4)?;
        let f = figures.entry(org).or_default();
        f.members.joined += r.get::<_, u32>(2)?;
        f.dues.expected += expected;
        f.dues.collected += collected;
        if let Some(x) = by_month.get_mut(&month) {
            x.dues.expected += expected;
            x.dues.collected += collected;
        }
        Ok(())
    })?;
    for (org, o) in &orgs {
        for month in months.iter().filter(|m| beyond(org, m)) {
            figures.entry(*org).or_default().dues.expected += o.dues_after;
            if let Some(x) = by_month.get_mut(month) {
                x.dues.expected += o.dues_after;
            }
        }
    }

    // Decided ratings of the year; the other active members are not yet decided.
    let year = ask.period.year();
    let mut decided: HashMap<Id, u32> = HashMap::new();
    let columns = "r0, r1, r2, r3";
    sub.rows(db, "ov_year", columns, "year = ?1", &[&year], |org, r| {
        let f = figures.entry(org).or_default();
        for k in 0..4 {
            let n: u32 = r.get(k + 1)?;
            f.ratings[k] += n;
            *decided.entry(org).or_default() += n;
        }
        Ok(())
    })?;
    for (org, o) in &orgs {
        let undecided = o
            .active
            .saturating_sub(decided.get(org).copied().unwrap_or(0));
        figures.entry(*org).or_default().ratings[4] += undecided;
    }

    // Meetings started by now, and tasks by the day each was done.
    let now = ask.now as i64;
    let held: [&dyn ToSql; 3] = [first, last, &now];
    let columns = "month, convened, present";
    let range = "month BETWEEN ?1 AND ?2 AND starts_at <= ?3";
    sub.rows(db, "ov_meeting", columns, range, &held, |org, r| {
        let month: String = r.get(1)?;
        let (convened, present): (u32, u32) = (r.get(2)?, r.get(3)?);
        let f = figures.entry(org).or_default();
        for m in [
            Some(&mut f.meetings),
            by_month.get_mut(&month).map(|x| &mut x.meetings),
        ]
        .into_iter()
        .flatten()
        {
            m.held += 1;
            m.convened += convened;
            m.present += present;
        }
        Ok(())
    })?;
    let range = "month BETWEEN ?1 AND ?2";
    sub.rows(
        db,
        "ov_task",
        "due_date, done_on",
        range,
        &period,
        |org, r| {
            let due = r.get_ref(1)?.as_str()?;
            let bucket = bucket(due, r.get_ref(2)?.as_str_or_null()?, ask.today);
            figures.entry(org).or_default().tasks.add(bucket);
            Ok(())
        },
    )?;

    let active: HashMap<Id, u32> = orgs.iter().map(|(o, r)| (*o, r.active)).collect();
    items(db, ask, &sub, &active, &mut figures)?;
    for (org, f) in &figures {
        if let Some(total) = sub.slot.get(org).and_then(|s| slots.get_mut(s)) {
            super::add(total, f);
        }
    }
    Ok(())
}

/// Study assignments due in the period and announcement copies sent in it: each
/// active member of the organisations below the sending one (and in the subtree) owes
/// a reading, or is a recipient.
fn items(
    db: &Db,
    ask: &Ask,
    sub: &Subtree,
    active: &HashMap<Id, u32>,
    figures: &mut HashMap<Id, Figures>,
) -> Result<(), ApiError> {
    let (first, last) = ask.period.months();
    let sent: Vec<(String, String, String)> = {
        let mut stmt = db
            .conn
            .prepare_cached(
                "SELECT org_id, kind, item_id FROM ov_item WHERE month BETWEEN ?1 AND ?2",
            )
            .map_err(DbError::from)?;
        let rows = stmt
            .query_map([first.to_string(), last.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .map_err(DbError::from)?;
        rows.collect::<Result<_, _>>().map_err(DbError::from)?
    };
    let above = ask.tree.chain(ask.top);
    let mut stmt = db
        .conn
        .prepare_cached("SELECT org_id, n FROM ov_read WHERE item_id = ?1")
        .map_err(DbError::from)?;
    for (org, kind, item) in sent {
        let Ok(org) = org.parse::<Id>() else {
            continue;
        };
        // Sent at or below `top`: to its own subtree; from above `top`: to all of it.
        let reached: HashSet<Id> = if sub.slot.contains_key(&org) {
            sub.walk(org).into_iter().collect()
        } else if above.contains(&org) {
            sub.slot.keys().copied().collect()
        } else {
            continue;
        };
        let mut reads: HashMap<Id, u32> = HashMap::new();
        let rows = stmt
            .query_map([&item], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
            })
            .map_err(DbError::from)?;
        for row in rows {
            let (x, n) = row.map_err(DbError::from)?;
            if let Some(x) = sub.keys.get(&x).filter(|x| reached.contains(x)) {
                reads.insert(*x, n);
            }
        }
        for x in &reached {
            let Some(a) = active.get(x) else {
                continue;
            };
            let n = reads.get(x).copied().unwrap_or(0);
            let f = figures.entry(*x).or_default();
            if kind == "study" {
                f.study.assigned += a;
                f.study.finished += n;
            } else {
                f.announcements.recipients += a;
                f.announcements.readers += n;
            }
        }
    }
    Ok(())
}
