//! The documents' search index (`doc_search` + FTS5 `doc_fts`, migration 0002, and
//! `doc_heads`, its heading and title alone, migration 0030): kept
//! in step with the `rows` table by `rows::store`/`rows::delete` inside the caller's
//! transaction, so pulled and local documents are both searchable and a deleted one
//! disappears with the same commit. Holds folded text only (see `crate::library::search`).

use crate::error::DbError;
use crate::library::search::index_text;
use rusqlite::{params, Connection, OptionalExtension};
use sotay_model::library::documents::{DocKind, Document};
use sotay_model::{Id, RowState};

/// bm25 weights per column, in table order: heading (kind and number), title,
/// summary, body, topics. A hit in the number or title counts far more than one in
/// the full text.
const BM25: &str = "bm25(doc_fts, 10.0, 6.0, 2.0, 1.0, 3.0)";

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
    conn.prepare_cached(
        "INSERT INTO doc_search (row_id, kind, org_id, year, issued_on, number)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        d.id.to_string(),
        kind_str(d.kind),
        d.org_id.to_string(),
        year,
        d.issued_on,
        d.number
    ])?;
    let id = conn.last_insert_rowid();
    let heading = index_text(&format!("{} {}", d.kind.label_vi(), d.number));
    let title = index_text(&d.title);
    conn.prepare_cached("INSERT INTO doc_heads (rowid, heading, title) VALUES (?1, ?2, ?3)")?
        .execute(params![id, heading, title])?;
    conn.prepare_cached(
        "INSERT INTO doc_fts (rowid, heading, title, summary, body, topics)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id,
        // One column, so `nghị quyết 57` is a near match of kind and number.
        heading,
        title,
        index_text(&d.summary),
        index_text(&d.body),
        index_text(&d.topics.join(" ; ")),
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

/// Row ids of the documents matching `fts` (an FTS5 expression from
/// `search::parse_query`) and the filter, best first: documents whose kind and
/// number match the whole query, then those whose title does, then by bm25 (ties:
/// newest first). bm25 alone would let a short paper that cites `57-NQ/TW` in its
/// title outrank the long resolution 57-NQ/TW itself (bm25 divides by length).
pub(crate) fn search(
    conn: &Connection,
    fts: &str,
    f: Filter,
    limit: u32,
) -> Result<Vec<Id>, DbError> {
    let sql = format!(
        "SELECT s.row_id FROM doc_fts JOIN doc_search s ON s.id = doc_fts.rowid
         WHERE doc_fts MATCH ?1 AND {FILTER_SQL}
         ORDER BY
           CASE WHEN s.id IN (SELECT rowid FROM doc_heads WHERE doc_heads MATCH ?6) THEN 0
                WHEN s.id IN (SELECT rowid FROM doc_heads WHERE doc_heads MATCH ?7) THEN 1
                ELSE 2 END,
           {BM25}, s.issued_on DESC, s.row_id
         LIMIT ?5"
    );
    let in_heading = format!("{{heading}} : ({fts})");
    let in_title = format!("{{title}} : ({fts})");
    let mut stmt = conn.prepare_cached(&sql)?;
    let found = stmt.query_map(
        params![
            fts,
            f.kind.map(kind_str),
            f.org_id.map(|o| o.to_string()),
            f.year,
            i64::from(limit),
            in_heading,
            in_title
        ],
        |r| r.get::<_, String>(0),
    )?;
    parse_ids(found)
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
