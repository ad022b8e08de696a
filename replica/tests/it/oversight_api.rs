//! `oversight_report` in its JSON wire form on an enrolled replica with no server:
//! members, tasks and dues counted for the organisation and each one below it, the
//! light by the stated rule, the default period, and what is refused (a plain member,
//! an organisation not overseen, a malformed period) with nothing written.

use crate::common;

use common::*;
use common::{wire_call as call, wire_ok as ok};
use serde_json::{json, Value};
use sotay_model::api::ApiErrorKind;
use sotay_model::{Entity, Id};
use sotay_replica::{apply_pull_page, Db, SeededEnv};

/// 2 November 2026, 10:00 in Hà Nội.
const NOW: u64 = 1_793_588_400_000;

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

fn world(home: &std::path::Path, post: Option<(u128, &str)>) -> (Db, SeededEnv) {
    let (mut db, env) = enrolled(home);
    let mut rows = vec![
        member(0x4D, "Nguyễn Thị Hoa", CELL_A),
        member(0x60, "Trần Văn Bình", CELL_A),
        member(0x61, "Lê Thị Cúc", CELL_B),
        member(0x62, "Phạm Văn Dũng", CELL_C),
    ];
    if let Some((org, title)) = post {
        rows.push(row(
            Entity::Position,
            id(0x90),
            &[
                ("member_id", json!(id(0x4D))),
                ("org_id", json!(id(org))),
                ("title", json!(title)),
            ],
            stamp(5_000, OTHER_DEVICE),
        ));
    }
    apply_pull_page(&mut db, &page(rows, 10, false), 10_000).expect("rows");
    env.set_now(NOW);
    (db, env)
}

#[test]
fn a_committee_sees_its_organisation_and_each_below_it() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), Some((GRASSROOTS, "secretary")));
    // An overdue task in cell B, a task due later in cell A.
    for (members, due) in [(vec![0x61], "2026-10-20"), (vec![0x60], "2026-11-25")] {
        ok(
            &mut db,
            &env,
            json!({"type": "create_task", "assigner_org_id": id(GRASSROOTS), "title": "Rà soát",
                   "start_date": "2026-10-01", "due_date": due, "members": members.iter().map(|m| id(*m)).collect::<Vec<_>>()}),
        );
    }
    let month = ok(
        &mut db,
        &env,
        json!({"type": "oversight_report", "org_id": id(GRASSROOTS),
               "period": {"kind": "month", "year": 2026, "month": 11}}),
    );
    assert_eq!(month["type"], "oversight");
    let orgs = month["orgs"].as_array().expect("orgs");
    let names: Vec<&str> = orgs.iter().filter_map(|o| o["org_name"].as_str()).collect();
    assert_eq!(
        names,
        vec!["Đảng bộ xã Tam Quang", "Chi bộ thôn 1", "Chi bộ thôn 2"]
    );
    assert_eq!(orgs[0]["figures"]["members"]["full"], 3);
    assert_eq!(orgs[1]["figures"]["tasks"]["open"], 1);
    assert_eq!(
        orgs[2]["figures"]["tasks"]["open"], 0,
        "due in October: not this month"
    );
    let october = ok(
        &mut db,
        &env,
        json!({"type": "oversight_report", "org_id": id(GRASSROOTS),
               "period": {"kind": "quarter", "year": 2026, "quarter": 4}}),
    );
    let orgs = october["orgs"].as_array().expect("orgs");
    // Worst light first: cell B has its only task overdue (red), cell A none due yet
    // but no meeting held (amber).
    assert_eq!(orgs[1]["org_name"], "Chi bộ thôn 2");
    assert_eq!(orgs[1]["light"], "red");
    assert_eq!(orgs[1]["reasons"][0], "1 nhiệm vụ quá hạn");
    assert_eq!(orgs[2]["light"], "amber");
    assert_eq!(orgs[0]["figures"]["tasks"]["overdue"], 1);
    assert_eq!(october["months"].as_array().map(Vec::len), Some(3));
    // This month by default; the trail is empty at the level of the post.
    let default = ok(
        &mut db,
        &env,
        json!({"type": "oversight_report", "org_id": id(CELL_A)}),
    );
    assert_eq!(
        default["period"],
        json!({"kind": "month", "year": 2026, "month": 11})
    );
    assert_eq!(
        default["trail"],
        json!([[id(GRASSROOTS), "Đảng bộ xã Tam Quang"]])
    );
}

#[test]
fn what_is_not_overseen_or_well_formed_is_refused() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), None);
    let before = db.pending_changes().expect("outbox").len();
    let err = call(
        &mut db,
        &env,
        json!({"type": "oversight_report", "org_id": id(CELL_A)}),
    )
    .expect_err("a plain member");
    assert_eq!(err.kind, ApiErrorKind::Forbidden);
    assert!(err.message.contains("Chỉ cấp ủy"), "{}", err.message);

    let home = tempfile::tempdir().expect("tempdir");
    let (mut db2, env2) = world(home.path(), Some((GRASSROOTS, "office_staff")));
    let err = call(
        &mut db2,
        &env2,
        json!({"type": "oversight_report", "org_id": id(OTHER_GRASSROOTS)}),
    )
    .expect_err("another commune");
    assert_eq!(err.kind, ApiErrorKind::Forbidden);
    let bad: Value = json!({"type": "oversight_report", "org_id": id(GRASSROOTS),
                            "period": {"kind": "quarter", "year": 2026, "quarter": 5}});
    let err = call(&mut db2, &env2, bad).expect_err("quarter 5");
    assert_eq!(err.kind, ApiErrorKind::Invalid);
    assert!(err.message.contains("Kỳ báo cáo"), "{}", err.message);
    assert_eq!(db.pending_changes().expect("outbox").len(), before);
}

/// A cell of an exported sheet as a number (calamine reads every number as a float).
fn num(range: &calamine::Range<calamine::Data>, row: u32, col: u32) -> Option<f64> {
    match range.get_value((row, col))? {
        calamine::Data::Float(f) => Some(*f),
        calamine::Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

fn text(range: &calamine::Range<calamine::Data>, row: u32, col: u32) -> String {
    range
        .get_value((row, col))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

#[test]
fn the_export_is_a_workbook_of_the_same_figures() {
    use calamine::Reader;
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), Some((GRASSROOTS, "secretary")));
    for (members, due) in [(vec![0x61], "2026-10-20"), (vec![0x60], "2026-11-25")] {
        ok(
            &mut db,
            &env,
            json!({"type": "create_task", "assigner_org_id": id(GRASSROOTS), "title": "Rà soát",
                   "start_date": "2026-10-01", "due_date": due, "members": members.iter().map(|m| id(*m)).collect::<Vec<_>>()}),
        );
    }
    // The same member also keeps both cells' dues books (a post in each).
    let posts = [(0x91, CELL_A), (0x92, CELL_B)].map(|(p, org)| {
        row(
            Entity::Position,
            id(p),
            &[
                ("member_id", json!(id(0x4D))),
                ("org_id", json!(id(org))),
                ("title", json!("secretary")),
            ],
            stamp(6_000, OTHER_DEVICE),
        )
    });
    apply_pull_page(&mut db, &page(posts.to_vec(), 20, false), 20_000).expect("posts");
    // Dues owed by two members, one of whom paid October.
    ok(
        &mut db,
        &env,
        json!({"type": "set_dues_rule", "org_id": id(GRASSROOTS), "category": "luong",
               "name": "Hưởng lương", "per_mille": 10}),
    );
    for m in [0x60, 0x61] {
        ok(
            &mut db,
            &env,
            json!({"type": "set_dues_basis", "member_id": id(m), "from_month": "2026-01",
                   "category": "luong", "income_dong": 8_450_000}),
        );
    }
    ok(
        &mut db,
        &env,
        json!({"type": "record_dues_payment", "member_id": id(0x60), "month": "2026-10",
               "amount_dong": 84_500, "receipt_no": "BL-010", "paid_on": "2026-10-28"}),
    );
    let period = json!({"kind": "quarter", "year": 2026, "quarter": 4});
    let report = ok(
        &mut db,
        &env,
        json!({"type": "oversight_report", "org_id": id(GRASSROOTS), "period": period}),
    );
    let file = ok(
        &mut db,
        &env,
        json!({"type": "export_oversight", "org_id": id(GRASSROOTS), "period": period}),
    );
    assert_eq!(file["type"], "exported_file");
    assert_eq!(file["name"], "theo-doi-dang-bo-xa-tam-quang-2026-q4.xlsx");
    let path = file["path"].as_str().expect("path");
    assert!(path.ends_with("exports/theo-doi-dang-bo-xa-tam-quang-2026-q4.xlsx"));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).expect("an .xlsx");
    // The committee may read cases: the fourth sheet is theirs (issue 17).
    assert_eq!(
        book.sheet_names(),
        vec!["Tổng hợp", "Theo tháng", "Xếp loại", "Kiểm tra"]
    );
    let cases = book.worksheet_range("Kiểm tra").expect("Kiểm tra");
    assert_eq!(text(&cases, 3, 1), "Cuộc kiểm tra, giám sát");

    let sheet = book.worksheet_range("Tổng hợp").expect("Tổng hợp");
    assert_eq!(text(&sheet, 1, 0), "Đảng bộ xã Tam Quang — Quý IV/2026");
    assert_eq!(text(&sheet, 3, 0), "Tổ chức");
    assert_eq!(text(&sheet, 3, 18), "Đảng phí phải thu (đồng)");
    assert_eq!(text(&sheet, 3, 24), "Tỷ lệ đọc thông báo");
    let orgs = report["orgs"].as_array().expect("orgs");
    assert_eq!(orgs.len(), 3);
    let mut owed_any = false;
    for (i, o) in orgs.iter().enumerate() {
        let row = 4 + i as u32;
        let f = &o["figures"];
        assert_eq!(text(&sheet, row, 0), o["org_name"].as_str().expect("name"));
        let light = match o["light"].as_str() {
            Some("green") => "Xanh",
            Some("amber") => "Vàng",
            _ => "Đỏ",
        };
        assert_eq!(text(&sheet, row, 2), light);
        let reasons: Vec<&str> = o["reasons"]
            .as_array()
            .expect("reasons")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(text(&sheet, row, 3), reasons.join("; "));
        let want = [
            (4, &f["members"]["full"]),
            (5, &f["members"]["probationary"]),
            (6, &f["members"]["joined"]),
            (7, &f["members"]["left"]),
            (8, &f["meetings"]["held"]),
            (9, &f["meetings"]["convened"]),
            (10, &f["meetings"]["present"]),
            (12, &f["tasks"]["open"]),
            (13, &f["tasks"]["on_time"]),
            (14, &f["tasks"]["late"]),
            (15, &f["tasks"]["overdue"]),
            (16, &f["study"]["assigned"]),
            (17, &f["study"]["finished"]),
            (18, &f["dues"]["expected"]),
            (19, &f["dues"]["collected"]),
            (22, &f["announcements"]["recipients"]),
            (23, &f["announcements"]["readers"]),
        ];
        for (col, v) in want {
            assert_eq!(
                num(&sheet, row, col),
                v.as_f64(),
                "{} col {col}",
                o["org_name"]
            );
        }
        let expected = f["dues"]["expected"].as_i64().expect("expected");
        let collected = f["dues"]["collected"].as_i64().expect("collected");
        if expected > 0 {
            owed_any = true;
            let rate = num(&sheet, row, 20).expect("a rate");
            assert!((rate - collected as f64 / expected as f64).abs() < 1e-9);
        } else {
            assert_eq!(num(&sheet, row, 20), None, "nothing owed: no rate");
        }
        // The rating sheet: the same five counts and their total.
        let ratings = book.worksheet_range("Xếp loại").expect("Xếp loại");
        let counts: Vec<f64> = f["ratings"]
            .as_array()
            .expect("ratings")
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        for (c, n) in counts.iter().enumerate() {
            assert_eq!(num(&ratings, row, 1 + c as u32), Some(*n));
        }
        assert_eq!(num(&ratings, row, 6), Some(counts.iter().sum()));
    }
    assert!(owed_any, "the test owes dues somewhere");
    // Whole đồng: the subtree owes three months of 84,500 for two members.
    assert_eq!(num(&sheet, 4, 18), Some(2.0 * 3.0 * 84_500.0));
    assert_eq!(num(&sheet, 4, 19), Some(84_500.0));
    assert_eq!(num(&sheet, 4, 15), Some(1.0), "cell B's task overdue");

    let months = book.worksheet_range("Theo tháng").expect("Theo tháng");
    for (i, m) in report["months"]
        .as_array()
        .expect("months")
        .iter()
        .enumerate()
    {
        let row = 4 + i as u32;
        assert_eq!(text(&months, row, 0), m["month"].as_str().expect("month"));
        assert_eq!(num(&months, row, 1), m["meetings"]["held"].as_f64());
        assert_eq!(num(&months, row, 5), m["dues"]["expected"].as_f64());
        assert_eq!(num(&months, row, 6), m["dues"]["collected"].as_f64());
    }
    assert_eq!(text(&months, 6, 0), "2026-12");
}

use crate::minutes_export::{docx_text, pdf_text};

#[test]
fn the_report_is_a_party_document_in_docx_and_pdf() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), Some((GRASSROOTS, "secretary")));
    ok(
        &mut db,
        &env,
        json!({"type": "create_task", "assigner_org_id": id(GRASSROOTS), "title": "Rà soát",
               "start_date": "2026-10-01", "due_date": "2026-10-20", "members": [id(0x61)]}),
    );
    // The same member also keeps both cells' dues books (a post in each).
    let posts = [(0x91, CELL_A), (0x92, CELL_B)].map(|(p, org)| {
        row(
            Entity::Position,
            id(p),
            &[
                ("member_id", json!(id(0x4D))),
                ("org_id", json!(id(org))),
                ("title", json!("secretary")),
            ],
            stamp(6_000, OTHER_DEVICE),
        )
    });
    apply_pull_page(&mut db, &page(posts.to_vec(), 20, false), 20_000).expect("posts");
    ok(
        &mut db,
        &env,
        json!({"type": "set_dues_rule", "org_id": id(GRASSROOTS), "category": "luong",
               "name": "Hưởng lương", "per_mille": 10}),
    );
    for m in [0x60, 0x61] {
        ok(
            &mut db,
            &env,
            json!({"type": "set_dues_basis", "member_id": id(m), "from_month": "2026-01",
                   "category": "luong", "income_dong": 8_450_000}),
        );
    }
    ok(
        &mut db,
        &env,
        json!({"type": "record_dues_payment", "member_id": id(0x60), "month": "2026-10",
               "amount_dong": 84_500, "receipt_no": "BL-010", "paid_on": "2026-10-28"}),
    );
    let period = json!({"kind": "quarter", "year": 2026, "quarter": 4});
    let headings = [
        "I. CÔNG TÁC ĐẢNG VIÊN",
        "II. SINH HOẠT ĐẢNG",
        "III. THỰC HIỆN NHIỆM VỤ",
        "IV. HỌC TẬP NGHỊ QUYẾT",
        "V. ĐẢNG PHÍ",
        "VI. ĐÁNH GIÁ, XẾP LOẠI",
        "VII. CÁC TỔ CHỨC TRỰC THUỘC",
    ];
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut texts = Vec::new();
    for format in ["docx", "pdf"] {
        let file = ok(
            &mut db,
            &env,
            json!({"type": "export_oversight_report", "org_id": id(GRASSROOTS),
                   "period": period, "format": format}),
        );
        assert_eq!(file["type"], "exported_file");
        let name = format!("theo-doi-dang-bo-xa-tam-quang-2026-q4.{format}");
        assert_eq!(file["name"], name.as_str());
        let path = file["path"].as_str().expect("path");
        assert!(path.ends_with(&format!("exports/{name}")), "{path}");
        let bytes = std::fs::read(path).expect("the file");
        let text = if format == "docx" {
            assert!(bytes.starts_with(b"PK"));
            // The body part itself, as Word reads it.
            let xml = docx_text::part(&bytes, "word/document.xml");
            assert!(xml.contains("84.500"), "the dues in document.xml");
            docx_text::docx_text(&bytes)
        } else {
            assert!(bytes.starts_with(b"%PDF"));
            pdf_text::Pdf::parse(&bytes).text().join("\n")
        };
        texts.push(flat(&text));
    }
    for text in &texts {
        for want in [
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "ĐẢNG BỘ XÃ TAM QUANG",
            "Số ……-BC",
            "BÁO CÁO",
            "tình hình hoạt động Quý IV/2026",
            "Đảng phí phải thu: 507.000 đồng; đã thu: 84.500 đồng (tỷ lệ 17%).",
            "quá hạn chưa hoàn thành 1.",
            "T/M ĐẢNG ỦY",
            "BÍ THƯ",
        ]
        .iter()
        .chain(headings.iter())
        {
            assert!(text.contains(want), "{want:?} missing from:\n{text}");
        }
        // One paragraph per organisation below, its light in words.
        assert!(
            text.contains("1. Chi bộ") && text.contains("2. Chi bộ"),
            "{text}"
        );
        assert!(
            ["Tốt", "Cần chú ý", "Yếu"].iter().any(|l| text.contains(l)),
            "{text}"
        );
    }
}

/// A member's rating decision for 2026, as the server sends it.
fn decision(n: u128, member: u128, cell: u128, rating: &str, at: u64) -> sotay_model::RowState {
    row(
        Entity::RatingDecision,
        id(n),
        &[
            ("org_id", json!(id(cell))),
            ("member_id", json!(id(member))),
            ("year", json!(2026)),
            ("rating", json!(rating)),
            ("note", json!("")),
            ("decided_org_id", json!(id(GRASSROOTS))),
            ("decided_by", json!(id(0x4D))),
        ],
        stamp(at, OTHER_DEVICE),
    )
}

/// The 2026 figures of the grassroots organisation and its two cells: (full members,
/// excellent ratings) each.
fn year_figures(db: &mut Db, env: &SeededEnv) -> Vec<(i64, i64)> {
    let year = ok(
        db,
        env,
        json!({"type": "oversight_report", "org_id": id(GRASSROOTS),
               "period": {"kind": "year", "year": 2026}}),
    );
    year["orgs"]
        .as_array()
        .expect("orgs")
        .iter()
        .map(|o| {
            let f = &o["figures"];
            (
                f["members"]["full"].as_i64().unwrap_or(-1),
                f["ratings"][0].as_i64().unwrap_or(-1),
            )
        })
        .collect()
}

/// Rows written again while the organisations they name still wait for their facts
/// (several pages of one sync, a pulled row edited on the device, a scope reset): each
/// write keeps one mark per organisation and the figures follow. A trigger inserting a
/// mark with `INSERT OR IGNORE` failed here with "UNIQUE constraint failed:
/// ov_dirty.org_id", as the update of `rows` an upsert makes aborts on any conflict.
#[test]
fn rows_written_again_before_the_facts_are_rebuilt_keep_the_figures() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), Some((GRASSROOTS, "secretary")));
    assert_eq!(year_figures(&mut db, &env), vec![(3, 0), (2, 0), (1, 0)]);
    // Page one: a decision for a member of cell A (the member's cell and the row's),
    // the same member renamed, and a member of cell B moved to cell A.
    let mut renamed = member(0x60, "Trần Văn Bình (sửa)", CELL_A);
    for f in renamed.fields.values_mut() {
        f.hlc = stamp(20_000, OTHER_DEVICE);
    }
    let mut moved = member(0x61, "Lê Thị Cúc", CELL_A);
    for f in moved.fields.values_mut() {
        f.hlc = stamp(20_000, OTHER_DEVICE);
    }
    moved.org_id = id(CELL_A);
    let first = vec![
        decision(0x70, 0x60, CELL_A, "good", 20_000),
        renamed.clone(),
        moved,
    ];
    apply_pull_page(&mut db, &page(first, 20, false), 20_000).expect("first page");
    // Page two, before any dashboard: the same rows again with newer stamps (updates
    // of rows whose organisations are already marked), and a decision for the member
    // who moved, still at cell B where it was made.
    let mut again = decision(0x70, 0x60, CELL_A, "excellent", 30_000);
    again.fields.get_mut("note").expect("note").value = json!("sửa");
    for f in renamed.fields.values_mut() {
        f.hlc = stamp(30_000, OTHER_DEVICE);
    }
    let second = vec![
        again,
        decision(0x71, 0x61, CELL_B, "excellent", 30_000),
        renamed,
    ];
    apply_pull_page(&mut db, &page(second, 30, false), 30_000).expect("second page");
    // Both decisions count at the members' cell now; cell B is left with no one.
    let want = vec![(3, 2), (3, 2), (0, 0)];
    assert_eq!(year_figures(&mut db, &env), want);
    // A scope reset drops every row and takes them again.
    let mut all = tree();
    all.extend(
        [
            member(0x4D, "Nguyễn Thị Hoa", CELL_A),
            member(0x60, "Trần Văn Bình", CELL_A),
            member(0x61, "Lê Thị Cúc", CELL_B),
            member(0x62, "Phạm Văn Dũng", CELL_C),
        ]
        .into_iter()
        .chain([decision(0x71, 0x61, CELL_B, "excellent", 30_000)]),
    );
    all.push(row(
        Entity::Position,
        id(0x90),
        &[
            ("member_id", json!(id(0x4D))),
            ("org_id", json!(id(GRASSROOTS))),
            ("title", json!("secretary")),
        ],
        stamp(5_000, OTHER_DEVICE),
    ));
    apply_pull_page(&mut db, &page(all, 40, true), 40_000).expect("reset");
    assert_eq!(year_figures(&mut db, &env), vec![(3, 1), (2, 0), (1, 1)]);
}
