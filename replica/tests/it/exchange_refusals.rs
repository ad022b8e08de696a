//! What the server would refuse, refused on the device before any sync, in
//! Vietnamese and writing nothing: a plain member sending, answering, publishing,
//! opening a draft, hiding or withdrawing another's comment; an office sending
//! outside its subtree or without a title; a question to another branch of the tree;
//! a draft badly made or past its day.

use crate::common;
use crate::exchange_api::*;

use common::wire_ok as ok;
use common::*;
use serde_json::json;
use sotay_model::api::ApiErrorKind::{Forbidden, Invalid, NotFound};
use sotay_model::exchange::{Announcement, Comment, Question, TargetKind};

#[test]
fn a_plain_member_is_told_what_is_the_committees_to_do() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), &[]);
    let b = |n: u128, org: u128| Announcement {
        id: Announcement::row_id(id(n), id(org)),
        org_id: id(org),
        batch_id: id(n),
        sender_org_id: id(GRASSROOTS),
        sent_by: id(0x99),
        title: "Thông báo".into(),
        body: String::new(),
        must_read_by: None,
        reminders: 0,
        sent_ms: 0,
        reminded_ms: 0,
    };
    let (ours, theirs) = (b(0xB1, CELL_A), b(0xB2, CELL_B));
    let comment = Comment {
        id: id(0xC0),
        org_id: id(CELL_A),
        target_kind: TargetKind::Announcement,
        target_id: ours.id,
        reply_to: None,
        author_id: id(A2),
        body: "Ý kiến của đồng chí An".into(),
        hidden_reason: String::new(),
        written_ms: 0,
        edited_ms: 0,
    };
    let question = Question {
        id: id(0xA1),
        org_id: id(CELL_A),
        asker_id: id(A2),
        body: "Hỏi".into(),
        asked_ms: 0,
    };
    pull(
        &mut db,
        vec![
            by_other(&ours, NOW - 9_000),
            by_other(&theirs, NOW - 9_000),
            by_other(&comment, NOW - 5_000),
            by_other(&question, NOW - 5_000),
        ],
    );
    let cases = [
        (
            json!({"type": "create_announcement", "org_id": id(CELL_A), "title": "Tin"}),
            Forbidden,
            "Chỉ cấp ủy, văn phòng của tổ chức mới được gửi thông báo",
        ),
        (
            json!({"type": "remind_announcement", "batch_id": id(0xB1)}),
            Forbidden,
            "mới nhắc đọc được",
        ),
        (
            json!({"type": "get_announcement_reads", "batch_id": id(0xB1)}),
            Forbidden,
            "mới xem được ai đã đọc",
        ),
        (
            json!({"type": "mark_announcement_read", "id": theirs.id}),
            Forbidden,
            "không gửi đến chi bộ của đồng chí",
        ),
        (
            json!({"type": "edit_comment", "id": id(0xC0), "body": "Sửa hộ"}),
            Forbidden,
            "Chỉ người viết",
        ),
        (
            json!({"type": "withdraw_comment", "id": id(0xC0)}),
            Forbidden,
            "Chỉ người viết mới được sửa hoặc rút bình luận",
        ),
        (
            json!({"type": "hide_comment", "id": id(0xC0), "reason": "Không phù hợp"}),
            Forbidden,
            "Chỉ cấp ủy của tổ chức hoặc cấp trên mới được ẩn",
        ),
        (
            json!({"type": "ask_question", "org_id": id(OTHER_GRASSROOTS), "body": "Hỏi"}),
            Forbidden,
            "chỉ hỏi được cấp ủy chi bộ mình hoặc cấp ủy cấp trên",
        ),
        (
            json!({"type": "answer_question", "question_id": id(0xA1), "body": "Trả lời"}),
            Forbidden,
            "mới trả lời câu hỏi",
        ),
        (
            json!({"type": "publish_faq", "org_id": id(CELL_A), "question": "Hỏi",
                   "answer": "Đáp"}),
            Forbidden,
            "mới công bố hỏi đáp",
        ),
        (
            json!({"type": "open_draft", "org_id": id(CELL_A), "title": "Dự thảo",
                   "sections": [{"key": "1", "title": "Phần một"}], "deadline": "2026-12-20"}),
            Forbidden,
            "mới đưa dự thảo ra lấy ý kiến",
        ),
        (
            json!({"type": "ask_question", "org_id": id(CELL_A), "body": "   "}),
            Invalid,
            "Hãy nhập câu hỏi",
        ),
        (
            json!({"type": "add_comment", "target": {"kind": "announcement", "id": ours.id},
                   "body": ""}),
            Invalid,
            "Bình luận không được để trống",
        ),
        (
            json!({"type": "withdraw_comment", "id": id(0xC1)}),
            NotFound,
            "Không tìm thấy bình luận",
        ),
    ];
    for (req, kind, words) in cases {
        refused(&mut db, &env, req, kind, words);
    }
    // The comment is still there, untouched.
    let c = db
        .live_typed::<Comment>(id(0xC0))
        .expect("db")
        .expect("live");
    assert_eq!(c.body, "Ý kiến của đồng chí An");
}

#[test]
fn an_office_sends_within_its_subtree_only_and_opens_well_made_drafts() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), &[(GRASSROOTS, "office_staff")]);
    let send = |to: &[u128], title: &str, by: Option<&str>| {
        let mut v = json!({"type": "create_announcement", "org_id": id(GRASSROOTS),
                           "title": title,
                           "to_org_ids": to.iter().map(|o| id(*o)).collect::<Vec<_>>()});
        if let Some(d) = by {
            v["must_read_by"] = json!(d);
        }
        v
    };
    let draft = |sections: serde_json::Value, deadline: &str| {
        json!({"type": "open_draft", "org_id": id(GRASSROOTS), "title": "Dự thảo nghị quyết",
               "sections": sections, "deadline": deadline})
    };
    let one = json!([{"key": "1", "title": "Phần một"}]);
    let cases = [
        (
            send(&[PROVINCE], "Tin", None),
            Invalid,
            "Đảng bộ tỉnh Thái Bình không phải tổ chức trực thuộc",
        ),
        (
            send(&[CELL_A, CELL_C], "Tin", None),
            Invalid,
            "Chi bộ thôn 3 không phải tổ chức trực thuộc",
        ),
        (
            send(&[GRASSROOTS], "Tin", None),
            Invalid,
            "không phải tổ chức trực thuộc",
        ),
        (send(&[0x777], "Tin", None), NotFound, "tổ chức nhận"),
        (send(&[], "  ", None), Invalid, "Thông báo phải có tiêu đề"),
        (
            send(&[], "Tin", Some("2026-12-01")),
            Invalid,
            "Hạn phải đọc đã qua",
        ),
        (
            send(&[], "Tin", Some("2026-02-30")),
            Invalid,
            "không hợp lệ",
        ),
        (draft(json!([]), "2026-12-20"), Invalid, "ít nhất một phần"),
        (
            draft(
                json!([{"key": "1", "title": "Một"}, {"key": " 1 ", "title": "Hai"}]),
                "2026-12-20",
            ),
            Invalid,
            "Dự thảo có hai phần cùng số hiệu 1",
        ),
        (
            draft(json!([{"key": "1", "title": " "}]), "2026-12-20"),
            Invalid,
            "Phần 1 của dự thảo thiếu tiêu đề",
        ),
        (
            draft(one.clone(), "2026-12-01"),
            Invalid,
            "Hạn góp ý đã qua",
        ),
        (draft(one.clone(), "20/12/2026"), Invalid, "không hợp lệ"),
    ];
    for (req, kind, words) in cases {
        refused(&mut db, &env, req, kind, words);
    }
    // Office staff send and open drafts, but do not hide comments (the committee does).
    let batch = created(&ok(
        &mut db,
        &env,
        send(&[CELL_A], "Tin", Some("2026-12-02")),
    ));
    let copy = Announcement::row_id(batch, id(CELL_A));
    let c = created(&ok(
        &mut db,
        &env,
        json!({"type": "add_comment", "target": {"kind": "announcement", "id": copy},
               "body": "Đã nhận"}),
    ));
    refused(
        &mut db,
        &env,
        json!({"type": "hide_comment", "id": c, "reason": "Thử"}),
        Forbidden,
        "Chỉ cấp ủy",
    );
    created(&ok(&mut db, &env, draft(one, "2026-12-02")));
}

#[test]
fn an_opinion_is_given_only_by_members_of_the_drafts_organisation() {
    let home = tempfile::tempdir().expect("tempdir");
    // Committee member of the district: collects, but is a member of cell A only.
    let (mut db, env) = world(home.path(), &[(DISTRICT, "committee_member")]);
    let d = sotay_model::exchange::Draft {
        id: id(0xD1),
        org_id: id(CELL_B),
        title: "Nghị quyết chi bộ thôn 2".into(),
        intro: String::new(),
        sections: vec![sotay_model::exchange::DraftSection {
            key: "1".into(),
            title: "Toàn văn".into(),
            text: String::new(),
        }],
        deadline: "2026-12-20".into(),
        opinions_visible: false,
        opened_by: id(B1),
        opened_ms: 0,
    };
    pull(&mut db, vec![by_other(&d, NOW - 5_000)]);
    refused(
        &mut db,
        &env,
        json!({"type": "give_opinion", "draft_id": d.id, "section_key": "1", "body": "Ý kiến"}),
        Forbidden,
        "Chỉ đảng viên thuộc tổ chức lấy ý kiến",
    );
    let above = sotay_model::exchange::Draft {
        id: id(0xD2),
        org_id: id(GRASSROOTS),
        ..d.clone()
    };
    pull(&mut db, vec![by_other(&above, NOW - 5_000)]);
    refused(
        &mut db,
        &env,
        json!({"type": "give_opinion", "draft_id": above.id, "section_key": "9", "body": "Ý kiến"}),
        NotFound,
        "Dự thảo không có phần này",
    );
    ok(
        &mut db,
        &env,
        json!({"type": "give_opinion", "draft_id": above.id, "section_key": "1", "body": "Ý kiến"}),
    );
    let view = ok(&mut db, &env, json!({"type": "get_draft", "id": d.id}));
    assert_eq!(
        view["draft"]["card"]["may_collect"], true,
        "the district collects"
    );
}
