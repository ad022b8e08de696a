//! Conformance checks of refusals: what is refused, why, and that it changes nothing.

use super::fixture::{Pen, Tree};
use super::push::reason;
use super::{accept, refuse, Backend};
use serde_json::json;
use sotay_model::entities::{OrgKind, PositionTitle};
use sotay_model::protocol::{Outcome, RejectReason};
use sotay_model::Entity;
use sotay_server::store::Store;

/// A refused change leaves the row as it was and tells the device the current row,
/// only if the device may read it.
pub fn rejection_changes_nothing<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let mut pen = Pen::default();
    let before = store.row(t.m2).expect("read").expect("row");
    let by_cellmate = pen.edit(
        d.m1,
        Entity::Member,
        t.m2,
        t.c1,
        vec![("full_name", json!("Sửa Trộm"))],
    );
    match refuse(&store, d.m1, &by_cellmate) {
        Outcome::Rejected { reason, current } => {
            assert_eq!(reason, RejectReason::Forbidden);
            assert_eq!(
                current.as_ref(),
                Some(&before.row),
                "a cell-mate may read the row"
            );
        }
        Outcome::Accepted { .. } => unreachable!(),
    }
    let by_stranger = pen.edit(
        d.o,
        Entity::Member,
        t.m2,
        t.c1,
        vec![("full_name", json!("Sửa Trộm"))],
    );
    match refuse(&store, d.o, &by_stranger) {
        Outcome::Rejected { reason, current } => {
            assert_eq!(reason, RejectReason::Forbidden);
            assert_eq!(
                current, None,
                "a member of another cell must not see the row"
            );
        }
        Outcome::Accepted { .. } => unreachable!(),
    }
    let bad_date = pen.edit(
        d.sec,
        Entity::Member,
        t.m2,
        t.c1,
        vec![("birth_date", json!("1980-02-30"))],
    );
    assert!(matches!(
        reason(&refuse(&store, d.sec, &bad_date)),
        RejectReason::Invalid(_)
    ));
    // PostgreSQL cannot store U+0000: both stores refuse it alike, with the reason.
    let nul = pen.edit(
        d.sec,
        Entity::Member,
        t.m2,
        t.c1,
        vec![("full_name", json!("Lê Văn\u{0}Hai"))],
    );
    match reason(&refuse(&store, d.sec, &nul)) {
        RejectReason::Invalid(why) => assert!(why.contains("U+0000"), "{why}"),
        other => panic!("a NUL in a name: {other:?}"),
    }
    // A push mixing good and bad changes: the bad one alone is refused.
    let good = pen.edit(
        d.sec,
        Entity::Member,
        t.m1,
        t.c1,
        vec![("status", json!("probationary"))],
    );
    let bad = pen.edit(
        d.sec,
        Entity::Member,
        t.m2,
        t.c1,
        vec![("gender", json!("unknown"))],
    );
    let r = store.push(d.sec, &[good, bad], 20_000).expect("push");
    assert!(matches!(r[0].outcome, Outcome::Accepted { .. }));
    assert!(matches!(r[1].outcome, Outcome::Rejected { .. }));
    assert_eq!(
        store.row(t.m2).expect("read"),
        Some(before),
        "refusals changed nothing"
    );
}

/// Immutable fields, the claimed owner, references into the tree and org kinds.
pub fn structural_checks<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let mut pen = Pen::default();
    let moved = pen.edit(
        d.sec,
        Entity::Position,
        t.sec_position,
        t.c2,
        vec![("org_id", json!(t.c2))],
    );
    assert_eq!(
        reason(&refuse(&store, d.sec, &moved)),
        &RejectReason::Immutable("org_id".into())
    );
    let reparent = pen.edit(
        d.dc,
        Entity::Organisation,
        t.c1,
        t.c1,
        vec![("parent_id", json!(t.g2))],
    );
    assert_eq!(
        reason(&refuse(&store, d.dc, &reparent)),
        &RejectReason::Immutable("parent_id".into())
    );
    let same = pen.edit(
        d.dc,
        Entity::Organisation,
        t.c1,
        t.c1,
        vec![
            ("kind", json!("cell")),
            ("name", json!("Chi bộ thôn Hòa Bình mới")),
        ],
    );
    accept(&store, d.dc, &same);

    let mut liar = pen.new_member(d.sec, "Ngô Văn Khải", t.c1);
    liar.org_id = t.c2;
    assert!(
        matches!(
            reason(&refuse(&store, d.sec, &liar)),
            RejectReason::Invalid(_)
        ),
        "owner must match the row"
    );
    let in_grassroots = pen.new_member(d.dc, "Ngô Văn Khải", t.g1);
    assert!(
        matches!(
            reason(&refuse(&store, d.dc, &in_grassroots)),
            RejectReason::Invalid(_)
        ),
        "a member's cell must be a cell"
    );
    let nowhere = pen.new_member(d.dc, "Ngô Văn Khải", sotay_model::Id::from_u128(77));
    assert!(matches!(
        reason(&refuse(&store, d.dc, &nowhere)),
        RejectReason::Invalid(_)
    ));
    let cell_under_district = pen.new_org(d.dc, "Chi bộ lạc chỗ", OrgKind::Cell, t.d1);
    assert!(matches!(
        reason(&refuse(&store, d.dc, &cell_under_district)),
        RejectReason::Invalid(_)
    ));
    let unknown_field = pen.edit(
        d.sec,
        Entity::Member,
        t.m1,
        t.c1,
        vec![("salary", json!(1))],
    );
    assert!(matches!(
        reason(&refuse(&store, d.sec, &unknown_field)),
        RejectReason::Invalid(_)
    ));
    let mut twin = pen.new_member(d.sec, "Ngô Văn Khải", t.c1);
    twin.fields.get_mut("card_no").expect("card").value =
        json!(format!("{:08}", t.m1.0.as_u128() % 100_000_000));
    assert!(
        matches!(
            reason(&refuse(&store, d.sec, &twin)),
            RejectReason::Invalid(_)
        ),
        "card numbers are unique"
    );
    let full = pen.delete(d.dc, Entity::Organisation, t.c2, t.c2);
    assert!(
        matches!(
            reason(&refuse(&store, d.dc, &full)),
            RejectReason::Invalid(_)
        ),
        "a cell with members stays"
    );
    let empty = pen.new_org(d.dc, "Đảng bộ xã Tạm", OrgKind::Grassroots, t.d1);
    accept(&store, d.dc, &empty);
    accept(
        &store,
        d.dc,
        &pen.delete(d.dc, Entity::Organisation, empty.row_id, empty.row_id),
    );
    let ghost_holder = pen.new_position(
        d.dc,
        sotay_model::Id::from_u128(78),
        t.g1,
        PositionTitle::Secretary,
    );
    assert!(matches!(
        reason(&refuse(&store, d.dc, &ghost_holder)),
        RejectReason::Invalid(_)
    ));
}

/// Who may create, edit, move and delete what.
pub fn authorisation<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let mut pen = Pen::default();
    let forbidden = |store: &B::Store, dev, c: &sotay_model::Change, why: &str| {
        assert_eq!(
            reason(&refuse(store, dev, c)),
            &RejectReason::Forbidden,
            "{why}"
        );
    };
    // Plain member.
    forbidden(
        &store,
        d.m1,
        &pen.new_member(d.m1, "Đặng Văn Hải", t.c1),
        "a plain member cannot add members",
    );
    forbidden(
        &store,
        d.m1,
        &pen.edit(
            d.m1,
            Entity::Member,
            t.m1,
            t.c1,
            vec![("full_name", json!("Tự Sửa"))],
        ),
        "nor edit their own record",
    );
    forbidden(
        &store,
        d.m1,
        &pen.delete(d.m1, Entity::Member, t.m2, t.c1),
        "nor delete a cell-mate",
    );
    // Cell secretary.
    accept(&store, d.sec, &pen.new_member(d.sec, "Đặng Văn Hải", t.c1));
    forbidden(
        &store,
        d.sec,
        &pen.new_member(d.sec, "Đặng Văn Hải", t.c2),
        "a secretary keeps only their own cell",
    );
    forbidden(
        &store,
        d.sec,
        &pen.new_org(d.sec, "Chi bộ mới", OrgKind::Cell, t.g1),
        "a cell secretary cannot add cells",
    );
    forbidden(
        &store,
        d.sec,
        &pen.edit(
            d.sec,
            Entity::Member,
            t.m1,
            t.c2,
            vec![("cell_id", json!(t.c2))],
        ),
        "a transfer needs rights on the new cell",
    );
    accept(
        &store,
        d.sec,
        &pen.edit(
            d.sec,
            Entity::Organisation,
            t.c1,
            t.c1,
            vec![("name", json!("Chi bộ thôn Hòa Bình 1"))],
        ),
    );
    accept(
        &store,
        d.sec,
        &pen.new_position(d.sec, t.m1, t.c1, PositionTitle::DeputySecretary),
    );
    // District committee member.
    accept(&store, d.dc, &pen.new_member(d.dc, "Bùi Văn Toàn", t.c1));
    accept(
        &store,
        d.dc,
        &pen.new_org(d.dc, "Đảng bộ xã Mới", OrgKind::Grassroots, t.d1),
    );
    forbidden(
        &store,
        d.dc,
        &pen.new_member(d.dc, "Bùi Văn Toàn", t.c3),
        "not in another district",
    );
    forbidden(
        &store,
        d.dc,
        &pen.edit(
            d.dc,
            Entity::Organisation,
            t.d1,
            t.d1,
            vec![("name", json!("Đổi tên"))],
        ),
        "only leaders rename their own organisation",
    );
    forbidden(
        &store,
        d.dc,
        &pen.new_position(d.dc, t.c2m, t.d1, PositionTitle::CommitteeMember),
        "only leaders assign positions at their own level",
    );
    accept(
        &store,
        d.dc,
        &pen.new_position(d.dc, t.c2m, t.g1, PositionTitle::CommitteeMember),
    );
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
    accept(&store, d.dc, &pen.delete(d.dc, Entity::Member, t.m2, t.c2));
    let m2 = store.row(t.m2).expect("read").expect("row");
    assert!(m2.row.tombstone.is_some());
    assert_eq!(m2.row.org_id, t.c2);
    // Someone else's district, and a stranger on the root.
    forbidden(
        &store,
        d.o,
        &pen.edit(
            d.o,
            Entity::Organisation,
            t.p,
            t.p,
            vec![("name", json!("X"))],
        ),
        "plain members cannot rename the province",
    );
}
