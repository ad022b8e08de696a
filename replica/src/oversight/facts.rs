//! The oversight facts (migration 0018): each organisation's own share of the
//! dashboard's figures, rebuilt from its rows by the features' own rules whenever a
//! written row names it in `ov_dirty`, so that a dashboard adds up small rows (`sums`)
//! instead of reading every meeting, check-in and payment of the subtree.
//!
//! What an organisation's facts hold: its members now (by status) and the months they
//! joined; for its active members, dues owed and counted month by month from their first
//! basis or payment to their last, and what they owe each month after; their decided
//! ratings per year; per document, how many of them finished reading it, and per
//! announcement copy, how many hold a receipt; its meetings not cancelled with their
//! attendance; its tasks with the day each was done; the study assignments and
//! announcement copies it sent. Nothing depends on the clock.

use crate::administration::organisations::OrgTree;
use crate::db::Db;
use crate::error::DbError;
use crate::exchange::typed;
use rusqlite::{params, Connection, OptionalExtension};
use sotay_model::api::ApiError;
use sotay_model::dues::{expected_for, member_months, DuesBasis, DuesPayment, DuesRule, Month};
use sotay_model::entities::{Member, MemberStatus};
use sotay_model::evaluation::{tally_slot, Rating, RatingDecision};
use sotay_model::exchange::{Announcement, AnnouncementRead};
use sotay_model::meetings::{Meeting, MeetingStatus, VnDateTime};
use sotay_model::study::{ReadMark, StudyAssignment};
use sotay_model::tasks::{derive, vn_day, ProgressReport, Task, TaskReview};
use sotay_model::{Entity, Id, RowState};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The meta key that stands the insert trigger of `rows` aside (migration 0032).
const BY_PAGE: &str = "ov_marks_by_page";

/// The entities whose rows count in some organisation's facts (the triggers' list).
const COUNTED: &[Entity] = &[
    Entity::Organisation,
    Entity::Member,
    Entity::Meeting,
    Entity::CheckIn,
    Entity::AttendanceMark,
    Entity::Task,
    Entity::ProgressReport,
    Entity::TaskReview,
    Entity::StudyAssignment,
    Entity::ReadMark,
    Entity::DuesRule,
    Entity::DuesBasis,
    Entity::DuesPayment,
    Entity::RatingDecision,
    Entity::Announcement,
    Entity::AnnouncementRead,
];

/// Of those, the rows that count at their member's organisation too.
const BY_MEMBER: &[Entity] = &[
    Entity::ReadMark,
    Entity::DuesBasis,
    Entity::DuesPayment,
    Entity::RatingDecision,
    Entity::AnnouncementRead,
];

/// The organisations a pulled page's rows name, gathered while the sync stores them
/// and written once each at the end, in the page's transaction, instead of by the
/// insert trigger two statements per row (migration 0032). It names what the
/// trigger would, and may name more (rows that were updates, members stored later in
/// the page): a name costs a rebuild, a missing one a wrong dashboard.
#[derive(Default)]
pub(crate) struct PageMarks {
    orgs: HashMap<Id, bool>,
    members: HashSet<Id>,
}

impl PageMarks {
    /// Stand the insert trigger aside until `finish`, in the caller's transaction.
    pub(crate) fn begin(conn: &Connection) -> Result<PageMarks, DbError> {
        crate::db::meta::set(conn, BY_PAGE, "1")?;
        Ok(PageMarks::default())
    }

    /// A row just stored.
    pub(crate) fn note(&mut self, row: &RowState) {
        if !COUNTED.contains(&row.entity) {
            return;
        }
        *self.orgs.entry(row.org_id).or_default() |= row.entity == Entity::DuesRule;
        if BY_MEMBER.contains(&row.entity) {
            self.members.extend(row.id("member_id"));
        }
    }

    /// Name the gathered organisations and bring the trigger back.
    pub(crate) fn finish(mut self, conn: &Connection) -> Result<(), DbError> {
        crate::db::meta::delete(conn, BY_PAGE)?;
        let mut cell =
            conn.prepare_cached("SELECT org_id FROM rows WHERE row_id = ?1 AND entity = 'member'")?;
        for m in &self.members {
            let org: Option<String> = cell.query_row([m.to_string()], |r| r.get(0)).optional()?;
            if let Some(org) = org.and_then(|o| o.parse::<Id>().ok()) {
                self.orgs.entry(org).or_default();
            }
        }
        let mut mark = conn.prepare_cached(
            "INSERT INTO ov_dirty (org_id, subtree) VALUES (?1, ?2)
             ON CONFLICT (org_id) DO UPDATE SET subtree = MAX(subtree, excluded.subtree)",
        )?;
        for (org, subtree) in &self.orgs {
            mark.execute(params![org.to_string(), subtree])?;
        }
        Ok(())
    }
}

/// Rebuild the facts of every organisation a write has named since the last time.
pub(crate) fn refresh(db: &Db) -> Result<(), ApiError> {
    while refresh_some(db, -1)? {}
    Ok(())
}

/// Rebuild the facts of at most `limit` (-1: every) named organisations, or an eighth
/// of the tree if that is more, in one transaction; whether some remain. A mark for a
/// subtree first becomes a mark for each organisation in it.
///
/// The eighth: each call loads the whole tree, so ten at a time made a province
/// officer's first sync (every organisation named) load it once per ten of its
/// thousands of organisations, four fifths of the sync's time (issue 21, item 2).
pub(crate) fn refresh_some(db: &Db, limit: i64) -> Result<bool, ApiError> {
    let column = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<Vec<String>, DbError> {
        let mut stmt = db.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(p, |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    };
    if column("SELECT org_id FROM ov_dirty LIMIT 1", &[])?.is_empty() {
        return Ok(false);
    }
    // The caller holds the database (a `&Db`); nothing else writes meanwhile.
    let tx = db.conn.unchecked_transaction().map_err(DbError::from)?;
    let tree = OrgTree::load(db)?;
    let wide = column("SELECT org_id FROM ov_dirty WHERE subtree = 1", &[])?;
    for top in wide.iter().filter_map(|o| o.parse::<Id>().ok()) {
        for x in tree.0.keys().filter(|x| tree.chain(**x).contains(&top)) {
            exec(
                db,
                "INSERT OR IGNORE INTO ov_dirty (org_id) VALUES (?1)",
                [x.to_string()],
            )?;
        }
    }
    exec(db, "UPDATE ov_dirty SET subtree = 0 WHERE subtree = 1", [])?;
    let rules: Vec<DuesRule> = typed(db, "r.entity = 'dues_rule'", [])?;
    let limit = match limit {
        ..0 => -1,
        n => n.max(tree.0.len() as i64 / 8),
    };
    for org in column("SELECT org_id FROM ov_dirty LIMIT ?1", &[&limit])? {
        if let Ok(id) = org.parse::<Id>() {
            rebuild(db, &tree, &rules, id)?;
        }
        exec(db, "DELETE FROM ov_dirty WHERE org_id = ?1", [&org])?;
    }
    let more = !column("SELECT org_id FROM ov_dirty LIMIT 1", &[])?.is_empty();
    tx.commit().map_err(DbError::from)?;
    Ok(more)
}

fn exec(db: &Db, sql: &str, p: impl rusqlite::Params) -> Result<(), DbError> {
    db.conn.prepare_cached(sql)?.execute(p)?;
    Ok(())
}

/// Replace `org`'s facts with those its rows give now.
fn rebuild(db: &Db, tree: &OrgTree, rules: &[DuesRule], org: Id) -> Result<(), ApiError> {
    let key = org.to_string();
    for table in [
        "ov_org",
        "ov_month",
        "ov_year",
        "ov_meeting",
        "ov_task",
        "ov_item",
        "ov_read",
    ] {
        exec(
            db,
            &format!("DELETE FROM {table} WHERE org_id = ?1"),
            [&key],
        )?;
    }
    members(db, tree, rules, org, &key)?;
    meetings(db, &key)?;
    tasks(db, &key)?;
    items(db, &key)?;
    Ok(())
}

/// The own rows of the members of organisation `?1`. `+r.entity` keeps SQLite off the
/// `rows_entity_org` index, by which it walked every own row of these entities for each
/// organisation instead of its members' rows (by `rows_member`): on a province of 11.5
/// million rows, mostly dues and read marks, a first rebuild of every organisation's
/// facts then ran for hours.
const OWN_ROWS_OF_ORG: &str = "+r.entity IN ('dues_basis', 'dues_payment', \
    'rating_decision', 'read_mark', 'announcement_read') AND r.member_id IN \
    (SELECT m.row_id FROM rows m WHERE m.entity = 'member' AND m.org_id = ?1)";

/// What one active member's own rows give.
#[derive(Default)]
struct Own {
    bases: Vec<DuesBasis>,
    payments: Vec<DuesPayment>,
    decided: HashMap<u32, Rating>,
    /// Documents read, and whether finished (the one mark per member and document).
    read: HashMap<Id, bool>,
    receipts: HashSet<Id>,
}

impl Own {
    /// The own rows of every member of `org` (by its key), by member: one query for
    /// the organisation instead of one per member (a province's first sync rebuilds
    /// the facts of its every member).
    fn load_org(db: &Db, org_key: &str) -> Result<HashMap<Id, Own>, ApiError> {
        let mut out: HashMap<Id, Own> = HashMap::new();
        for r in crate::db::rows::select_live(&db.conn, "", OWN_ROWS_OF_ORG, [org_key])? {
            if let Some(member) = r.id("member_id") {
                out.entry(member).or_default().add(&r);
            }
        }
        Ok(out)
    }

    fn add(&mut self, r: &RowState) {
        match r.entity {
            Entity::DuesBasis => self.bases.extend(DuesBasis::from_row(r).ok()),
            Entity::DuesPayment => self.payments.extend(DuesPayment::from_row(r).ok()),
            Entity::RatingDecision => {
                if let Ok(d) = RatingDecision::from_row(r) {
                    self.decided.insert(d.year, d.rating);
                }
            }
            Entity::ReadMark => {
                if let Ok(m) = ReadMark::from_row(r) {
                    self.read.insert(m.document_id, m.finished_ms.is_some());
                }
            }
            _ => {
                if let Ok(x) = AnnouncementRead::from_row(r) {
                    self.receipts.insert(x.announcement_id);
                }
            }
        }
    }

    /// The months its dues rows cover: from the first basis or payment to the last.
    fn window(&self) -> Option<(Month, Month)> {
        let starts = self.bases.iter().map(|b| (b.from_month, b.from_month));
        let paid = self
            .payments
            .iter()
            .map(|p| (p.month, p.month.plus(p.months.max(1) - 1)));
        starts
            .chain(paid)
            .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)))
    }
}

/// A dues line per month: owed, counted.
type DuesMonths = BTreeMap<Month, (i64, i64)>;

fn members(
    db: &Db,
    tree: &OrgTree,
    rules: &[DuesRule],
    org: Id,
    key: &str,
) -> Result<(), ApiError> {
    let all: Vec<Member> = typed(db, "r.entity = 'member' AND r.org_id = ?1", [key])?;
    if all.is_empty() {
        return Ok(());
    }
    let (mut full, mut probationary, mut gone) = (0, 0, 0);
    let mut joined: BTreeMap<Month, i64> = BTreeMap::new();
    let mut active = Vec::new();
    let mut owns = Own::load_org(db, key)?;
    for m in &all {
        match m.status {
            MemberStatus::Full => full += 1,
            MemberStatus::Probationary => probationary += 1,
            MemberStatus::Left | MemberStatus::Deceased => gone += 1,
        }
        if let Some(month) = Month::of_day(&m.joined_date) {
            *joined.entry(month).or_default() += 1;
        }
        if m.status.is_active() {
            active.push(owns.remove(&m.id).unwrap_or_default());
        }
    }
    let chain_rules = crate::dues::views::rules_for(tree, rules, org);
    let window = active
        .iter()
        .filter_map(Own::window)
        .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)));
    let mut dues: DuesMonths = BTreeMap::new();
    let mut after = 0;
    if let Some((first, last)) = window {
        for own in &active {
            for l in member_months(&own.bases, &chain_rules, &own.payments, first, last) {
                let e = dues.entry(l.month).or_default();
                e.0 += l.expected.unwrap_or(0);
                e.1 += l.paid;
            }
            after += expected_for(&own.bases, &chain_rules, last).unwrap_or(0);
        }
    }
    exec(
        db,
        "INSERT INTO ov_org (org_id, full, probationary, gone, dues_last, dues_after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            key,
            full,
            probationary,
            gone,
            window.map(|w| w.1.to_string()),
            after
        ],
    )?;
    let months: BTreeSet<Month> = joined.keys().chain(dues.keys()).copied().collect();
    for month in months {
        let (expected, collected) = dues.get(&month).copied().unwrap_or_default();
        exec(
            db,
            "INSERT INTO ov_month (org_id, month, joined, expected, collected)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                key,
                month.to_string(),
                joined.get(&month).copied().unwrap_or(0),
                expected,
                collected
            ],
        )?;
    }
    let mut years: BTreeMap<u32, [u32; 4]> = BTreeMap::new();
    let mut reads: HashMap<Id, u32> = HashMap::new();
    for own in &active {
        for (year, rating) in &own.decided {
            if let Some(n) = years
                .entry(*year)
                .or_default()
                .get_mut(tally_slot(Some(*rating)))
            {
                *n += 1;
            }
        }
        for doc in own.read.iter().filter(|(_, done)| **done).map(|(d, _)| d) {
            *reads.entry(*doc).or_default() += 1;
        }
        for copy in &own.receipts {
            *reads.entry(*copy).or_default() += 1;
        }
    }
    for (year, r) in years {
        exec(
            db,
            "INSERT INTO ov_year (org_id, year, r0, r1, r2, r3) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![key, year, r[0], r[1], r[2], r[3]],
        )?;
    }
    for (item, n) in reads {
        exec(
            db,
            "INSERT INTO ov_read (item_id, org_id, n) VALUES (?1, ?2, ?3)",
            params![item.to_string(), key, n],
        )?;
    }
    Ok(())
}

fn meetings(db: &Db, key: &str) -> Result<(), ApiError> {
    for m in typed::<Meeting, _>(db, "r.entity = 'meeting' AND r.org_id = ?1", [key])? {
        if m.status == MeetingStatus::Cancelled {
            continue;
        }
        let list = crate::meetings::attendance::list(db, &m)?;
        exec(
            db,
            "INSERT INTO ov_meeting (org_id, month, meeting_id, starts_at, convened, present)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                key,
                VnDateTime::from_ms(m.starts_at).month_key(),
                m.id.to_string(),
                m.starts_at as i64,
                list.convened,
                list.present
            ],
        )?;
    }
    Ok(())
}

fn tasks(db: &Db, key: &str) -> Result<(), ApiError> {
    for t in typed::<Task, _>(db, "r.entity = 'task' AND r.org_id = ?1", [key])? {
        // A task due on no real day is never due in a period.
        let Some(month) = Month::of_day(&t.due_date) else {
            continue;
        };
        let id = t.id.to_string();
        let reports: Vec<ProgressReport> = typed(
            db,
            "r.entity = 'progress_report' AND r.parent_id = ?1",
            [&id],
        )?;
        let reviews: Vec<TaskReview> =
            typed(db, "r.entity = 'task_review' AND r.parent_id = ?1", [&id])?;
        // The day it was done does not depend on today; whether it is late does.
        let done_on = derive(&t, &reports, &reviews, "").done_on;
        exec(
            db,
            "INSERT INTO ov_task (org_id, month, task_id, due_date, done_on)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![key, month.to_string(), id, t.due_date, done_on],
        )?;
    }
    Ok(())
}

fn items(db: &Db, key: &str) -> Result<(), ApiError> {
    let insert = "INSERT INTO ov_item (month, org_id, row_id, kind, item_id)
                  VALUES (?1, ?2, ?3, ?4, ?5)";
    for a in
        typed::<StudyAssignment, _>(db, "r.entity = 'study_assignment' AND r.org_id = ?1", [key])?
    {
        if let Some(month) = Month::of_day(&a.due_on) {
            let p = params![
                month.to_string(),
                key,
                a.id.to_string(),
                "study",
                a.document_id.to_string()
            ];
            exec(db, insert, p)?;
        }
    }
    for c in typed::<Announcement, _>(db, "r.entity = 'announcement' AND r.org_id = ?1", [key])? {
        if let Some(month) = Month::of_day(&vn_day(c.sent_ms)) {
            let id = c.id.to_string();
            exec(db, insert, params![month.to_string(), key, id, "copy", id])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An organisation's own rows are found through its members, whatever the number of
    /// own rows elsewhere in the province.
    #[test]
    fn an_organisations_own_rows_are_read_through_its_members() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(dir.path()).expect("open");
        let plan = crate::db::rows::live_plan(&db.conn, "", OWN_ROWS_OF_ORG, ["an-org"]);
        assert!(
            plan.iter()
                .any(|p| p == "SEARCH r USING INDEX rows_member (member_id=?)"),
            "{plan:#?}"
        );
        assert!(
            !plan
                .iter()
                .any(|p| p.starts_with("SCAN r") || p.contains("r USING INDEX rows_entity_org")),
            "{plan:#?}"
        );
    }
}
