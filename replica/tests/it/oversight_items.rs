//! `oversight_items` in its JSON wire form (issue 18, item 2): behind each task figure
//! the tasks of that bucket, behind the meetings figure the meetings held, and the
//! months a cell held none, for several organisations and periods, each list as long
//! as the figure the dashboard shows; refused where the dashboard is.

use crate::common;

use common::*;
use common::{wire_call as call, wire_ok as ok};
use serde_json::{json, Value};
use sotay_model::api::ApiErrorKind;
use sotay_model::Id;
use sotay_replica::{apply_pull_page, Db, SeededEnv};

/// 2 November 2026, 10:00 in Hà Nội.
const NOW: u64 = 1_793_588_400_000;
const DAY: u64 = 86_400_000;

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

fn world(home: &std::path::Path, title: &str) -> (Db, SeededEnv) {
    let (mut db, env) = enrolled(home);
    let mut rows = vec![
        member(0x4D, "Nguyễn Thị Hoa", CELL_A),
        member(0x60, "Trần Văn Bình", CELL_A),
        member(0x61, "Lê Thị Cúc", CELL_B),
        member(0x62, "Phạm Văn Dũng", CELL_C),
    ];
    rows.extend(posts_of(id(0x4D), &[(GRASSROOTS, title)]));
    apply_pull_page(&mut db, &page(rows, 10, false), 10_000).expect("rows");
    env.set_now(NOW);
    (db, env)
}

fn task(db: &mut Db, env: &SeededEnv, member: u128, due: &str) -> Value {
    let group = ok(
        db,
        env,
        json!({"type": "create_task", "assigner_org_id": id(GRASSROOTS), "title": format!("Việc hạn {due}"),
               "start_date": "2026-09-01", "due_date": due, "members": [id(member)]}),
    );
    let list = ok(db, env, json!({"type": "list_tasks", "view": "assigned"}));
    list["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .find(|c| c["task"]["group_id"] == group["id"])
        .expect("the new task")["task"]["id"]
        .clone()
}

/// The member reports it finished today and the grassroots committee confirms it.
fn finish(db: &mut Db, env: &SeededEnv, task: &Value) {
    ok(
        db,
        env,
        json!({"type": "report_progress", "task_id": task, "percent": 100, "finished": true,
               "done": "Xong"}),
    );
    ok(
        db,
        env,
        json!({"type": "review_task", "task_id": task, "decision": "confirmed"}),
    );
}

fn month(m: u32) -> Value {
    json!({"kind": "month", "year": 2026, "month": m})
}

fn figures(db: &mut Db, env: &SeededEnv, org: u128, period: &Value) -> Value {
    let r = ok(
        db,
        env,
        json!({"type": "oversight_report", "org_id": id(org), "period": period}),
    );
    r["orgs"][0]["figures"].clone()
}

fn items(db: &mut Db, env: &SeededEnv, org: u128, period: &Value, kind: &str) -> Value {
    let r = ok(
        db,
        env,
        json!({"type": "oversight_items", "org_id": id(org), "period": period, "kind": kind}),
    );
    assert_eq!(r["type"], "oversight_items");
    assert_eq!(r["kind"], kind);
    r
}

fn len(v: &Value, list: &str) -> u64 {
    v[list].as_array().map_or(0, |a| a.len() as u64)
}

#[test]
fn each_figure_opens_on_the_items_it_counts() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), "secretary");
    // One task in each bucket on 2 November: done on time, done late, overdue, open;
    // and one of cell B's overdue since September.
    let on_time = task(&mut db, &env, 0x4D, "2026-11-20");
    let late = task(&mut db, &env, 0x4D, "2026-10-10");
    finish(&mut db, &env, &on_time);
    finish(&mut db, &env, &late);
    task(&mut db, &env, 0x60, "2026-10-25");
    task(&mut db, &env, 0x60, "2026-11-28");
    task(&mut db, &env, 0x61, "2026-09-30");
    // Cell A met in October (held), and plans one for the end of November (not yet).
    for (starts, topic) in [
        (NOW - 20 * DAY, "Sinh hoạt tháng 10"),
        (NOW + 20 * DAY, "Sinh hoạt tháng 11"),
    ] {
        ok(
            &mut db,
            &env,
            json!({"type": "create_meeting", "org_id": id(CELL_A), "kind": "regular",
                   "topic": topic, "starts_at": starts, "ends_at": starts + 7_200_000,
                   "place": "Nhà văn hóa thôn 1", "agenda": ["Thời sự"]}),
        );
    }

    let periods = [
        month(9),
        month(10),
        month(11),
        month(12),
        json!({"kind": "quarter", "year": 2026, "quarter": 4}),
        json!({"kind": "year", "year": 2026}),
    ];
    let buckets = [
        ("tasks_open", "open"),
        ("tasks_on_time", "on_time"),
        ("tasks_late", "late"),
        ("tasks_overdue", "overdue"),
    ];
    let mut seen = [0u64; 6];
    for org in [GRASSROOTS, CELL_A, CELL_B] {
        for period in &periods {
            let f = figures(&mut db, &env, org, period);
            for (i, (kind, bucket)) in buckets.iter().enumerate() {
                let got = items(&mut db, &env, org, period, kind);
                let want = f["tasks"][bucket].as_u64().expect("a count");
                assert_eq!(len(&got, "tasks"), want, "{kind} of {org} in {period}");
                assert_eq!(len(&got, "meetings") + len(&got, "missed"), 0);
                for c in got["tasks"].as_array().into_iter().flatten() {
                    assert_eq!(c["state"]["bucket"], *bucket, "{c}");
                }
                seen[i] += want;
            }
            let held = items(&mut db, &env, org, period, "meetings_held");
            assert_eq!(
                len(&held, "meetings"),
                f["meetings"]["held"].as_u64().expect("held")
            );
            let present: u64 = held["meetings"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|m| m["present"].as_u64())
                .sum();
            assert_eq!(present, f["meetings"]["present"].as_u64().expect("present"));
            seen[4] += len(&held, "meetings");
            seen[5] += len(
                &items(&mut db, &env, org, period, "meetings_missed"),
                "missed",
            );
        }
    }
    assert!(
        seen.iter().all(|n| *n > 0),
        "every list had items somewhere: {seen:?}"
    );

    // Missed: a cell and month up to this one with nothing held, each month the figure
    // of which shows no meeting.
    let q4 = json!({"kind": "quarter", "year": 2026, "quarter": 4});
    let missed = items(&mut db, &env, GRASSROOTS, &q4, "meetings_missed");
    let rows: Vec<(String, String)> = missed["missed"]
        .as_array()
        .expect("missed")
        .iter()
        .map(|m| {
            (
                m["org_name"].as_str().unwrap_or("").into(),
                m["month"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    let want = [
        ("Chi bộ thôn 2", "2026-10"),
        ("Chi bộ thôn 1", "2026-11"),
        ("Chi bộ thôn 2", "2026-11"),
    ];
    assert_eq!(
        rows,
        want.map(|(o, m)| (o.to_string(), m.to_string())).to_vec()
    );
    for (org, m) in [(CELL_A, 10), (CELL_A, 11), (CELL_B, 10), (CELL_B, 11)] {
        let f = figures(&mut db, &env, org, &month(m));
        let n = len(
            &items(&mut db, &env, org, &month(m), "meetings_missed"),
            "missed",
        );
        assert_eq!(n, u64::from(f["meetings"]["held"] == 0), "{org} in {m}");
    }
    // The overdue list of the commune: both overdue tasks of the year, the breadcrumb
    // of its dashboard, each row a task card that opens.
    let year = json!({"kind": "year", "year": 2026});
    let overdue = items(&mut db, &env, GRASSROOTS, &year, "tasks_overdue");
    assert_eq!(overdue["org_name"], "Đảng bộ xã Tam Quang");
    assert_eq!(overdue["trail"], json!([]));
    let due: Vec<&str> = overdue["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter_map(|c| c["task"]["due_date"].as_str())
        .collect();
    assert_eq!(due, vec!["2026-09-30", "2026-10-25"]);
    let names: Vec<&str> = overdue["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter_map(|c| c["assignee_name"].as_str())
        .collect();
    assert_eq!(names, vec!["Lê Thị Cúc", "Trần Văn Bình"]);
    // Cell B's own list has only its own.
    let b = items(&mut db, &env, CELL_B, &year, "tasks_overdue");
    assert_eq!(len(&b, "tasks"), 1);
    assert_eq!(
        b["trail"],
        json!([[id(GRASSROOTS), "Đảng bộ xã Tam Quang"]])
    );
    let held = items(&mut db, &env, CELL_A, &q4, "meetings_held");
    assert_eq!(held["meetings"][0]["topic"], "Sinh hoạt tháng 10");
    assert_eq!(held["meetings"][0]["kind"], "regular");
    assert_eq!(held["meetings"][0]["org_id"], json!(id(CELL_A)));
    // This month by default.
    let default = ok(
        &mut db,
        &env,
        json!({"type": "oversight_items", "org_id": id(CELL_A), "kind": "tasks_open"}),
    );
    assert_eq!(default["period"], month(11));
    assert_eq!(len(&default, "tasks"), 1);
}

#[test]
fn items_are_refused_where_the_dashboard_is() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), "office_staff");
    let before = outbox(&db);
    for (org, period) in [
        (OTHER_GRASSROOTS, month(11)),
        (CELL_C, month(10)),
        (DISTRICT, month(11)),
    ] {
        let report = call(
            &mut db,
            &env,
            json!({"type": "oversight_report", "org_id": id(org), "period": period}),
        )
        .expect_err("another commune's dashboard");
        for kind in ["tasks_overdue", "meetings_held", "meetings_missed"] {
            let err = call(
                &mut db,
                &env,
                json!({"type": "oversight_items", "org_id": id(org), "period": period, "kind": kind}),
            )
            .expect_err("another commune's items");
            assert_eq!((err.kind, &err.message), (report.kind, &report.message));
            assert_eq!(err.kind, ApiErrorKind::Forbidden);
        }
    }
    let err = call(
        &mut db,
        &env,
        json!({"type": "oversight_items", "org_id": id(GRASSROOTS), "kind": "tasks_open",
               "period": {"kind": "month", "year": 2026, "month": 13}}),
    )
    .expect_err("month 13");
    assert_eq!(err.kind, ApiErrorKind::Invalid);
    assert!(err.message.contains("Kỳ báo cáo"), "{}", err.message);
    assert_eq!(outbox(&db), before);
    // A plain member's device: no post, no one's items.
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = enrolled(home.path());
    let me = member(0x4D, "Nguyễn Thị Hoa", CELL_A);
    apply_pull_page(&mut db, &page(vec![me], 10, false), 10_000).expect("me");
    let err = call(
        &mut db,
        &env,
        json!({"type": "oversight_items", "org_id": id(CELL_A), "kind": "meetings_held"}),
    )
    .expect_err("a plain member");
    assert_eq!(err.kind, ApiErrorKind::Forbidden);
}
