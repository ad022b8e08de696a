//! The evaluation requests in their JSON wire form, on an enrolled replica with no
//! server: a self-assessment closed once the year is decided, the cell's proposal,
//! the committee above's ratings with the share of "xuất sắc" refused in Vietnamese
//! when exceeded, organisations rated, the lists a member and a committee read, and
//! what a plain member may not do.

use crate::common;

use common::wire_ok as ok;
use common::*;
use serde_json::{json, Value};
use sotay_model::api::ApiErrorKind;
use sotay_model::Id;
use sotay_replica::{apply_pull_page, Db, SeededEnv};

/// 2 December 2026, 10:00 in Hà Nội.
const NOW: u64 = 1_796_180_400_000;
const ME: u128 = 0x4D;
/// Fellow members of cell A.
const OTHERS: [u128; 6] = [0x60, 0x61, 0x62, 0x63, 0x64, 0x65];

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

fn world(home: &std::path::Path, posts: &[(u128, &str)]) -> (Db, SeededEnv) {
    let (mut db, env) = enrolled(home);
    let mut rows = vec![
        member(ME, "Nguyễn Thị Hoa", CELL_A),
        member(0x70, "Lê Văn Sơn", CELL_B),
    ];
    for (n, m) in OTHERS.iter().enumerate() {
        rows.push(member(
            *m,
            &format!(
                "Trần Văn {}",
                ["An", "Bình", "Cường", "Dũng", "Giang", "Hải"][n]
            ),
            CELL_A,
        ));
    }
    rows.extend(posts_of(id(ME), posts));
    apply_pull_page(&mut db, &page(rows, 10, false), 10_000).expect("rows");
    env.set_now(NOW);
    (db, env)
}

fn rate(member: u128, rating: &str) -> Value {
    json!({"type": "rate_member", "member_id": id(member), "year": 2026, "rating": rating})
}

#[test]
fn a_year_assessed_proposed_and_decided_within_the_share() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(
        home.path(),
        &[(CELL_A, "secretary"), (GRASSROOTS, "committee_member")],
    );

    ok(
        &mut db,
        &env,
        json!({"type": "submit_self_assessment", "year": 2026,
               "political": "Kiên định, tuyệt đối trung thành", "ethics": "Gương mẫu",
               "lifestyle": "Giản dị", "results": "Hoàn thành 100% nhiệm vụ được giao",
               "shortcomings": "Có lúc chưa sâu sát", "direction": "Tăng cường kiểm tra",
               "self_rating": "good"}),
    );
    let mine = ok(&mut db, &env, json!({"type": "list_evaluations"}));
    assert_eq!(mine["type"], "evaluations");
    assert_eq!(mine["members"][0]["year"], 2026);
    assert_eq!(mine["members"][0]["assessment"]["self_rating"], "good");

    // The cell's proposal keeps "xuất sắc" within 20% of "tốt".
    let mut lines: Vec<Value> = OTHERS[..2]
        .iter()
        .map(|m| json!({"member_id": id(*m), "rating": "good"}))
        .collect();
    lines.push(json!({"member_id": id(ME), "rating": "excellent"}));
    refused(
        &mut db,
        &env,
        json!({"type": "propose_ratings", "org_id": id(CELL_A), "year": 2026, "lines": lines}),
        ApiErrorKind::Invalid,
        "vượt quá 20%",
    );
    let lines: Vec<Value> = std::iter::once(ME)
        .chain(OTHERS)
        .map(|m| json!({"member_id": id(m), "rating": "good", "note": "Đạt"}))
        .collect();
    ok(
        &mut db,
        &env,
        json!({"type": "propose_ratings", "org_id": id(CELL_A), "year": 2026,
               "meeting_id": id(0x33), "lines": lines}),
    );
    // Saved again without naming the meeting, the proposal keeps the one linked.
    ok(
        &mut db,
        &env,
        json!({"type": "propose_ratings", "org_id": id(CELL_A), "year": 2026, "lines": lines}),
    );

    // Five "tốt" allow one "xuất sắc"; a second is refused with the figures.
    for m in &OTHERS[..5] {
        ok(&mut db, &env, rate(*m, "good"));
    }
    ok(&mut db, &env, rate(OTHERS[5], "excellent"));
    refused(
        &mut db,
        &env,
        rate(ME, "excellent"),
        ApiErrorKind::Invalid,
        "xuất sắc nhiệm vụ (2) vượt quá 20% số đảng viên hoàn thành tốt nhiệm vụ (5): tối đa 1",
    );
    ok(&mut db, &env, rate(ME, "completed"));
    refused(
        &mut db,
        &env,
        json!({"type": "submit_self_assessment", "year": 2026, "results": "Sửa lại"}),
        ApiErrorKind::Invalid,
        "đã được cấp ủy xếp loại",
    );

    ok(
        &mut db,
        &env,
        json!({"type": "rate_org", "org_id": id(CELL_A), "year": 2026, "rating": "good",
               "note": "Chi bộ hoàn thành tốt nhiệm vụ"}),
    );
    refused(
        &mut db,
        &env,
        json!({"type": "rate_org", "org_id": id(GRASSROOTS), "year": 2026, "rating": "good"}),
        ApiErrorKind::Forbidden,
        "cấp ủy cấp trên",
    );

    let year = ok(
        &mut db,
        &env,
        json!({"type": "list_evaluations", "org_id": id(GRASSROOTS), "year": 2026}),
    );
    assert_eq!(year["may_decide"], true);
    assert_eq!(year["may_propose"], false);
    let orgs = year["orgs"].as_array().expect("orgs");
    let names: Vec<&str> = orgs.iter().filter_map(|o| o["org_name"].as_str()).collect();
    assert_eq!(
        names,
        vec!["Đảng bộ xã Tam Quang", "Chi bộ thôn 1", "Chi bộ thôn 2"]
    );
    assert_eq!(orgs[1]["counts"], json!([1, 5, 1, 0, 0]));
    assert_eq!(orgs[1]["rating"]["rating"], "good");
    assert_eq!(orgs[2]["counts"], json!([0, 0, 0, 0, 1]));
    assert_eq!(orgs[0]["counts"], json!([1, 5, 1, 0, 1]));
    let me_now = year["members"]
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["member_id"] == json!(id(ME)))
        .cloned()
        .expect("me");
    assert_eq!(
        (me_now["proposed"].as_str(), me_now["decided"].as_str()),
        (Some("good"), Some("completed"))
    );
    let cell = ok(
        &mut db,
        &env,
        json!({"type": "list_evaluations", "org_id": id(CELL_A), "year": 2026}),
    );
    assert_eq!(
        (cell["may_propose"].as_bool(), cell["may_decide"].as_bool()),
        (Some(true), Some(true))
    );
    assert_eq!(cell["proposal_meeting_id"], json!(id(0x33)));
}

#[test]
fn a_plain_member_sees_only_their_own_years() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), &[]);
    refused(
        &mut db,
        &env,
        json!({"type": "list_evaluations", "org_id": id(CELL_A), "year": 2026}),
        ApiErrorKind::Forbidden,
        "chỉ xem được kết quả đánh giá của mình",
    );
    refused(
        &mut db,
        &env,
        json!({"type": "list_evaluations", "member_id": id(OTHERS[0])}),
        ApiErrorKind::Forbidden,
        "của mình",
    );
    refused(
        &mut db,
        &env,
        rate(OTHERS[0], "good"),
        ApiErrorKind::Forbidden,
        "cấp ủy cấp trên",
    );
    refused(
        &mut db,
        &env,
        json!({"type": "propose_ratings", "org_id": id(CELL_A), "year": 2026, "lines": []}),
        ApiErrorKind::Forbidden,
        "đề xuất",
    );
    refused(
        &mut db,
        &env,
        json!({"type": "submit_self_assessment", "year": 2026, "results": "  "}),
        ApiErrorKind::Invalid,
        "kết quả thực hiện nhiệm vụ",
    );
    let mine = ok(&mut db, &env, json!({"type": "list_evaluations"}));
    assert_eq!(mine["members"], json!([]));
}
