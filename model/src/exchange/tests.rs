use super::*;
use crate::change::{Entity, FieldValue, RowState};
use crate::hlc::Hlc;
use crate::ids::Id;
use crate::row::Row;
use serde_json::json;

fn row(entity: Entity, fields: &[(&str, serde_json::Value)]) -> RowState {
    let mut r = RowState::empty(entity, Id::from_u128(99));
    for (k, v) in fields {
        r.fields.insert(
            (*k).to_string(),
            FieldValue {
                value: v.clone(),
                hlc: Hlc {
                    wall_ms: 1_000,
                    counter: 0,
                    node: Id::from_u128(7),
                },
            },
        );
    }
    r
}

#[test]
fn a_comment_on_a_meeting_is_its_own_entity() {
    let f = [
        ("org_id", json!(Id::from_u128(1))),
        ("target_kind", json!("meeting")),
        ("target_id", json!(Id::from_u128(2))),
        ("author_id", json!(Id::from_u128(3))),
        ("body", json!("Đồng ý")),
    ];
    assert!(Comment::from_row(&row(Entity::Comment, &f)).is_err());
    let c = MeetingComment::from_row(&row(Entity::MeetingComment, &f)).expect("meeting comment");
    assert_eq!(c.0.target().kind, TargetKind::Meeting);
    let mut blank = f.to_vec();
    blank[4] = ("body", json!("  "));
    assert!(MeetingComment::from_row(&row(Entity::MeetingComment, &blank)).is_err());
}

#[test]
fn a_draft_needs_distinct_section_keys_and_takes_opinions_until_its_day_ends() {
    let s = |k: &str| json!({"key": k, "title": "Phần", "text": ""});
    let base = |sections: serde_json::Value| {
        row(
            Entity::Draft,
            &[
                ("org_id", json!(Id::from_u128(1))),
                ("title", json!("Dự thảo báo cáo chính trị")),
                ("sections", sections),
                ("deadline", json!("2026-12-10")),
                ("opened_by", json!(Id::from_u128(3))),
            ],
        )
    };
    assert!(Draft::from_row(&base(json!([s("1"), s("1")]))).is_err());
    assert!(Draft::from_row(&base(json!([]))).is_err());
    let d = Draft::from_row(&base(json!([s("1"), s("2")]))).expect("draft");
    assert_eq!(d.opinion_entity(), Entity::Opinion);
    // 2026-12-10 16:59:59 UTC is 23:59:59 in Vietnam; a second later is the 11th.
    let last = 1_796_921_999_000;
    assert!(d.open_at(last));
    assert!(!d.open_at(last + 1_000));
}

#[test]
fn every_exchange_row_round_trips() {
    let a = Announcement {
        id: Id::from_u128(99),
        org_id: Id::from_u128(1),
        batch_id: Id::from_u128(2),
        sender_org_id: Id::from_u128(3),
        sent_by: Id::from_u128(4),
        title: "Thông báo".into(),
        body: "Nội dung".into(),
        must_read_by: Some("2026-12-31".into()),
        reminders: 1,
        sent_ms: 1_000,
        reminded_ms: 1_000,
    };
    let fields: Vec<(&str, serde_json::Value)> = a.to_fields();
    assert_eq!(
        Announcement::from_row(&row(Entity::Announcement, &fields)),
        Ok(a)
    );
    let o = Opinion {
        id: Id::from_u128(99),
        org_id: Id::from_u128(1),
        draft_id: Id::from_u128(2),
        section_key: "2".into(),
        author_id: Id::from_u128(4),
        body: "Đề nghị bổ sung".into(),
        written_ms: 1_000,
    };
    let open = OpenOpinion(o.clone());
    let back = OpenOpinion::from_row(&row(Entity::OpenOpinion, &open.to_fields()));
    assert_eq!(back, Ok(open));
}
