//! Conformance check of membership transfer (issue 19): the sending cell's committee
//! issues, the server makes the receiving cell's copy, the receiving committee
//! confirms; until then the sender keeps the member and their history, after it the
//! receiver reads the member and their history and the sender's devices are told they
//! are gone. A cancellation and a confirmation race: the first wins. A temporary
//! transfer moves nothing; one out of the province marks the member as left. Retried
//! pushes write nothing twice.

use super::fixture::{Pen, Tree, SEED_MS};
use super::{accept, forbidden, pull_all, pulled, refuse, refused_because, Backend};
use serde_json::json;
use sotay_model::dues::{DuesBasis, DuesPayment, Month, PayMethod};
use sotay_model::entities::{MemberStatus, Position, PositionTitle};
use sotay_model::evaluation::{Rating, SelfAssessment};
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{Cursor, Outcome};
use sotay_model::row::Row;
use sotay_model::transfers::{Transfer, TransferIn, TransferKind, TransferStatus};
use sotay_model::{Change, Entity, RowState};
use sotay_server::rows::{self, row_change};
use sotay_server::store::Store;

fn put<R: Row>(pen: &mut Pen, dev: DeviceId, row: &R) -> Change {
    row_change(pen.id(), row, pen.hlc(dev))
}

fn transfer(id: Id, t: &Tree, member: Id, dest: Option<Id>, by: Id) -> Transfer {
    Transfer {
        id,
        org_id: t.c1,
        transfer_id: id,
        member_id: member,
        member_name: "Trần Văn Minh".into(),
        card_no: String::new(),
        from_org_id: t.c1,
        from_org_name: "Chi bộ thôn Hòa Bình".into(),
        dest_org_id: dest,
        dest_name: "Chi bộ nhận".into(),
        kind: TransferKind::Official,
        reason: "Chuyển nơi cư trú".into(),
        end_date: None,
        issued_by: by,
        issued_date: "2026-12-01".into(),
        status: TransferStatus::Issued,
        decided_by: None,
        decided_date: None,
        note: String::new(),
    }
}

/// The change a device makes deciding `row` (a transfer or its copy).
fn decide(
    pen: &mut Pen,
    dev: DeviceId,
    entity: Entity,
    row: Id,
    org: Id,
    (status, by, note): (TransferStatus, Id, &str),
) -> Change {
    pen.edit(
        dev,
        entity,
        row,
        org,
        vec![
            ("status", json!(status)),
            ("decided_by", json!(by)),
            ("decided_date", json!("2026-12-05")),
            ("note", json!(note)),
        ],
    )
}

fn stored(store: &impl Store, id: Id) -> RowState {
    store.row(id).expect("read").expect("stored").row
}

fn status(store: &impl Store, id: Id) -> TransferStatus {
    Transfer::from_row(&stored(store, id))
        .expect("a transfer")
        .status
}

/// Issue, copy, confirm, history follows; cancel; temporary; out of the province.
pub fn transfers_issued_confirmed_and_history_follows<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    // C3 (the other district) gets a secretary: the receiving committee.
    let post = Position {
        id: Id::from_u128(0x7a_0001),
        member_id: t.o,
        org_id: t.c3,
        title: PositionTitle::Secretary,
    };
    let seeded = store
        .seed(
            &[rows::position_change(
                Id::from_u128(0x7a_0002),
                &post,
                rows::server_hlc(SEED_MS),
            )],
            SEED_MS,
        )
        .expect("seed");
    assert!(matches!(seeded[0].outcome, Outcome::Accepted { .. }));
    let d = t.enroll_all(&store);
    let mut pen = Pen::default();

    // m1's history at C1: a dues basis and a payment (the secretary), a
    // self-assessment (m1).
    let from = Month::parse("2026-01").expect("month");
    let basis = DuesBasis {
        id: DuesBasis::row_id(t.m1, from),
        org_id: t.c1,
        member_id: t.m1,
        from_month: from,
        category: "luong".into(),
        income_dong: 8_000_000,
    };
    let payment = DuesPayment {
        id: pen.id(),
        org_id: t.c1,
        member_id: t.m1,
        month: from,
        months: 3,
        amount_dong: 240_000,
        method: PayMethod::Cash,
        receipt_no: "BL-1".into(),
        paid_on: "2026-03-02".into(),
        recorded_by: t.sec,
        reverses: None,
        reason: String::new(),
    };
    let assessment = SelfAssessment {
        id: SelfAssessment::row_id(t.m1, 2025),
        org_id: t.c1,
        member_id: t.m1,
        year: 2025,
        political: "Kiên định".into(),
        ethics: "Giữ gìn phẩm chất".into(),
        lifestyle: "Giản dị".into(),
        results: "Hoàn thành tốt".into(),
        shortcomings: "Có lúc chậm".into(),
        direction: "Báo cáo đúng hạn".into(),
        self_rating: Some(Rating::Good),
    };
    accept(&store, d.sec, &put(&mut pen, d.sec, &basis));
    accept(&store, d.sec, &put(&mut pen, d.sec, &payment));
    accept(&store, d.m1, &put(&mut pen, d.m1, &assessment));
    let history = [basis.id, payment.id, assessment.id];
    let (sec_cursor, _, _) = pull_all(&store, d.sec, Cursor::default());

    // Issue: not by a fellow member, not by the receiving side, not in someone
    // else's name; by the cell's secretary.
    let id = pen.id();
    let official = transfer(id, &t, t.m1, Some(t.c3), t.sec);
    forbidden(&refuse(
        &store,
        d.m2,
        &put(&mut pen, d.m2, &transfer(id, &t, t.m1, Some(t.c3), t.m2)),
    ));
    forbidden(&refuse(
        &store,
        d.o,
        &put(&mut pen, d.o, &transfer(id, &t, t.m1, Some(t.c3), t.o)),
    ));
    refused_because(
        &refuse(
            &store,
            d.sec,
            &put(&mut pen, d.sec, &transfer(id, &t, t.m1, Some(t.c3), t.m2)),
        ),
        "người giới thiệu",
    );
    let nowhere = transfer(id, &t, t.m1, Some(t.g2), t.sec);
    refused_because(
        &refuse(&store, d.sec, &put(&mut pen, d.sec, &nowhere)),
        "chi bộ chuyển đến",
    );
    let issue = put(&mut pen, d.sec, &official);
    accept(&store, d.sec, &issue);
    // The server made the receiver's copy at C3.
    let copy = TransferIn::row_id(id);
    let c = TransferIn::from_row(&stored(&store, copy)).expect("a copy");
    assert_eq!((c.0.org_id, c.0.status), (t.c3, TransferStatus::Issued));
    // A second open transfer of the same member is refused.
    let again = transfer(pen.id(), &t, t.m1, Some(t.c2), t.sec);
    refused_because(
        &refuse(&store, d.sec, &put(&mut pen, d.sec, &again)),
        "chờ tiếp nhận",
    );

    // Until confirmed: the sender holds the member and history, the receiver the
    // copy only; the member reads both.
    assert!(pulled(&store, d.sec, Entity::Transfer).contains(&id));
    assert!(pulled(&store, d.o, Entity::Transfer).is_empty());
    assert!(pulled(&store, d.o, Entity::TransferIn).contains(&copy));
    assert!(!pulled(&store, d.sec, Entity::TransferIn).contains(&copy));
    assert!(pulled(&store, d.m1, Entity::TransferIn).contains(&copy));
    assert!(pulled(&store, d.sec, Entity::DuesPayment).contains(&payment.id));
    assert!(!pulled(&store, d.o, Entity::Member).contains(&t.m1));

    // Answering: the sender cannot confirm for the receiver; the receiver only in its
    // own name, not by cancelling; a refusal needs a reason.
    let mut answer = |dev, entity, row, org, s| decide(&mut pen, dev, entity, row, org, s);
    forbidden(&refuse(
        &store,
        d.sec,
        &answer(
            d.sec,
            Entity::TransferIn,
            copy,
            t.c3,
            (TransferStatus::Confirmed, t.sec, ""),
        ),
    ));
    refused_because(
        &refuse(
            &store,
            d.o,
            &answer(
                d.o,
                Entity::TransferIn,
                copy,
                t.c3,
                (TransferStatus::Confirmed, t.sec, ""),
            ),
        ),
        "người quyết định",
    );
    refused_because(
        &refuse(
            &store,
            d.o,
            &answer(
                d.o,
                Entity::TransferIn,
                copy,
                t.c3,
                (TransferStatus::Cancelled, t.o, ""),
            ),
        ),
        "xác nhận hoặc từ chối",
    );
    let confirm = answer(
        d.o,
        Entity::TransferIn,
        copy,
        t.c3,
        (TransferStatus::Confirmed, t.o, ""),
    );
    let at = accept(&store, d.o, &confirm);
    // Retried: the same outcome, nothing written again.
    assert_eq!(accept(&store, d.o, &confirm), at);
    assert_eq!(status(&store, id), TransferStatus::Confirmed);
    let moved = stored(&store, t.m1);
    assert_eq!(moved.id("cell_id"), Some(t.c3));
    // Too late to cancel.
    refused_because(
        &refuse(
            &store,
            d.sec,
            &answer(
                d.sec,
                Entity::Transfer,
                id,
                t.c1,
                (TransferStatus::Cancelled, t.sec, "nhầm"),
            ),
        ),
        "đã được xử lý",
    );

    // The receiver now reads the member and their history; the sender is told they
    // are gone; the history's fields are as recorded.
    for (entity, row) in [
        (Entity::Member, t.m1),
        (Entity::DuesBasis, basis.id),
        (Entity::DuesPayment, payment.id),
        (Entity::SelfAssessment, assessment.id),
    ] {
        assert!(
            pulled(&store, d.o, entity).contains(&row),
            "{entity:?} reaches C3"
        );
        assert!(
            !pulled(&store, d.sec, entity).contains(&row),
            "{entity:?} left C1"
        );
        assert!(
            pulled(&store, d.m1, entity).contains(&row),
            "{entity:?} still m1's"
        );
    }
    let (_, _, pages) = pull_all(&store, d.sec, sec_cursor);
    let gone: Vec<Id> = pages.iter().flat_map(|p| p.gone.clone()).collect();
    for row in history.iter().chain([&t.m1]) {
        assert!(gone.contains(row), "C1's secretary is told {row} is gone");
    }
    assert_eq!(
        DuesPayment::from_row(&stored(&store, payment.id)).expect("payment"),
        payment
    );
    // The sender keeps its record of the transfer; the receiver's new dues for the
    // member are written at C3.
    assert!(pulled(&store, d.sec, Entity::Transfer).contains(&id));
    let later = DuesPayment {
        id: pen.id(),
        org_id: t.c3,
        month: Month::parse("2026-04").expect("month"),
        months: 1,
        amount_dong: 80_000,
        recorded_by: t.o,
        ..payment.clone()
    };
    accept(&store, d.o, &put(&mut pen, d.o, &later));

    // Cancelled before an answer: the copy says so and can no longer be confirmed.
    let id2 = pen.id();
    let to_c2 = Transfer {
        member_name: "Lê Thị Lan".into(),
        ..transfer(id2, &t, t.m2, Some(t.c2), t.sec)
    };
    accept(&store, d.sec, &put(&mut pen, d.sec, &to_c2));
    let copy2 = TransferIn::row_id(id2);
    accept(
        &store,
        d.sec,
        &decide(
            &mut pen,
            d.sec,
            Entity::Transfer,
            id2,
            t.c1,
            (TransferStatus::Cancelled, t.sec, "nhầm chi bộ"),
        ),
    );
    assert_eq!(
        TransferIn::from_row(&stored(&store, copy2))
            .expect("copy")
            .0
            .status,
        TransferStatus::Cancelled
    );
    refused_because(
        &refuse(
            &store,
            d.dc,
            &decide(
                &mut pen,
                d.dc,
                Entity::TransferIn,
                copy2,
                t.c2,
                (TransferStatus::Confirmed, t.dc, ""),
            ),
        ),
        "đã được xử lý",
    );
    assert_eq!(stored(&store, t.m2).id("cell_id"), Some(t.c1));

    // Temporary, to C3 until a date: confirmed, the member stays at C1.
    let id3 = pen.id();
    let temporary = Transfer {
        kind: TransferKind::Temporary,
        end_date: Some("2027-03-31".into()),
        ..to_c2.clone().with(id3, t.c3)
    };
    accept(&store, d.sec, &put(&mut pen, d.sec, &temporary));
    let copy3 = TransferIn::row_id(id3);
    accept(
        &store,
        d.o,
        &decide(
            &mut pen,
            d.o,
            Entity::TransferIn,
            copy3,
            t.c3,
            (TransferStatus::Confirmed, t.o, ""),
        ),
    );
    assert_eq!(status(&store, id3), TransferStatus::Confirmed);
    assert_eq!(stored(&store, t.m2).id("cell_id"), Some(t.c1));
    assert!(pulled(&store, d.o, Entity::TransferIn).contains(&copy3));
    assert!(!pulled(&store, d.o, Entity::Member).contains(&t.m2));

    // Out of the province: handed over, the member is marked as left.
    let id4 = pen.id();
    let out = Transfer {
        dest_org_id: None,
        dest_name: "Đảng bộ tỉnh Nam Định".into(),
        ..to_c2.with(id4, t.c3)
    };
    accept(&store, d.sec, &put(&mut pen, d.sec, &out));
    assert!(
        store.row(TransferIn::row_id(id4)).expect("read").is_none(),
        "no copy"
    );
    accept(
        &store,
        d.sec,
        &decide(
            &mut pen,
            d.sec,
            Entity::Transfer,
            id4,
            t.c1,
            (TransferStatus::SentOut, t.sec, "Đã bàn giao hồ sơ"),
        ),
    );
    let left = stored(&store, t.m2);
    assert_eq!(
        left.fields["status"].value,
        serde_json::to_value(MemberStatus::Left).expect("json")
    );
}

trait With {
    fn with(self, id: Id, dest: Id) -> Self;
}

impl With for Transfer {
    /// The same transfer under another id, to another cell.
    fn with(self, id: Id, dest: Id) -> Transfer {
        Transfer {
            id,
            transfer_id: id,
            dest_org_id: Some(dest),
            ..self
        }
    }
}
