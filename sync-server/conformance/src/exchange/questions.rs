//! Questions to a committee, their answers and published entries; drafts and opinions
//! (issue 16).

use super::{absent, put, world};
use crate::fixture::Pen;
use crate::{accept, forbidden, refuse, refused_because, Backend};
use sotay_model::exchange::{
    Answer, Draft, DraftSection, FaqEntry, OpenOpinion, Opinion, Question,
};
use sotay_model::hlc::Hlc;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::Outcome;
use sotay_model::{Change, Entity};
use sotay_server::store::Store;

/// The last instant of the drafts' deadline (2026-12-10, 23:59:59.999 in Vietnam).
const LAST_MS: u64 = 1_796_921_999_999;
const DEADLINE: &str = "2026-12-10";

fn question(id: Id, org: Id, asker: Id) -> Question {
    Question {
        id,
        org_id: org,
        asker_id: asker,
        body: "Đảng viên đi làm ăn xa có phải chuyển sinh hoạt đảng tạm thời không?".into(),
        asked_ms: 0,
    }
}

fn answer(q: &Question, by: Id) -> Answer {
    Answer {
        id: Answer::row_id(q.id),
        org_id: q.org_id,
        question_id: q.id,
        asker_id: q.asker_id,
        answered_by: by,
        body: "Đi làm ăn xa từ 3 tháng trở lên thì chuyển sinh hoạt đảng tạm thời.".into(),
        answered_ms: 0,
    }
}

fn draft(id: Id, org: Id, visible: bool, by: Id) -> Draft {
    let section = |key: &str, title: &str| DraftSection {
        key: key.into(),
        title: title.into(),
        text: "Nội dung dự thảo.".into(),
    };
    Draft {
        id,
        org_id: org,
        title: "Dự thảo báo cáo chính trị trình đại hội".into(),
        intro: String::new(),
        sections: vec![
            section("1", "Kết quả thực hiện nghị quyết nhiệm kỳ qua"),
            section("2", "Phương hướng, nhiệm vụ nhiệm kỳ tới"),
        ],
        deadline: DEADLINE.into(),
        opinions_visible: visible,
        opened_by: by,
        opened_ms: 0,
    }
}

fn opinion(d: &Draft, key: &str, author: Id) -> Opinion {
    Opinion {
        id: Opinion::row_id(d.id, key, author),
        org_id: d.org_id,
        draft_id: d.id,
        section_key: key.into(),
        author_id: author,
        body: "Đề nghị nêu rõ hơn nguyên nhân của hạn chế.".into(),
        written_ms: 0,
    }
}

/// `change` restamped after the deadline and pushed with the server's clock there.
fn late(store: &impl Store, dev: DeviceId, mut change: Change) -> Outcome {
    let stamp = Hlc {
        wall_ms: LAST_MS + 1,
        counter: 0,
        node: dev,
    };
    for f in change.fields.values_mut() {
        f.hlc = stamp;
    }
    if change.tombstone.is_some() {
        change.tombstone = Some(stamp);
    }
    let mut out = store.push(dev, &[change], LAST_MS + 2).expect("push");
    out.remove(0).outcome
}

/// A question and its answer reach the asker and the committee asked only; answers
/// and published entries follow their question; opinions are the author's, in time,
/// on a section of a live draft of their organisation, private or open as it says.
pub fn exchange_questions_answers_and_opinions_on_drafts<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let w = world(&store);
    let (t, d) = (&w.t, &w.d);
    let mut pen = Pen::default();

    // Asking: one's own cell's committee or one above, in one's own name.
    let q1 = question(super::id(400), t.c1, t.m1);
    let q2 = question(super::id(401), t.g1, t.m1);
    for org in [t.c2, t.d2] {
        let astray = question(pen.id(), org, t.m1);
        refused_because(
            &refuse(&store, d.m1, &put(&mut pen, d.m1, &astray)),
            "cấp ủy chi bộ mình hoặc cấp ủy cấp trên",
        );
        absent(&store, astray.id);
    }
    let for_m2 = question(pen.id(), t.c1, t.m2);
    forbidden(&refuse(&store, d.m1, &put(&mut pen, d.m1, &for_m2)));
    accept(&store, d.m1, &put(&mut pen, d.m1, &q1));
    accept(&store, d.m1, &put(&mut pen, d.m1, &q2));

    // Answering: the derived id, the question's organisation and asker, the answerer.
    let a1 = answer(&q1, t.sec);
    let withdrawn_q = question(super::id(402), t.c1, t.m1);
    accept(&store, d.m1, &put(&mut pen, d.m1, &withdrawn_q));
    accept(
        &store,
        d.m1,
        &pen.delete(d.m1, Entity::Question, withdrawn_q.id, t.c1),
    );
    let refusals = [
        (
            Answer {
                id: pen.id(),
                ..a1.clone()
            },
            "mã câu trả lời",
        ),
        (
            Answer {
                answered_by: t.m1,
                ..a1.clone()
            },
            "người trả lời",
        ),
        (
            Answer {
                asker_id: t.m2,
                ..a1.clone()
            },
            "người hỏi",
        ),
        (
            answer(&question(pen.id(), t.c1, t.m1), t.sec),
            "không tồn tại",
        ),
        (answer(&withdrawn_q, t.sec), "đã được rút"),
        (
            Answer {
                org_id: t.c1,
                ..answer(&q2, t.sec)
            },
            "tổ chức được hỏi",
        ),
    ];
    for (bad, why) in &refusals {
        refused_because(&refuse(&store, d.sec, &put(&mut pen, d.sec, bad)), why);
    }
    absent(&store, a1.id);
    accept(&store, d.sec, &put(&mut pen, d.sec, &a1));
    let a2 = answer(&q2, w.g1s);
    accept(&store, w.dev_g1s, &put(&mut pen, w.dev_g1s, &a2));
    // Withdrawn only while unanswered, and only by the asker.
    refused_because(
        &refuse(
            &store,
            d.m1,
            &pen.delete(d.m1, Entity::Question, q1.id, t.c1),
        ),
        "đã được trả lời",
    );
    forbidden(&refuse(
        &store,
        d.m2,
        &pen.delete(d.m2, Entity::Question, q1.id, t.c1),
    ));
    // Private: the asker and the committee asked, not a cell-mate nor the one above.
    for row in [q1.id, a1.id] {
        w.pulled_by(&store, row, &[d.m1, d.sec]);
    }
    for row in [q2.id, a2.id] {
        w.pulled_by(&store, row, &[d.m1, w.dev_g1s]);
    }

    // Publishing: from a question of the same organisation, under its derived id.
    let faq = FaqEntry {
        id: FaqEntry::row_id(q1.id),
        org_id: t.c1,
        question_id: Some(q1.id),
        question: "Đi làm ăn xa có phải chuyển sinh hoạt đảng không?".into(),
        answer: "Từ 3 tháng trở lên thì chuyển sinh hoạt tạm thời.".into(),
        published_ms: 0,
    };
    for (bad, why) in [
        (
            FaqEntry {
                id: pen.id(),
                ..faq.clone()
            },
            "mã mục hỏi đáp",
        ),
        (
            FaqEntry {
                id: FaqEntry::row_id(q2.id),
                question_id: Some(q2.id),
                ..faq.clone()
            },
            "tổ chức đã được hỏi",
        ),
    ] {
        refused_because(&refuse(&store, d.sec, &put(&mut pen, d.sec, &bad)), why);
        absent(&store, bad.id);
    }
    accept(&store, d.sec, &put(&mut pen, d.sec, &faq));
    let written = FaqEntry {
        id: pen.id(),
        question_id: None,
        ..faq.clone()
    };
    accept(&store, d.sec, &put(&mut pen, d.sec, &written));
    w.pulled_by(
        &store,
        faq.id,
        &[d.m1, d.m2, d.sec, d.dc, w.dev_g1s, w.dev_po],
    );

    // Drafts: opened in the opener's name.
    let private = draft(super::id(410), t.d1, false, t.dc);
    refused_because(
        &refuse(
            &store,
            d.dc,
            &put(
                &mut pen,
                d.dc,
                &Draft {
                    opened_by: w.po,
                    ..private.clone()
                },
            ),
        ),
        "người mở",
    );
    accept(&store, d.dc, &put(&mut pen, d.dc, &private));
    let open = draft(super::id(411), t.g1, true, w.g1s);
    accept(&store, w.dev_g1s, &put(&mut pen, w.dev_g1s, &open));
    let dropped = draft(super::id(412), t.d1, false, t.dc);
    accept(&store, d.dc, &put(&mut pen, d.dc, &dropped));
    accept(
        &store,
        d.dc,
        &pen.delete(d.dc, Entity::Draft, dropped.id, t.d1),
    );

    opinions(&store, &w, &mut pen, &private, &open, &dropped);
}

fn opinions(
    store: &impl Store,
    w: &super::World,
    pen: &mut Pen,
    private: &Draft,
    open: &Draft,
    dropped: &Draft,
) {
    let (t, d) = (&w.t, &w.d);
    let mine = opinion(private, "1", t.m1);
    let refusals = [
        (
            Opinion {
                id: pen.id(),
                ..mine.clone()
            },
            "mã ý kiến",
        ),
        (opinion(private, "9", t.m1), "không có phần 9"),
        (opinion(dropped, "1", t.m1), "đã bị xóa"),
        (
            Opinion {
                org_id: t.c1,
                ..mine.clone()
            },
            "tổ chức lấy ý kiến",
        ),
    ];
    for (bad, why) in &refusals {
        refused_because(&refuse(store, d.m1, &put(pen, d.m1, bad)), why);
        absent(store, bad.id);
    }
    // The kind of opinion the draft takes.
    let shown = OpenOpinion(mine.clone());
    refused_because(
        &refuse(store, d.m1, &put(pen, d.m1, &shown)),
        "không công khai",
    );
    refused_because(
        &refuse(store, d.m1, &put(pen, d.m1, &opinion(open, "1", t.m1))),
        "công khai ý kiến",
    );
    // Someone else's name; a member outside the draft's organisation.
    forbidden(&refuse(
        store,
        d.m1,
        &put(pen, d.m1, &opinion(private, "1", t.m2)),
    ));
    let outsider = opinion(private, "1", t.o);
    refused_because(
        &refuse(store, d.o, &put(pen, d.o, &outsider)),
        "thuộc tổ chức lấy ý kiến",
    );
    absent(store, outsider.id);
    accept(store, d.m1, &put(pen, d.m1, &mine));

    // In time by every stamp: a late new opinion, edit or withdrawal is refused.
    let m2s = opinion(private, "2", t.m2);
    refused_because(&late(store, d.m2, put(pen, d.m2, &m2s)), "hết hạn góp ý");
    absent(store, m2s.id);
    let body = |pen: &mut Pen, text: &str| {
        let fields = vec![("body", serde_json::json!(text))];
        pen.edit(d.m1, Entity::Opinion, mine.id, t.d1, fields)
    };
    refused_because(&late(store, d.m1, body(pen, "Sửa sau hạn")), "10/12/2026");
    let gone = pen.delete(d.m1, Entity::Opinion, mine.id, t.d1);
    refused_because(&late(store, d.m1, gone), "hết hạn góp ý");
    accept(store, d.m1, &body(pen, "Đề nghị bổ sung số liệu năm 2025."));
    let second = opinion(private, "2", t.m1);
    accept(store, d.m1, &put(pen, d.m1, &second));
    accept(
        store,
        d.m1,
        &pen.delete(d.m1, Entity::Opinion, second.id, t.d1),
    );

    // Private: the author and the offices of D1 and above; not the cell's secretary.
    w.pulled_by(store, mine.id, &[d.m1, d.dc, w.dev_po]);
    // Open: every reader of the draft.
    let shared = OpenOpinion(opinion(open, "2", t.m2));
    accept(store, d.m2, &put(pen, d.m2, &shared));
    let readers = [d.m1, d.m2, d.sec, d.dc, d.c2m, w.dev_g1s, w.dev_po];
    w.pulled_by(store, shared.0.id, &readers);
}
