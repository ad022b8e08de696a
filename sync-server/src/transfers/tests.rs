use super::*;
use crate::tree::OrgPath;
use sotay_model::FieldValue;

fn row(entity: Entity, id: u128, org: u128) -> RowState {
    let mut r = RowState::empty(entity, Id::from_u128(id));
    r.org_id = Id::from_u128(org);
    r
}

fn path(ids: &[u128]) -> OrgPath {
    let mut p = OrgPath::root(Id::from_u128(ids[0]));
    for &i in &ids[1..] {
        p = p.child(Id::from_u128(i));
    }
    p
}

#[test]
fn history_is_counted_at_its_path_and_moves_alone() {
    let old = path(&[1, 2, 3]);
    let new = path(&[1, 2, 4]);
    let payment = row(Entity::DuesPayment, 10, 3);
    let position = row(Entity::Position, 11, 3);
    // A payment counts where it sits; a position where its org_id says.
    assert_eq!(scope_org(&payment, &new), Id::from_u128(4));
    assert_eq!(scope_org(&position, &new), Id::from_u128(3));
    let stored = |r: &RowState, p: &OrgPath| StoredRow {
        seq: 1,
        row: r.clone(),
        path: p.clone(),
    };
    let moves = history_moves(
        vec![
            stored(&payment, &old),
            stored(&position, &old),
            stored(&row(Entity::CheckIn, 12, 4), &new),
        ],
        &new,
    );
    let ids: Vec<Id> = moves.iter().map(|s| s.row.row_id).collect();
    assert_eq!(
        ids,
        vec![Id::from_u128(10)],
        "only history not yet at the new cell"
    );
}

#[test]
fn a_follow_up_stamp_beats_every_stamp_of_its_row() {
    let mut r = row(Entity::Member, 1, 3);
    let ahead = Hlc {
        wall_ms: 5_000,
        counter: 7,
        node: Id::from_u128(99),
    };
    r.fields.insert(
        "cell_id".into(),
        FieldValue {
            value: json!(Id::from_u128(3)),
            hlc: ahead,
        },
    );
    let other = row(Entity::Transfer, 2, 3);
    assert!(
        after(&[&other, &r], 4_000) > ahead,
        "whatever the server's clock"
    );
    assert!(
        after(&[&r], 9_000) < server_hlc(9_000),
        "a device that saw it writes after"
    );
    assert_eq!(
        after(&[&other], 6_000),
        server_hlc(6_000),
        "no stamp at all"
    );
}
