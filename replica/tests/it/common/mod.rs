//! Test fixtures: an enrolled replica database in a temp dir, and rows "as the server
//! would send them" (hand-built pull pages), so engine rules are checked on real SQLite.
#![allow(dead_code)]

use serde_json::{json, Value};
use sotay_model::change::FieldValue;
use sotay_model::entities::OrgKind;
use sotay_model::hlc::Hlc;
use sotay_model::protocol::{Cursor, PullResponse, PulledRow};
use sotay_model::{Entity, Id, RowState};
use sotay_replica::{apply_pull_page, Db, Identity, SeededEnv};
use std::path::Path;

pub const DEVICE: u128 = 0xD1;
pub const OTHER_DEVICE: u128 = 0xD2;

pub fn stamp(ms: u64, node: u128) -> Hlc {
    Hlc {
        wall_ms: ms,
        counter: 0,
        node: Id::from_u128(node),
    }
}

pub fn row(entity: Entity, id: Id, fields: &[(&str, Value)], hlc: Hlc) -> RowState {
    let fields = fields
        .iter()
        .map(|(k, v)| {
            (
                k.to_string(),
                FieldValue {
                    value: v.clone(),
                    hlc,
                },
            )
        })
        .collect();
    let org_id = sotay_model::entities::owning_org(entity, id, &fields).unwrap_or(Id::nil());
    RowState {
        entity,
        row_id: id,
        org_id,
        fields,
        tombstone: None,
    }
}

pub fn org(id: u128, name: &str, kind: OrgKind, parent: Option<u128>) -> RowState {
    let parent = parent.map(|p| Id::from_u128(p).to_string());
    row(
        Entity::Organisation,
        Id::from_u128(id),
        &[
            ("name", json!(name)),
            ("kind", json!(kind)),
            ("parent_id", json!(parent)),
        ],
        stamp(1_000, OTHER_DEVICE),
    )
}

pub fn member(id: u128, full_name: &str, cell: u128) -> RowState {
    row(
        Entity::Member,
        Id::from_u128(id),
        &[
            ("full_name", json!(full_name)),
            ("birth_date", json!("1980-05-01")),
            ("gender", json!("female")),
            ("joined_date", json!("2005-03-03")),
            ("official_date", json!("2006-03-03")),
            ("card_no", json!(format!("TB-{id}"))),
            ("status", json!("full")),
            ("cell_id", json!(Id::from_u128(cell).to_string())),
        ],
        stamp(1_000, OTHER_DEVICE),
    )
}

pub fn page(rows: Vec<RowState>, seq_after: u64, reset: bool) -> PullResponse {
    let n = rows.len() as u64;
    PullResponse {
        rows: rows
            .into_iter()
            .enumerate()
            .map(|(i, row)| PulledRow {
                seq: seq_after + 1 + i as u64,
                row,
            })
            .collect(),
        cursor: Cursor {
            epoch: 1,
            seq: seq_after + n,
        },
        more: false,
        gone: Vec::new(),
        reset,
        remaining: 0,
    }
}

// Ids of the standard tree.
pub const PROVINCE: u128 = 1;
pub const DISTRICT: u128 = 2;
pub const GRASSROOTS: u128 = 3;
pub const CELL_A: u128 = 4;
pub const CELL_B: u128 = 5;
pub const OTHER_GRASSROOTS: u128 = 6;
pub const CELL_C: u128 = 7;

pub fn tree() -> Vec<RowState> {
    vec![
        org(PROVINCE, "Đảng bộ tỉnh Thái Bình", OrgKind::Province, None),
        org(
            DISTRICT,
            "Đảng bộ huyện Vũ Thư",
            OrgKind::District,
            Some(PROVINCE),
        ),
        org(
            GRASSROOTS,
            "Đảng bộ xã Tam Quang",
            OrgKind::Grassroots,
            Some(DISTRICT),
        ),
        org(CELL_A, "Chi bộ thôn 1", OrgKind::Cell, Some(GRASSROOTS)),
        org(CELL_B, "Chi bộ thôn 2", OrgKind::Cell, Some(GRASSROOTS)),
        org(
            OTHER_GRASSROOTS,
            "Đảng bộ xã Song Lãng",
            OrgKind::Grassroots,
            Some(DISTRICT),
        ),
        org(
            CELL_C,
            "Chi bộ thôn 3",
            OrgKind::Cell,
            Some(OTHER_GRASSROOTS),
        ),
    ]
}

pub fn identity(server: &str) -> Identity {
    Identity {
        server: server.to_string(),
        device_id: Id::from_u128(DEVICE),
        member_id: Id::from_u128(0x4D),
        credential: format!("{}.secret", Id::from_u128(DEVICE)),
    }
}

/// An enrolled database holding the standard tree, with a seeded clock at t=10 000.
pub fn enrolled(home: &Path) -> (Db, SeededEnv) {
    let mut db = Db::open(home).expect("open db");
    db.set_identity(&identity("http://127.0.0.1:9"))
        .expect("identity");
    apply_pull_page(&mut db, &page(tree(), 0, false), 10_000).expect("seed tree");
    (db, SeededEnv::new(42, 10_000))
}

/// A raw SQLite connection to the replica's file, keyed with the fallback key file, to
/// check what is on disk without going through the Api.
pub fn raw_db(home: &Path) -> rusqlite::Connection {
    let key = std::fs::read_to_string(home.join("replica.key")).expect("key file");
    let conn = rusqlite::Connection::open(home.join("replica.db")).expect("raw");
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key.trim()))
        .expect("key");
    conn
}

/// A request in its JSON wire form (as the UI sends it) answered on `db`, as JSON.
pub fn wire_call(
    db: &mut Db,
    env: &SeededEnv,
    req: Value,
) -> Result<Value, sotay_model::api::ApiError> {
    let req: sotay_model::api::Request =
        serde_json::from_value(req).expect("a request in its wire form");
    let wire = serde_json::to_string(&req).expect("json");
    let resp = sotay_replica::calls::call_db(&mut sotay_replica::calls::Cx { db, env }, req)?;
    // How a new request's pair reaches `model/tests/it/wire_replay.txt`: run its test
    // with SOTAY_WIRE_CAPTURE=1 and copy the lines after "wire: ".
    if std::env::var_os("SOTAY_WIRE_CAPTURE").is_some() {
        println!(
            "wire: {wire}\nwire: {}",
            serde_json::to_string(&resp).expect("json")
        );
    }
    Ok(serde_json::to_value(resp).expect("json"))
}

/// [`wire_call`], insisting on an answer.
pub fn wire_ok(db: &mut Db, env: &SeededEnv, req: Value) -> Value {
    wire_call(db, env, req.clone()).unwrap_or_else(|e| panic!("{req}: {e:?}"))
}

/// Changes waiting in this device's outbox.
pub fn outbox(db: &Db) -> usize {
    db.pending_changes().expect("outbox").len()
}

/// `req` is refused with `kind` and a message holding `words`, and writes nothing.
pub fn refused(
    db: &mut Db,
    env: &SeededEnv,
    req: Value,
    kind: sotay_model::api::ApiErrorKind,
    words: &str,
) {
    let before = outbox(db);
    let err = wire_call(db, env, req.clone()).expect_err("refused");
    assert_eq!(err.kind, kind, "{req}: {}", err.message);
    assert!(err.message.contains(words), "{req}: {}", err.message);
    assert_eq!(outbox(db), before, "{req} wrote nothing");
}

/// Position rows for `member`: one per (organisation, title), ids from 0x90.
pub fn posts_of(member: Id, posts: &[(u128, &str)]) -> Vec<RowState> {
    posts
        .iter()
        .enumerate()
        .map(|(i, (org, title))| {
            row(
                Entity::Position,
                Id::from_u128(0x90 + i as u128),
                &[
                    ("member_id", json!(member)),
                    ("org_id", json!(Id::from_u128(*org))),
                    ("title", json!(title)),
                ],
                stamp(5_000, OTHER_DEVICE),
            )
        })
        .collect()
}
