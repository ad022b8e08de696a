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
