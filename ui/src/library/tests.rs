//! Tests of the library's pure logic: sizes, filter choices, the add form, study order.

use super::*;
use sotay_model::library::DocumentCard;

fn card(n: u128, org: u128, issuer: &str, date: &str) -> DocumentCard {
    DocumentCard {
        id: Id::from_u128(n),
        kind: DocKind::Resolution,
        number: format!("{n}-NQ/TW"),
        title: format!("Văn bản {n}"),
        org_id: Id::from_u128(org),
        issuer: issuer.into(),
        issued_on: date.into(),
        status: DocStatus::InForce,
        summary: String::new(),
        topics: vec![],
    }
}

#[test]
fn sizes_read_the_vietnamese_way() {
    assert_eq!(show_size(Lang::Vi, 512), "512 B");
    assert_eq!(show_size(Lang::Vi, 1536), "1,5 KB");
    assert_eq!(show_size(Lang::En, 1536), "1.5 KB");
    assert_eq!(show_size(Lang::Vi, 3 * 1024 * 1024), "3,0 MB");
}

#[test]
fn filter_choices_gather_issuers_and_years_newest_first() {
    let mut c = FilterChoices::default();
    c.add(&[
        card(1, 10, "Tỉnh ủy Thái Bình", "2023-05-01"),
        card(2, 11, "Bộ Chính trị", "2024-12-22"),
    ]);
    c.add(&[card(3, 10, "Tỉnh ủy Thái Bình", "2023-01-09")]);
    assert_eq!(c.years, vec![2024, 2023]);
    let names: Vec<String> = c.issuers_sorted().into_iter().map(|(_, n)| n).collect();
    assert_eq!(names, vec!["Bộ Chính trị", "Tỉnh ủy Thái Bình"]);
}

#[test]
fn the_add_form_checks_every_field_and_sends_iso_dates_and_topics() {
    let empty = DocForm::default();
    assert_eq!(
        empty.check().expect_err("empty"),
        vec![
            L::ErrNumber,
            L::ErrTitle,
            L::ErrIssuer,
            L::ErrDate,
            L::ErrOrg
        ]
    );
    let f = DocForm {
        number: " 57-NQ/TW ".into(),
        title: "Về đột phá phát triển khoa học, công nghệ".into(),
        org_id: Some(Id::from_u128(1)),
        issuer: "Bộ Chính trị".into(),
        issued_on: "22/12/2024".into(),
        topics: "khoa học; chuyển đổi số;;".into(),
        ..DocForm::default()
    };
    let new = f.check().expect("valid");
    assert_eq!(new.number, "57-NQ/TW");
    assert_eq!(new.issued_on, "2024-12-22");
    assert_eq!(new.topics, vec!["khoa học", "chuyển đổi số"]);
    let bad = DocForm {
        issued_on: "31/02/2024".into(),
        ..f
    };
    assert_eq!(bad.check().expect_err("date"), vec![L::ErrDate]);
}

#[test]
fn study_list_puts_unread_first_then_soonest_due() {
    let a = |n: u128, due: &str, done: bool| AssignmentInfo {
        id: Id::from_u128(n),
        org_id: Id::from_u128(1),
        org_name: "Chi bộ 1".into(),
        document: card(n, 1, "x", "2024-01-01"),
        due_on: due.into(),
        note: String::new(),
        finished_by_me: done,
    };
    let order: Vec<Id> = study_order(vec![
        a(1, "2025-01-01", true),
        a(2, "2025-03-01", false),
        a(3, "2025-02-01", false),
    ])
    .into_iter()
    .map(|x| x.id)
    .collect();
    let ids = |v: [u128; 3]| v.map(Id::from_u128).to_vec();
    assert_eq!(order, ids([3, 2, 1]));
    assert!(overdue("2025-01-01", "2025-01-02"));
    assert!(!overdue("2025-01-02", "2025-01-02"));
}

#[test]
fn paragraphs_drop_blank_lines() {
    assert_eq!(
        paragraphs("Điều 1.\n\n  Điều 2. \n"),
        vec!["Điều 1.", "Điều 2."]
    );
}

#[test]
fn no_hits_say_nothing_about_their_order() {
    assert_eq!(results_line(Lang::Vi, 0), None);
    assert_eq!(
        results_line(Lang::Vi, 3).as_deref(),
        Some("3 kết quả, phù hợp nhất trước")
    );
}
