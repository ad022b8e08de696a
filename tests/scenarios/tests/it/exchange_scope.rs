//! Issue 16: who holds what, on a real server with real phones. An announcement from
//! the province to one district reaches that district's cells and never the other
//! district's phones (neither their Api nor their rows); a private question and its
//! answer are on the asker's phone and the asked committee's only, not the cell's
//! secretary's nor the committees above; a comment hidden by the district's committee
//! leaves every phone at its next sync, text and all, and stays in the server's audit
//! log as a deletion by that committee member.

use crate::exchange_world::{Phone, World};
use sotay_model::exchange::requests::{
    AddComment, AnswerQuestion, AskQuestion, CreateAnnouncement, GetAnnouncementReads, HideComment,
    ListAnnouncements, ListComments, ListQuestions, MarkAnnouncementRead,
};
use sotay_model::exchange::{Announcement, Answer, CommentTarget, TargetKind};
use sotay_model::{Entity, Id};

async fn sync_all(phones: &[&Phone]) {
    for p in phones {
        p.sync().await;
    }
}

fn holds_row(p: &Phone, id: Id) -> bool {
    p.rows().iter().any(|r| r.row_id == id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_is_sent_asked_and_hidden_stays_with_those_it_is_for() {
    let w = World::start().await;
    let prov = w.phone(w.province, "máy tỉnh ủy").await;
    let dist1 = w.phone(w.district1, "máy huyện ủy Vũ Thư").await;
    let dist2 = w.phone(w.district2, "máy huyện ủy Tiền Hải").await;
    let commune = w.phone(w.commune1, "máy đảng ủy xã Tân Hòa").await;
    let cell = w.phone(w.cell1, "máy bí thư chi bộ Hòa Bình").await;
    let (c1, c2, c3) = (
        w.with_phones(w.c1),
        w.with_phones(w.c2),
        w.with_phones(w.c3),
    );
    let asker = w.phone(c1[0], "điện thoại đảng viên Hòa Bình").await;
    let neighbour = w.phone(c1[1], "điện thoại đảng viên Hòa Bình 2").await;
    let commenter = w.phone(c2[0], "điện thoại đảng viên Đoàn Kết").await;
    let far = w.phone(c3[0], "điện thoại đảng viên Nam Hải").await;
    let everyone = [
        &prov, &dist1, &dist2, &commune, &cell, &asker, &neighbour, &commenter, &far,
    ];

    // The province writes to Vũ Thư only.
    let title = "Về việc quán triệt nghị quyết của huyện Vũ Thư";
    let batch = prov
        .ask(CreateAnnouncement {
            org_id: w.p,
            title: title.into(),
            body: "Nội dung chỉ dành cho huyện Vũ Thư".into(),
            to_org_ids: vec![w.d1],
            must_read_by: Some("2026-12-15".into()),
        })
        .await;
    prov.sync().await;
    sync_all(&everyone).await;
    let copy = Announcement::row_id(batch, w.d1);
    assert_eq!(w.server_rows("announcement").len(), 1);
    for p in [&dist1, &commune, &cell, &asker, &neighbour, &commenter] {
        let feed = p.ask(ListAnnouncements {}).await;
        let ids: Vec<Id> = feed.received.iter().map(|r| r.announcement.id).collect();
        assert_eq!(ids, vec![copy], "{} receives Vũ Thư's copy", p.name);
    }
    for p in [&dist2, &far] {
        let feed = p.ask(ListAnnouncements {}).await;
        assert!(
            feed.received.is_empty() && feed.sent.is_empty(),
            "{}",
            p.name
        );
        assert!(
            !p.rows().iter().any(|r| r.entity == Entity::Announcement),
            "{} holds no copy",
            p.name
        );
        assert!(!p.holds_text(title), "{}", p.name);
    }
    asker.ask(MarkAnnouncementRead { id: copy }).await;
    asker.sync().await;
    sync_all(&everyone).await;
    for p in [&dist2, &far] {
        assert!(
            !p.rows()
                .iter()
                .any(|r| r.entity == Entity::AnnouncementRead),
            "{} holds no receipt of Vũ Thư's",
            p.name
        );
    }
    let reads = prov.ask(GetAnnouncementReads { batch_id: batch }).await;
    assert_eq!(reads.orgs[0].org_id, w.d1);
    // C1 and C2: four active members each, and the officers sitting there (the
    // province's, the commune's and the cell's in C1, the district's in C2).
    assert_eq!((reads.orgs[0].readers, reads.orgs[0].recipients), (1, 12));

    // A private question to the commune's committee, answered there.
    let secret_q = "Câu hỏi riêng về hoàn cảnh gia đình của tôi";
    let secret_a = "Cấp ủy đã ghi nhận và sẽ gặp đồng chí";
    let q = asker
        .ask(AskQuestion {
            org_id: w.g1,
            body: secret_q.into(),
        })
        .await;
    asker.sync().await;
    commune.sync().await;
    let to_answer = commune.ask(ListQuestions {}).await.to_answer;
    assert_eq!(to_answer.len(), 1);
    assert_eq!(
        to_answer[0].asker_name,
        w.members
            .iter()
            .find(|m| m.id == c1[0])
            .map(|m| m.name.clone())
            .unwrap_or_default()
    );
    commune
        .ask(AnswerQuestion {
            question_id: q,
            body: secret_a.into(),
        })
        .await;
    commune.sync().await;
    sync_all(&everyone).await;
    let mine = asker.ask(ListQuestions {}).await.mine;
    assert_eq!(
        mine[0].answer.as_ref().map(|a| a.body.as_str()),
        Some(secret_a)
    );
    for p in everyone {
        let allowed = p.member == asker.member || p.member == commune.member;
        for (row, text) in [(q, secret_q), (Answer::row_id(q), secret_a)] {
            assert_eq!(
                holds_row(p, row),
                allowed,
                "{} and the question's rows",
                p.name
            );
            assert_eq!(p.holds_text(text), allowed, "{} and {text}", p.name);
        }
    }

    // A comment on Vũ Thư's copy, hidden by the district's committee.
    let target = CommentTarget {
        kind: TargetKind::Announcement,
        id: copy,
    };
    let said = "Bình luận không phù hợp cần ẩn đi";
    let c = commenter
        .ask(AddComment {
            target,
            body: said.into(),
            reply_to: None,
        })
        .await;
    commenter.sync().await;
    sync_all(&everyone).await;
    for p in [&dist1, &asker, &commenter, &prov] {
        let thread = p.ask(ListComments { target }).await;
        assert_eq!(thread.len(), 1, "{} reads the thread", p.name);
    }
    assert!(!dist2.holds_text(said) && !far.holds_text(said));
    let thread = dist1.ask(ListComments { target }).await;
    assert!(thread[0].may_hide, "the district's committee may hide it");
    dist1
        .ask(HideComment {
            id: c,
            reason: "Không đúng chủ đề".into(),
        })
        .await;
    dist1.sync().await;
    sync_all(&everyone).await;
    for p in everyone {
        assert!(
            !p.holds_text(said),
            "{} still holds the hidden text",
            p.name
        );
        assert!(p.rejections().await.is_empty(), "{}", p.name);
    }
    for p in [&dist1, &asker, &commenter, &prov, &commune] {
        assert!(
            p.ask(ListComments { target }).await.is_empty(),
            "{}",
            p.name
        );
    }
    assert!(w.server_rows("comment").is_empty());
    let conn = rusqlite::Connection::open(w.dir.path().join("sotay.db")).expect("open");
    let (who, accepted): (String, i64) = conn
        .query_row(
            "SELECT member_id, accepted FROM audit WHERE row_id = ?1 AND action = 'delete'",
            [c.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the hiding is in the audit log");
    assert_eq!((who, accepted), (w.district1.to_string(), 1));
    let state: String = conn
        .query_row(
            "SELECT state FROM rows WHERE row_id = ?1",
            [c.to_string()],
            |r| r.get(0),
        )
        .expect("the deleted row");
    assert!(!state.contains(said) && state.contains("Không đúng chủ đề"));
}
