//! The meeting requests in their JSON wire form (what the UI sends through the Tauri
//! command or the headless host), on an enrolled replica with no server: planning with
//! the cell convened by default, the code shown and typed, marks, reminders, minutes
//! locked once approved, the export data and the committee view.

use crate::common;

use common::*;
use common::{wire_call as call, wire_ok as ok};
use serde_json::json;
use sotay_model::{Entity, Id};
use sotay_replica::apply_pull_page;

const START: u64 = 1_796_000_000_000;

#[test]
fn meetings_through_the_api_wire_form() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = enrolled(home.path());
    let me = Id::from_u128(0x4D);
    let mut people = vec![member(0x4D, "Nguyễn Thị Hoa", CELL_A)];
    for (n, name) in ["Trần Văn Bình", "Lê Thị Cúc", "Phạm Văn Dũng"]
        .iter()
        .enumerate()
    {
        people.push(member(0x60 + n as u128, name, CELL_A));
    }
    people.push(member(0x70, "Vũ Văn Em", CELL_B));
    apply_pull_page(&mut db, &page(people, 10, false), 10_000).expect("members");
    let cell = Id::from_u128(CELL_A);

    env.set_now(START - 3_600_000);
    let created = ok(
        &mut db,
        &env,
        json!({"type": "create_meeting", "org_id": cell, "kind": "regular",
               "topic": "Sinh hoạt chi bộ tháng 12", "starts_at": START,
               "ends_at": START + 7_200_000, "place": "Nhà văn hóa thôn 1",
               "chair_id": me, "agenda": ["Thông tin thời sự", "Nhiệm vụ tháng 1"],
               "guests": ["Đồng chí Bí thư Đảng ủy xã"]}),
    );
    assert_eq!(created["type"], "created");
    let id: Id = serde_json::from_value(created["id"].clone()).expect("id");
    let view = ok(&mut db, &env, json!({"type": "get_meeting", "id": id}));
    assert_eq!(view["type"], "meeting");
    assert_eq!(
        view["meeting"]["meeting"]["invited"]
            .as_array()
            .map(Vec::len),
        Some(4)
    );
    assert_eq!(view["meeting"]["holds_key"], true);
    let up = ok(
        &mut db,
        &env,
        json!({"type": "upcoming_meetings", "within_hours": 2}),
    );
    assert_eq!(up["meetings"][0]["remind_at"], json!(START - 3_600_000));
    assert_eq!(up["meetings"][0]["invited"], true);

    env.set_now(START + 5 * 60_000);
    let shown = ok(
        &mut db,
        &env,
        json!({"type": "show_check_in_code", "meeting_id": id}),
    );
    assert_eq!(shown["type"], "check_in_code");
    assert!(shown["qr_svg"].as_str().is_some_and(|s| s.contains("<svg")));
    let code = shown["code"].as_str().expect("code").to_lowercase();
    let wrong = call(
        &mut db,
        &env,
        json!({"type": "verify_check_in_code", "meeting_id": id, "code": "7KQ3-M9PX"}),
    )
    .expect_err("wrong code");
    assert!(wrong.message.contains("không đúng"), "{wrong:?}");
    ok(
        &mut db,
        &env,
        json!({"type": "verify_check_in_code", "meeting_id": id, "code": code}),
    );
    let bad = call(
        &mut db,
        &env,
        json!({"type": "check_in", "meeting_id": id, "code": "12"}),
    )
    .expect_err("malformed");
    assert!(bad.message.contains("8 ký tự"), "{bad:?}");
    ok(
        &mut db,
        &env,
        json!({"type": "check_in", "meeting_id": id, "code": code}),
    );
    let absent = Id::from_u128(0x61);
    ok(
        &mut db,
        &env,
        json!({"type": "mark_attendance", "meeting_id": id, "member_id": absent,
               "attendance": {"absent": "excused"}, "reason": "Ốm"}),
    );
    let no_reason = call(
        &mut db,
        &env,
        json!({"type": "mark_attendance", "meeting_id": id, "member_id": absent,
               "attendance": {"absent": "excused"}}),
    )
    .expect_err("an excused absence needs a reason");
    assert!(no_reason.message.contains("lý do"), "{no_reason:?}");
    let list = ok(
        &mut db,
        &env,
        json!({"type": "get_attendance", "meeting_id": id}),
    );
    let a = &list["attendance"];
    assert_eq!(
        (a["convened"].clone(), a["present"].clone()),
        (json!(4), json!(1))
    );
    assert_eq!(a["absent_excused"], 1);
    assert_eq!(a["quorum"], false);

    // Minutes: drafted from the agenda, approved by the chair (this device's member),
    // then locked; the export data follows the meeting and the attendance.
    let v1 = ok(
        &mut db,
        &env,
        json!({"type": "create_minutes", "meeting_id": id}),
    )["id"]
        .clone();
    let items = json!([{"title": "Thông tin thời sự", "content": "Đã thông tin",
                        "conclusions": [{"text": "Phổ biến tới quần chúng", "to_task": true}]},
                       {"title": "Nhiệm vụ tháng 1"}]);
    ok(
        &mut db,
        &env,
        json!({"type": "update_minutes", "id": v1, "patch": {"items": items}}),
    );
    ok(&mut db, &env, json!({"type": "approve_minutes", "id": v1}));
    let locked = call(
        &mut db,
        &env,
        json!({"type": "update_minutes", "id": v1, "patch": {"votes": []}}),
    )
    .expect_err("locked");
    assert!(
        locked.message.contains("đã được chủ trì duyệt"),
        "{locked:?}"
    );
    let export = ok(
        &mut db,
        &env,
        json!({"type": "get_minutes_export", "meeting_id": id}),
    );
    assert_eq!(export["type"], "minutes_export");
    assert_eq!(export["org_name"], "Chi bộ thôn 1");
    assert_eq!(export["parent_org_name"], "Đảng bộ xã Tam Quang");
    assert_eq!(export["chair_name"], "Nguyễn Thị Hoa");
    assert_eq!(
        (export["convened"].clone(), export["present"].clone()),
        (json!(4), json!(1))
    );
    assert_eq!(
        export["items"][0]["conclusions"],
        json!(["Phổ biến tới quần chúng"])
    );
    assert_eq!(export["approved"], true);
    let versions = ok(
        &mut db,
        &env,
        json!({"type": "list_minutes", "meeting_id": id}),
    );
    assert_eq!(versions["minutes"].as_array().map(Vec::len), Some(1));

    // The committee view of the grassroots organisation: one meeting held in cell 1.
    let stats = ok(
        &mut db,
        &env,
        json!({"type": "meeting_stats", "org_id": Id::from_u128(GRASSROOTS)}),
    );
    let cells = stats["orgs"].as_array().expect("orgs");
    let one = cells
        .iter()
        .find(|o| o["org_name"] == "Chi bộ thôn 1")
        .expect("cell 1");
    assert_eq!(one["months"][0]["held"], 1);
    assert_eq!(one["months"][0]["rate_percent"], 25);

    // Cancelled: no longer reminded; every write is in the outbox, nothing was lost.
    ok(
        &mut db,
        &env,
        json!({"type": "cancel_meeting", "id": id, "reason": "Trùng lịch"}),
    );
    env.set_now(START - 3_600_000);
    let up = ok(&mut db, &env, json!({"type": "upcoming_meetings"}));
    assert_eq!(up["meetings"], json!([]));
    let pending = db.pending_changes().expect("outbox");
    assert!(pending.iter().any(|c| c.entity == Entity::CheckIn));
    assert!(pending.iter().any(|c| c.entity == Entity::MeetingKey));
}
