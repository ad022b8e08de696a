use super::form::*;
use sotay_model::dues::api::{CellDues, MemberDues, PaymentLine, RuleView};
use sotay_model::dues::{DuesBasis, DuesPayment, DuesRule, Month, MonthLine, PayMethod};
use sotay_model::ids::Id;

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

fn m(s: &str) -> Month {
    Month::parse(s).expect("a month")
}

fn line(month: &str, expected: Option<i64>, paid: i64) -> MonthLine {
    MonthLine {
        month: m(month),
        expected,
        paid,
    }
}

fn member(n: u128, year: u32, paid: &[(u32, i64)], monthly: i64, balance: i64) -> MemberDues {
    MemberDues {
        member_id: id(n),
        full_name: format!("Người {n}"),
        cell_id: id(4),
        year,
        category_name: Some("Hưởng lương".into()),
        basis: None,
        monthly: Some(monthly),
        months: months_of(year)
            .into_iter()
            .map(|month| MonthLine {
                month,
                expected: Some(monthly),
                paid: paid
                    .iter()
                    .find(|(k, _)| *k == month.number())
                    .map_or(0, |p| p.1),
            })
            .collect(),
        payments: vec![],
        expected_to_date: monthly * 12,
        paid_in_year: paid.iter().map(|p| p.1).sum(),
        balance,
        may_record: true,
    }
}

fn book(members: Vec<MemberDues>) -> CellDues {
    CellDues {
        org_id: id(4),
        org_name: "Chi bộ thôn Đông".into(),
        year: 2026,
        members,
        remittances: vec![],
        may_record: true,
    }
}

fn rule(org: u128, category: &str, per_mille: u32, fixed_dong: i64, inherited: bool) -> RuleView {
    RuleView {
        rule: DuesRule {
            id: DuesRule::row_id(id(org), category),
            org_id: id(org),
            category: category.into(),
            name: format!("Đối tượng {category}"),
            per_mille,
            fixed_dong,
            retired: false,
        },
        org_name: format!("Tổ chức {org}"),
        inherited,
    }
}

#[test]
fn a_months_state_reads_paid_owing_ahead_or_unset() {
    let now = m("2026-06");
    let cases = [
        (line("2026-05", Some(84_500), 84_500), MonthState::Paid),
        (line("2026-06", Some(84_500), 100_000), MonthState::Paid),
        (line("2026-05", Some(84_500), 40_000), MonthState::Short),
        (line("2026-06", Some(84_500), 0), MonthState::Short),
        (line("2026-07", Some(84_500), 84_500), MonthState::Advance),
        (line("2026-08", Some(84_500), 0), MonthState::NotDue),
        (line("2026-05", None, 0), MonthState::Unset),
        // Paid with no amount known yet still says the amount is not set.
        (line("2026-05", None, 50_000), MonthState::Unset),
        // A category that owes nothing is paid up.
        (line("2026-05", Some(0), 0), MonthState::Paid),
    ];
    for (l, want) in cases {
        assert_eq!(month_state(&l, now), want, "{l:?}");
    }
    assert_eq!(shortfall(&line("2026-05", Some(84_500), 40_000)), 44_500);
    assert_eq!(shortfall(&line("2026-05", Some(84_500), 90_000)), 0);
    assert_eq!(shortfall(&line("2026-05", None, 0)), 0);
}

#[test]
fn a_payment_is_prefilled_monthly_times_months_until_typed_by_hand() {
    let mut f = PaymentForm::new(id(7), m("2026-12"), Some(84_500));
    assert_eq!((f.months.as_str(), f.amount.as_str()), ("1", "84.500"));
    f.set_months("3".into());
    assert_eq!(f.amount, "253.500");
    let req = f.to_request().expect("valid");
    assert_eq!(
        (
            req.month,
            req.months,
            req.amount_dong,
            req.method,
            req.paid_on
        ),
        (m("2026-12"), 3, 253_500, PayMethod::Cash, None)
    );
    // Typed by hand: the months no longer change it.
    f.set_amount("250.000".into());
    f.set_months("2".into());
    assert_eq!(f.amount, "250.000");
    // Emptied: pre-filled again.
    f.set_amount(String::new());
    f.set_months("2".into());
    assert_eq!(f.amount, "169.000");
    // Without a monthly amount nothing is guessed.
    assert_eq!(PaymentForm::new(id(7), m("2026-12"), None).amount, "");
}

#[test]
fn a_payment_names_every_problem_at_once() {
    let mut f = PaymentForm::new(id(7), m("2026-12"), None);
    f.month = String::new();
    f.months = "30".into();
    f.paid_on = "31/02/2026".into();
    assert_eq!(
        f.to_request().expect_err("bad"),
        vec![
            FormError::NeedMonth,
            FormError::BadMonths,
            FormError::NeedAmount,
            FormError::BadDate
        ]
    );
    let mut f = PaymentForm::new(id(7), m("2026-12"), Some(84_500));
    f.set_amount("0".into());
    assert_eq!(
        f.to_request().expect_err("zero"),
        vec![FormError::BadAmount]
    );
    f.set_amount("84,5".into());
    assert_eq!(
        f.to_request().expect_err("decimal"),
        vec![FormError::BadAmount]
    );
    f.set_amount("84.500".into());
    f.paid_on = "05/12/2026".into();
    f.receipt_no = "  BL-12 ".into();
    f.method = PayMethod::Transfer;
    let req = f.to_request().expect("valid");
    assert_eq!(req.paid_on.as_deref(), Some("2026-12-05"));
    assert_eq!(req.receipt_no, "BL-12");
}

#[test]
fn a_correction_needs_a_reason() {
    assert_eq!(
        reversal(id(1), "  ").expect_err("no reason"),
        vec![FormError::NeedReason]
    );
    let r = reversal(id(1), " Ghi nhầm tháng ").expect("valid");
    assert_eq!((r.payment_id, r.reason.as_str()), (id(1), "Ghi nhầm tháng"));
}

#[test]
fn a_payment_line_is_counted_corrected_or_the_correction() {
    let p = DuesPayment {
        id: id(1),
        org_id: id(4),
        member_id: id(7),
        month: m("2026-01"),
        months: 1,
        amount_dong: 84_500,
        method: PayMethod::Cash,
        receipt_no: String::new(),
        paid_on: "2026-01-10".into(),
        recorded_by: id(9),
        reverses: None,
        reason: String::new(),
    };
    let shown = |payment: DuesPayment, reversed| PaymentLine {
        payment,
        recorded_by_name: "Bí thư".into(),
        reversed,
    };
    assert_eq!(payment_kind(&shown(p.clone(), false)), PaymentKind::Counted);
    assert_eq!(payment_kind(&shown(p.clone(), true)), PaymentKind::Reversed);
    let r = p.reversal(id(9), "2026-02-01", "Ghi nhầm");
    assert_eq!(payment_kind(&shown(r, false)), PaymentKind::Reversal);
    assert_eq!(months_span(m("2026-12"), 3), "12/2026–02/2027");
    assert_eq!(months_span(m("2026-03"), 1), "03/2026");
}

#[test]
fn a_basis_takes_a_category_and_an_income_or_none() {
    let mut f = BasisForm::new(id(7), m("2026-01"));
    assert_eq!(
        f.to_request().expect_err("empty"),
        vec![FormError::NeedCategory]
    );
    f.category = "huu".into();
    let req = f.to_request().expect("fixed category, no income");
    assert_eq!((req.income_dong, req.from_month), (0, m("2026-01")));
    f.income = "8 tr".into();
    assert_eq!(
        f.to_request().expect_err("words"),
        vec![FormError::BadIncome]
    );
    f.income = "8.450.000".into();
    assert_eq!(f.to_request().expect("valid").income_dong, 8_450_000);
    let rules = [
        rule(4, "luong", 10, 0, false),
        rule(1, "huu", 5, 2_000, true),
    ];
    assert_eq!(preview(&rules, "luong", "8.450.000"), Some(84_500));
    assert_eq!(preview(&rules, "huu", "3.000.000"), Some(17_000));
    assert_eq!(preview(&rules, "sinh_vien", "1"), None);
}

#[test]
fn a_category_is_offered_once_the_nearest_rule_winning() {
    let rules = [
        rule(4, "luong", 12, 0, false),
        rule(1, "luong", 10, 0, true),
        rule(1, "huu", 5, 0, true),
    ];
    let offered: Vec<(&str, u32)> = categories(&rules)
        .iter()
        .map(|r| (r.rule.category.as_str(), r.rule.per_mille))
        .collect();
    assert_eq!(offered, vec![("luong", 12), ("huu", 5)]);
}

#[test]
fn a_remittance_is_prefilled_with_what_the_month_collected() {
    let b = book(vec![
        member(1, 2026, &[(11, 84_500), (12, 84_500)], 84_500, 0),
        member(2, 2026, &[(11, 30_000)], 30_000, -300_000),
    ]);
    assert_eq!(collected_in(&b, m("2026-11")), 114_500);
    let mut f = RemittanceForm::new(&b, m("2026-11"));
    assert_eq!(f.amount, "114.500");
    f.set_month("2026-12".into(), &b);
    assert_eq!(f.amount, "84.500");
    f.set_month("2026-01".into(), &b);
    assert_eq!(
        f.to_request().expect_err("nothing collected"),
        vec![FormError::NeedAmount]
    );
    f.set_amount("50.000".into());
    f.set_month("2026-12".into(), &b);
    f.note = " Nộp qua văn phòng ".into();
    let req = f.to_request().expect("valid");
    assert_eq!(
        (req.org_id, req.month, req.amount_dong, req.note.as_str()),
        (id(4), m("2026-12"), 50_000, "Nộp qua văn phòng")
    );
    assert_eq!(book_totals(&b), (84_500 * 12 + 30_000 * 12, 199_000));
    let order: Vec<Id> = owing_first(&b.members)
        .iter()
        .map(|m| m.member_id)
        .collect();
    assert_eq!(order, vec![id(2), id(1)]);
}

#[test]
fn a_rule_needs_a_code_a_name_and_a_rate() {
    assert_eq!(
        RuleForm::default().to_request(id(4)).expect_err("empty"),
        vec![
            FormError::NeedCode,
            FormError::NeedName,
            FormError::NeedRate
        ]
    );
    let f = RuleForm {
        category: "luong".into(),
        name: "Hưởng lương".into(),
        per_mille: "101".into(),
        fixed: "20.000.000".into(),
        editing: false,
    };
    assert_eq!(
        f.to_request(id(4)).expect_err("too much"),
        vec![FormError::BadPerMille, FormError::BadFixed]
    );
    let f = RuleForm {
        per_mille: "10".into(),
        fixed: String::new(),
        ..f
    };
    let req = f.to_request(id(4)).expect("valid");
    assert_eq!((req.per_mille, req.fixed_dong, req.org_id), (10, 0, id(4)));
    let back = RuleForm::editing(&rule(4, "huu", 5, 2_000, false));
    assert_eq!(
        (back.per_mille.as_str(), back.fixed.as_str(), back.editing),
        ("5", "2.000", true)
    );
    assert_eq!(rate_text(10, 0, "thu nhập"), "10‰ thu nhập");
    assert_eq!(rate_text(5, 2_000, "thu nhập"), "5‰ thu nhập + 2.000 đ");
    assert_eq!(rate_text(0, 3_000, "thu nhập"), "3.000 đ");
}

#[test]
fn the_year_selector_offers_nearby_years_and_the_one_shown() {
    assert_eq!(
        year_choices(m("2026-12"), 2026),
        vec![2024, 2025, 2026, 2027]
    );
    assert_eq!(
        year_choices(m("2026-12"), 2020),
        vec![2020, 2024, 2025, 2026, 2027]
    );
    assert_eq!(month_or("2026-12-05", m("2000-01")), m("2026-12"));
    assert_eq!(month_or("", m("2000-01")), m("2000-01"));
}

#[test]
fn the_basis_form_starts_from_the_members_latest_basis() {
    let b = DuesBasis {
        id: DuesBasis::row_id(id(7), m("2026-01")),
        org_id: id(4),
        member_id: id(7),
        from_month: m("2026-01"),
        category: "luong".into(),
        income_dong: 8_450_000,
    };
    let f = BasisForm::from_basis(&b, m("2026-12"));
    assert_eq!(
        (f.category.as_str(), f.from_month.as_str()),
        ("luong", "2026-12")
    );
    assert_eq!(f.to_request().map(|r| r.income_dong), Ok(8_450_000));
}
