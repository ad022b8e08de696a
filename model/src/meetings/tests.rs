//! Tests of the meeting rules: validation, the attendance rule and its order
//! independence, and the meeting rows of the permission table.

use super::*;
use crate::change::{Entity, FieldValue, RowState};
use crate::entities::{validate, PositionTitle};
use crate::hlc::Hlc;
use crate::ids::Id;
use crate::permissions::{allows, Action, Relation, Role};
use serde_json::json;

const START: u64 = 1_796_000_000_000;

fn stamp(ms: u64, node: u128) -> Hlc {
    Hlc {
        wall_ms: ms,
        counter: 0,
        node: Id::from_u128(node),
    }
}

fn row(entity: Entity, id: Id, fields: &[(&str, serde_json::Value)], hlc: Hlc) -> RowState {
    let mut r = RowState::empty(entity, id);
    for (k, v) in fields {
        r.fields.insert(
            k.to_string(),
            FieldValue {
                value: v.clone(),
                hlc,
            },
        );
    }
    r
}

fn meeting(invited: Vec<Id>) -> Meeting {
    Meeting {
        id: Id::from_u128(1),
        org_id: Id::from_u128(2),
        kind: MeetingKind::Regular,
        topic: "Sinh hoạt tháng 12".into(),
        starts_at: START,
        ends_at: START + 2 * 3_600_000,
        place: "Hội trường thôn".into(),
        chair_id: None,
        minute_taker_id: None,
        agenda: vec!["Kiểm điểm".into()],
        materials: vec![],
        invited,
        guests: vec![],
        status: MeetingStatus::Planned,
        note: String::new(),
    }
}

fn check_in(id: u128, member: Id, minutes_after_start: u64) -> CheckIn {
    CheckIn {
        id: Id::from_u128(id),
        meeting_id: Id::from_u128(1),
        org_id: Id::from_u128(2),
        member_id: member,
        proof: None,
        slot: slot_of(START + minutes_after_start * 60_000),
    }
}

fn mark(id: u128, member: Id, a: Attendance, at: u64, overrides: Option<u128>) -> AttendanceMark {
    AttendanceMark {
        id: Id::from_u128(id),
        meeting_id: Id::from_u128(1),
        org_id: Id::from_u128(2),
        member_id: member,
        attendance: a,
        reason: if overrides.is_some() || a == Attendance::Absent(Absence::Excused) {
            "lý do".into()
        } else {
            String::new()
        },
        overrides: overrides.map(Id::from_u128),
        hlc: stamp(at, id),
    }
}

#[test]
fn the_rule_keeps_check_ins_over_stale_marks_and_honours_corrections() {
    let m: Vec<Id> = (10..15).map(Id::from_u128).collect();
    let mt = meeting(m.clone());
    let ins = vec![
        check_in(100, m[0], 0),
        check_in(101, m[1], 40),
        check_in(102, m[2], 5),
    ];
    let unexcused = Attendance::Absent(Absence::Unexcused);
    let marks = vec![
        // A stale "absent" made offline does not beat m0's check-in.
        mark(200, m[0], unexcused, 9_000, None),
        // A correction naming m2's check-in, then an older plain mark.
        mark(201, m[2], unexcused, 5_000, Some(102)),
        mark(202, m[2], Attendance::Present, 4_000, None),
        // Among marks the greatest HLC wins.
        mark(203, m[3], Attendance::Present, 1_000, None),
        mark(204, m[3], Attendance::Absent(Absence::Excused), 2_000, None),
    ];
    let list = reconcile(&mt, &ins, &marks);
    let got: Vec<Option<Attendance>> = list.rows.iter().map(|r| r.attendance).collect();
    assert_eq!(
        got,
        vec![
            Some(Attendance::Present),
            Some(Attendance::Late),
            Some(unexcused),
            Some(Attendance::Absent(Absence::Excused)),
            None
        ]
    );
    assert_eq!(list.rows[2].overridden_check_in, Some(Id::from_u128(102)));
    assert_eq!((list.present, list.convened, list.late), (2, 5, 1));
    assert!(!list.quorum, "2 of 5 is not more than half");

    // Any order of the same events gives the same list.
    let mut rev_ins = ins.clone();
    rev_ins.reverse();
    let mut rot = marks.clone();
    rot.rotate_left(2);
    assert_eq!(reconcile(&mt, &rev_ins, &rot), list);
}

#[test]
fn meeting_rows_validate_and_events_need_reasons() {
    let h = stamp(1, 1);
    let org = Id::from_u128(2).to_string();
    let good = [
        ("org_id", json!(org)),
        ("kind", json!("regular")),
        ("topic", json!("Sinh hoạt tháng 12")),
        ("starts_at", json!(START)),
        ("ends_at", json!(START + 3_600_000)),
        ("place", json!("Nhà văn hóa")),
        ("agenda", json!(["Thông tin thời sự", "Kiểm điểm"])),
        ("invited", json!([Id::from_u128(10)])),
        ("status", json!("planned")),
    ];
    assert_eq!(
        validate(&row(Entity::Meeting, Id::from_u128(1), &good, h)),
        Ok(())
    );
    let mut bad = good.to_vec();
    bad[4] = ("ends_at", json!(START - 1));
    assert!(validate(&row(Entity::Meeting, Id::from_u128(1), &bad, h)).is_err());

    let correction = [
        ("meeting_id", json!(Id::from_u128(1))),
        ("org_id", json!(org)),
        ("member_id", json!(Id::from_u128(10))),
        ("attendance", json!({"absent": "unexcused"})),
        ("overrides", json!(Id::from_u128(5))),
    ];
    let e = validate(&row(
        Entity::AttendanceMark,
        Id::from_u128(3),
        &correction,
        h,
    ));
    assert!(e.expect_err("no reason").contains("lý do"));

    let meeting_id = Id::from_u128(1);
    let key_id = MeetingKey::row_id(meeting_id, None);
    let key = [
        ("meeting_id", json!(meeting_id)),
        ("org_id", json!(org)),
        ("secret", json!("ab".repeat(32))),
    ];
    assert_eq!(validate(&row(Entity::MeetingKey, key_id, &key, h)), Ok(()));
    assert!(validate(&row(Entity::MeetingKey, Id::from_u128(9), &key, h)).is_err());
    assert_ne!(
        key_id,
        MeetingKey::row_id(meeting_id, Some(Id::from_u128(10)))
    );
}

#[test]
fn permissions_for_meetings() {
    let office = Role::Position(PositionTitle::OfficeStaff);
    let member = Role::Member;
    use Action::*;
    use Relation::*;
    assert!(allows(Entity::Meeting, Read, member, Same));
    assert!(!allows(Entity::Meeting, Create, member, Same));
    assert!(allows(Entity::Meeting, Edit, member, Chair));
    assert!(allows(Entity::Meeting, Create, office, Same));
    assert!(allows(Entity::Meeting, Read, office, Descendant));
    assert!(!allows(Entity::MeetingKey, Read, member, Same));
    assert!(allows(Entity::MeetingKey, Read, member, Own));
    assert!(allows(Entity::CheckIn, Create, member, Own));
    assert!(!allows(Entity::CheckIn, Create, office, Same));
    assert!(!allows(Entity::CheckIn, Edit, member, Own));
    assert!(allows(Entity::AttendanceMark, Create, member, MinuteTaker));
    assert!(!allows(Entity::AttendanceMark, Create, member, Same));
    assert!(!allows(Entity::AttendanceMark, Edit, office, Same));
    assert!(allows(Entity::Minutes, Edit, member, Chair));
    assert!(!allows(Entity::Minutes, Edit, member, Same));
}

#[test]
fn check_in_rows_carry_a_proof_when_pushed_and_none_when_stored() {
    let h = stamp(1, 1);
    let base = |extra: &[(&str, serde_json::Value)]| {
        let mut f = vec![
            ("meeting_id", json!(Id::from_u128(1))),
            ("org_id", json!(Id::from_u128(2))),
            ("member_id", json!(Id::from_u128(10))),
            ("slot", json!(slot_of(START))),
        ];
        f.extend_from_slice(extra);
        row(Entity::CheckIn, Id::from_u128(7), &f, h)
    };
    let p = "0f".repeat(16);
    let bound = CheckIn::from_row(&base(&[("proof", json!(p))])).expect("bound");
    assert_eq!(bound.proof, Some(Proof::Bound(p.clone())));
    let legacy = CheckIn::from_row(&base(&[("code", json!("abcd-efgh"))])).expect("code");
    assert_eq!(legacy.proof, Some(Proof::Code("ABCDEFGH".into())));
    // As the server stores it: the proof withheld, a placeholder code for old apps.
    let stored = base(&[("proof", json!(null)), ("code", json!(WITHHELD_CODE))]);
    assert_eq!(validate(&stored), Ok(()));
    assert_eq!(CheckIn::from_row(&stored).expect("stored").proof, None);
    assert!(validate(&base(&[("proof", json!("0f".repeat(17)))])).is_err());
}

#[test]
fn personal_rows_must_carry_their_own_formula_id() {
    use crate::study::{ReadMark, StudyNote};
    let h = stamp(1, 1);
    let (me, other, doc) = (Id::from_u128(10), Id::from_u128(11), Id::from_u128(20));
    let fields = [
        ("member_id", json!(me)),
        ("document_id", json!(doc)),
        ("org_id", json!(Id::from_u128(2))),
        ("opened_ms", json!(START)),
    ];
    let mine = ReadMark::row_id(me, doc);
    assert_eq!(validate(&row(Entity::ReadMark, mine, &fields, h)), Ok(()));
    // Someone else's id (or a random one) for my mark: refused with a reason.
    for id in [ReadMark::row_id(other, doc), Id::from_u128(99)] {
        let e = validate(&row(Entity::ReadMark, id, &fields, h)).expect_err("squatted");
        assert!(e.contains("không khớp"), "{e}");
    }
    let note = StudyNote::row_id(me, doc);
    let fields = &fields[..3];
    assert_eq!(validate(&row(Entity::StudyNote, note, fields, h)), Ok(()));
    assert!(validate(&row(
        Entity::StudyNote,
        StudyNote::row_id(other, doc),
        fields,
        h
    ))
    .is_err());
    assert!(validate(&row(Entity::StudyNote, mine, fields, h)).is_err());
}
