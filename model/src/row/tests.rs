//! The codec's laws: every entity's dispatch names its own type, and a row written by
//! `to_fields` reads back as the same struct.

use super::*;
use crate::change::FieldValue;
use crate::entities::{
    Gender, Member, MemberStatus, OrgKind, Organisation, Position, PositionTitle,
};
use crate::hlc::Hlc;
use crate::library::documents::Document;
use crate::meetings::{
    Attendance, AttendanceMark, CheckIn, MeetingKey, Minutes, MinutesStatus, Proof,
};
use crate::meetings::{Meeting, MeetingKind, MeetingStatus};
use crate::study::{Attachment, ReadMark, StudyAssignment, StudyNote};
use std::fmt::Debug;

fn stamp() -> Hlc {
    Hlc {
        wall_ms: 1,
        counter: 0,
        node: Id::nil(),
    }
}

fn round_trip<T: Row + PartialEq + Debug>(x: T) {
    let hlc = stamp();
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
    for (variant, entity) in crate::entities::entity_of_each() {
        assert_eq!(variant, entity);
    }
    assert_eq!(crate::entities::entity_of_each().len(), Entity::ALL.len());
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
fn meeting_events_and_study_rows_read_back_as_they_were_written() {
    round_trip(MeetingKey {
        id: MeetingKey::row_id(id(6), Some(id(3))),
        meeting_id: id(6),
        org_id: id(1),
        holder_id: Some(id(3)),
        secret: [7; 32],
    });
    round_trip(CheckIn {
        id: id(7),
        meeting_id: id(6),
        org_id: id(1),
        member_id: id(3),
        slot: 42,
        proof: Some(Proof::Bound("ab".repeat(16))),
    });
    round_trip(AttendanceMark {
        id: id(8),
        meeting_id: id(6),
        org_id: id(1),
        member_id: id(3),
        attendance: Attendance::Present,
        reason: String::new(),
        overrides: None,
        hlc: stamp(),
    });
    round_trip(Minutes {
        id: id(9),
        meeting_id: id(6),
        org_id: id(1),
        version: 1,
        previous_id: None,
        reason: String::new(),
        items: vec![],
        conclusions: vec![],
        votes: vec![],
        status: MinutesStatus::Draft,
        approved_by: None,
    });
    round_trip(Attachment {
        id: id(10),
        document_id: id(5),
        org_id: id(1),
        name: "nghi-quyet.pdf".into(),
        mime: "application/pdf".into(),
        size: 1234,
        sha256: "0".repeat(64),
    });
    round_trip(ReadMark {
        id: crate::study::personal_row_id("read_mark", id(3), id(5)),
        member_id: id(3),
        document_id: id(5),
        org_id: id(1),
        opened_ms: 1_796_000_000_000,
        finished_ms: None,
    });
    round_trip(StudyNote {
        id: crate::study::personal_row_id("study_note", id(3), id(5)),
        member_id: id(3),
        document_id: id(5),
        org_id: id(1),
        text: "Ghi chú".into(),
        bookmarked: true,
    });
    round_trip(StudyAssignment {
        id: id(11),
        org_id: id(1),
        document_id: id(5),
        due_on: "2027-01-15".into(),
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

/// PostgreSQL cannot store U+0000: a row holding one is refused everywhere alike.
#[test]
fn a_nul_anywhere_in_a_field_is_refused() {
    let row_of = |name: &str| {
        let org = Organisation {
            id: id(1),
            name: name.into(),
            kind: OrgKind::Cell,
            parent_id: Some(id(2)),
        };
        let mut row = RowState::empty(Organisation::ENTITY, org.id());
        for (k, value) in org.to_fields() {
            let hlc = stamp();
            row.fields.insert(k.to_string(), FieldValue { value, hlc });
        }
        row
    };
    assert_eq!(crate::entities::validate(&row_of("Chi bộ 1")), Ok(()));
    let e = crate::entities::validate(&row_of("Chi bộ\u{0}1")).expect_err("refused");
    assert!(e.contains("U+0000") && e.contains("name"), "{e}");
    use crate::entities::holds_nul;
    use serde_json::json;
    assert!(holds_nul(&json!({"a": ["x", "y\u{0}"]})));
    assert!(holds_nul(&json!({"k\u{0}": 1})));
    assert!(!holds_nul(&json!({"a": ["x", 1, null]})));
}
