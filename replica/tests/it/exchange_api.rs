//! The exchange requests (issue 16) in their JSON wire form, on an enrolled replica
//! with no server: a committee sends announcements to its cells and counts who has
//! read them per organisation; comment threads are written, edited, withdrawn and
//! hidden, the text leaving the device's copy with the deletion. What others wrote
//! arrives as the server would send it (pull pages). The world here is shared with
//! the other `exchange_*` tests.

use crate::common;

use common::wire_ok as ok;
use common::*;
use serde_json::{json, Value};
use sotay_model::api::ApiErrorKind;
use sotay_model::exchange::{Announcement, AnnouncementRead, Comment, TargetKind};
use sotay_model::row::Row;
use sotay_model::{Entity, Id, RowState};
use sotay_replica::{apply_pull_page, Db, SeededEnv};
use std::sync::atomic::{AtomicU64, Ordering};

/// 2 December 2026, 10:00 in Hà Nội.
pub const NOW: u64 = 1_796_180_400_000;
pub const ME: u128 = 0x4D;
/// Another member of cell A, one who left the Party (no longer a recipient), one of
/// cell B and one of cell C (the other grassroots organisation).
pub const A2: u128 = 0x60;
pub const GONE: u128 = 0x61;
pub const B1: u128 = 0x70;
pub const C1: u128 = 0x80;

pub fn id(n: u128) -> Id {
    Id::from_u128(n)
}

/// The standard tree, its members, and this member's posts.
pub fn world(home: &std::path::Path, posts: &[(u128, &str)]) -> (Db, SeededEnv) {
    let (mut db, env) = enrolled(home);
    let mut gone = member(GONE, "Phạm Văn Cũ", CELL_A);
    if let Some(f) = gone.fields.get_mut("status") {
        f.value = json!("left");
    }
    let mut rows = vec![
        member(ME, "Nguyễn Thị Hoa", CELL_A),
        member(A2, "Trần Văn An", CELL_A),
        gone,
        member(B1, "Lê Văn Sơn", CELL_B),
        member(C1, "Đỗ Thị Mai", CELL_C),
    ];
    for (i, (org, title)) in posts.iter().enumerate() {
        rows.push(row(
            Entity::Position,
            id(0x90 + i as u128),
            &[
                ("member_id", json!(id(ME))),
                ("org_id", json!(id(*org))),
                ("title", json!(title)),
            ],
            stamp(5_000, OTHER_DEVICE),
        ));
    }
    pull(&mut db, rows);
    env.set_now(NOW);
    (db, env)
}

/// Rows as the server sends them.
pub fn pull(db: &mut Db, rows: Vec<RowState>) {
    static SEQ: AtomicU64 = AtomicU64::new(100);
    let after = SEQ.fetch_add(rows.len() as u64 + 1, Ordering::Relaxed);
    apply_pull_page(db, &page(rows, after, false), NOW).expect("pulled");
}

/// A row another device wrote at `ms`.
pub fn by_other<T: Row>(t: &T, ms: u64) -> RowState {
    row(T::ENTITY, t.id(), &t.to_fields(), stamp(ms, OTHER_DEVICE))
}

pub fn created(v: &Value) -> Id {
    assert_eq!(v["type"], "created", "{v}");
    serde_json::from_value(v["id"].clone()).expect("an id")
}

pub fn list(v: &Value, key: &str) -> Vec<Value> {
    v[key].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_committee_sends_to_its_cells_and_counts_readers_per_organisation() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), &[(GRASSROOTS, "committee_member")]);

    let to_cells = created(&ok(
        &mut db,
        &env,
        json!({"type": "create_announcement", "org_id": id(GRASSROOTS),
               "title": "Triệu tập hội nghị sơ kết 6 tháng",
               "body": "Các chi bộ cử bí thư dự hội nghị lúc 8 giờ ngày 10/12.",
               "to_org_ids": [id(CELL_A), id(CELL_B), id(CELL_A)],
               "must_read_by": "2026-12-05"}),
    ));
    let whole = created(&ok(
        &mut db,
        &env,
        json!({"type": "create_announcement", "org_id": id(GRASSROOTS),
               "title": "Lịch tiếp công dân tháng 12"}),
    ));
    let copy_a = Announcement::row_id(to_cells, id(CELL_A));
    let copy_b = Announcement::row_id(to_cells, id(CELL_B));
    assert_eq!(outbox(&db), 3, "two copies, then one");

    let feed = ok(&mut db, &env, json!({"type": "list_announcements"}));
    assert_eq!(feed["type"], "announcements");
    let received = list(&feed, "received");
    assert_eq!(received.len(), 2, "cell A's copy and the grassroots one");
    assert!(received.iter().all(|r| r["read"] == false));
    assert_eq!(received[0]["sender_org_name"], "Đảng bộ xã Tam Quang");
    let sent = list(&feed, "sent");
    assert_eq!(sent.len(), 2);
    let first = sent
        .iter()
        .find(|s| s["batch_id"] == json!(to_cells))
        .expect("the sending to the cells");
    assert_eq!(
        first["to"],
        json!([[id(CELL_A), "Chi bộ thôn 1"], [id(CELL_B), "Chi bộ thôn 2"]])
    );
    // Nguyễn Thị Hoa and Trần Văn An in cell A, Lê Văn Sơn in cell B; not the one
    // who left.
    assert_eq!(
        (first["readers"].as_u64(), first["recipients"].as_u64()),
        (Some(0), Some(3))
    );
    assert_eq!(
        feed["may_send_from"],
        json!([[id(GRASSROOTS), "Đảng bộ xã Tam Quang"]])
    );

    ok(
        &mut db,
        &env,
        json!({"type": "mark_announcement_read", "id": copy_a}),
    );
    let before = outbox(&db);
    ok(
        &mut db,
        &env,
        json!({"type": "mark_announcement_read", "id": copy_a}),
    );
    assert_eq!(outbox(&db), before, "read once");
    // Lê Văn Sơn read cell B's copy on his phone.
    let receipt = AnnouncementRead {
        id: AnnouncementRead::row_id(copy_b, id(B1)),
        org_id: id(CELL_B),
        announcement_id: copy_b,
        member_id: id(B1),
        read_ms: 0,
    };
    pull(&mut db, vec![by_other(&receipt, NOW - 1_000)]);

    let reads = ok(
        &mut db,
        &env,
        json!({"type": "get_announcement_reads", "batch_id": to_cells}),
    );
    assert_eq!(reads["type"], "announcement_reads");
    let per_org: Vec<(String, u64, u64, u64)> = list(&reads, "orgs")
        .iter()
        .map(|o| {
            (
                o["org_name"].as_str().unwrap_or_default().to_string(),
                o["depth"].as_u64().unwrap_or(9),
                o["readers"].as_u64().unwrap_or(9),
                o["recipients"].as_u64().unwrap_or(9),
            )
        })
        .collect();
    assert_eq!(
        per_org,
        vec![
            ("Chi bộ thôn 1".to_string(), 0, 1, 2),
            ("Chi bộ thôn 2".to_string(), 0, 1, 1)
        ]
    );
    assert_eq!(
        reads["unread"],
        json!([[id(A2), "Trần Văn An", "Chi bộ thôn 1"]])
    );
    let whole_reads = ok(
        &mut db,
        &env,
        json!({"type": "get_announcement_reads", "batch_id": whole}),
    );
    let depths: Vec<(u64, u64)> = list(&whole_reads, "orgs")
        .iter()
        .map(|o| {
            (
                o["depth"].as_u64().unwrap_or(9),
                o["recipients"].as_u64().unwrap_or(9),
            )
        })
        .collect();
    assert_eq!(depths, vec![(0, 3), (1, 2), (1, 1)]);

    ok(
        &mut db,
        &env,
        json!({"type": "remind_announcement", "batch_id": to_cells}),
    );
    for copy in [copy_a, copy_b] {
        let a = db
            .live_typed::<Announcement>(copy)
            .expect("db")
            .expect("copy");
        assert_eq!(a.reminders, 1);
    }
    // Unread first: the grassroots copy, then cell A's, read.
    env.set_now(NOW + 5 * 86_400_000);
    let feed = ok(&mut db, &env, json!({"type": "list_announcements"}));
    let received = list(&feed, "received");
    assert_eq!(
        received[0]["announcement"]["id"],
        json!(Announcement::row_id(whole, id(GRASSROOTS)))
    );
    assert_eq!(received[1]["read"], true);
    assert_eq!(received[1]["overdue"], false, "read in time");
    let feed_sent = list(&feed, "sent");
    let first = feed_sent
        .iter()
        .find(|s| s["batch_id"] == json!(to_cells))
        .expect("sent");
    assert_eq!(first["readers"], 2);
}

#[test]
fn an_unread_announcement_past_its_day_is_overdue() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), &[]);
    let a = Announcement {
        id: Announcement::row_id(id(0xBA), id(PROVINCE)),
        org_id: id(PROVINCE),
        batch_id: id(0xBA),
        sender_org_id: id(PROVINCE),
        sent_by: id(0x99),
        title: "Hướng dẫn kiểm điểm cuối năm".into(),
        body: String::new(),
        must_read_by: Some("2026-12-01".into()),
        reminders: 0,
        sent_ms: 0,
        reminded_ms: 0,
    };
    pull(&mut db, vec![by_other(&a, NOW - 86_400_000 * 3)]);
    let feed = ok(&mut db, &env, json!({"type": "list_announcements"}));
    let received = list(&feed, "received");
    assert_eq!(received.len(), 1);
    assert_eq!(received[0]["overdue"], true);
    assert_eq!(received[0]["sender_org_name"], "Đảng bộ tỉnh Thái Bình");
    assert_eq!(list(&feed, "sent").len(), 0);
    assert_eq!(feed["may_send_from"], json!([]));
}

#[test]
fn a_thread_is_written_edited_withdrawn_and_hidden() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), &[(GRASSROOTS, "committee_member")]);
    let batch = created(&ok(
        &mut db,
        &env,
        json!({"type": "create_announcement", "org_id": id(GRASSROOTS),
               "title": "Lấy ý kiến về lịch sinh hoạt", "to_org_ids": [id(CELL_A)]}),
    ));
    let item = Announcement::row_id(batch, id(CELL_A));
    let target = json!({"kind": "announcement", "id": item});

    let mine = created(&ok(
        &mut db,
        &env,
        json!({"type": "add_comment", "target": target, "body": "  Đề nghị họp vào tối thứ Sáu  "}),
    ));
    let stored = db
        .live_typed::<Comment>(mine)
        .expect("db")
        .expect("comment");
    assert_eq!(stored.org_id, id(CELL_A), "at the item's organisation");
    assert_eq!(stored.body, "Đề nghị họp vào tối thứ Sáu");
    // Trần Văn An answers on his phone.
    let reply = Comment {
        id: id(0xC0),
        org_id: id(CELL_A),
        target_kind: TargetKind::Announcement,
        target_id: item,
        reply_to: Some(mine),
        author_id: id(A2),
        body: "Tôi đồng ý với đồng chí Hoa".into(),
        hidden_reason: String::new(),
        written_ms: 0,
        edited_ms: 0,
    };
    pull(&mut db, vec![by_other(&reply, NOW + 1_000)]);
    env.set_now(NOW + 2_000);
    let answer = created(&ok(
        &mut db,
        &env,
        json!({"type": "add_comment", "target": target, "body": "Cảm ơn đồng chí",
               "reply_to": id(0xC0)}),
    ));

    let thread = ok(
        &mut db,
        &env,
        json!({"type": "list_comments", "target": target}),
    );
    assert_eq!(thread["type"], "comments");
    let comments = list(&thread, "comments");
    let seen: Vec<(&str, &str, bool, bool)> = comments
        .iter()
        .map(|c| {
            (
                c["comment"]["body"].as_str().unwrap_or_default(),
                c["author_name"].as_str().unwrap_or_default(),
                c["mine"].as_bool().unwrap_or_default(),
                c["may_hide"].as_bool().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            ("Đề nghị họp vào tối thứ Sáu", "Nguyễn Thị Hoa", true, true),
            ("Tôi đồng ý với đồng chí Hoa", "Trần Văn An", false, true),
            ("Cảm ơn đồng chí", "Nguyễn Thị Hoa", true, true),
        ]
    );
    let notices = ok(
        &mut db,
        &env,
        json!({"type": "exchange_notices", "since_ms": NOW}),
    );
    assert_eq!(notices["type"], "notices");
    assert_eq!(
        notices["notices"],
        json!([{"kind": "reply", "id": id(0xC0), "title": "Tôi đồng ý với đồng chí Hoa",
                "at_ms": NOW + 1_000,
                // Opening the notice opens what the reply is under.
                "target": {"kind": "announcement", "id": item}}])
    );

    ok(
        &mut db,
        &env,
        json!({"type": "edit_comment", "id": mine, "body": "Đề nghị họp vào tối thứ Bảy"}),
    );
    let edited = db
        .live_typed::<Comment>(mine)
        .expect("db")
        .expect("comment");
    assert_eq!(edited.body, "Đề nghị họp vào tối thứ Bảy");
    assert!(edited.edited_ms > edited.written_ms);
    ok(
        &mut db,
        &env,
        json!({"type": "withdraw_comment", "id": answer}),
    );
    refused(
        &mut db,
        &env,
        json!({"type": "hide_comment", "id": id(0xC0), "reason": "  "}),
        ApiErrorKind::Invalid,
        "lý do",
    );
    ok(
        &mut db,
        &env,
        json!({"type": "hide_comment", "id": id(0xC0), "reason": "Nội dung không phù hợp"}),
    );
    for (gone, reason) in [(answer, ""), (id(0xC0), "Nội dung không phù hợp")] {
        let r = db.row(gone).expect("db").expect("kept as deleted");
        assert!(r.tombstone.is_some());
        assert_eq!(r.str("body"), Some(""), "the text left the copy");
        assert_eq!(r.str("hidden_reason").unwrap_or_default(), reason);
    }
    let after = ok(
        &mut db,
        &env,
        json!({"type": "list_comments", "target": target}),
    );
    assert_eq!(list(&after, "comments").len(), 1);

    // A reply in another thread is refused; a meeting's comments are their own kind.
    let doc = created(&ok(
        &mut db,
        &env,
        json!({"type": "create_document", "kind": "resolution", "number": "05-NQ/ĐU",
               "title": "Nghị quyết về chuyển đổi số", "org_id": id(GRASSROOTS),
               "issuer": "Đảng ủy xã", "issued_on": "2026-11-20", "status": "in_force",
               "summary": "", "body": "Toàn văn", "topics": []}),
    ));
    refused(
        &mut db,
        &env,
        json!({"type": "add_comment", "target": {"kind": "document", "id": doc},
               "body": "Trả lời", "reply_to": mine}),
        ApiErrorKind::Invalid,
        "không thuộc cùng nội dung",
    );
    let meeting = created(&ok(
        &mut db,
        &env,
        json!({"type": "create_meeting", "org_id": id(CELL_A), "kind": "regular",
               "topic": "Sinh hoạt chi bộ tháng 12", "starts_at": NOW + 86_400_000,
               "ends_at": NOW + 86_400_000 + 7_200_000, "place": "Nhà văn hóa thôn 1",
               "agenda": ["Nhiệm vụ tháng 1"]}),
    ));
    let on_meeting = created(&ok(
        &mut db,
        &env,
        json!({"type": "add_comment", "target": {"kind": "meeting", "id": meeting},
               "body": "Đề nghị bổ sung nội dung đảng phí"}),
    ));
    assert_eq!(
        db.row(on_meeting).expect("db").map(|r| r.entity),
        Some(Entity::MeetingComment)
    );
    let on_doc = ok(
        &mut db,
        &env,
        json!({"type": "list_comments", "target": {"kind": "document", "id": doc}}),
    );
    assert_eq!(list(&on_doc, "comments").len(), 0);
    refused(
        &mut db,
        &env,
        json!({"type": "add_comment", "target": {"kind": "document", "id": id(0xD0D)},
               "body": "Ở đâu?"}),
        ApiErrorKind::NotFound,
        "nội dung mình đọc được",
    );
}
