//! The schedule requests in their JSON wire form, on an enrolled replica with no
//! server: own and committee entries with recurrence, one agenda merging them with a
//! meeting, a task's due date and a study deadline, the reminders due at a given
//! clock, the `.ics` export parsed back with a real iCalendar parser, and bad input
//! refused in Vietnamese with nothing written.

use crate::common;

use common::*;
use common::{wire_call as call, wire_ok as ok};
use icalendar::{CalendarComponent, Component, EventLike};
use serde_json::{json, Value};
use sotay_model::api::ApiErrorKind;
use sotay_model::schedule::calendar::Date;
use sotay_model::{Entity, Id};
use sotay_replica::{apply_pull_page, Db, SeededEnv};

const VN: i32 = 420;

fn at(day: &str, h: u32, m: u32) -> u64 {
    Date::parse(day).expect("day").unix_ms(h * 60 + m, VN)
}

/// Me (0x4D) in cell A, secretary of the cell; another member of the cell.
fn world(home: &std::path::Path) -> (Db, SeededEnv) {
    let (mut db, env) = enrolled(home);
    let rows = vec![
        member(0x4D, "Nguyễn Thị Hoa", CELL_A),
        member(0x60, "Trần Văn Bình", CELL_A),
        row(
            Entity::Position,
            Id::from_u128(0x90),
            &[
                ("member_id", json!(Id::from_u128(0x4D))),
                ("org_id", json!(Id::from_u128(CELL_A))),
                ("title", json!("secretary")),
            ],
            stamp(5_000, OTHER_DEVICE),
        ),
    ];
    apply_pull_page(&mut db, &page(rows, 10, false), 10_000).expect("members");
    // Monday 7 December 2026, 06:00 in Hà Nội.
    env.set_now(at("2026-12-07", 6, 0));
    (db, env)
}

fn titles(agenda: &Value) -> Vec<String> {
    agenda["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            format!(
                "{} {}",
                i["kind"].as_str().unwrap_or("?"),
                i["title"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

#[test]
fn one_agenda_merges_entries_meetings_tasks_and_study() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path());
    // Own: every Monday and Thursday at 07:30, skipping 10 December.
    let own = ok(
        &mut db,
        &env,
        json!({"type": "create_schedule_entry", "title": "Giao ban cơ quan",
               "place": "Phòng họp số 2", "starts_at": at("2026-12-07", 7, 30),
               "ends_at": at("2026-12-07", 8, 30), "tz_offset_min": VN,
               "recurrence": {"rule": {"freq": "weekly", "days": [0, 3]},
                              "exceptions": ["2026-12-10"]}}),
    );
    assert_eq!(own["type"], "created");
    // The cell's committee publishes Wednesday afternoon's work to the whole cell.
    ok(
        &mut db,
        &env,
        json!({"type": "create_schedule_entry", "org_id": Id::from_u128(CELL_A),
               "title": "Chi ủy làm việc với tổ đảng thôn", "starts_at": at("2026-12-09", 14, 0),
               "ends_at": at("2026-12-09", 16, 0), "tz_offset_min": VN}),
    );
    ok(
        &mut db,
        &env,
        json!({"type": "create_meeting", "org_id": Id::from_u128(CELL_A), "kind": "regular",
               "topic": "Sinh hoạt chi bộ tháng 12", "starts_at": at("2026-12-08", 19, 30),
               "ends_at": at("2026-12-08", 21, 30), "place": "Nhà văn hóa thôn 1",
               "agenda": ["Nhiệm vụ tháng 1"]}),
    );
    ok(
        &mut db,
        &env,
        json!({"type": "create_task", "assigner_org_id": Id::from_u128(CELL_A),
               "title": "Nộp báo cáo tháng", "due_date": "2026-12-11",
               "members": [Id::from_u128(0x4D)]}),
    );
    let week = ok(
        &mut db,
        &env,
        json!({"type": "get_agenda", "from_ms": at("2026-12-07", 0, 0),
               "to_ms": at("2026-12-14", 0, 0)}),
    );
    assert_eq!(week["type"], "agenda");
    assert_eq!(
        titles(&week),
        [
            "own Giao ban cơ quan",
            "meeting Sinh hoạt chi bộ tháng 12",
            "committee Chi ủy làm việc với tổ đảng thôn",
            "task_due Nộp báo cáo tháng",
        ]
    );
    // Reminders at 07:00 on Monday: the own entry's (30 minutes before) is due next.
    let soon = ok(
        &mut db,
        &env,
        json!({"type": "agenda_reminders", "lead_minutes": 30, "within_hours": 24}),
    );
    let first = &soon["reminders"][0];
    assert_eq!(first["remind_at"], json!(at("2026-12-07", 7, 0)));
    env.set_now(at("2026-12-07", 7, 5));
    let due = ok(
        &mut db,
        &env,
        json!({"type": "agenda_reminders", "lead_minutes": 30,
               "after_ms": at("2026-12-07", 6, 0)}),
    );
    assert_eq!(due["reminders"].as_array().map(Vec::len), Some(1));
    assert_eq!(due["reminders"][0]["item"]["title"], "Giao ban cơ quan");

    // The device's lead, for callers that give none (the app's OS notifier, the page):
    // an hour until set; then the setting; a lead not offered is refused and kept.
    let device_lead = |db: &mut Db| ok(db, &env, json!({"type": "get_reminder_lead"}));
    let due_now = |db: &mut Db| {
        ok(
            db,
            &env,
            json!({"type": "agenda_reminders", "after_ms": at("2026-12-07", 6, 0)}),
        )["reminders"]
            .as_array()
            .map(Vec::len)
    };
    assert_eq!(device_lead(&mut db)["lead_minutes"], 60);
    assert_eq!(
        due_now(&mut db),
        Some(1),
        "07:30 less an hour is due at 07:05"
    );
    ok(
        &mut db,
        &env,
        json!({"type": "set_reminder_lead", "lead_minutes": 15}),
    );
    assert_eq!(device_lead(&mut db)["lead_minutes"], 15);
    assert_eq!(due_now(&mut db), Some(0), "07:15 is not due at 07:05");
    let refused = call(
        &mut db,
        &env,
        json!({"type": "set_reminder_lead", "lead_minutes": 7}),
    )
    .expect_err("7 minutes is not offered");
    assert_eq!(refused.kind, ApiErrorKind::Invalid);
    assert!(refused.message.contains("7 phút"), "{refused:?}");
    assert_eq!(device_lead(&mut db)["lead_minutes"], 15);
    env.set_now(at("2026-12-07", 7, 20));
    assert_eq!(due_now(&mut db), Some(1), "and at 07:20 it is");
    env.set_now(at("2026-12-07", 7, 5));

    // The week as an .ics file, parsed back.
    let file = ok(
        &mut db,
        &env,
        json!({"type": "export_agenda", "from_ms": at("2026-12-07", 0, 0),
               "to_ms": at("2026-12-14", 0, 0)}),
    );
    let path = file["path"].as_str().expect("path");
    let text = std::fs::read_to_string(path).expect("ics file");
    let cal: icalendar::Calendar = text.parse().expect("a calendar");
    let events: Vec<&icalendar::Event> = cal
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), 4);
    let meeting = events
        .iter()
        .find(|e| e.get_summary() == Some("Sinh hoạt chi bộ tháng 12"))
        .expect("the meeting");
    assert_eq!(meeting.property_value("DTSTART"), Some("20261208T123000Z"));
    assert_eq!(meeting.get_location(), Some("Nhà văn hóa thôn 1"));
    let task = events
        .iter()
        .find(|e| e.get_summary() == Some("Nộp báo cáo tháng"))
        .expect("the task");
    assert_eq!(task.property_value("DTSTART"), Some("20261211"));
}

#[test]
fn edits_skip_one_occurrence_and_bad_input_changes_nothing() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path());
    let id = ok(
        &mut db,
        &env,
        json!({"type": "create_schedule_entry", "title": "Tiếp dân",
               "starts_at": at("2026-12-07", 8, 0), "ends_at": at("2026-12-07", 11, 0),
               "tz_offset_min": VN, "recurrence": {"rule": {"freq": "weekly", "days": [0]}}}),
    )["id"]
        .clone();
    ok(
        &mut db,
        &env,
        json!({"type": "update_schedule_entry", "id": id, "patch": {"skip_date": "2026-12-14"}}),
    );
    let view = ok(
        &mut db,
        &env,
        json!({"type": "get_schedule_entry", "id": id}),
    );
    assert_eq!(view["type"], "schedule_entry");
    assert_eq!(
        view["entry"]["recurrence"]["exceptions"],
        json!(["2026-12-14"])
    );
    let mondays = ok(
        &mut db,
        &env,
        json!({"type": "get_agenda", "from_ms": at("2026-12-07", 0, 0),
               "to_ms": at("2026-12-28", 0, 0)}),
    );
    assert_eq!(mondays["items"].as_array().map(Vec::len), Some(2));

    let before = db.pending_changes().expect("outbox").len();
    let bad = [
        (
            json!({"type": "create_schedule_entry", "title": "Lặp sai",
                   "starts_at": at("2026-12-07", 8, 0), "ends_at": at("2026-12-07", 9, 0),
                   "tz_offset_min": VN, "recurrence": {"rule": {"freq": "weekly", "days": []}}}),
            "thứ trong tuần",
        ),
        (
            json!({"type": "create_schedule_entry", "title": "Ngược giờ",
                   "starts_at": at("2026-12-07", 9, 0), "ends_at": at("2026-12-07", 8, 0),
                   "tz_offset_min": VN}),
            "giờ kết thúc",
        ),
        (
            json!({"type": "create_schedule_entry", "org_id": Id::from_u128(CELL_B),
                   "title": "Lịch của chi bộ khác", "starts_at": at("2026-12-07", 8, 0),
                   "ends_at": at("2026-12-07", 9, 0), "tz_offset_min": VN}),
            "cấp ủy",
        ),
        (
            json!({"type": "get_agenda", "from_ms": 10, "to_ms": 5}),
            "Khoảng thời gian",
        ),
    ];
    for (req, says) in bad {
        let e = call(&mut db, &env, req.clone()).expect_err("refused");
        assert!(e.message.contains(says), "{req}: {e:?}");
    }
    let no_rule = ok(
        &mut db,
        &env,
        json!({"type": "create_schedule_entry", "title": "Một lần",
               "starts_at": at("2026-12-08", 8, 0), "ends_at": at("2026-12-08", 9, 0),
               "tz_offset_min": VN}),
    )["id"]
        .clone();
    let skip = call(
        &mut db,
        &env,
        json!({"type": "update_schedule_entry", "id": no_rule, "patch": {"skip_date": "2026-12-08"}}),
    )
    .expect_err("nothing to skip");
    assert_eq!(skip.kind, ApiErrorKind::Invalid);
    assert_eq!(db.pending_changes().expect("outbox").len(), before + 1);
}
