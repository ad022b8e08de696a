use super::*;
use crate::change::{FieldValue, RowState};
use crate::hlc::Hlc;
use crate::ids::Id;
use crate::row::Row;
use crate::Entity;

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

fn m(s: &str) -> Month {
    Month::parse(s).expect("month")
}

fn rule(org: u128, category: &str, per_mille: u32, fixed_dong: i64) -> DuesRule {
    DuesRule {
        id: DuesRule::row_id(id(org), category),
        org_id: id(org),
        category: category.into(),
        name: category.into(),
        per_mille,
        fixed_dong,
        retired: false,
    }
}

fn basis(from: &str, category: &str, income_dong: i64) -> DuesBasis {
    DuesBasis {
        id: DuesBasis::row_id(id(7), m(from)),
        org_id: id(3),
        member_id: id(7),
        from_month: m(from),
        category: category.into(),
        income_dong,
    }
}

fn payment(n: u128, month: &str, months: u32, amount_dong: i64) -> DuesPayment {
    DuesPayment {
        id: id(n),
        org_id: id(3),
        member_id: id(7),
        month: m(month),
        months,
        amount_dong,
        method: PayMethod::Cash,
        receipt_no: format!("BL-{n}"),
        paid_on: "2026-03-02".into(),
        recorded_by: id(9),
        reverses: None,
        reason: String::new(),
    }
}

fn row_of<T: Row>(x: &T) -> RowState {
    let mut row = RowState::empty(T::ENTITY, x.id());
    row.org_id = x.owning_org();
    for (k, v) in x.to_fields() {
        row.fields.insert(
            k.to_string(),
            FieldValue {
                value: v,
                hlc: Hlc {
                    wall_ms: 1,
                    counter: 0,
                    node: id(1),
                },
            },
        );
    }
    row
}

#[test]
fn months_parse_print_and_count() {
    assert_eq!(m("2026-01").to_string(), "2026-01");
    assert_eq!(m("2026-12").next(), m("2027-01"));
    assert_eq!(m("2026-11").plus(3), m("2027-02"));
    assert_eq!(m("2026-01").until(m("2026-12")), 11);
    assert_eq!(m("2026-05").until(m("2026-01")), 0);
    for bad in [
        "2026-13", "2026-00", "2026-1", "26-01", "1900-01", "2026/01", "",
    ] {
        assert_eq!(Month::parse(bad), None, "{bad}");
    }
    assert_eq!(Month::of_day("2026-12-06"), Some(m("2026-12")));
}

#[test]
fn monthly_amount_rounds_half_up_to_the_dong_and_adds_the_fixed_part() {
    assert_eq!(monthly_amount(&rule(1, "luong", 10, 0), 8_450_000), 84_500);
    assert_eq!(monthly_amount(&rule(1, "huu", 5, 0), 3_333_300), 16_667);
    assert_eq!(monthly_amount(&rule(1, "huu", 5, 0), 3_333_100), 16_666);
    assert_eq!(monthly_amount(&rule(1, "sv", 0, 3_000), 0), 3_000);
    assert_eq!(monthly_amount(&rule(1, "x", 10, 1_000), 100_000), 2_000);
}

#[test]
fn the_latest_basis_and_the_nearest_rule_decide_what_is_owed() {
    // The cell's own rule (org 3) comes before the province's (org 1).
    let rules = [
        rule(3, "luong", 10, 0),
        rule(1, "luong", 5, 0),
        rule(1, "sv", 0, 2_000),
    ];
    let bases = [
        basis("2026-01", "sv", 0),
        basis("2026-07", "luong", 9_000_000),
    ];
    assert_eq!(expected_for(&bases, &rules, m("2025-12")), None);
    assert_eq!(expected_for(&bases, &rules, m("2026-03")), Some(2_000));
    assert_eq!(expected_for(&bases, &rules, m("2026-07")), Some(90_000));
    assert_eq!(
        expected_for(&bases, &rules[1..], m("2026-07")),
        Some(45_000)
    );
    assert_eq!(
        expected_for(&[basis("2026-01", "khac", 0)], &rules, m("2026-03")),
        None
    );
}

#[test]
fn an_advance_payment_spreads_over_its_months_and_a_reversal_cancels_it_exactly() {
    let p = payment(20, "2026-11", 3, 100_000);
    let spread = allocate([&p]);
    assert_eq!(spread.get(&m("2026-11")), Some(&33_334));
    assert_eq!(spread.get(&m("2026-12")), Some(&33_333));
    assert_eq!(spread.get(&m("2027-01")), Some(&33_333));
    assert_eq!(spread.values().sum::<i64>(), 100_000);
    let r = p.reversal(id(9), "2026-11-20", "ghi nhầm số tiền");
    assert_eq!(r.id, DuesPayment::reversal_id(p.id));
    assert_eq!(r.amount_dong, -100_000);
    let both = allocate([&p, &r]);
    assert!(both.values().all(|v| *v == 0), "{both:?}");
}

#[test]
fn member_months_lists_owed_and_paid_per_month() {
    let rules = [rule(1, "luong", 10, 0)];
    let bases = [basis("2026-01", "luong", 5_000_000)];
    let pays = [payment(20, "2026-01", 2, 100_000)];
    let lines = member_months(&bases, &rules, &pays, m("2026-01"), m("2026-03"));
    let got: Vec<(Option<i64>, i64)> = lines.iter().map(|l| (l.expected, l.paid)).collect();
    assert_eq!(
        got,
        vec![
            (Some(50_000), 50_000),
            (Some(50_000), 50_000),
            (Some(50_000), 0)
        ]
    );
}

#[test]
fn rows_round_trip_and_bad_rows_are_refused_with_a_reason() {
    let r = rule(1, "luong", 10, 0);
    assert_eq!(DuesRule::from_row(&row_of(&r)), Ok(r.clone()));
    let b = basis("2026-01", "luong", 5_000_000);
    assert_eq!(DuesBasis::from_row(&row_of(&b)), Ok(b));
    let p = payment(20, "2026-01", 2, 100_000);
    assert_eq!(DuesPayment::from_row(&row_of(&p)), Ok(p.clone()));
    let rev = p.reversal(id(9), "2026-02-01", "thu trùng");
    assert_eq!(DuesPayment::from_row(&row_of(&rev)), Ok(rev.clone()));

    let mut no_reason = rev.clone();
    no_reason.reason = String::new();
    assert!(DuesPayment::from_row(&row_of(&no_reason)).is_err());
    let mut negative = p.clone();
    negative.amount_dong = -5;
    assert!(DuesPayment::from_row(&row_of(&negative)).is_err());
    let mut too_long = p.clone();
    too_long.months = 25;
    assert!(DuesPayment::from_row(&row_of(&too_long)).is_err());
    // Amounts are integers: a float is refused, not rounded.
    let mut float = row_of(&p);
    if let Some(f) = float.fields.get_mut("amount_dong") {
        f.value = serde_json::json!(100000.5);
    }
    assert!(DuesPayment::from_row(&float).is_err());
    let mut nothing = r;
    nothing.per_mille = 0;
    assert!(DuesRule::from_row(&row_of(&nothing)).is_err());
    assert_eq!(DuesPayment::ENTITY, Entity::DuesPayment);
}
