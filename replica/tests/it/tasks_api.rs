//! The task requests in their JSON wire form (what the UI sends), on an enrolled
//! replica with no server: assigning to members and a lower organisation in one
//! transaction, reports and reviews as events, the derived state and overdue, the
//! committee roll-up, follow-up tasks from approved minutes (once, whatever the number
//! of approvals), and bad input refused in Vietnamese with nothing written.

use crate::common;

use common::*;
use common::{wire_call as call, wire_ok as ok};
use serde_json::{json, Value};
use sotay_model::api::ApiErrorKind;
use sotay_model::{Entity, Id};
use sotay_replica::{apply_pull_page, Db, SeededEnv};

/// 2 November 2026, 10:00 in Hà Nội.
const NOW: u64 = 1_793_588_400_000;
const DAY: u64 = 86_400_000;

fn id_of(v: &Value) -> Id {
    serde_json::from_value(v["id"].clone()).expect("id")
}

/// Me (0x4D) in cell A, secretary of the grassroots committee above cells A and B.
fn world(home: &std::path::Path) -> (Db, SeededEnv) {
    let (mut db, env) = enrolled(home);
    let rows = vec![
        member(0x4D, "Nguyễn Thị Hoa", CELL_A),
        member(0x60, "Trần Văn Bình", CELL_A),
        member(0x61, "Lê Thị Cúc", CELL_B),
        row(
            Entity::Position,
            Id::from_u128(0x90),
            &[
                ("member_id", json!(Id::from_u128(0x4D))),
                ("org_id", json!(Id::from_u128(GRASSROOTS))),
                ("title", json!("secretary")),
            ],
            stamp(5_000, OTHER_DEVICE),
        ),
    ];
    apply_pull_page(&mut db, &page(rows, 10, false), 10_000).expect("members");
    env.set_now(NOW);
    (db, env)
}

fn new_task(members: &[u128], orgs: &[u128], due: &str) -> Value {
    json!({"type": "create_task", "assigner_org_id": Id::from_u128(GRASSROOTS),
           "title": "Rà soát, bổ sung hồ sơ đảng viên", "content": "Theo Hướng dẫn 12",
           "due_date": due, "priority": "high",
           "members": members.iter().map(|m| Id::from_u128(*m)).collect::<Vec<_>>(),
           "orgs": orgs.iter().map(|o| Id::from_u128(*o)).collect::<Vec<_>>()})
}

#[test]
fn assign_report_confirm_and_roll_up() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path());
    let outbox = db.pending_changes().expect("outbox").len();
    let group = id_of(&ok(
        &mut db,
        &env,
        new_task(&[0x60, 0x4D], &[CELL_B], "2026-11-30"),
    ));
    assert_eq!(
        db.pending_changes().expect("outbox").len(),
        outbox + 3,
        "one row per assignee"
    );
    let assigned = ok(
        &mut db,
        &env,
        json!({"type": "list_tasks", "view": "assigned"}),
    );
    assert_eq!(assigned["type"], "tasks");
    let cards = assigned["tasks"].as_array().expect("tasks");
    assert_eq!(cards.len(), 3);
    let names: Vec<&str> = cards
        .iter()
        .filter_map(|c| c["assignee_name"].as_str())
        .collect();
    assert!(names.contains(&"Chi bộ thôn 2") && names.contains(&"Trần Văn Bình"));
    assert!(cards.iter().all(|c| c["task"]["group_id"] == json!(group)));

    // Mine: the copy given to me.
    let mine = ok(&mut db, &env, json!({"type": "list_tasks"}));
    let my = mine["tasks"].as_array().expect("tasks");
    assert_eq!(my.len(), 1);
    let task = my[0]["task"]["id"].clone();
    assert_eq!(my[0]["state"]["status"], "open");

    ok(
        &mut db,
        &env,
        json!({"type": "report_progress", "task_id": task, "percent": 40,
               "done": "Đã rà soát 20 hồ sơ", "difficulties": "Thiếu mẫu 2-HSĐV"}),
    );
    env.set_now(NOW + DAY);
    ok(
        &mut db,
        &env,
        json!({"type": "report_progress", "task_id": task, "percent": 100, "finished": true,
               "done": "Đã rà soát xong 52 hồ sơ"}),
    );
    let view = ok(&mut db, &env, json!({"type": "get_task", "id": task}));
    assert_eq!(view["task"]["card"]["state"]["status"], "submitted");
    assert_eq!(view["task"]["may_review"], true);
    assert_eq!(view["task"]["siblings"].as_array().map(Vec::len), Some(2));

    env.set_now(NOW + 2 * DAY);
    let refused = call(
        &mut db,
        &env,
        json!({"type": "review_task", "task_id": task, "decision": "returned"}),
    )
    .expect_err("a return needs a reason");
    assert_eq!(refused.kind, ApiErrorKind::Invalid);
    assert!(refused.message.contains("lý do"), "{refused:?}");
    ok(
        &mut db,
        &env,
        json!({"type": "review_task", "task_id": task, "decision": "returned",
               "reason": "Thiếu biên bản kiểm tra"}),
    );
    let back = ok(&mut db, &env, json!({"type": "get_task", "id": task}));
    assert_eq!(back["task"]["card"]["state"]["status"], "returned");
    assert_eq!(
        back["task"]["card"]["state"]["returned_reason"],
        "Thiếu biên bản kiểm tra"
    );
    ok(
        &mut db,
        &env,
        json!({"type": "report_progress", "task_id": task, "percent": 100, "finished": true,
               "done": "Đã bổ sung biên bản"}),
    );
    env.set_now(NOW + 3 * DAY);
    ok(
        &mut db,
        &env,
        json!({"type": "review_task", "task_id": task, "decision": "confirmed"}),
    );
    let done = ok(&mut db, &env, json!({"type": "get_task", "id": task}));
    let state = &done["task"]["card"]["state"];
    assert_eq!(state["status"], "done");
    assert_eq!(state["bucket"], "on_time");
    assert_eq!(state["done_on"], "2026-11-04");
    assert_eq!(done["task"]["events"].as_array().map(Vec::len), Some(5));

    // After the due date the others are overdue, and the roll-up says so.
    env.set_now(NOW + 40 * DAY);
    let stats = ok(
        &mut db,
        &env,
        json!({"type": "task_stats", "org_id": Id::from_u128(GRASSROOTS)}),
    );
    assert_eq!(stats["type"], "task_stats");
    let rows = stats["orgs"].as_array().expect("orgs");
    assert_eq!(
        rows[0]["counts"],
        json!({"open": 0, "on_time": 1, "late": 0, "overdue": 2})
    );
    let cell_a = rows
        .iter()
        .find(|r| r["org_id"] == json!(Id::from_u128(CELL_A)))
        .expect("cell A");
    assert_eq!(
        cell_a["counts"],
        json!({"open": 0, "on_time": 1, "late": 0, "overdue": 1})
    );
    let overdue = ok(
        &mut db,
        &env,
        json!({"type": "list_tasks", "view": "org", "org_id": Id::from_u128(GRASSROOTS),
               "bucket": "overdue"}),
    );
    assert_eq!(overdue["tasks"].as_array().map(Vec::len), Some(2));

    // An edit reaches every copy of the assignment.
    ok(
        &mut db,
        &env,
        json!({"type": "update_task", "id": task, "patch": {"due_date": "2026-12-31"}}),
    );
    let later = ok(
        &mut db,
        &env,
        json!({"type": "list_tasks", "view": "assigned"}),
    );
    assert!(later["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .all(|c| c["task"]["due_date"] == "2026-12-31"));
}

#[test]
fn bad_input_is_refused_in_vietnamese_and_writes_nothing() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path());
    let before = db.pending_changes().expect("outbox").len();
    let cases = [
        (new_task(&[0x60], &[], "30/11/2026"), "không hợp lệ"),
        (new_task(&[], &[], "2026-11-30"), "ít nhất một"),
        (new_task(&[0x60], &[], "2026-10-01"), "Hạn hoàn thành"),
        (new_task(&[0x60], &[GRASSROOTS], "2026-11-30"), "cấp dưới"),
        (
            json!({"type": "create_task", "assigner_org_id": Id::from_u128(CELL_B),
                   "title": "Nhiệm vụ", "due_date": "2026-11-30",
                   "members": [Id::from_u128(0x61)]}),
            "Chỉ cấp ủy",
        ),
        (
            json!({"type": "create_task", "assigner_org_id": Id::from_u128(GRASSROOTS),
                   "title": "   ", "due_date": "2026-11-30",
                   "members": [Id::from_u128(0x61)]}),
            "",
        ),
    ];
    for (req, says) in cases {
        let e = call(&mut db, &env, req.clone()).expect_err("refused");
        assert!(e.message.contains(says), "{req}: {e:?}");
        assert!(!e.message.contains("trường "), "{e:?}");
    }
    let group = id_of(&ok(&mut db, &env, new_task(&[0x61], &[], "2026-11-30")));
    let over = call(
        &mut db,
        &env,
        json!({"type": "report_progress", "task_id": group, "percent": 150, "done": "x"}),
    )
    .expect_err("over 100");
    assert!(over.message.contains("100"), "{over:?}");
    let not_mine = call(
        &mut db,
        &env,
        json!({"type": "report_progress", "task_id": group, "percent": 10, "done": "x"}),
    )
    .expect_err("not the assignee");
    assert_eq!(not_mine.kind, ApiErrorKind::Forbidden);
    assert_eq!(db.pending_changes().expect("outbox").len(), before + 1);
}

#[test]
fn approving_minutes_makes_each_marked_conclusion_a_task_once() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path());
    let start = NOW + DAY;
    let meeting = id_of(&ok(
        &mut db,
        &env,
        json!({"type": "create_meeting", "org_id": Id::from_u128(CELL_A), "kind": "regular",
               "topic": "Sinh hoạt chi bộ tháng 11", "starts_at": start,
               "ends_at": start + 7_200_000, "place": "Nhà văn hóa thôn 1",
               "chair_id": Id::from_u128(0x4D), "agenda": ["Nhiệm vụ tháng 12"]}),
    ));
    let v1 = id_of(&ok(
        &mut db,
        &env,
        json!({"type": "create_minutes", "meeting_id": meeting}),
    ));
    let conclusions = json!([
        {"text": "Triển khai học tập Nghị quyết 57", "to_task": true},
        {"text": "Hoàn thành thu đảng phí quý IV", "to_task": true},
        {"text": "Giao đồng chí Bình chuẩn bị hội trường"}
    ]);
    ok(
        &mut db,
        &env,
        json!({"type": "update_minutes", "id": v1, "patch": {"conclusions": conclusions}}),
    );
    ok(&mut db, &env, json!({"type": "approve_minutes", "id": v1}));
    let listed = ok(
        &mut db,
        &env,
        json!({"type": "list_tasks", "view": "org", "org_id": Id::from_u128(CELL_A)}),
    );
    let tasks = listed["tasks"].as_array().expect("tasks");
    assert_eq!(tasks.len(), 2);
    assert!(tasks
        .iter()
        .all(|t| t["task"]["source_kind"] == "conclusion"
            && t["task"]["source_id"] == json!(meeting)
            && t["task"]["due_date"] == "2026-12-03"));
    // A second version approved with the same conclusion adds only the new one.
    let v2 = id_of(&ok(
        &mut db,
        &env,
        json!({"type": "create_minutes", "meeting_id": meeting, "reason": "Bổ sung kết luận"}),
    ));
    let more = json!([
        {"text": "  Triển khai học tập   Nghị quyết 57 ", "to_task": true},
        {"text": "Kết nạp đảng viên mới", "to_task": true}
    ]);
    ok(
        &mut db,
        &env,
        json!({"type": "update_minutes", "id": v2, "patch": {"conclusions": more}}),
    );
    ok(&mut db, &env, json!({"type": "approve_minutes", "id": v2}));
    let listed = ok(
        &mut db,
        &env,
        json!({"type": "list_tasks", "view": "org", "org_id": Id::from_u128(CELL_A)}),
    );
    assert_eq!(listed["tasks"].as_array().map(Vec::len), Some(3));
}
