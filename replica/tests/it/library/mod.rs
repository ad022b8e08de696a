//! The library fixture: 23 real-looking party documents (`data/library.json`) pulled into
//! an enrolled replica as the server would send them, and helpers that call the Api.
#![allow(dead_code)]

use crate::common::*;
use serde::Deserialize;
use serde_json::json;
use sotay_model::api::{requests, ApiError, Request, Response};
use sotay_model::library::documents::{DocKind, DocStatus};
use sotay_model::library::{DocumentCard, SearchHit};
use sotay_model::{Entity, Id, RowState};
use sotay_replica::calls::Cx;
use sotay_replica::{apply_pull_page, Db, SeededEnv};
use std::path::Path;

#[derive(Deserialize)]
pub struct Fx {
    pub number: String,
    pub kind: DocKind,
    pub title: String,
    pub org: u128,
    pub issuer: String,
    pub issued_on: String,
    pub status: DocStatus,
    pub summary: String,
    pub body: String,
    pub topics: Vec<String>,
}

pub fn fixture() -> Vec<Fx> {
    serde_json::from_str(include_str!("../data/library.json")).expect("fixture JSON")
}

pub fn doc_id(i: usize) -> Id {
    Id::from_u128(0xD0C_0000 + i as u128)
}

/// A document row as the server sends it.
pub fn doc_row(id: Id, f: &Fx, ms: u64) -> RowState {
    row(
        Entity::Document,
        id,
        &[
            ("kind", json!(f.kind)),
            ("number", json!(f.number)),
            ("title", json!(f.title)),
            ("org_id", json!(Id::from_u128(f.org).to_string())),
            ("issuer", json!(f.issuer)),
            ("issued_on", json!(f.issued_on)),
            ("status", json!(f.status)),
            ("summary", json!(f.summary)),
            ("body", json!(f.body)),
            ("topics", json!(f.topics)),
        ],
        stamp(ms, OTHER_DEVICE),
    )
}

/// An enrolled replica holding the standard tree and every fixture document, pulled.
pub fn library(home: &Path) -> (Db, SeededEnv) {
    let (mut db, env) = enrolled(home);
    let rows = fixture()
        .iter()
        .enumerate()
        .map(|(i, f)| doc_row(doc_id(i), f, 2_000))
        .collect();
    apply_pull_page(&mut db, &page(rows, 100, false), 10_000).expect("pull documents");
    (db, env)
}

pub fn call(db: &mut Db, env: &SeededEnv, req: Request) -> Result<Response, ApiError> {
    sotay_replica::calls::call_db(&mut Cx { db, env }, req)
}

/// Search hits for a query with optional filters.
pub fn hits(
    db: &mut Db,
    env: &SeededEnv,
    query: &str,
    kind: Option<DocKind>,
    org: Option<u128>,
    year: Option<u16>,
) -> Vec<SearchHit> {
    let req = Request::SearchDocuments(requests::SearchDocuments {
        query: query.into(),
        kind,
        org_id: org.map(Id::from_u128),
        year,
        limit: Some(50),
    });
    match call(db, env, req) {
        Ok(Response::SearchResults { hits }) => hits,
        other => panic!("search {query:?}: {other:?}"),
    }
}

/// The numbers of the documents a search finds, best first.
pub fn numbers(db: &mut Db, env: &SeededEnv, query: &str) -> Vec<String> {
    hits(db, env, query, None, None, None)
        .into_iter()
        .map(|h| h.document.number)
        .collect()
}

pub fn list(db: &mut Db, env: &SeededEnv, req: Request) -> Vec<DocumentCard> {
    match call(db, env, req) {
        Ok(Response::Documents(sotay_model::library::DocumentPage { documents, .. })) => documents,
        other => panic!("list: {other:?}"),
    }
}
