//! The inspection requests in their JSON wire form, on an enrolled replica with no
//! server (issue 17): a district's plan and two cases, the team's notes and a finding,
//! a conclusion with its recommendation task, closing a case, a discipline record with
//! its appeal and the decision from above, the year's figures and their workbook; and
//! what a post that does not work cases may not do. Run with SOTAY_WIRE_CAPTURE=1 it
//! prints each request and answer for `model/tests/it/wire_replay.txt`.

use crate::common;

use common::wire_ok as ok;
use common::*;
use serde_json::json;
use sotay_model::api::ApiErrorKind;
use sotay_model::Id;
use sotay_replica::{apply_pull_page, Db, SeededEnv};

/// 2 December 2026, 10:00 in Hà Nội.
const NOW: u64 = 1_796_180_400_000;
const ME: u128 = 0x4D;

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

fn world(home: &std::path::Path, posts: &[(u128, &str)]) -> (Db, SeededEnv) {
    let (mut db, env) = enrolled(home);
    let mut rows = vec![
        member(ME, "Nguyễn Thị Hoa", CELL_A),
        member(0x60, "Trần Văn An", CELL_A),
    ];
    rows.extend(posts_of(id(ME), posts));
    apply_pull_page(&mut db, &page(rows, 10, false), 10_000).expect("rows");
    env.set_now(NOW);
    (db, env)
}

fn created(v: &serde_json::Value) -> Id {
    assert_eq!(v["type"], "created", "{v}");
    serde_json::from_value(v["id"].clone()).expect("an id")
}

#[test]
fn a_case_from_plan_to_close_and_a_record_from_decision_to_appeal() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(
        home.path(),
        &[
            (DISTRICT, "inspection_chair"),
            (PROVINCE, "inspection_member"),
        ],
    );
    let plan = created(&ok(
        &mut db,
        &env,
        json!({"type": "create_inspection_plan", "org_id": id(DISTRICT), "year": 2026,
               "title": "Kế hoạch kiểm tra, giám sát năm 2026", "note": ""}),
    ));
    let case = created(&ok(
        &mut db,
        &env,
        json!({"type": "create_inspection", "plan_id": plan, "kind": "thematic_supervision",
               "title": "Giám sát chuyên đề sinh hoạt chi bộ", "content": "Chỉ thị 10-CT/TW",
               "subject_org_ids": [id(CELL_A), id(CELL_B)], "subject_member_ids": [],
               "team_ids": [id(ME)], "from_date": "2026-11-01", "to_date": "2026-12-15"}),
    ));
    let done = ok(
        &mut db,
        &env,
        json!({"type": "update_inspection", "id": case, "draft_conclusion": "Dự thảo", "start": true}),
    );
    assert_eq!(done["type"], "done");
    created(&ok(
        &mut db,
        &env,
        json!({"type": "add_case_note", "inspection_id": case, "kind": "schedule",
               "on_date": "2026-11-10", "text": "Làm việc với chi bộ thôn 1",
               "subject_id": id(CELL_A)}),
    ));
    created(&ok(
        &mut db,
        &env,
        json!({"type": "record_finding", "inspection_id": case, "subject_id": id(CELL_A),
               "text": "Không sinh hoạt chuyên đề quý III", "violation": true}),
    ));
    let view = ok(&mut db, &env, json!({"type": "get_inspection", "id": case}));
    assert_eq!(view["type"], "inspection_case");
    assert_eq!(view["case"]["card"]["violations"], 1);
    ok(
        &mut db,
        &env,
        json!({"type": "conclude_inspection", "inspection_id": case,
               "conclusion": "Chi bộ thôn 1 cần khắc phục",
               "recommendations": [{"org_id": id(CELL_A), "title": "Sinh hoạt chuyên đề đủ",
                                    "content": "", "due_date": "2026-12-31"}],
               "notify": true}),
    );
    // The recommendation is not done: the case stays open.
    refused(
        &mut db,
        &env,
        json!({"type": "close_inspection", "inspection_id": case}),
        ApiErrorKind::Invalid,
        "chưa được xác nhận",
    );
    let list = ok(
        &mut db,
        &env,
        json!({"type": "list_inspections", "org_id": id(DISTRICT), "year": 2026}),
    );
    assert_eq!(list["type"], "inspections");
    assert_eq!(list["cases"][0]["follow_up"]["tasks"], 1);
    assert_eq!(list["notices"].as_array().map(Vec::len), Some(2));

    // A case on a member, concluded with no recommendation, closes at once.
    let second = created(&ok(
        &mut db,
        &env,
        json!({"type": "create_inspection", "plan_id": plan, "kind": "signs_of_violation",
               "title": "Kiểm tra đảng viên khi có dấu hiệu vi phạm",
               "subject_member_ids": [id(0x60)], "from_date": "2026-11-20",
               "to_date": "2026-11-30"}),
    ));
    ok(
        &mut db,
        &env,
        json!({"type": "conclude_inspection", "inspection_id": second,
               "conclusion": "Có vi phạm, đề nghị kỷ luật"}),
    );
    ok(
        &mut db,
        &env,
        json!({"type": "close_inspection", "inspection_id": second}),
    );

    // A record decided by the district, appealed, decided by the province.
    let record = created(&ok(
        &mut db,
        &env,
        json!({"type": "record_discipline", "member_id": id(ME), "form": "reprimand",
               "violation": "Vắng sinh hoạt ba kỳ", "decided_by_org_id": id(DISTRICT),
               "decided_on": "2026-12-01", "decision_no": "07-QĐ/UBKT",
               "inspection_id": second}),
    ));
    let appeal = created(&ok(
        &mut db,
        &env,
        json!({"type": "lodge_appeal", "discipline_id": record, "text": "Đề nghị xem xét lại"}),
    ));
    refused(
        &mut db,
        &env,
        json!({"type": "decide_appeal", "appeal_id": appeal, "outcome": "upheld",
               "decided_by_org_id": id(DISTRICT)}),
        ApiErrorKind::Forbidden,
        "cấp trên",
    );
    ok(
        &mut db,
        &env,
        json!({"type": "decide_appeal", "appeal_id": appeal, "outcome": "reduced",
               "note": "Giữ hình thức nhẹ hơn", "decided_by_org_id": id(PROVINCE)}),
    );
    let mine = ok(&mut db, &env, json!({"type": "list_inspections"}));
    assert_eq!(mine["disciplines"][0]["appeals"][0]["outcome"], "reduced");

    let fig = ok(
        &mut db,
        &env,
        json!({"type": "inspection_report", "org_id": id(DISTRICT), "year": 2026}),
    );
    assert_eq!(fig["type"], "inspection_report");
    assert_eq!(fig["orgs"][0]["programmes"], 2);
    assert_eq!(fig["orgs"][0]["violations"], 1);
    let file = ok(
        &mut db,
        &env,
        json!({"type": "export_inspection_report", "org_id": id(DISTRICT), "year": 2026}),
    );
    assert_eq!(
        file["name"],
        "kiem-tra-giam-sat-dang-bo-huyen-vu-thu-2026.xlsx"
    );
}

#[test]
fn a_post_that_does_not_work_cases_is_refused_and_writes_nothing() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), &[(DISTRICT, "office_staff")]);
    refused(
        &mut db,
        &env,
        json!({"type": "create_inspection_plan", "org_id": id(DISTRICT), "year": 2026,
               "title": "Kế hoạch"}),
        ApiErrorKind::Forbidden,
        "kế hoạch",
    );
    refused(
        &mut db,
        &env,
        json!({"type": "record_discipline", "member_id": id(0x60), "form": "warning",
               "violation": "x", "decided_by_org_id": id(DISTRICT), "decided_on": "2026-12-01"}),
        ApiErrorKind::Forbidden,
        "ủy ban kiểm tra",
    );
}
