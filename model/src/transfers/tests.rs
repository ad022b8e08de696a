use super::*;
use crate::change::{Entity, FieldValue, RowState};
use crate::hlc::Hlc;
use crate::ids::Id;
use crate::row::Row;

fn transfer() -> Transfer {
    let id = Id::from_u128(100);
    Transfer {
        id,
        org_id: Id::from_u128(1),
        transfer_id: id,
        member_id: Id::from_u128(5),
        member_name: "Nguyễn Văn An".into(),
        card_no: "93.001".into(),
        from_org_id: Id::from_u128(1),
        from_org_name: "Chi bộ 1".into(),
        dest_org_id: Some(Id::from_u128(2)),
        dest_name: "Chi bộ 2".into(),
        kind: TransferKind::Official,
        reason: "Chuyển công tác".into(),
        end_date: None,
        issued_by: Id::from_u128(9),
        issued_date: "2026-12-01".into(),
        status: TransferStatus::Issued,
        decided_by: None,
        decided_date: None,
        note: String::new(),
    }
}

fn row_of<R: Row>(r: &R) -> RowState {
    let mut row = RowState::empty(R::ENTITY, r.id());
    let hlc = Hlc {
        wall_ms: 1,
        counter: 0,
        node: Id::from_u128(3),
    };
    for (k, value) in r.to_fields() {
        row.fields.insert(k.to_string(), FieldValue { value, hlc });
    }
    row.org_id = r.owning_org();
    row
}

#[test]
fn a_transfer_and_its_copy_round_trip() {
    let t = transfer();
    assert_eq!(<Transfer as Row>::from_row(&row_of(&t)), Ok(t.clone()));
    let copy = t.copy_for_receiver().expect("a receiver");
    assert_eq!(copy.0.org_id, Id::from_u128(2));
    assert_eq!(copy.0.id, TransferIn::row_id(t.id));
    let row = row_of(&copy);
    assert_eq!(row.entity, Entity::TransferIn);
    assert_eq!(<TransferIn as Row>::from_row(&row), Ok(copy));
}

#[test]
fn the_rules_of_one_transfer() {
    let bad = |f: &dyn Fn(&mut Transfer)| {
        let mut t = transfer();
        f(&mut t);
        <Transfer as Row>::from_row(&row_of(&t)).is_err()
    };
    assert!(
        bad(&|t| t.kind = TransferKind::Temporary),
        "temporary needs an end"
    );
    assert!(
        bad(&|t| t.end_date = Some("2027-01-01".into())),
        "official has none"
    );
    assert!(bad(&|t| {
        t.kind = TransferKind::Temporary;
        t.end_date = Some("2026-11-30".into());
    }));
    assert!(bad(&|t| t.dest_org_id = Some(t.from_org_id)), "same cell");
    assert!(bad(&|t| t.status = TransferStatus::Confirmed), "no decider");
    assert!(
        bad(&|t| t.status = TransferStatus::SentOut),
        "not out of province"
    );
    assert!(
        bad(&|t| {
            t.status = TransferStatus::Refused;
            t.decided_by = Some(Id::from_u128(4));
            t.decided_date = Some("2026-12-02".into());
        }),
        "refusal without a reason"
    );
    assert!(
        bad(&|t| t.org_id = Id::from_u128(2)),
        "the sender's row sits at the sender"
    );
    assert!(!bad(&|t| {
        t.dest_org_id = None;
        t.dest_name = "Đảng bộ tỉnh Nam Định".into();
        t.status = TransferStatus::SentOut;
        t.decided_by = Some(Id::from_u128(9));
        t.decided_date = Some("2026-12-03".into());
    }));
}

#[test]
fn a_temporary_transfer_ends_on_its_date() {
    let mut t = transfer();
    t.kind = TransferKind::Temporary;
    t.end_date = Some("2027-03-31".into());
    assert!(!t.active_on("2027-01-01"), "not confirmed yet");
    t.status = TransferStatus::Confirmed;
    assert!(t.active_on("2027-03-31"));
    assert!(!t.active_on("2027-04-01"));
}
