//! The sync engine on an async runtime: its database steps leave the runtime's thread
//! to other tasks.

use crate::db::{rows, Db, Identity};
use crate::env::SeededEnv;
use crate::replica::Replica;
use crate::sync::apply_pull_page;
use crate::sync::{Transport, TransportError};
use sotay_model::change::{owning_org, FieldValue};
use sotay_model::hlc::Hlc;
use sotay_model::ids::DeviceId;
use sotay_model::protocol::{
    Cursor, PullRequest, PullResponse, PulledRow, PushRequest, PushResponse,
};
use sotay_model::{Entity, Id, RowState};
use std::future::Future;
use std::sync::Arc;
use tokio::sync::oneshot;

const ROWS: u64 = 2_000;

/// Answers the one pull with a large page, but only once the test says so: it tells
/// the test it is waiting, then waits for `go`.
struct HeldPage {
    page: Option<PullResponse>,
    waiting: Option<oneshot::Sender<()>>,
    go: Option<oneshot::Receiver<()>>,
}

impl Transport for HeldPage {
    fn push(
        &mut self,
        _req: PushRequest,
    ) -> impl Future<Output = Result<PushResponse, TransportError>> + Send {
        std::future::ready(Err(TransportError::Protocol("nothing to push".into())))
    }

    fn pull(
        &mut self,
        _req: PullRequest,
    ) -> impl Future<Output = Result<PullResponse, TransportError>> + Send {
        let page = self.page.take();
        let waiting = self.waiting.take();
        let go = self.go.take();
        async move {
            let lost = || TransportError::Protocol("pulled twice".into());
            waiting.ok_or_else(lost)?.send(()).map_err(|_| lost())?;
            go.ok_or_else(lost)?.await.map_err(|_| lost())?;
            page.ok_or_else(lost)
        }
    }
}

fn large_page() -> PullResponse {
    PullResponse {
        rows: (1..=ROWS)
            .map(|seq| PulledRow {
                seq,
                row: RowState::empty(Entity::Organisation, Id::v7(1_000 + seq, [7; 10])),
            })
            .collect(),
        cursor: Cursor {
            epoch: 1,
            seq: ROWS,
        },
        more: false,
        reset: false,
        gone: Vec::new(),
        remaining: 0,
    }
}

/// On a one-thread runtime, a sync applying a large pulled page must leave the thread
/// to other tasks (here: the one holding the database while the page arrives).
/// Applied inline, the apply would block that thread on the lock and never finish.
#[tokio::test(flavor = "current_thread")]
// Holding the database across the yield is the point: the apply must wait for it.
#[allow(clippy::await_holding_lock)]
async fn applying_a_pulled_page_leaves_the_runtime_thread_free() {
    let home = tempfile::tempdir().expect("tempdir");
    let env = Arc::new(SeededEnv::new(7, 1_000));
    let replica = Arc::new(Replica::open_with(home.path(), env).expect("open"));
    replica
        .db()
        .set_identity(&Identity {
            server: "http://127.0.0.1:9".into(),
            device_id: Id::v7(1, [1; 10]),
            member_id: Id::v7(1, [2; 10]),
            credential: "credential".into(),
        })
        .expect("identity");
    let (waiting_tx, waiting_rx) = oneshot::channel();
    let (go_tx, go_rx) = oneshot::channel();
    let mut transport = HeldPage {
        page: Some(large_page()),
        waiting: Some(waiting_tx),
        go: Some(go_rx),
    };
    let syncing = Arc::clone(&replica);
    let sync = tokio::spawn(async move { syncing.sync_over(&mut transport).await });
    waiting_rx.await.expect("the sync pulls");
    let held = replica.db();
    go_tx.send(()).expect("the sync waits for its page");
    // Let the sync take its page and start applying it while the database is held.
    tokio::task::yield_now().await;
    drop(held);
    let report = sync.await.expect("joined").expect("synced");
    assert_eq!(report.pulled, ROWS);
    assert_eq!(replica.db().cursor().expect("cursor").seq, ROWS);
}

/// A row of `entity` owned by `org` (the entity's organisation field), with `more`
/// fields, all stamped at one time.
fn counted_row(entity: Entity, id: u128, org: Id, more: &[(&str, Id)]) -> PulledRow {
    let stamp = Hlc {
        wall_ms: 1_000,
        counter: 0,
        node: DeviceId::from_u128(9),
    };
    let field = |v: Id| FieldValue {
        value: serde_json::Value::String(v.to_string()),
        hlc: stamp,
    };
    let mut row = RowState::empty(entity, Id::from_u128(id));
    if let Some(k) = entity.org_field() {
        row.fields.insert(k.to_string(), field(org));
    }
    for (k, v) in more {
        row.fields.insert(k.to_string(), field(*v));
    }
    row.org_id = owning_org(entity, row.row_id, &row.fields).unwrap_or(org);
    PulledRow {
        seq: id as u64,
        row,
    }
}

fn page_of(rows: Vec<PulledRow>) -> PullResponse {
    PullResponse {
        cursor: Cursor {
            epoch: 1,
            seq: rows.len() as u64,
        },
        rows,
        more: false,
        reset: false,
        gone: Vec::new(),
        remaining: 0,
    }
}

fn dirty(db: &Db) -> Vec<(String, i64)> {
    let mut stmt = db
        .conn
        .prepare("SELECT org_id, subtree FROM ov_dirty ORDER BY org_id")
        .expect("prepare");
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query");
    rows.collect::<Result<_, _>>().expect("rows")
}

/// A pulled page names, with the insert trigger standing aside (migration 0032), the
/// organisations the trigger names for the same rows stored one by one: the same
/// ones when each member comes before its rows, more (never fewer) when after; the
/// trigger works again for other writes, and `secure_delete` is back on.
#[test]
fn a_pulled_page_names_what_the_insert_trigger_would() {
    let (cell, other, district, docs) = (
        Id::from_u128(0xc0),
        Id::from_u128(0xc1),
        Id::from_u128(0xd0),
        Id::from_u128(0xe0),
    );
    let member = Id::from_u128(10);
    let rows = vec![
        counted_row(Entity::Organisation, 0xc0, cell, &[]),
        counted_row(Entity::Member, 10, cell, &[]),
        // Counts at the read mark's organisation and at the member's cell.
        counted_row(Entity::ReadMark, 11, docs, &[("member_id", member)]),
        counted_row(Entity::DuesRule, 12, district, &[]),
        counted_row(Entity::Meeting, 13, other, &[]),
        // Not counted anywhere.
        counted_row(Entity::Document, 14, Id::from_u128(0xf0), &[]),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    let mut paged = Db::open(&dir.path().join("paged")).expect("open");
    apply_pull_page(&mut paged, &page_of(rows.clone()), 2_000).expect("apply");
    let one_by_one = Db::open(&dir.path().join("trigger")).expect("open");
    for p in &rows {
        rows::store(&one_by_one.conn, &p.row).expect("store");
    }
    assert_eq!(dirty(&paged), dirty(&one_by_one));
    assert!(dirty(&paged).contains(&(district.to_string(), 1)));
    assert!(dirty(&paged).contains(&(cell.to_string(), 0)));
    let on: i64 = paged
        .conn
        .query_row("PRAGMA secure_delete", [], |r| r.get(0))
        .expect("pragma");
    assert_eq!(on, 1, "secure_delete is back on after the page");
    // A later page's read mark names its member's cell, the member held from before.
    for db in [&paged, &one_by_one] {
        db.conn.execute("DELETE FROM ov_dirty", []).expect("clear");
    }
    let mark = counted_row(Entity::ReadMark, 15, docs, &[("member_id", member)]);
    apply_pull_page(&mut paged, &page_of(vec![mark.clone()]), 2_000).expect("apply");
    rows::store(&one_by_one.conn, &mark.row).expect("store");
    assert_eq!(dirty(&paged), dirty(&one_by_one));
    assert!(dirty(&paged).contains(&(cell.to_string(), 0)));

    // The member after its read mark: the trigger cannot see the member's cell yet.
    let mut late = rows.clone();
    late.swap(1, 2);
    let mut paged = Db::open(&dir.path().join("late-paged")).expect("open");
    apply_pull_page(&mut paged, &page_of(late.clone()), 2_000).expect("apply");
    let one_by_one = Db::open(&dir.path().join("late-trigger")).expect("open");
    for p in &late {
        rows::store(&one_by_one.conn, &p.row).expect("store");
    }
    let (all, some) = (dirty(&paged), dirty(&one_by_one));
    assert!(some.iter().all(|d| all.contains(d)), "{all:?} ⊇ {some:?}");

    // Outside a page the trigger names again.
    paged
        .conn
        .execute("DELETE FROM ov_dirty", [])
        .expect("clear");
    let later = counted_row(Entity::Task, 20, other, &[]);
    rows::store(&paged.conn, &later.row).expect("store");
    assert_eq!(dirty(&paged), vec![(other.to_string(), 0)]);
}
