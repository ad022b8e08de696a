//! Conformance checks of push: idempotence and per-field merge.

use super::fixture::{Pen, Tree};
use super::{accept, push_one, refuse, seq_of, Backend};
use serde_json::json;
use sotay_model::protocol::{Outcome, RejectReason};
use sotay_model::Entity;
use sotay_server::store::Store;

pub(super) fn reason(out: &Outcome) -> &RejectReason {
    match out {
        Outcome::Rejected { reason, .. } => reason,
        Outcome::Accepted { .. } => panic!("expected a refusal"),
    }
}

/// The same change twice answers the same seq and changes nothing; the same id with
/// other content is refused as `ConflictingId`.
pub fn idempotent_push<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let mut pen = Pen::default();
    let create = pen.new_member(d.sec, "Hoàng Văn Dũng", t.c1);
    let seq = accept(&store, d.sec, &create);
    let other = pen.edit(
        d.sec,
        Entity::Member,
        t.m1,
        t.c1,
        vec![("full_name", json!("Trần Văn Mạnh"))],
    );
    let seq2 = accept(&store, d.sec, &other);
    assert!(seq2 > seq, "a later change gets a later sequence");
    let again = store
        .push(d.sec, &[create.clone(), other.clone()], 30_000)
        .expect("push");
    assert_eq!(
        again[0].outcome,
        Outcome::Accepted { seq },
        "retry answers the first outcome"
    );
    assert_eq!(again[1].outcome, Outcome::Accepted { seq: seq2 });
    assert_eq!(
        seq_of(&store, create.row_id),
        seq,
        "a retry assigns no new sequence"
    );

    let mut liar = create.clone();
    liar.fields.insert(
        "full_name".into(),
        sotay_model::FieldValue {
            value: json!("Kẻ Mạo Danh"),
            hlc: pen.hlc(d.sec),
        },
    );
    let out = refuse(&store, d.sec, &liar);
    assert_eq!(reason(&out), &RejectReason::ConflictingId);
    let row = store.row(create.row_id).expect("read").expect("row");
    assert_eq!(row.row.str("full_name"), Some("Hoàng Văn Dũng"));
    assert_eq!(row.seq, seq);

    // A refused change, retried, is refused the same way.
    let bad = pen.edit(
        d.m1,
        Entity::Member,
        t.m2,
        t.c1,
        vec![("full_name", json!("X"))],
    );
    let first = refuse(&store, d.m1, &bad);
    assert_eq!(refuse(&store, d.m1, &bad), first);
}

/// Outcomes survive a restart of the server.
pub fn idempotent_push_after_reopen<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let mut pen = Pen::default();
    let create = pen.new_member(d.sec, "Bùi Thị Hằng", t.c1);
    let seq = accept(&store, d.sec, &create);
    let bad = pen.edit(
        d.m1,
        Entity::Member,
        t.m2,
        t.c1,
        vec![("full_name", json!("X"))],
    );
    let refused = refuse(&store, d.m1, &bad);
    let store = b.reopen(store);
    assert_eq!(push_one(&store, d.sec, &create), Outcome::Accepted { seq });
    assert_eq!(push_one(&store, d.m1, &bad), refused);
    assert_eq!(seq_of(&store, create.row_id), seq);
    let next = pen.edit(
        d.sec,
        Entity::Member,
        create.row_id,
        t.c1,
        vec![("status", json!("probationary"))],
    );
    assert!(
        accept(&store, d.sec, &next) > seq,
        "sequences keep growing after a restart"
    );
}

/// Concurrent edits of different fields both survive; of the same field, the later
/// stamp wins whatever order the server sees them in.
pub fn per_field_merge<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let mut pen = Pen::default();
    let name = pen.edit(
        d.sec,
        Entity::Member,
        t.m1,
        t.c1,
        vec![("full_name", json!("Trần Văn Minh Tuấn"))],
    );
    let birth = pen.edit(
        d.dc,
        Entity::Member,
        t.m1,
        t.c1,
        vec![("birth_date", json!("1981-01-02"))],
    );
    accept(&store, d.dc, &birth);
    accept(&store, d.sec, &name);
    let row = store.row(t.m1).expect("read").expect("row").row;
    assert_eq!(row.str("full_name"), Some("Trần Văn Minh Tuấn"));
    assert_eq!(row.str("birth_date"), Some("1981-01-02"));

    let early = pen.edit(
        d.sec,
        Entity::Member,
        t.m2,
        t.c1,
        vec![("full_name", json!("Sớm"))],
    );
    let late = pen.edit(
        d.dc,
        Entity::Member,
        t.m2,
        t.c1,
        vec![("full_name", json!("Muộn"))],
    );
    let seq = accept(&store, d.dc, &late);
    assert_eq!(
        accept(&store, d.sec, &early),
        seq,
        "an older stamp changes nothing and keeps the row's seq"
    );
    let row = store.row(t.m2).expect("read").expect("row");
    assert_eq!(row.row.str("full_name"), Some("Muộn"));
    assert_eq!(row.seq, seq);
}
