//! Conformance checks of pull: scope, paging, tombstones, scope resets.

use super::fixture::{Pen, Tree};
use super::{accept, pull_all, Backend};
use serde_json::json;
use sotay_model::entities::PositionTitle;
use sotay_model::ids::Id;
use sotay_model::protocol::Cursor;
use sotay_model::{Entity, RowState};
use sotay_server::store::Store;
use std::collections::{BTreeMap, BTreeSet};

fn ids(rows: &BTreeMap<Id, RowState>, entity: Entity) -> BTreeSet<Id> {
    rows.values()
        .filter(|r| r.entity == entity)
        .map(|r| r.row_id)
        .collect()
}

fn set(v: &[Id]) -> BTreeSet<Id> {
    v.iter().copied().collect()
}

/// A plain member gets their cell, the organisations above it, positions there, and
/// nothing of other cells.
pub fn pull_scope_member<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let (_, rows, pages) = pull_all(&store, d.m1, Cursor::default());
    assert!(pages[0].reset, "a first pull starts a fresh copy");
    assert_eq!(
        ids(&rows, Entity::Organisation),
        set(&[t.p, t.d1, t.g1, t.c1])
    );
    assert_eq!(ids(&rows, Entity::Member), set(&[t.sec, t.m1, t.m2]));
    assert_eq!(
        ids(&rows, Entity::Position),
        set(&[t.sec_position, t.dc_position])
    );
    let (_, rows, _) = pull_all(&store, d.o, Cursor::default());
    assert_eq!(
        ids(&rows, Entity::Organisation),
        set(&[t.p, t.d2, t.g2, t.c3])
    );
    assert_eq!(ids(&rows, Entity::Member), set(&[t.o]));
    assert_eq!(ids(&rows, Entity::Position), set(&[]));
}

/// A district committee member gets the district's whole subtree and the rows above
/// it, and nothing of the other district.
pub fn pull_scope_committee<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let (_, rows, _) = pull_all(&store, d.dc, Cursor::default());
    assert_eq!(
        ids(&rows, Entity::Organisation),
        set(&[t.p, t.d1, t.g1, t.c1, t.c2])
    );
    assert_eq!(
        ids(&rows, Entity::Member),
        set(&[t.sec, t.m1, t.m2, t.dc, t.c2m])
    );
    assert_eq!(
        ids(&rows, Entity::Position),
        set(&[t.sec_position, t.dc_position])
    );
    // Rows added later in the subtree arrive on the next pull.
    let (cursor, _, _) = pull_all(&store, d.dc, Cursor::default());
    let mut pen = Pen::default();
    let add = pen.new_member(d.sec, "Lê Văn Phúc", t.c1);
    let seq = accept(&store, d.sec, &add);
    let page = store.pull(d.dc, cursor, 100).expect("pull");
    assert!(!page.reset);
    assert_eq!(page.rows.len(), 1);
    assert_eq!(
        (page.rows[0].seq, page.rows[0].row.row_id),
        (seq, add.row_id)
    );
    assert!(store
        .pull(d.o, Cursor::default(), 100)
        .expect("pull")
        .rows
        .iter()
        .all(|r| r.row.row_id != add.row_id));
}

/// Small pages return the same rows as one big page, in increasing sequence order,
/// with `more` and `remaining` telling how much is left.
pub fn paging<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let (_, all, _) = pull_all(&store, d.dc, Cursor::default());
    let total = all.len() as u64;
    let mut cursor = Cursor::default();
    let mut got = Vec::new();
    let mut last_seq = 0;
    loop {
        let page = store.pull(d.dc, cursor, 2).expect("pull");
        assert!(page.rows.len() <= 2, "a page holds at most `limit` rows");
        for r in &page.rows {
            assert!(r.seq > last_seq, "rows come in increasing sequence order");
            last_seq = r.seq;
            got.push(r.row.row_id);
        }
        assert_eq!(
            page.remaining,
            total - got.len() as u64,
            "remaining counts what is left"
        );
        assert_eq!(page.more, page.remaining > 0);
        cursor = page.cursor;
        if !page.more {
            break;
        }
        assert!(!page.rows.is_empty());
    }
    assert_eq!(got.len() as u64, total, "no row twice, none missing");
    assert_eq!(
        got.iter().copied().collect::<BTreeSet<_>>(),
        all.keys().copied().collect()
    );
    let after = store.pull(d.dc, cursor, 2).expect("pull");
    assert!(after.rows.is_empty() && !after.more && !after.reset);
}

/// Deleted rows are still sent, with their tombstone, so devices delete them too.
pub fn tombstones_are_pulled<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let (cursor, _, _) = pull_all(&store, d.m1, Cursor::default());
    let mut pen = Pen::default();
    accept(
        &store,
        d.sec,
        &pen.delete(d.sec, Entity::Member, t.m2, t.c1),
    );
    let page = store.pull(d.m1, cursor, 100).expect("pull");
    assert!(!page.reset);
    let m2 = page
        .rows
        .iter()
        .find(|r| r.row.row_id == t.m2)
        .expect("the deleted row is pulled");
    assert!(m2.row.tombstone.is_some());
    let (_, fresh, _) = pull_all(&store, d.m1, Cursor::default());
    assert!(
        fresh[&t.m2].tombstone.is_some(),
        "a new device also learns of the deletion"
    );
}

/// A new position widens the scope: the next pull starts over with `reset`; losing
/// it narrows the scope the same way.
pub fn scope_reset_after_position_change<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let (cursor, _, _) = pull_all(&store, d.m1, Cursor::default());
    let mut pen = Pen::default();
    let appoint = pen.new_position(d.dc, t.m1, t.g1, PositionTitle::DeputySecretary);
    accept(&store, d.dc, &appoint);
    let page = store.pull(d.m1, cursor, 1_000).expect("pull");
    assert!(page.reset, "a wider scope starts a fresh copy");
    assert_ne!(page.cursor.epoch, cursor.epoch);
    let (cursor, rows, _) = pull_all(&store, d.m1, cursor);
    assert!(
        rows.contains_key(&t.c2m) && rows.contains_key(&t.c2),
        "the grassroots subtree is now in scope"
    );
    let quiet = store.pull(d.m1, cursor, 1_000).expect("pull");
    assert!(!quiet.reset && quiet.rows.is_empty());

    accept(
        &store,
        d.dc,
        &pen.delete(d.dc, Entity::Position, appoint.row_id, t.g1),
    );
    let (_, rows, pages) = pull_all(&store, d.m1, cursor);
    assert!(pages[0].reset, "a narrower scope starts a fresh copy too");
    assert!(
        !rows.contains_key(&t.c2m),
        "other cells are out of scope again"
    );
    assert!(
        rows.contains_key(&appoint.row_id),
        "their own (deleted) position is still theirs to see"
    );
}

/// A member moved to another cell starts over in the new cell's scope.
pub fn scope_reset_after_transfer<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let (cursor, before, _) = pull_all(&store, d.m2, Cursor::default());
    assert!(before.contains_key(&t.sec));
    let mut pen = Pen::default();
    accept(
        &store,
        d.dc,
        &pen.edit(
            d.dc,
            Entity::Member,
            t.m2,
            t.c2,
            vec![("cell_id", json!(t.c2))],
        ),
    );
    let (_, rows, pages) = pull_all(&store, d.m2, cursor);
    assert!(pages[0].reset);
    assert_eq!(ids(&rows, Entity::Member), set(&[t.m2, t.dc, t.c2m]));
    assert!(!rows.contains_key(&t.c1) && rows.contains_key(&t.c2));
}

/// Devices that could read a moved row where it was, but cannot where it went, are
/// told it is gone; devices that still see it get the row instead.
pub fn moved_rows_are_gone_for_the_old_scope<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let (m1_cursor, _, _) = pull_all(&store, d.m1, Cursor::default());
    let (dc_cursor, _, _) = pull_all(&store, d.dc, Cursor::default());
    let (o_cursor, _, _) = pull_all(&store, d.o, Cursor::default());
    let mut pen = Pen::default();
    accept(
        &store,
        d.dc,
        &pen.edit(
            d.dc,
            Entity::Member,
            t.m2,
            t.c2,
            vec![("cell_id", json!(t.c2))],
        ),
    );
    let page = store.pull(d.m1, m1_cursor, 1_000).expect("pull");
    assert!(!page.reset);
    assert_eq!(page.gone, vec![t.m2], "the old cell drops the moved member");
    assert!(page.rows.iter().all(|r| r.row.row_id != t.m2));
    let page = store.pull(d.dc, dc_cursor, 1_000).expect("pull");
    assert!(page.gone.is_empty(), "the district still sees the member");
    assert!(page.rows.iter().any(|r| r.row.row_id == t.m2));
    let page = store.pull(d.o, o_cursor, 1_000).expect("pull");
    assert!(
        page.gone.is_empty() && page.rows.is_empty(),
        "other districts hear nothing"
    );
    let (_, _, pages) = pull_all(&store, d.m1, page.cursor);
    assert!(
        pages.iter().all(|p| p.gone.is_empty() || p.reset),
        "told once"
    );
}
