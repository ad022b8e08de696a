//! The codec's laws: every entity's dispatch names its own type, and a row written by
//! `to_fields` reads back as the same struct.

use super::*;
use crate::change::FieldValue;
use crate::entities::{
    Gender, Member, MemberStatus, OrgKind, Organisation, Position, PositionTitle,
};
use crate::hlc::Hlc;
use crate::library::documents::Document;
use crate::meetings::{Meeting, MeetingKind, MeetingStatus};
use std::fmt::Debug;

fn round_trip<T: Row + PartialEq + Debug>(x: T) {
    let hlc = Hlc {
        wall_ms: 1,
        counter: 0,
        node: Id::nil(),
    };
    let mut row = RowState::empty(T::ENTITY, x.id());
    for (k, value) in x.to_fields() {
        assert!(
            T::FIELDS.contains(&k),
            "{k} is not a field of {:?}",
            T::ENTITY
        );
        row.fields.insert(k.to_string(), FieldValue { value, hlc });
    }
    assert_eq!(crate::entities::validate(&row), Ok(()));
    assert_eq!(
        crate::change::owning_org(T::ENTITY, x.id(), &row.fields),
        Some(x.owning_org())
    );
    assert_eq!(T::from_row(&row).as_ref(), Ok(&x));
}

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

#[test]
fn each_entity_dispatches_to_its_own_type() {
    for (variant, entity) in entity_of_each() {
        assert_eq!(variant, entity);
    }
    assert_eq!(entity_of_each().len(), Entity::ALL.len());
}

#[test]
fn rows_read_back_as_they_were_written() {
    round_trip(Organisation {
        id: id(1),
        name: "Chi bộ thôn Đông".into(),
        kind: OrgKind::Cell,
        parent_id: Some(id(2)),
    });
    round_trip(Organisation {
        id: id(2),
        name: "Tỉnh ủy".into(),
        kind: OrgKind::Province,
        parent_id: None,
    });
    round_trip(Member {
        id: id(3),
        full_name: "Nguyễn Văn An".into(),
        birth_date: "1980-02-29".into(),
        gender: Gender::Male,
        joined_date: "2005-05-19".into(),
        official_date: None,
        card_no: "AB-123".into(),
        status: MemberStatus::Probationary,
        cell_id: id(1),
    });
    round_trip(Position {
        id: id(4),
        member_id: id(3),
        org_id: id(1),
        title: PositionTitle::Secretary,
    });
    round_trip(Document {
        id: id(5),
        kind: serde_json::from_str("\"resolution\"").expect("kind"),
        number: "57-NQ/TW".into(),
        title: "Về đột phá phát triển khoa học".into(),
        org_id: id(1),
        issuer: "Bộ Chính trị".into(),
        issued_on: "2024-12-22".into(),
        status: serde_json::from_str("\"in_force\"").expect("status"),
        summary: String::new(),
        body: "Nội dung".into(),
        topics: vec!["khoa học".into()],
    });
    round_trip(Meeting {
        id: id(6),
        org_id: id(1),
        kind: MeetingKind::Regular,
        topic: "Sinh hoạt tháng 12".into(),
        starts_at: 1_796_000_000_000,
        ends_at: 1_796_007_200_000,
        place: "Hội trường thôn".into(),
        chair_id: Some(id(3)),
        minute_taker_id: None,
        agenda: vec!["Kiểm điểm".into()],
        materials: vec![id(5)],
        invited: vec![id(3)],
        guests: vec![],
        status: MeetingStatus::Planned,
        note: String::new(),
    });
}

#[test]
fn a_patch_holds_only_what_changed() {
    let old = Position {
        id: id(4),
        member_id: id(3),
        org_id: id(1),
        title: PositionTitle::CommitteeMember,
    };
    let new = Position {
        title: PositionTitle::DeputySecretary,
        ..old.clone()
    };
    assert_eq!(
        old.patch(&new),
        vec![("title", serde_json::json!("deputy_secretary"))]
    );
    assert!(old.patch(&old).is_empty());
}
