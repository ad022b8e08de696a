//! Questions to the committee, the published FAQ searched with the library's
//! Vietnamese folding, drafts taking opinions until their deadline, and the notices
//! the notifier raises, in their JSON wire form on an enrolled replica with no server.

use crate::common;
use crate::exchange_api::*;

use common::wire_ok as ok;
use common::*;
use serde_json::json;
use sotay_model::api::ApiErrorKind;
use sotay_model::exchange::{
    Announcement, Answer, Draft, DraftSection, FaqEntry, Opinion, Question,
};
use sotay_model::{Entity, Id};

fn texts(v: &serde_json::Value, key: &str) -> Vec<String> {
    list(v, key)
        .iter()
        .map(|e| e["question"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_question_answered_privately_and_published_without_its_asker() {
    let home = tempfile::tempdir().expect("tempdir");
    // The secretary of cell A: answers for cell A, asks the grassroots committee.
    let (mut db, env) = world(home.path(), &[(CELL_A, "secretary")]);
    let mine = created(&ok(
        &mut db,
        &env,
        json!({"type": "ask_question", "org_id": id(GRASSROOTS),
               "body": "Mức đóng đảng phí của đảng viên hưu trí năm 2027 là bao nhiêu?"}),
    ));
    // Trần Văn An asked the cell on his phone.
    let theirs = Question {
        id: id(0xA1),
        org_id: id(CELL_A),
        asker_id: id(A2),
        body: "Đảng viên đi làm ăn xa có phải sinh hoạt tạm thời không?".into(),
        asked_ms: 0,
    };
    pull(&mut db, vec![by_other(&theirs, NOW - 60_000)]);

    let qs = ok(&mut db, &env, json!({"type": "list_questions"}));
    assert_eq!(qs["type"], "questions");
    let mine_listed = list(&qs, "mine");
    assert_eq!(mine_listed.len(), 1);
    assert_eq!(mine_listed[0]["asker_name"], "", "not named to themself");
    assert_eq!(mine_listed[0]["org_name"], "Đảng bộ xã Tam Quang");
    let to_answer = list(&qs, "to_answer");
    assert_eq!(to_answer.len(), 1);
    assert_eq!(to_answer[0]["asker_name"], "Trần Văn An");
    assert_eq!(to_answer[0]["answer"], json!(null));
    assert_eq!(
        qs["may_ask"],
        json!([
            [id(CELL_A), "Chi bộ thôn 1"],
            [id(GRASSROOTS), "Đảng bộ xã Tam Quang"],
            [id(DISTRICT), "Đảng bộ huyện Vũ Thư"],
            [id(PROVINCE), "Đảng bộ tỉnh Thái Bình"]
        ])
    );

    ok(
        &mut db,
        &env,
        json!({"type": "answer_question", "question_id": theirs.id,
               "body": "Có, đồng chí đăng ký sinh hoạt tạm thời nơi cư trú mới."}),
    );
    ok(
        &mut db,
        &env,
        json!({"type": "answer_question", "question_id": theirs.id,
               "body": "Có: đăng ký sinh hoạt tạm thời tại chi bộ nơi đến trong 30 ngày."}),
    );
    let a = db
        .live_typed::<Answer>(Answer::row_id(theirs.id))
        .expect("db")
        .expect("one answer, replaced");
    assert!(a.body.starts_with("Có: đăng ký"));
    assert_eq!((a.asker_id, a.answered_by), (id(A2), id(ME)));

    let faq = created(&ok(
        &mut db,
        &env,
        json!({"type": "publish_faq", "org_id": id(CELL_A), "question_id": theirs.id,
               "question": "Đảng viên đi làm ăn xa sinh hoạt ở đâu?",
               "answer": "Đăng ký sinh hoạt tạm thời tại chi bộ nơi đến trong 30 ngày."}),
    ));
    assert_eq!(faq, FaqEntry::row_id(theirs.id));
    env.set_now(NOW + 1_000);
    let own = created(&ok(
        &mut db,
        &env,
        json!({"type": "publish_faq", "org_id": id(CELL_A),
               "question": "Đảng phí đóng vào ngày nào?",
               "answer": "Chi bộ thu đảng phí tại kỳ sinh hoạt thường kỳ hằng tháng."}),
    ));
    let listed = ok(&mut db, &env, json!({"type": "list_questions"}));
    assert_eq!(list(&listed, "to_answer")[0]["faq_id"], json!(faq));

    // Without accents, accented, a word being typed; newest first when empty.
    let search = |db: &mut sotay_replica::Db, q: &str| {
        let v = ok(db, &env, json!({"type": "search_faq", "query": q}));
        assert_eq!(v["type"], "faq");
        texts(&v, "entries")
    };
    assert_eq!(
        search(&mut db, "dang phi"),
        vec!["Đảng phí đóng vào ngày nào?"]
    );
    assert_eq!(
        search(&mut db, "ĐẢNG PHÍ"),
        vec!["Đảng phí đóng vào ngày nào?"]
    );
    assert_eq!(
        search(&mut db, "sinh hoat tam"),
        vec!["Đảng viên đi làm ăn xa sinh hoạt ở đâu?"]
    );
    // "sinh hoạt" is in both: the question that says it comes first.
    assert_eq!(
        search(&mut db, "sinh hoạt"),
        vec![
            "Đảng viên đi làm ăn xa sinh hoạt ở đâu?",
            "Đảng phí đóng vào ngày nào?"
        ]
    );
    assert_eq!(
        search(&mut db, ""),
        vec![
            "Đảng phí đóng vào ngày nào?",
            "Đảng viên đi làm ăn xa sinh hoạt ở đâu?"
        ]
    );
    assert!(search(&mut db, "kết nạp").is_empty());

    ok(&mut db, &env, json!({"type": "unpublish_faq", "id": faq}));
    assert_eq!(search(&mut db, "").len(), 1);
    // Published again, the question's entry is a new one (the old id stays deleted).
    let again = created(&ok(
        &mut db,
        &env,
        json!({"type": "publish_faq", "org_id": id(CELL_A), "question_id": theirs.id,
               "question": "Đảng viên đi làm ăn xa sinh hoạt ở đâu?",
               "answer": "Tại chi bộ nơi đến."}),
    ));
    assert!(again != faq && again != own);
    assert_eq!(search(&mut db, "").len(), 2);

    // The grassroots committee answers this member's question on its device.
    let answer = Answer {
        id: Answer::row_id(mine),
        org_id: id(GRASSROOTS),
        question_id: mine,
        asker_id: id(ME),
        answered_by: id(0x99),
        body: "Theo Quy định 01-QĐ/TW: 0,5% lương hưu.".into(),
        answered_ms: 0,
    };
    pull(&mut db, vec![by_other(&answer, NOW + 500)]);
    let notices = ok(
        &mut db,
        &env,
        json!({"type": "exchange_notices", "since_ms": NOW}),
    );
    assert_eq!(
        notices["notices"],
        json!([{"kind": "answer", "id": mine,
                "title": "Mức đóng đảng phí của đảng viên hưu trí năm 2027 là bao nhiêu?",
                "at_ms": NOW + 500}])
    );
    let later = ok(
        &mut db,
        &env,
        json!({"type": "exchange_notices", "since_ms": NOW + 500}),
    );
    assert_eq!(later["notices"], json!([]));
}

fn sections() -> serde_json::Value {
    json!([
        {"key": "1", "title": "Đánh giá kết quả nhiệm kỳ", "text": "…"},
        {"key": "2", "title": "Phương hướng, nhiệm vụ", "text": "…"}
    ])
}

#[test]
fn opinions_are_given_changed_and_withdrawn_until_the_deadline() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), &[(CELL_A, "secretary")]);
    let draft = created(&ok(
        &mut db,
        &env,
        json!({"type": "open_draft", "org_id": id(CELL_A),
               "title": "Báo cáo chính trị đại hội chi bộ nhiệm kỳ 2027-2030",
               "intro": "Kính đề nghị các đồng chí góp ý", "sections": sections(),
               "deadline": "2026-12-05"}),
    ));
    let given = created(&ok(
        &mut db,
        &env,
        json!({"type": "give_opinion", "draft_id": draft, "section_key": "1",
               "body": "Cần nêu rõ kết quả thu đảng phí"}),
    ));
    assert_eq!(given, Opinion::row_id(draft, "1", id(ME)));
    assert_eq!(
        db.row(given).expect("db").map(|r| r.entity),
        Some(Entity::Opinion)
    );
    ok(
        &mut db,
        &env,
        json!({"type": "give_opinion", "draft_id": draft, "section_key": "1",
               "body": "Cần nêu rõ tỷ lệ thu đảng phí"}),
    );
    ok(
        &mut db,
        &env,
        json!({"type": "give_opinion", "draft_id": draft, "section_key": "2",
               "body": "Bổ sung chỉ tiêu kết nạp đảng viên"}),
    );
    ok(
        &mut db,
        &env,
        json!({"type": "give_opinion", "draft_id": draft, "section_key": "2", "body": "  "}),
    );
    let withdrawn = db
        .row(Opinion::row_id(draft, "2", id(ME)))
        .expect("db")
        .expect("kept, emptied");
    assert!(withdrawn.tombstone.is_none());
    assert_eq!(withdrawn.str("body"), Some(""), "its text left the copy");
    // Given again on the same section before the deadline: the same row, refilled.
    let again = created(&ok(
        &mut db,
        &env,
        json!({"type": "give_opinion", "draft_id": draft, "section_key": "2",
               "body": "Bổ sung lại"}),
    ));
    assert_eq!(again, Opinion::row_id(draft, "2", id(ME)));
    ok(
        &mut db,
        &env,
        json!({"type": "give_opinion", "draft_id": draft, "section_key": "2", "body": "  "}),
    );
    // Trần Văn An's opinion reaches the secretary (a private draft: the committee's).
    let theirs = Opinion {
        id: Opinion::row_id(draft, "2", id(A2)),
        org_id: id(CELL_A),
        draft_id: draft,
        section_key: "2".into(),
        author_id: id(A2),
        body: "Đề nghị giữ nguyên chỉ tiêu".into(),
        written_ms: 0,
    };
    pull(&mut db, vec![by_other(&theirs, NOW + 10)]);

    let drafts = ok(&mut db, &env, json!({"type": "list_drafts"}));
    assert_eq!(drafts["type"], "drafts");
    let card = &list(&drafts, "drafts")[0];
    assert_eq!(
        (
            card["open"].as_bool(),
            card["my_opinions"].as_u64(),
            card["opinions"].as_u64()
        ),
        (Some(true), Some(1), Some(2))
    );
    assert_eq!(card["may_collect"], true);
    assert_eq!(
        drafts["may_open_at"],
        json!([[id(CELL_A), "Chi bộ thôn 1"]])
    );
    let view = ok(&mut db, &env, json!({"type": "get_draft", "id": draft}));
    assert_eq!(view["type"], "draft");
    let per_section: Vec<Vec<(String, String)>> = list(&view["draft"], "sections")
        .iter()
        .map(|s| {
            list(s, "opinions")
                .iter()
                .map(|o| {
                    (
                        o["author_name"].as_str().unwrap_or_default().to_string(),
                        o["opinion"]["body"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                    )
                })
                .collect()
        })
        .collect();
    assert_eq!(
        per_section,
        vec![
            vec![(
                "Nguyễn Thị Hoa".into(),
                "Cần nêu rõ tỷ lệ thu đảng phí".into()
            )],
            vec![("Trần Văn An".into(), "Đề nghị giữ nguyên chỉ tiêu".into())],
        ]
    );
    for format in ["xlsx", "docx"] {
        let file = ok(
            &mut db,
            &env,
            json!({"type": "export_opinions", "draft_id": draft, "format": format}),
        );
        assert_eq!(file["type"], "exported_file");
        let name = file["name"].as_str().unwrap_or_default();
        assert!(
            name.starts_with("gop-y-bao-cao-chinh-tri-dai-hoi-chi-bo") && name.ends_with(format),
            "{name}"
        );
        let bytes = std::fs::read(file["path"].as_str().unwrap_or_default()).expect("written");
        assert!(bytes.starts_with(b"PK"));
    }

    // A day past the deadline (Vietnam time), nothing is taken, not even a withdrawal.
    env.set_now(NOW + 3 * 86_400_000 + 14 * 3_600_000);
    for body in ["Muộn", ""] {
        refused(
            &mut db,
            &env,
            json!({"type": "give_opinion", "draft_id": draft, "section_key": "1", "body": body}),
            ApiErrorKind::Invalid,
            "Đã hết hạn góp ý dự thảo (hạn cuối ngày 05/12/2026)",
        );
    }
    let closed = ok(&mut db, &env, json!({"type": "list_drafts"}));
    assert_eq!(list(&closed, "drafts")[0]["open"], false);
}

#[test]
fn a_member_sees_only_their_own_opinions_unless_the_draft_shows_them() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), &[]);
    let make = |n: u128, visible: bool| Draft {
        id: id(n),
        org_id: id(GRASSROOTS),
        title: format!("Dự thảo {n}"),
        intro: String::new(),
        sections: vec![DraftSection {
            key: "1".into(),
            title: "Toàn văn".into(),
            text: String::new(),
        }],
        deadline: "2026-12-20".into(),
        opinions_visible: visible,
        opened_by: id(0x99),
        opened_ms: 0,
    };
    let (private, open) = (make(0xD1, false), make(0xD2, true));
    let other = |d: &Draft| Opinion {
        id: Opinion::row_id(d.id, "1", id(B1)),
        org_id: id(GRASSROOTS),
        draft_id: d.id,
        section_key: "1".into(),
        author_id: id(B1),
        body: "Ý kiến của đồng chí Sơn".into(),
        written_ms: 0,
    };
    pull(
        &mut db,
        vec![
            by_other(&private, NOW - 5_000),
            by_other(&open, NOW - 5_000),
            // Held by mistake: a plain member's device is not shown it.
            by_other(&other(&private), NOW - 1_000),
            by_other(
                &sotay_model::exchange::OpenOpinion(other(&open)),
                NOW - 1_000,
            ),
        ],
    );
    for d in [&private, &open] {
        let given = created(&ok(
            &mut db,
            &env,
            json!({"type": "give_opinion", "draft_id": d.id, "section_key": "1",
                   "body": "Nhất trí"}),
        ));
        assert_eq!(
            db.row(given).expect("db").map(|r| r.entity),
            Some(d.opinion_entity())
        );
        let view = ok(&mut db, &env, json!({"type": "get_draft", "id": d.id}));
        let shown = list(&list(&view["draft"], "sections")[0], "opinions").len();
        assert_eq!(shown, if d.opinions_visible { 2 } else { 1 }, "{}", d.title);
        assert_eq!(view["draft"]["card"]["may_collect"], false);
    }
    refused(
        &mut db,
        &env,
        json!({"type": "export_opinions", "draft_id": private.id, "format": "xlsx"}),
        ApiErrorKind::Forbidden,
        "xuất được các ý kiến",
    );
}

#[test]
fn new_announcements_and_reminders_are_noticed_until_read() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), &[]);
    let copy = |batch: u128, reminders: u32| Announcement {
        id: Announcement::row_id(id(batch), id(GRASSROOTS)),
        org_id: id(GRASSROOTS),
        batch_id: id(batch),
        sender_org_id: id(GRASSROOTS),
        sent_by: id(0x99),
        title: format!("Thông báo {batch:x}"),
        body: String::new(),
        must_read_by: None,
        reminders,
        sent_ms: 0,
        reminded_ms: 0,
    };
    let (old, new) = (copy(0xB1, 1), copy(0xB2, 0));
    let mut old_row = by_other(&old, NOW - 86_400_000);
    // Reminded an hour ago; sent yesterday.
    if let Some(f) = old_row.fields.get_mut("reminders") {
        f.hlc = stamp(NOW - 3_600_000, OTHER_DEVICE);
    }
    pull(&mut db, vec![old_row, by_other(&new, NOW - 60_000)]);
    let since = NOW - 2 * 3_600_000;
    let notices = ok(
        &mut db,
        &env,
        json!({"type": "exchange_notices", "since_ms": since}),
    );
    let seen: Vec<(String, Id, u64)> = list(&notices, "notices")
        .iter()
        .map(|n| {
            (
                n["kind"].as_str().unwrap_or_default().to_string(),
                serde_json::from_value(n["id"].clone()).expect("id"),
                n["at_ms"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            ("reminder".into(), old.id, NOW - 3_600_000),
            ("announcement".into(), new.id, NOW - 60_000),
        ]
    );
    ok(
        &mut db,
        &env,
        json!({"type": "mark_announcement_read", "id": old.id}),
    );
    let after = ok(
        &mut db,
        &env,
        json!({"type": "exchange_notices", "since_ms": since}),
    );
    assert_eq!(list(&after, "notices").len(), 1, "read: no more reminded");
}
