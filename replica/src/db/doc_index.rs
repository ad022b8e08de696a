//! The documents' search index (`doc_search` + FTS5 `doc_fts`, migration 0002;
//! `doc_heads`, its heading and title alone, migration 0030; `doc_short`, its summary
//! and topics, migration 0031): kept in step with the `rows` table by
//! `rows::store`/`rows::delete` inside the caller's transaction, so pulled and local
//! documents are both searchable and a deleted one disappears with the same commit.
//! Holds folded text only (see `crate::library::search`). A document's rowid in all
//! four tables is its date of issue and arrival (`next_id`), so "newest first" is
//! the order FTS5 walks its lists in.

use crate::error::DbError;
use crate::library::search::index_text;
use rusqlite::{params, Connection, OptionalExtension};
use sotay_model::library::documents::{DocKind, Document};
use sotay_model::{Id, RowState};

/// Rowids per day of issue: a day holds up to this many documents (`next_id`).
const PER_DAY: i64 = 1_000_000;

/// The rowid a document issued on `issued_on` gets: the day (YYYYMMDD, 0 when the
/// date is not YYYY-MM-DD, as in migration 0031) times `PER_DAY`, plus one more than
/// the day's last, so a larger rowid is a newer document.
fn next_id(conn: &Connection, issued_on: &str) -> Result<i64, DbError> {
    let b = issued_on.as_bytes();
    let well_formed = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    let day: i64 = if well_formed {
        issued_on.replace('-', "").parse().unwrap_or(0)
    } else {
        0
    };
    let base = day * PER_DAY;
    let last: Option<i64> = conn
        .prepare_cached("SELECT MAX(id) FROM doc_search WHERE id > ?1 AND id < ?2")?
        .query_row(params![base, base + PER_DAY], |r| r.get(0))?;
    let id = last.unwrap_or(base) + 1;
    if id >= base + PER_DAY {
        return Err(DbError::Corrupt(format!(
            "quá nhiều văn bản ban hành cùng ngày {issued_on} trong chỉ mục tìm kiếm"
        )));
    }
    Ok(id)
}

/// Re-index one document row: drop its entry, and add it back unless it is deleted.
pub(crate) fn update(conn: &Connection, row: &RowState) -> Result<(), DbError> {
    remove(conn, row.row_id)?;
    if row.tombstone.is_some() {
        return Ok(());
    }
    // A local row being built field by field, or a malformed pulled one, is not indexed.
    let Ok(d) = Document::from_row(row) else {
        return Ok(());
    };
    let year: i64 = d
        .issued_on
        .get(0..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or(0);
    let id = next_id(conn, &d.issued_on)?;
    conn.prepare_cached(
        "INSERT INTO doc_search (id, row_id, kind, org_id, year, issued_on, number)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id,
        d.id.to_string(),
        kind_str(d.kind),
        d.org_id.to_string(),
        year,
        d.issued_on,
        d.number
    ])?;
    let heading = index_text(&format!("{} {}", d.kind.label_vi(), d.number));
    let title = index_text(&d.title);
    conn.prepare_cached("INSERT INTO doc_heads (rowid, heading, title) VALUES (?1, ?2, ?3)")?
        .execute(params![id, heading, title])?;
    let summary = index_text(&d.summary);
    let topics = index_text(&d.topics.join(" ; "));
    conn.prepare_cached("INSERT INTO doc_short (rowid, summary, topics) VALUES (?1, ?2, ?3)")?
        .execute(params![id, summary, topics])?;
    conn.prepare_cached(
        "INSERT INTO doc_fts (rowid, heading, title, summary, body, topics)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id,
        // One column, so `nghị quyết 57` is a near match of kind and number.
        heading,
        title,
        summary,
        index_text(&d.body),
        topics,
    ])?;
    Ok(())
}

/// Drop a row's entry, if it has one.
pub(crate) fn remove(conn: &Connection, row_id: Id) -> Result<(), DbError> {
    let id: Option<i64> = conn
        .prepare_cached("SELECT id FROM doc_search WHERE row_id = ?1")?
        .query_row([row_id.to_string()], |r| r.get(0))
        .optional()?;
    if let Some(id) = id {
        conn.prepare_cached("DELETE FROM doc_fts WHERE rowid = ?1")?
            .execute([id])?;
        conn.prepare_cached("DELETE FROM doc_heads WHERE rowid = ?1")?
            .execute([id])?;
        conn.prepare_cached("DELETE FROM doc_short WHERE rowid = ?1")?
            .execute([id])?;
        conn.prepare_cached("DELETE FROM doc_search WHERE id = ?1")?
            .execute([id])?;
    }
    Ok(())
}

pub(crate) fn kind_str(k: DocKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Filters that combine with the text: kind, issuing organisation, year of issue.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Filter {
    pub kind: Option<DocKind>,
    pub org_id: Option<Id>,
    pub year: Option<u16>,
}

const FILTER_SQL: &str = "(?2 IS NULL OR s.kind = ?2) AND (?3 IS NULL OR s.org_id = ?3)
     AND (?4 IS NULL OR s.year = ?4)";

/// Where a search looks, in rank order: the kind and number, the title, the summary
/// and topics, then the full text. Each tier is asked only of the table holding its
/// columns, so a word found in every full text costs nothing in the first three.
const TIERS: [(&str, Option<&str>); 4] = [
    ("doc_heads", Some("heading")),
    ("doc_heads", Some("title")),
    ("doc_short", None),
    ("doc_fts", None),
];

/// Row ids of the documents matching the filter and any of `exprs` (FTS5 expressions
/// from `search::parse_query`, the most precise first, each holding the matches of
/// those before it), best first: documents whose
/// kind and number match, then those whose title does, then summary or topics, then
/// the full text; within a tier, matches of an earlier expression (the exact wording)
/// before a later one (the words near each other), and newest first. A document is
/// listed once, where it first matches.
///
/// Why not bm25: on a library where common words are in nearly every text it had to
/// walk and score every such document's positions before keeping 20 (p95 90 ms on
/// 10,000 documents, issue 21). Newest first is the rowid order (`next_id`), so FTS5
/// stops as soon as the page is full, and the tiers keep what bm25's column weights
/// and phrase counts gave: a hit in the number or title above one in the text, the
/// exact wording above scattered words.
pub(crate) fn search(
    conn: &Connection,
    exprs: &[&str],
    f: Filter,
    limit: u32,
) -> Result<Vec<Id>, DbError> {
    let limit = limit as usize;
    let Some((broadest, precise)) = exprs.split_last() else {
        return Ok(Vec::new());
    };
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (table, column) in TIERS {
        // The broadest expression holds every match of the others (the exact wording
        // is near itself): where it finds nothing, neither would they, so a tier
        // without a match costs one walk, not one per expression.
        let broad = tier(conn, (table, column), broadest, f, limit + out.len())?;
        if broad.is_empty() {
            continue;
        }
        let mut hits = Vec::new();
        for fts in precise {
            hits.extend(tier(conn, (table, column), fts, f, limit + out.len())?);
        }
        for (id, row_id) in hits.into_iter().chain(broad) {
            if seen.insert(id) {
                out.push(row_id);
                if out.len() >= limit {
                    return parse_ids(out.into_iter().map(Ok));
                }
            }
        }
    }
    parse_ids(out.into_iter().map(Ok))
}

/// Up to `n` (index id, row id) pairs of one tier's matches of `fts`, newest first.
fn tier(
    conn: &Connection,
    (table, column): (&str, Option<&str>),
    fts: &str,
    f: Filter,
    n: usize,
) -> Result<Vec<(i64, String)>, DbError> {
    // The outer ORDER BY is the virtual table's own rowid order, so no sort runs and
    // LIMIT ends the walk early.
    let sql = format!(
        "SELECT s.id, s.row_id FROM {table} JOIN doc_search s ON s.id = {table}.rowid
         WHERE {table} MATCH ?1 AND {FILTER_SQL}
         ORDER BY {table}.rowid DESC
         LIMIT ?5"
    );
    let expr = match column {
        Some(c) => format!("{{{c}}} : ({fts})"),
        None => fts.to_string(),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let found = stmt.query_map(
        params![
            expr,
            f.kind.map(kind_str),
            f.org_id.map(|o| o.to_string()),
            f.year,
            n as i64,
        ],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
    )?;
    Ok(found.collect::<Result<_, _>>()?)
}

/// Row ids of the documents matching the filter (and `fts` when given), newest first.
pub(crate) fn list(conn: &Connection, fts: Option<&str>, f: Filter) -> Result<Vec<Id>, DbError> {
    let sql = format!(
        "SELECT s.row_id FROM doc_search s
         WHERE (?1 IS NULL OR s.id IN (SELECT rowid FROM doc_fts WHERE doc_fts MATCH ?1))
           AND {FILTER_SQL}
         ORDER BY s.issued_on DESC, s.number, s.row_id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let found = stmt.query_map(
        params![
            fts,
            f.kind.map(kind_str),
            f.org_id.map(|o| o.to_string()),
            f.year
        ],
        |r| r.get::<_, String>(0),
    )?;
    parse_ids(found)
}

fn parse_ids(found: impl Iterator<Item = rusqlite::Result<String>>) -> Result<Vec<Id>, DbError> {
    let mut out = Vec::new();
    for s in found {
        let s = s?;
        out.push(
            s.parse()
                .map_err(|_| DbError::Corrupt(format!("mã văn bản hỏng trong chỉ mục: {s}")))?,
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids_of(rows: &[u128]) -> Vec<Id> {
        rows.iter().map(|r| Id::from_u128(*r)).collect()
    }

    /// The index tables as migrations 0002 and 0030 left them (rowids in arrival order).
    fn before_0031() -> Connection {
        let conn = Connection::open_in_memory().expect("memory");
        conn.execute_batch(include_str!("../../migrations/0002_documents.sql"))
            .expect("0002");
        conn.execute_batch(include_str!("../../migrations/0030_doc_heads.sql"))
            .expect("0030");
        conn
    }

    fn old_entry(conn: &Connection, row: u128, issued_on: &str, title: &str) {
        conn.execute(
            "INSERT INTO doc_search (row_id, kind, org_id, year, issued_on, number)
             VALUES (?1, 'resolution', 'o', 0, ?2, ?3)",
            params![Id::from_u128(row).to_string(), issued_on, row.to_string()],
        )
        .expect("doc_search");
        let id = conn.last_insert_rowid();
        conn.execute(
            "INSERT INTO doc_fts (rowid, heading, title, summary, body, topics)
             VALUES (?1, 'nghi quyet', ?2, 'tom tat', 'toan van', 'chu de')",
            params![id, title],
        )
        .expect("doc_fts");
        conn.execute(
            "INSERT INTO doc_heads (rowid, heading, title) VALUES (?1, 'nghi quyet', ?2)",
            params![id, title],
        )
        .expect("doc_heads");
    }

    #[test]
    fn migration_0031_numbers_an_existing_index_by_date_and_keeps_every_entry() {
        let conn = before_0031();
        // Arrival order is not date order; one date is not a date at all.
        old_entry(&conn, 1, "2020-05-01", "chuyen doi so");
        old_entry(&conn, 2, "2024-12-22", "chuyen doi so quoc gia");
        old_entry(&conn, 3, "khong ro", "chuyen doi so");
        old_entry(&conn, 4, "2020-05-01", "kinh te so");
        conn.execute_batch(include_str!("../../migrations/0031_doc_order.sql"))
            .expect("0031");
        let order: Vec<(i64, String)> = conn
            .prepare("SELECT id, row_id FROM doc_search ORDER BY id DESC")
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        let rows: Vec<String> = order.iter().map(|(_, r)| r.clone()).collect();
        let ids: Vec<i64> = order.iter().map(|(i, _)| *i).collect();
        let want: Vec<String> = ids_of(&[2, 4, 1, 3]).iter().map(Id::to_string).collect();
        assert_eq!(
            rows, want,
            "newest first, same day by arrival, no date last"
        );
        assert_eq!(
            ids,
            vec![
                20_241_222_000_001,
                20_200_501_000_002,
                20_200_501_000_001,
                1
            ]
        );
        // Every table holds every entry under its new rowid.
        for table in ["doc_fts", "doc_heads", "doc_short"] {
            let joined: i64 = conn
                .query_row(
                    &format!("SELECT count(*) FROM {table} t JOIN doc_search s ON s.id = t.rowid"),
                    [],
                    |r| r.get(0),
                )
                .expect("count");
            assert_eq!(joined, 4, "{table}");
        }
        let found = search(&conn, &["\"chuyen doi so\""], Filter::default(), 20).expect("search");
        assert_eq!(found, ids_of(&[2, 1, 3]));
        // A document added after the migration takes its day's next number.
        assert_eq!(
            next_id(&conn, "2020-05-01").expect("next"),
            20_200_501_000_003
        );
        assert_eq!(
            next_id(&conn, "2021-01-01").expect("next"),
            20_210_101_000_001
        );
        assert_eq!(next_id(&conn, "").expect("next"), 2);
        assert_eq!(next_id(&conn, "2021-1-01").expect("next"), 2);
    }

    #[test]
    fn a_tier_lists_a_document_once_at_its_first_match() {
        let conn = before_0031();
        conn.execute_batch(include_str!("../../migrations/0031_doc_order.sql"))
            .expect("0031");
        let put = |row: u128, id: i64, title: &str, body: &str| {
            conn.execute(
                "INSERT INTO doc_search (id, row_id, kind, org_id, year, issued_on, number)
                 VALUES (?1, ?2, 'resolution', 'o', 0, '', ?3)",
                params![id, Id::from_u128(row).to_string(), row.to_string()],
            )
            .expect("doc_search");
            conn.execute(
                "INSERT INTO doc_fts (rowid, heading, title, summary, body, topics)
                 VALUES (?1, 'nghi quyet', ?2, '', ?3, '')",
                params![id, title, body],
            )
            .expect("doc_fts");
            conn.execute(
                "INSERT INTO doc_heads (rowid, heading, title) VALUES (?1, 'nghi quyet', ?2)",
                params![id, title],
            )
            .expect("doc_heads");
            conn.execute(
                "INSERT INTO doc_short (rowid, summary, topics) VALUES (?1, '', '')",
                params![id],
            )
            .expect("doc_short");
        };
        // Oldest has it in the title, the middle in title and text, the newest in text.
        put(1, 10, "dang vien tre", "");
        put(2, 20, "dang vien tre", "dang vien tre");
        put(3, 30, "khac", "dang vien tre");
        let found = search(&conn, &["\"dang vien tre\""], Filter::default(), 20).expect("search");
        assert_eq!(
            found,
            ids_of(&[2, 1, 3]),
            "titles first (newest first), then text"
        );
        let two = search(&conn, &["\"dang vien tre\""], Filter::default(), 2).expect("search");
        assert_eq!(two.len(), 2, "the limit holds across tiers");
    }
}
