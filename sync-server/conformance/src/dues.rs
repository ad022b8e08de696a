//! Conformance check of party dues (issue 19): the committee's rule table is read down
//! its subtree; a member's basis and payments are kept by their cell's office and read
//! by the member, that office and the offices above, never by fellow members; payments
//! and remittances are events (never edited or deleted), a payment is corrected only
//! by the one reversal that cancels it exactly, events speak for their author, and a
//! remittance goes to the organisation directly above. A refusal stores nothing.

use super::fixture::{Pen, Tree};
use super::{accept, forbidden, pulled, refuse, refused_because, Backend};
use serde_json::json;
use sotay_model::dues::{DuesBasis, DuesPayment, DuesRemittance, DuesRule, Month, PayMethod};
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{Outcome, RejectReason};
use sotay_model::row::Row;
use sotay_model::{Change, Entity};
use sotay_server::rows::row_change;
use sotay_server::store::Store;
use std::collections::BTreeSet;

/// A device's change writing every field of `row`.
fn put<R: Row>(pen: &mut Pen, dev: DeviceId, row: &R) -> Change {
    row_change(pen.id(), row, pen.hlc(dev))
}

fn month(s: &str) -> Month {
    Month::parse(s).expect("a valid month")
}

fn rule(org: Id, category: &str, per_mille: u32, fixed_dong: i64) -> DuesRule {
    DuesRule {
        id: DuesRule::row_id(org, category),
        org_id: org,
        category: category.into(),
        name: format!("Đối tượng {category}"),
        per_mille,
        fixed_dong,
        retired: false,
    }
}

fn basis(cell: Id, member: Id, category: &str, income_dong: i64) -> DuesBasis {
    let from = month("2026-01");
    DuesBasis {
        id: DuesBasis::row_id(member, from),
        org_id: cell,
        member_id: member,
        from_month: from,
        category: category.into(),
        income_dong,
    }
}

fn payment(
    id: Id,
    cell: Id,
    member: Id,
    by: Id,
    (from, months): (&str, u32),
    amount: i64,
) -> DuesPayment {
    DuesPayment {
        id,
        org_id: cell,
        member_id: member,
        month: month(from),
        months,
        amount_dong: amount,
        method: PayMethod::Cash,
        receipt_no: "BL-0012".into(),
        paid_on: "2026-03-02".into(),
        recorded_by: by,
        reverses: None,
        reason: String::new(),
    }
}

fn remittance(id: Id, from: Id, to: Id, by: Id) -> DuesRemittance {
    DuesRemittance {
        id,
        org_id: from,
        to_org_id: to,
        month: month("2026-03"),
        amount_dong: 1_250_000,
        paid_on: "2026-04-05".into(),
        recorded_by: by,
        note: String::new(),
    }
}

fn absent(store: &impl Store, id: Id) {
    assert!(
        store.row(id).expect("row").is_none(),
        "a refusal stored {id}"
    );
}

fn immutable(out: &Outcome) {
    assert!(
        matches!(
            out,
            Outcome::Rejected {
                reason: RejectReason::Immutable(_),
                ..
            }
        ),
        "{out:?}"
    );
}

/// Rules, bases, payments, reversals and remittances, through `push`/`pull`.
pub fn dues_kept_by_the_cell_read_by_the_member_and_above<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let mut pen = Pen::default();

    // The rule table: the district committee (dc) for its subtree, the cell's
    // secretary for the cell. A plain member, or a cell secretary at the district,
    // sets none.
    let district = rule(t.d1, "luong", 10, 0);
    accept(&store, d.dc, &put(&mut pen, d.dc, &district));
    let cell = rule(t.c1, "sinh_vien", 0, 3_000);
    accept(&store, d.sec, &put(&mut pen, d.sec, &cell));
    for (dev, r) in [
        (d.m1, rule(t.c1, "khac", 0, 5_000)),
        (d.sec, rule(t.d1, "huu", 5, 0)),
    ] {
        forbidden(&refuse(&store, dev, &put(&mut pen, dev, &r)));
        absent(&store, r.id);
    }
    // Read down the subtree: the members of C1 and of its sibling C2, the district;
    // not the other district.
    let both = BTreeSet::from([district.id, cell.id]);
    assert_eq!(pulled(&store, d.m1, Entity::DuesRule), both);
    assert_eq!(pulled(&store, d.dc, Entity::DuesRule), both);
    assert_eq!(
        pulled(&store, d.c2m, Entity::DuesRule),
        BTreeSet::from([district.id])
    );
    assert!(pulled(&store, d.o, Entity::DuesRule).is_empty());
    // A rule is at most 10% of income, and an amount is a whole number of đồng.
    let greedy = rule(t.d1, "huu", 200, 0);
    refused_because(&refuse(&store, d.dc, &put(&mut pen, d.dc, &greedy)), "100‰");
    let mut fractional = put(&mut pen, d.dc, &rule(t.d1, "khac", 0, 5_000));
    if let Some(f) = fractional.fields.get_mut("fixed_dong") {
        f.value = json!(5000.5);
    }
    refused_because(&refuse(&store, d.dc, &fractional), "số nguyên đồng");

    // Bases: set by the cell's office, at the member's own cell only.
    let b_m1 = basis(t.c1, t.m1, "luong", 8_450_000);
    let b_m2 = basis(t.c1, t.m2, "sinh_vien", 0);
    for x in [&b_m1, &b_m2] {
        accept(&store, d.sec, &put(&mut pen, d.sec, x));
    }
    let mut own = basis(t.c1, t.m1, "luong", 1_000);
    own.id = DuesBasis::row_id(t.m1, month("2026-02"));
    own.from_month = month("2026-02");
    for dev in [d.m1, d.dc] {
        forbidden(&refuse(&store, dev, &put(&mut pen, dev, &own)));
    }
    absent(&store, own.id);
    let elsewhere = DuesBasis {
        org_id: t.c2,
        ..own.clone()
    };
    refused_because(
        &refuse(&store, d.dc, &put(&mut pen, d.dc, &elsewhere)),
        "chi bộ đang sinh hoạt",
    );
    // The office corrects a basis (the same row: one per member and month).
    let corrected = DuesBasis {
        income_dong: 8_600_000,
        ..b_m1.clone()
    };
    accept(&store, d.sec, &put(&mut pen, d.sec, &corrected));

    // Payments: recorded by the cell's office in its own name.
    let p1 = payment(pen.id(), t.c1, t.m1, t.sec, ("2026-01", 1), 84_500);
    let p2 = payment(pen.id(), t.c1, t.m1, t.sec, ("2026-02", 3), 253_500);
    let q1 = payment(pen.id(), t.c1, t.m2, t.sec, ("2026-01", 12), 36_000);
    for p in [&p1, &p2, &q1] {
        accept(&store, d.sec, &put(&mut pen, d.sec, p));
    }
    // Refused, nothing stored: a plain member recording their own payment, the office
    // above recording one, a payment in someone else's name, at a cell that is not the
    // member's, of nothing, or of a fraction of a đồng (even a whole one written as a
    // float).
    for (dev, p) in [
        (
            d.m1,
            payment(pen.id(), t.c1, t.m1, t.m1, ("2026-05", 1), 84_500),
        ),
        (
            d.dc,
            payment(pen.id(), t.c1, t.m1, t.dc, ("2026-05", 1), 84_500),
        ),
        (
            d.c2m,
            payment(pen.id(), t.c1, t.m1, t.c2m, ("2026-05", 1), 84_500),
        ),
    ] {
        forbidden(&refuse(&store, dev, &put(&mut pen, dev, &p)));
        absent(&store, p.id);
    }
    let in_m1_name = payment(pen.id(), t.c1, t.m1, t.m1, ("2026-05", 1), 84_500);
    refused_because(
        &refuse(&store, d.sec, &put(&mut pen, d.sec, &in_m1_name)),
        "đúng người thu",
    );
    absent(&store, in_m1_name.id);
    let wrong_cell = payment(pen.id(), t.c2, t.m1, t.dc, ("2026-05", 1), 84_500);
    refused_because(
        &refuse(&store, d.dc, &put(&mut pen, d.dc, &wrong_cell)),
        "chi bộ đang sinh hoạt",
    );
    let nothing = payment(pen.id(), t.c1, t.m1, t.sec, ("2026-05", 1), 0);
    refused_because(
        &refuse(&store, d.sec, &put(&mut pen, d.sec, &nothing)),
        "lớn hơn 0",
    );
    for amount in [json!(84_500.5), json!(84_500.0), json!("84500")] {
        let p = payment(pen.id(), t.c1, t.m1, t.sec, ("2026-05", 1), 84_500);
        let mut change = put(&mut pen, d.sec, &p);
        if let Some(f) = change.fields.get_mut("amount_dong") {
            f.value = amount;
        }
        refused_because(&refuse(&store, d.sec, &change), "số nguyên đồng");
        absent(&store, p.id);
    }

    // Reads: the member their own basis and payments, not a fellow member's; the
    // cell's office and the offices above all of the cell; nobody elsewhere.
    assert_eq!(
        pulled(&store, d.m1, Entity::DuesPayment),
        BTreeSet::from([p1.id, p2.id])
    );
    assert_eq!(
        pulled(&store, d.m1, Entity::DuesBasis),
        BTreeSet::from([b_m1.id])
    );
    assert_eq!(
        pulled(&store, d.m2, Entity::DuesPayment),
        BTreeSet::from([q1.id])
    );
    assert_eq!(
        pulled(&store, d.m2, Entity::DuesBasis),
        BTreeSet::from([b_m2.id])
    );
    let book = BTreeSet::from([p1.id, p2.id, q1.id]);
    assert_eq!(pulled(&store, d.sec, Entity::DuesPayment), book);
    assert_eq!(pulled(&store, d.dc, Entity::DuesPayment), book);
    assert_eq!(
        pulled(&store, d.dc, Entity::DuesBasis),
        BTreeSet::from([b_m1.id, b_m2.id])
    );
    for dev in [d.c2m, d.o] {
        assert!(pulled(&store, dev, Entity::DuesPayment).is_empty());
        assert!(pulled(&store, dev, Entity::DuesBasis).is_empty());
    }
    // What the office above pulled is the corrected basis.
    let stored = store.row(b_m1.id).expect("row").expect("basis stored");
    assert_eq!(
        DuesBasis::from_row(&stored.row).expect("valid basis"),
        corrected
    );

    // A payment is an event: no edit of any field, no deletion, by anyone.
    let before = store.row(p1.id).expect("row");
    for (field, value) in [
        ("amount_dong", json!(8_450)),
        ("receipt_no", json!("BL-0013")),
    ] {
        let edit = pen.edit(
            d.sec,
            Entity::DuesPayment,
            p1.id,
            t.c1,
            vec![(field, value)],
        );
        immutable(&refuse(&store, d.sec, &edit));
    }
    for dev in [d.sec, d.dc, d.m1] {
        let delete = pen.delete(dev, Entity::DuesPayment, p1.id, t.c1);
        forbidden(&refuse(&store, dev, &delete));
    }
    assert_eq!(
        store.row(p1.id).expect("row"),
        before,
        "refusals changed p1"
    );

    // Reversals: only the one with the derived id, the same member and months and the
    // exact opposite amount, with a reason.
    let right = p1.reversal(t.sec, "2026-03-05", "Ghi nhầm: đồng chí nộp cho tháng 2");
    let ghost = pen.id();
    let wrong: Vec<(DuesPayment, &str)> = vec![
        (
            DuesPayment {
                id: pen.id(),
                ..right.clone()
            },
            "mã bút toán",
        ),
        (
            DuesPayment {
                amount_dong: -84_000,
                ..right.clone()
            },
            "ngược số tiền",
        ),
        (
            DuesPayment {
                months: 2,
                ..right.clone()
            },
            "cùng các tháng",
        ),
        (
            DuesPayment {
                month: month("2026-02"),
                ..right.clone()
            },
            "cùng các tháng",
        ),
        (
            DuesPayment {
                member_id: t.m2,
                ..right.clone()
            },
            "cùng đảng viên",
        ),
        (
            DuesPayment {
                amount_dong: 84_500,
                ..right.clone()
            },
            "số tiền âm",
        ),
        (
            DuesPayment {
                reason: "  ".into(),
                ..right.clone()
            },
            "lý do",
        ),
        (
            DuesPayment {
                id: DuesPayment::reversal_id(ghost),
                reverses: Some(ghost),
                ..right.clone()
            },
            "không tồn tại",
        ),
    ];
    for (x, why) in &wrong {
        refused_because(&refuse(&store, d.sec, &put(&mut pen, d.sec, x)), why);
    }
    absent(&store, right.id);
    // Another member's payment cannot be reversed by this one's reversal id either.
    let of_q1 = DuesPayment {
        reverses: Some(q1.id),
        ..right.clone()
    };
    refused_because(
        &refuse(&store, d.sec, &put(&mut pen, d.sec, &of_q1)),
        "mã bút toán",
    );
    // In someone else's name, or by the member themself: refused.
    let in_other_name = p1.reversal(t.m1, "2026-03-05", "Ghi nhầm");
    refused_because(
        &refuse(&store, d.sec, &put(&mut pen, d.sec, &in_other_name)),
        "đúng người thu",
    );
    forbidden(&refuse(&store, d.m1, &put(&mut pen, d.m1, &in_other_name)));
    absent(&store, right.id);
    accept(&store, d.sec, &put(&mut pen, d.sec, &right));
    // A second device reversing the same payment offline writes the same row: it is
    // refused (the reversal is an event too) and handed the stored reversal, so both
    // devices end with one.
    let again = p1.reversal(t.sec, "2026-03-06", "Ghi nhầm số tiền");
    match refuse(&store, d.sec, &put(&mut pen, d.sec, &again)) {
        Outcome::Rejected { current, .. } => assert_eq!(
            current.and_then(|c| DuesPayment::from_row(&c).ok()),
            Some(right.clone())
        ),
        Outcome::Accepted { .. } => unreachable!("refuse checked it"),
    }
    // A reversal is not reversed.
    let undo = DuesPayment {
        id: DuesPayment::reversal_id(right.id),
        reverses: Some(right.id),
        amount_dong: -1,
        ..right.clone()
    };
    refused_because(
        &refuse(&store, d.sec, &put(&mut pen, d.sec, &undo)),
        "ngược số tiền",
    );
    assert_eq!(
        pulled(&store, d.m1, Entity::DuesPayment),
        BTreeSet::from([p1.id, p2.id, right.id])
    );
    assert!(!pulled(&store, d.m2, Entity::DuesPayment).contains(&right.id));
    assert!(pulled(&store, d.dc, Entity::DuesPayment).contains(&right.id));

    // Remittances: by the cell's office, to the organisation directly above, read by
    // the offices above and not by plain members.
    let up = remittance(pen.id(), t.c1, t.g1, t.sec);
    accept(&store, d.sec, &put(&mut pen, d.sec, &up));
    for to in [t.d1, t.c2, t.p] {
        let x = remittance(pen.id(), t.c1, to, t.sec);
        refused_because(
            &refuse(&store, d.sec, &put(&mut pen, d.sec, &x)),
            "cấp trên trực tiếp",
        );
        absent(&store, x.id);
    }
    let by_member = remittance(pen.id(), t.c1, t.g1, t.m1);
    forbidden(&refuse(&store, d.m1, &put(&mut pen, d.m1, &by_member)));
    let in_dc_name = remittance(pen.id(), t.c1, t.g1, t.dc);
    refused_because(
        &refuse(&store, d.sec, &put(&mut pen, d.sec, &in_dc_name)),
        "đúng người nộp",
    );
    let from_above = remittance(pen.id(), t.g1, t.d1, t.dc);
    forbidden(&refuse(&store, d.dc, &put(&mut pen, d.dc, &from_above)));
    for x in [&by_member, &in_dc_name, &from_above] {
        absent(&store, x.id);
    }
    let sent = BTreeSet::from([up.id]);
    assert_eq!(pulled(&store, d.sec, Entity::DuesRemittance), sent);
    assert_eq!(pulled(&store, d.dc, Entity::DuesRemittance), sent);
    for dev in [d.m1, d.m2, d.c2m, d.o] {
        assert!(pulled(&store, dev, Entity::DuesRemittance).is_empty());
    }
    // An event: neither edited nor deleted.
    let edit = pen.edit(
        d.sec,
        Entity::DuesRemittance,
        up.id,
        t.c1,
        vec![("amount_dong", json!(1))],
    );
    immutable(&refuse(&store, d.sec, &edit));
    let delete = pen.delete(d.sec, Entity::DuesRemittance, up.id, t.c1);
    forbidden(&refuse(&store, d.sec, &delete));
    assert!(!store.row(up.id).expect("row").expect("stored").tombstoned());
}
