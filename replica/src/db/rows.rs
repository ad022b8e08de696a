//! The `rows` table: every synced row as its merged `RowState` (JSON, a stamp per
//! field), with the columns that queries need extracted from it on every write.

use crate::error::DbError;
use rusqlite::{params, Connection, OptionalExtension, Params};
use sotay_model::{Entity, Id, RowState};

pub(crate) fn load(conn: &Connection, row_id: Id) -> Result<Option<RowState>, DbError> {
    // Cached statements: a pull page loads and stores thousands of rows.
    let json: Option<String> = conn
        .prepare_cached("SELECT state FROM rows WHERE row_id = ?1")?
        .query_row([row_id.to_string()], |r| r.get(0))
        .optional()?;
    json.map(|s| serde_json::from_str(&s).map_err(DbError::from))
        .transpose()
}

/// Insert or replace a row, re-extracting the query columns from its fields.
pub(crate) fn store(conn: &Connection, row: &RowState) -> Result<(), DbError> {
    let opt = |f: &str| row.str(f).map(str::to_string);
    let (parent_id, full_name, member_id) = match row.entity {
        Entity::Organisation => (opt("parent_id"), None, None),
        Entity::Member => (None, opt("full_name"), None),
        Entity::Position => (None, None, opt("member_id")),
        Entity::Document => (None, None, None),
        // Meeting rows are found by `meeting_id` (migration 0003's index on the state).
        Entity::Meeting | Entity::MeetingKey | Entity::Minutes => (None, None, None),
        Entity::CheckIn | Entity::AttendanceMark => (None, None, opt("member_id")),
        // The library's rows are found by `document_id` (migration 0006's index).
        Entity::Attachment | Entity::StudyAssignment => (None, None, None),
        Entity::ReadMark | Entity::StudyNote => (None, None, opt("member_id")),
        // A task's reports, reviews and files are found by their task (the `parent_id`
        // index).
        Entity::Task => (None, None, opt("assignee_id")),
        Entity::ProgressReport | Entity::TaskReview | Entity::TaskFile => {
            (opt("task_id"), None, opt("member_id"))
        }
        Entity::ScheduleEntry => (None, None, None),
        Entity::PersonalEntry => (None, None, opt("owner_id")),
        Entity::DuesRule | Entity::DuesRemittance => (None, None, None),
        Entity::DuesBasis | Entity::DuesPayment => (None, None, opt("member_id")),
        Entity::SelfAssessment | Entity::RatingDecision => (None, None, opt("member_id")),
        Entity::RatingProposal | Entity::OrgRating => (None, None, None),
        // Exchange rows hang off their item (`parent_id`: the announcement, comment
        // target, question or draft) and name the member they are about.
        Entity::Announcement => (opt("batch_id"), None, None),
        Entity::AnnouncementRead => (opt("announcement_id"), None, opt("member_id")),
        Entity::Comment | Entity::MeetingComment => (opt("target_id"), None, opt("author_id")),
        Entity::Question => (None, None, opt("asker_id")),
        Entity::Answer => (opt("question_id"), None, opt("asker_id")),
        Entity::FaqEntry => (opt("question_id"), None, None),
        Entity::Draft => (None, None, None),
        Entity::Opinion | Entity::OpenOpinion => (opt("draft_id"), None, opt("author_id")),
        // A transfer and its receiver's copy hang off the sender's transfer.
        Entity::Transfer | Entity::TransferIn => (opt("transfer_id"), None, opt("member_id")),
        // A case's programmes hang off their plan, its notes and files off the case,
        // an appeal off its record; notices and records name their member.
        Entity::InspectionPlan => (None, None, None),
        Entity::Inspection => (opt("plan_id"), None, None),
        Entity::CaseNote | Entity::CaseFile => (opt("inspection_id"), None, None),
        Entity::InspectionNotice => (opt("inspection_id"), None, opt("member_id")),
        Entity::Discipline => (opt("inspection_id"), None, opt("member_id")),
        Entity::Appeal => (opt("discipline_id"), None, opt("member_id")),
    };
    conn.prepare_cached(
        "INSERT INTO rows (row_id, entity, org_id, state, tombstone, parent_id, full_name, member_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (row_id) DO UPDATE SET entity = excluded.entity, org_id = excluded.org_id,
           state = excluded.state, tombstone = excluded.tombstone, parent_id = excluded.parent_id,
           full_name = excluded.full_name, member_id = excluded.member_id",
    )?
    .execute(params![
            row.row_id.to_string(),
            row.entity.as_str(),
            row.org_id.to_string(),
            serde_json::to_string(row)?,
            row.tombstone.is_some(),
            parent_id,
            full_name,
            member_id,
        ],
    )?;
    // The search index follows the row in the same transaction, pulled or local.
    if row.entity == Entity::Document {
        super::doc_index::update(conn, row)?;
    }
    Ok(())
}

/// Stands `secure_delete` (set when the database opens) aside while rows this device
/// never held are inserted, and puts it back when told or dropped. Such an insert
/// deletes nothing: what a b-tree page frees when it splits or rebalances is a copy
/// of cells that live on elsewhere, yet `secure_delete` zeroes it all the same, a
/// sixth of applying a first sync's page (issue 21, item 2). Overwrites, deletions and
/// documents (whose search index merges away old entries) keep it on.
pub(crate) struct FreshInserts<'c> {
    conn: &'c Connection,
    off: bool,
}

impl<'c> FreshInserts<'c> {
    pub(crate) fn new(conn: &'c Connection) -> FreshInserts<'c> {
        FreshInserts { conn, off: false }
    }

    /// Before storing `row`: `held` says whether this device had a version of it.
    pub(crate) fn before(&mut self, row: &RowState, held: bool) -> Result<(), DbError> {
        let fresh = !held && row.entity != Entity::Document;
        if fresh != self.off {
            self.conn.pragma_update(None, "secure_delete", !fresh)?;
            self.off = fresh;
        }
        Ok(())
    }
}

impl Drop for FreshInserts<'_> {
    fn drop(&mut self) {
        if self.off {
            if let Err(e) = self.conn.pragma_update(None, "secure_delete", true) {
                tracing::warn!("secure_delete not set back on: {e}");
            }
        }
    }
}

/// Every stored row, deleted ones included, in id order (simulator and tests compare
/// a device's whole copy with the server's view of its scope).
pub(crate) fn all(conn: &Connection) -> Result<Vec<RowState>, DbError> {
    let mut stmt = conn.prepare("SELECT state FROM rows ORDER BY row_id")?;
    let states = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for s in states {
        out.push(serde_json::from_str(&s?)?);
    }
    Ok(out)
}

pub(crate) fn delete(conn: &Connection, row_id: Id) -> Result<(), DbError> {
    conn.prepare_cached("DELETE FROM rows WHERE row_id = ?1")?
        .execute([row_id.to_string()])?;
    super::doc_index::remove(conn, row_id)?;
    Ok(())
}

/// Drop every row (a scope reset) and, with them, the search index.
pub(crate) fn delete_all(conn: &Connection) -> Result<(), DbError> {
    conn.execute_batch(
        "DELETE FROM rows; DELETE FROM doc_search; DELETE FROM doc_fts; DELETE FROM doc_heads;
         DELETE FROM doc_short;",
    )?;
    Ok(())
}

/// [`select_live`]'s query, shared with the tests' `live_plan`.
fn live_sql(with: &str, filter: &str) -> String {
    format!("{with} SELECT r.state FROM rows r WHERE r.tombstone = 0 AND {filter}")
}

/// How SQLite would run [`select_live`]'s query: the details of `EXPLAIN QUERY PLAN`,
/// for tests that keep a query on its index.
#[cfg(test)]
pub(crate) fn live_plan<P: Params>(
    conn: &Connection,
    with: &str,
    filter: &str,
    params: P,
) -> Vec<String> {
    let sql = format!("EXPLAIN QUERY PLAN {}", live_sql(with, filter));
    let mut stmt = conn.prepare(&sql).expect("the query prepares");
    let details = stmt
        .query_map(params, |r| r.get::<_, String>(3))
        .expect("a plan");
    details.map(|d| d.expect("a plan line")).collect()
}

/// Live (non-tombstoned) rows matching a `WHERE` fragment over the `rows` table (`r`).
/// The fragment is always a constant in this crate; values go in as parameters.
pub(crate) fn select_live<P: Params>(
    conn: &Connection,
    with: &str,
    filter: &str,
    params: P,
) -> Result<Vec<RowState>, DbError> {
    // Cached: the same few queries run on every screen and every simulator step.
    let mut stmt = conn.prepare_cached(&live_sql(with, filter))?;
    let states = stmt.query_map(params, |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for s in states {
        out.push(serde_json::from_str(&s?)?);
    }
    Ok(out)
}

/// A recursive CTE `sub(id)`: the organisation `?1` and every live organisation below it.
pub(crate) const SUBTREE: &str = "WITH RECURSIVE sub(id) AS (
        SELECT ?1
        UNION
        SELECT o.row_id FROM rows o JOIN sub ON o.parent_id = sub.id
        WHERE o.entity = 'organisation' AND o.tombstone = 0)";
