//! The dues requests in their JSON wire form (what the UI sends), on an enrolled
//! replica with no server: the rule table (own and inherited), a member's basis,
//! payments in advance spread over their months, a reversal that cancels one exactly
//! (once), the cell's book, the committee's report and remittances, and what a plain
//! member may not see or write, refused in Vietnamese with nothing written.

use crate::common;

use common::wire_ok as ok;
use common::*;
use serde_json::{json, Value};
use sotay_model::api::ApiErrorKind;
use sotay_model::dues::DuesPayment;
use sotay_model::{Entity, Id};
use sotay_replica::{apply_pull_page, Db, SeededEnv};

/// 2 November 2026, 10:00 in Hà Nội.
const NOW: u64 = 1_793_588_400_000;
const ME: u128 = 0x4D;
const BINH: u128 = 0x60;
const CUC: u128 = 0x61;

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

fn id_of(v: &Value) -> Id {
    serde_json::from_value(v["id"].clone()).expect("id")
}

/// Members in cells A and B, the province's rule table; `posts`: where I hold posts.
fn world(home: &std::path::Path, posts: &[(u128, &str)]) -> (Db, SeededEnv) {
    let (mut db, env) = enrolled(home);
    let mut rows = vec![
        member(ME, "Nguyễn Thị Hoa", CELL_A),
        member(BINH, "Trần Văn Bình", CELL_A),
        member(CUC, "Lê Thị Cúc", CELL_B),
    ];
    rows.extend(posts_of(id(ME), posts));
    for (category, name, per_mille, fixed) in [
        ("luong", "Hưởng lương", 10, 0),
        ("sinh_vien", "Học sinh, sinh viên", 0, 3_000),
    ] {
        let rule = sotay_model::dues::DuesRule {
            id: sotay_model::dues::DuesRule::row_id(id(PROVINCE), category),
            org_id: id(PROVINCE),
            category: category.into(),
            name: name.into(),
            per_mille,
            fixed_dong: fixed,
            retired: false,
        };
        let fields: Vec<(&str, Value)> = sotay_model::row::Row::to_fields(&rule);
        rows.push(row(
            Entity::DuesRule,
            rule.id,
            &fields,
            stamp(5_000, OTHER_DEVICE),
        ));
    }
    apply_pull_page(&mut db, &page(rows, 10, false), 10_000).expect("rows");
    env.set_now(NOW);
    (db, env)
}

#[test]
fn a_treasurer_keeps_the_book_and_a_reversal_cancels_a_payment_once() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(
        home.path(),
        &[(CELL_A, "secretary"), (GRASSROOTS, "committee_member")],
    );

    // The cell's own rule comes before the province's; the province's stay read-only.
    let own = ok(
        &mut db,
        &env,
        json!({"type": "set_dues_rule", "org_id": id(CELL_A), "category": "huu",
               "name": "Hưởng lương hưu", "per_mille": 5}),
    );
    let gone = ok(
        &mut db,
        &env,
        json!({"type": "set_dues_rule", "org_id": id(CELL_A), "category": "tam",
               "name": "Tạm thời", "fixed_dong": 2_000}),
    );
    ok(
        &mut db,
        &env,
        json!({"type": "delete_dues_rule", "id": gone["id"]}),
    );
    let rules = ok(
        &mut db,
        &env,
        json!({"type": "list_dues_rules", "org_id": id(CELL_A)}),
    );
    assert_eq!(rules["type"], "dues_rules");
    let listed: Vec<(&str, bool)> = rules["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| {
            (
                r["rule"]["category"].as_str().unwrap_or(""),
                r["inherited"] == true,
            )
        })
        .collect();
    // By name in Vietnamese order: "Học" before "Hưởng".
    assert_eq!(
        listed,
        vec![("huu", false), ("sinh_vien", true), ("luong", true)]
    );
    assert_eq!(
        id_of(&own),
        sotay_model::dues::DuesRule::row_id(id(CELL_A), "huu")
    );

    ok(
        &mut db,
        &env,
        json!({"type": "set_dues_basis", "member_id": id(BINH), "from_month": "2026-01",
               "category": "luong", "income_dong": 8_450_000}),
    );
    refused(
        &mut db,
        &env,
        json!({"type": "set_dues_basis", "member_id": id(BINH), "from_month": "2026-01",
               "category": "khong_co", "income_dong": 0}),
        ApiErrorKind::Invalid,
        "Chưa có mức đóng",
    );

    let january = id_of(&ok(
        &mut db,
        &env,
        json!({"type": "record_dues_payment", "member_id": id(BINH), "month": "2026-01",
               "amount_dong": 84_500, "receipt_no": "BL-001", "paid_on": "2026-01-28"}),
    ));
    // November to January paid in advance: 253,500 đồng over three months.
    ok(
        &mut db,
        &env,
        json!({"type": "record_dues_payment", "member_id": id(BINH), "month": "2026-11",
               "months": 3, "amount_dong": 253_500, "method": "transfer"}),
    );
    let status = ok(
        &mut db,
        &env,
        json!({"type": "dues_status", "member_id": id(BINH), "year": 2026}),
    );
    assert_eq!(status["type"], "dues");
    assert_eq!(status["monthly"], 84_500);
    assert_eq!(status["category_name"], "Hưởng lương");
    assert_eq!(
        status["basis"]["income_dong"], 8_450_000,
        "the form starts from it"
    );
    assert_eq!(status["paid_in_year"], 84_500 + 169_000);
    let months = status["months"].as_array().expect("months");
    assert_eq!(months.len(), 12);
    assert_eq!(
        (&months[0]["expected"], &months[0]["paid"]),
        (&json!(84_500), &json!(84_500))
    );
    assert_eq!(months[1]["paid"], 0);
    assert_eq!(months[11]["paid"], 84_500);
    // Owed January to November (11 × 84,500), paid January and November.
    assert_eq!(status["expected_to_date"], 11 * 84_500);
    assert_eq!(status["balance"], 2 * 84_500 - 11 * 84_500);

    // A correction is a reversing entry with a reason, made once.
    refused(
        &mut db,
        &env,
        json!({"type": "reverse_dues_payment", "payment_id": january, "reason": "  "}),
        ApiErrorKind::Invalid,
        "lý do",
    );
    let reversal = id_of(&ok(
        &mut db,
        &env,
        json!({"type": "reverse_dues_payment", "payment_id": january,
               "reason": "Ghi nhầm người nộp"}),
    ));
    assert_eq!(reversal, DuesPayment::reversal_id(january));
    refused(
        &mut db,
        &env,
        json!({"type": "reverse_dues_payment", "payment_id": january, "reason": "lần nữa"}),
        ApiErrorKind::Invalid,
        "đã được điều chỉnh",
    );
    let after = ok(
        &mut db,
        &env,
        json!({"type": "dues_status", "member_id": id(BINH), "year": 2026}),
    );
    assert_eq!(after["months"][0]["paid"], 0);
    let lines = after["payments"].as_array().expect("payments");
    assert_eq!(
        lines.len(),
        3,
        "the history keeps the payment and its reversal"
    );
    assert!(lines
        .iter()
        .any(|l| l["payment"]["id"] == json!(january) && l["reversed"] == true));

    let book = ok(
        &mut db,
        &env,
        json!({"type": "get_cell_dues", "org_id": id(CELL_A), "year": 2026}),
    );
    assert_eq!(book["type"], "cell_dues");
    assert_eq!(book["may_record"], true);
    let names: Vec<&str> = book["members"]
        .as_array()
        .expect("members")
        .iter()
        .filter_map(|m| m["full_name"].as_str())
        .collect();
    // By given name, as Vietnamese lists are.
    assert_eq!(names, vec!["Trần Văn Bình", "Nguyễn Thị Hoa"]);

    let remitted = ok(
        &mut db,
        &env,
        json!({"type": "record_remittance", "org_id": id(CELL_A), "month": "2026-11",
               "amount_dong": 84_500, "note": "Nộp đảng phí tháng 11"}),
    );
    let row = db.row(id_of(&remitted)).expect("read").expect("remittance");
    assert_eq!(row.id("to_org_id"), Some(id(GRASSROOTS)));

    let report = ok(
        &mut db,
        &env,
        json!({"type": "dues_report", "org_id": id(GRASSROOTS), "year": 2026}),
    );
    assert_eq!(report["type"], "dues_report");
    let orgs = report["orgs"].as_array().expect("orgs");
    let names: Vec<&str> = orgs.iter().filter_map(|o| o["org_name"].as_str()).collect();
    assert_eq!(
        names,
        vec!["Đảng bộ xã Tam Quang", "Chi bộ thôn 1", "Chi bộ thôn 2"]
    );
    assert_eq!(orgs[1]["collected"], 169_000);
    assert_eq!(orgs[1]["expected"], 12 * 84_500);
    assert_eq!(orgs[1]["remitted"], 84_500);
    assert_eq!(orgs[1]["members"], 2);
    assert_eq!(orgs[1]["members_without_amount"], 1, "no basis for me yet");
    assert_eq!(orgs[0]["collected"], 169_000);
    assert_eq!(orgs[0]["members"], 3);
}

#[test]
fn a_plain_member_sees_only_their_own_dues_and_writes_none() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), &[]);
    let mine = ok(&mut db, &env, json!({"type": "dues_status", "year": 2026}));
    assert_eq!(mine["member_id"], json!(id(ME)));
    assert_eq!(mine["may_record"], false);
    assert_eq!(
        mine["monthly"],
        Value::Null,
        "no basis: the amount is not known yet"
    );
    refused(
        &mut db,
        &env,
        json!({"type": "dues_status", "member_id": id(BINH), "year": 2026}),
        ApiErrorKind::Forbidden,
        "chỉ xem được đảng phí của mình",
    );
    refused(
        &mut db,
        &env,
        json!({"type": "record_dues_payment", "member_id": id(BINH), "month": "2026-01",
               "amount_dong": 84_500}),
        ApiErrorKind::Forbidden,
        "sổ thu",
    );
    refused(
        &mut db,
        &env,
        json!({"type": "get_cell_dues", "org_id": id(CELL_A), "year": 2026}),
        ApiErrorKind::Forbidden,
        "sổ thu",
    );
    refused(
        &mut db,
        &env,
        json!({"type": "set_dues_rule", "org_id": id(CELL_A), "category": "x", "name": "X",
               "fixed_dong": 1000}),
        ApiErrorKind::Forbidden,
        "mức đóng",
    );
}

#[test]
fn bad_amounts_and_months_are_refused_with_nothing_written() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), &[(CELL_A, "office_staff")]);
    for (req, words) in [
        (
            json!({"type": "record_dues_payment", "member_id": id(BINH), "month": "2026-01",
                "amount_dong": 0}),
            "lớn hơn 0",
        ),
        (
            json!({"type": "record_dues_payment", "member_id": id(BINH), "month": "2026-01",
                "months": 25, "amount_dong": 5_000}),
            "24 tháng",
        ),
        (
            json!({"type": "record_dues_payment", "member_id": id(BINH), "month": "2026-01",
                "amount_dong": 5_000, "paid_on": "2026-02-30"}),
            "không hợp lệ",
        ),
        (
            json!({"type": "record_remittance", "org_id": id(CELL_A), "month": "2026-01",
                "amount_dong": -5}),
            "lớn hơn 0",
        ),
    ] {
        refused(&mut db, &env, req, ApiErrorKind::Invalid, words);
    }
    // Office staff keep the book but do not set the committee's rule table.
    refused(
        &mut db,
        &env,
        json!({"type": "set_dues_rule", "org_id": id(CELL_A), "category": "x", "name": "X",
               "fixed_dong": 1000}),
        ApiErrorKind::Forbidden,
        "mức đóng",
    );
    // Amounts are integers and months yyyy-mm: anything else is not a request at all.
    for bad in [
        json!({"type": "record_dues_payment", "member_id": id(BINH), "month": "2026-01",
               "amount_dong": 84500.5}),
        json!({"type": "record_dues_payment", "member_id": id(BINH), "month": "2026-13",
               "amount_dong": 84500}),
    ] {
        assert!(serde_json::from_value::<sotay_model::api::Request>(bad).is_err());
    }
}
