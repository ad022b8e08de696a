//! The exchange forms' and threads' rules, natively.

use super::form::*;
use sotay_model::exchange::api::{CommentView, Notice, NoticeKind};
use sotay_model::exchange::{Comment, TargetKind};
use sotay_model::ids::Id;

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

fn filled() -> AnnouncementForm {
    AnnouncementForm {
        from: Some(id(1)),
        title: "  Triển khai Nghị quyết  ".into(),
        body: " Các chi bộ tổ chức học tập. ".into(),
        ..AnnouncementForm::default()
    }
}

#[test]
fn an_announcement_to_the_whole_subtree_names_no_organisation() {
    let req = filled().to_request(Some("2026-03-01")).expect("valid");
    assert_eq!(req.org_id, id(1));
    assert_eq!(req.title, "Triển khai Nghị quyết");
    assert_eq!(req.body, "Các chi bộ tổ chức học tập.");
    assert!(req.to_org_ids.is_empty());
    assert_eq!(req.must_read_by, None);
}

#[test]
fn an_empty_announcement_names_every_problem_at_once() {
    let f = AnnouncementForm {
        whole: false,
        must_read_by: "31/02/2026".into(),
        ..AnnouncementForm::default()
    };
    assert_eq!(
        f.to_request(None).expect_err("invalid"),
        vec![
            FormError::NeedOrg,
            FormError::NeedTitle,
            FormError::NeedRecipients,
            FormError::BadDate,
        ]
    );
}

#[test]
fn chosen_organisations_and_the_read_by_day_are_sent_as_typed() {
    let mut f = filled();
    f.whole = false;
    f.toggle(id(7), "Đảng bộ huyện Vũ Thư");
    f.toggle(id(8), "Đảng bộ huyện Tiền Hải");
    f.toggle(id(8), "Đảng bộ huyện Tiền Hải");
    f.must_read_by = "5/3/2026".into();
    let req = f.to_request(Some("2026-03-01")).expect("valid");
    assert_eq!(req.to_org_ids, vec![id(7)]);
    assert_eq!(req.must_read_by.as_deref(), Some("2026-03-05"));
    // A day gone by is refused where the device knows today; a native build does not.
    assert_eq!(
        f.to_request(Some("2026-03-06")).expect_err("past"),
        vec![FormError::PastDate]
    );
    // Another sending organisation drops what was chosen below the last one.
    f.set_from(Some(id(2)));
    assert!(f.to.is_empty());
}

#[test]
fn a_draft_names_each_sections_problem_by_its_place() {
    let mut f = DraftForm {
        org: Some(id(3)),
        title: "Dự thảo Báo cáo chính trị".into(),
        deadline: "30/06/2026".into(),
        ..DraftForm::default()
    };
    f.sections[0].title = "Đánh giá kết quả".into();
    f.add_section();
    f.add_section();
    assert_eq!(f.sections[2].key, "3");
    f.sections[1].key = "1".into();
    f.sections[2].key = " ".into();
    assert_eq!(
        f.to_request(Some("2026-06-01")).expect_err("invalid"),
        vec![
            FormError::SameKey("1".into()),
            FormError::SectionTitle(2),
            FormError::SectionKey(3),
            FormError::SectionTitle(3),
        ]
    );
    f.remove_section(2);
    f.sections[1].key = "2".into();
    f.sections[1].title = "Phương hướng".into();
    f.visible = true;
    let req = f.to_request(Some("2026-06-01")).expect("valid");
    assert_eq!(req.deadline, "2026-06-30");
    assert_eq!(req.sections.len(), 2);
    assert!(req.opinions_visible);
    assert_eq!(
        f.to_request(Some("2026-07-01")).expect_err("past"),
        vec![FormError::PastDeadline]
    );
}

#[test]
fn a_draft_without_anything_names_what_it_lacks() {
    let mut f = DraftForm::default();
    f.remove_section(0);
    f.deadline = "mai".into();
    assert_eq!(
        f.to_request(None).expect_err("invalid"),
        vec![
            FormError::NeedOrg,
            FormError::NeedTitle,
            FormError::NeedSection,
            FormError::BadDeadline,
        ]
    );
    f.deadline.clear();
    assert!(f
        .to_request(None)
        .expect_err("invalid")
        .contains(&FormError::NeedDeadline));
}

#[test]
fn texts_are_required_within_the_models_lengths() {
    assert_eq!(comment_body("  Nhất trí  "), Ok("Nhất trí".into()));
    assert_eq!(comment_body("   "), Err(FormError::NeedText));
    assert_eq!(
        comment_body(&"a".repeat(4_001)),
        Err(FormError::TextTooLong(4_000))
    );
    assert_eq!(hide_reason(""), Err(FormError::NeedReason));
    assert_eq!(hide_reason("Lạc đề"), Ok("Lạc đề".into()));
    assert_eq!(question_body(""), Err(FormError::NeedText));
    assert!(answer_body("Được, theo Quy định 01").is_ok());
}

#[test]
fn an_empty_opinion_withdraws_and_a_long_one_is_refused() {
    let req = opinion(id(1), "2.a", "  ").expect("withdraw");
    assert_eq!((req.section_key.as_str(), req.body.as_str()), ("2.a", ""));
    assert_eq!(
        opinion(id(1), "1", &"ý".repeat(10_001)),
        Err(FormError::TextTooLong(10_000))
    );
}

#[test]
fn publishing_needs_both_question_and_answer() {
    assert_eq!(
        publish(id(1), Some(id(2)), " ", ""),
        Err(vec![FormError::NeedQuestion, FormError::NeedAnswer])
    );
    let req = publish(id(1), Some(id(2)), " Hỏi? ", " Đáp. ").expect("valid");
    assert_eq!(
        (req.question.as_str(), req.answer.as_str()),
        ("Hỏi?", "Đáp.")
    );
    assert_eq!(req.question_id, Some(id(2)));
}

fn comment(n: u128, reply_to: Option<u128>, at: u64) -> CommentView {
    CommentView {
        comment: Comment {
            id: id(n),
            org_id: id(100),
            target_kind: TargetKind::Announcement,
            target_id: id(200),
            reply_to: reply_to.map(id),
            author_id: id(300),
            body: format!("bình luận {n}"),
            hidden_reason: String::new(),
            written_ms: at,
            edited_ms: at,
        },
        author_name: "Nguyễn Văn An".into(),
        mine: false,
        may_hide: false,
    }
}

#[test]
fn replies_follow_what_they_answer_and_orphans_stand_alone() {
    let list = vec![
        comment(1, None, 10),
        comment(2, None, 20),
        comment(3, Some(1), 30),
        comment(4, Some(3), 40),
        // Answers a comment withdrawn since: at the top level, in its time.
        comment(5, Some(99), 15),
        comment(6, Some(1), 25),
        comment(7, Some(4), 50),
        comment(8, Some(7), 60),
    ];
    let order: Vec<(u8, u128)> = thread(&list)
        .into_iter()
        .map(|(d, c)| (d, c.comment.id.0.as_u128()))
        .collect();
    assert_eq!(
        order,
        vec![
            (0, 1),
            (1, 6),
            (1, 3),
            (2, 4),
            (3, 7),
            // Deeper replies stay at the deepest indent.
            (3, 8),
            (0, 5),
            (0, 2),
        ]
    );
}

fn notice(kind: NoticeKind, n: u128, at: u64) -> Notice {
    Notice {
        kind,
        id: id(n),
        title: "x".into(),
        at_ms: at,
        target: None,
    }
}

#[test]
fn each_notice_shows_once_and_a_late_row_still_shows() {
    let day = 24 * 3_600_000;
    let now = 30 * day;
    let mut mark = NoticeMark::new(now);
    assert_eq!(mark.ask_from(), now - LOOK_BACK_MS);
    // The first answer of a start: what was there before the mark is not news.
    let shown = mark.take(vec![
        notice(NoticeKind::Announcement, 1, now - day),
        notice(NoticeKind::Answer, 2, now + 10),
    ]);
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].id, id(2));
    assert_eq!(mark.since, now + 10);
    // Asked again: nothing shown twice; a row written offline two days ago that has
    // just synced is news, though older than the mark; a reminder of a seen
    // announcement is news too.
    let shown = mark.take(vec![
        notice(NoticeKind::Announcement, 1, now - day),
        notice(NoticeKind::Answer, 2, now + 10),
        notice(NoticeKind::Reply, 3, now - 2 * day),
        notice(NoticeKind::Reminder, 1, now + 20),
    ]);
    let ids: Vec<(NoticeKind, Id)> = shown.iter().map(|n| (n.kind, n.id)).collect();
    assert_eq!(
        ids,
        vec![(NoticeKind::Reply, id(3)), (NoticeKind::Reminder, id(1))]
    );
    // The mark never goes back.
    assert_eq!(mark.since, now + 20);
    assert!(mark.take(vec![]).is_empty());
    assert_eq!(mark.since, now + 20);
}

#[test]
fn a_notice_opens_its_item_and_a_reply_opens_what_it_was_written_under() {
    use crate::exchange::notices::{destination, Destination};
    use sotay_model::exchange::CommentTarget;
    let reply = |kind, under| Notice {
        target: Some(CommentTarget {
            kind,
            id: id(under),
        }),
        ..notice(NoticeKind::Reply, 9, 1)
    };
    assert_eq!(
        destination(&notice(NoticeKind::Announcement, 1, 1)),
        Destination::Announcement(id(1))
    );
    assert_eq!(
        destination(&notice(NoticeKind::Reminder, 2, 1)),
        Destination::Announcement(id(2))
    );
    assert_eq!(
        destination(&reply(TargetKind::Document, 35)),
        Destination::Document(id(35))
    );
    assert_eq!(
        destination(&reply(TargetKind::Meeting, 7)),
        Destination::Meeting(id(7))
    );
    assert_eq!(
        destination(&reply(TargetKind::Announcement, 4)),
        Destination::Announcement(id(4))
    );
    // A reply from an older replica (no target) and an answer open Trao đổi.
    assert_eq!(
        destination(&notice(NoticeKind::Reply, 9, 1)),
        Destination::Exchange
    );
    assert_eq!(
        destination(&notice(NoticeKind::Answer, 3, 1)),
        Destination::Exchange
    );
}
