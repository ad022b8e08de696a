//! The library of documents on this device (issue 5): issuing, editing and deleting a
//! document (local writes, judged by the server at sync), listing with filters, reading
//! one, and Vietnamese full-text search with marked snippets (`crate::library::search`, index in
//! `db::doc_index`).

use crate::calls::{Cx, Local};
use crate::db::doc_index::{self, Filter};
use crate::db::{rows, Db};
use crate::env::Env;
use crate::error::{invalid, not_found};
use crate::library::search;
use rusqlite::Connection;
use serde_json::json;
use sotay_model::api::ApiError;
use sotay_model::library::documents::Document;
use sotay_model::library::requests::{
    CreateDocument, DeleteDocument, GetDocument, ListDocuments, SearchDocuments, UpdateDocument,
};
use sotay_model::library::{DocumentCard, DocumentPage, DocumentPatch, NewDocument, SearchHit};
use sotay_model::{Entity, Id};

/// Results a search returns unless asked, and at most.
const DEFAULT_LIMIT: u32 = 20;
const MAX_LIMIT: u32 = 200;
/// A page of a list (cards are read from the stored rows, full text included).
const DEFAULT_PAGE: u32 = 100;
const MAX_PAGE: u32 = 500;

impl Local for CreateDocument {
    fn local(self, cx: &mut Cx<'_>) -> Result<Id, ApiError> {
        create(cx.db, cx.env, &self)
    }
}

impl Local for UpdateDocument {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        update(cx.db, cx.env, self.id, &self.patch)
    }
}

impl Local for DeleteDocument {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let db = &mut *cx.db;
        get(db, self.id)?;
        db.commit_local(cx.env, Entity::Document, self.id, Vec::new(), true)?;
        Ok(())
    }
}

impl Local for GetDocument {
    fn local(self, cx: &mut Cx<'_>) -> Result<Document, ApiError> {
        get(cx.db, self.id)
    }
}

impl Local for ListDocuments {
    fn local(self, cx: &mut Cx<'_>) -> Result<DocumentPage, ApiError> {
        let db = &*cx.db;
        let filter = Filter {
            kind: self.kind,
            org_id: self.org_id,
            year: self.year,
        };
        let ids = list(db, self.query.as_deref(), filter)?;
        let from = (self.offset.unwrap_or(0) as usize).min(ids.len());
        let take = self.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE) as usize;
        let page = &ids[from..(from + take).min(ids.len())];
        Ok(DocumentPage {
            documents: load(&db.conn, page)?
                .iter()
                .map(DocumentCard::from)
                .collect(),
            more: from + page.len() < ids.len(),
        })
    }
}

fn answer_search(req: &SearchDocuments, conn: &Connection) -> Result<Vec<SearchHit>, ApiError> {
    let filter = Filter {
        kind: req.kind,
        org_id: req.org_id,
        year: req.year,
    };
    search(conn, &req.query, filter, req.limit)
}

impl Local for SearchDocuments {
    const READS: bool = true;

    fn local(self, cx: &mut Cx<'_>) -> Result<Vec<SearchHit>, ApiError> {
        answer_search(&self, &cx.db.conn)
    }

    fn read(self, reader: &Connection) -> Result<Result<Vec<SearchHit>, ApiError>, Self> {
        Ok(answer_search(&self, reader))
    }
}

/// Issue a new document of `new.org_id` (an organisation this device holds).
pub fn create(db: &mut Db, env: &dyn Env, new: &NewDocument) -> Result<Id, ApiError> {
    crate::administration::organisations::get(db, new.org_id)?;
    let id = env.new_id();
    let topics: Vec<&str> = new.topics.iter().map(|t| t.trim()).collect();
    db.commit_local(
        env,
        Entity::Document,
        id,
        vec![
            ("kind", json!(new.kind)),
            ("number", json!(new.number.trim())),
            ("title", json!(new.title.trim())),
            ("org_id", json!(new.org_id.to_string())),
            ("issuer", json!(new.issuer.trim())),
            ("issued_on", json!(new.issued_on.trim())),
            ("status", json!(new.status)),
            ("summary", json!(new.summary.trim())),
            ("body", json!(new.body.trim())),
            ("topics", json!(topics)),
        ],
        false,
    )?;
    Ok(id)
}

/// Change the fields present in `patch`.
pub fn update(db: &mut Db, env: &dyn Env, id: Id, p: &DocumentPatch) -> Result<(), ApiError> {
    get(db, id)?;
    let mut fields = Vec::new();
    let mut text = |name, v: &Option<String>| {
        if let Some(v) = v {
            fields.push((name, json!(v.trim())));
        }
    };
    text("number", &p.number);
    text("title", &p.title);
    text("issuer", &p.issuer);
    text("issued_on", &p.issued_on);
    text("summary", &p.summary);
    text("body", &p.body);
    if let Some(k) = p.kind {
        fields.push(("kind", json!(k)));
    }
    if let Some(s) = p.status {
        fields.push(("status", json!(s)));
    }
    if let Some(t) = &p.topics {
        let t: Vec<&str> = t.iter().map(|x| x.trim()).collect();
        fields.push(("topics", json!(t)));
    }
    if fields.is_empty() {
        return Err(invalid("Không có thông tin nào được thay đổi"));
    }
    db.commit_local(env, Entity::Document, id, fields, false)?;
    Ok(())
}

/// One live document with its full text.
pub fn get(db: &Db, id: Id) -> Result<Document, ApiError> {
    db.live_row(Entity::Document, id)?
        .and_then(|r| Document::from_row(&r).ok())
        .ok_or_else(|| not_found("Không tìm thấy văn bản này trên máy"))
}

/// Ids of the documents matching the filter (and the query, when it holds words),
/// newest first.
pub(crate) fn list(db: &Db, query: Option<&str>, f: Filter) -> Result<Vec<Id>, ApiError> {
    let ids = match query.and_then(search::parse_query) {
        None => doc_index::list(&db.conn, None, f)?,
        Some(q) => {
            let mut found = doc_index::list(&db.conn, Some(&q.near), f)?;
            if found.is_empty() {
                found = doc_index::list(&db.conn, Some(&q.all), f)?;
            }
            if let (true, Some(typing)) = (found.is_empty(), &q.typing) {
                found = doc_index::list(&db.conn, Some(typing), f)?;
            }
            found
        }
    };
    Ok(ids)
}

/// Full-text search, best match first, each hit with its title and a snippet marked.
pub(crate) fn search(
    conn: &Connection,
    query: &str,
    f: Filter,
    limit: Option<u32>,
) -> Result<Vec<SearchHit>, ApiError> {
    let Some(q) = search::parse_query(query) else {
        return Err(invalid("Hãy nhập từ cần tìm"));
    };
    let limit = limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    // Precise (words near each other) first; scattered words only when nothing is;
    // the last word as a prefix (still being typed) only when even that finds nothing.
    let mut words = q.words.clone();
    words.prefix = None;
    let precise: Vec<&str> = q
        .phrase
        .iter()
        .chain([&q.near])
        .map(String::as_str)
        .collect();
    let mut ids = doc_index::search(conn, &precise, f, limit)?;
    if ids.is_empty() {
        ids = doc_index::search(conn, &[&q.all], f, limit)?;
    }
    if let (true, Some(typing)) = (ids.is_empty(), &q.typing) {
        ids = doc_index::search(conn, &[typing], f, limit)?;
        words = q.words.clone();
    }
    Ok(load(conn, &ids)?
        .iter()
        .map(|d| {
            let snippet = search::snippet(&[&d.summary, &d.body], &words);
            SearchHit {
                document: DocumentCard::from(d),
                title: search::mark(&d.title, &words),
                snippet_marked: search::marked_text(&snippet),
                snippet,
            }
        })
        .collect())
}

/// The documents with these ids, in this order (an id the index holds but whose row
/// no longer parses is skipped: the index follows every row write).
/// On any connection to the file: the database's own or its reader.
fn load(conn: &Connection, ids: &[Id]) -> Result<Vec<Document>, ApiError> {
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let row =
            rows::load(conn, id)?.filter(|r| r.entity == Entity::Document && r.tombstone.is_none());
        if let Some(row) = row {
            match Document::from_row(&row) {
                Ok(d) => out.push(d),
                Err(e) => tracing::warn!(row = %id, "skipping malformed document: {e}"),
            }
        }
    }
    Ok(out)
}
