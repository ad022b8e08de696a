use super::*;
use crate::change::{Entity, FieldValue, RowState};
use crate::entities::PositionTitle::*;
use crate::hlc::Hlc;
use crate::ids::Id;
use crate::permissions::{allows, Action::*, Relation::*, Role};
use crate::row::Row;

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

fn row_of<T: Row>(x: &T) -> RowState {
    let mut row = RowState::empty(T::ENTITY, x.id());
    row.org_id = x.owning_org();
    for (k, v) in x.to_fields() {
        let hlc = Hlc {
            wall_ms: 1,
            counter: 0,
            node: id(1),
        };
        row.fields
            .insert(k.to_string(), FieldValue { value: v, hlc });
    }
    row
}

fn round_trip<T: Row + PartialEq + std::fmt::Debug>(x: T) {
    assert_eq!(T::from_row(&row_of(&x)).as_ref(), Ok(&x));
}

fn case() -> Inspection {
    Inspection {
        id: id(1),
        org_id: id(2),
        plan_id: id(3),
        kind: InspectionKind::ThematicSupervision,
        title: "Giám sát chuyên đề sinh hoạt chi bộ".into(),
        content: "Việc thực hiện Chỉ thị 10-CT/TW".into(),
        subject_org_ids: vec![id(4), id(5)],
        subject_member_ids: vec![],
        team_ids: vec![id(6)],
        from_date: "2026-03-01".into(),
        to_date: "2026-04-30".into(),
        status: CaseStatus::Working,
        draft_conclusion: String::new(),
        conclusion: String::new(),
        concluded_on: None,
        notified_on: None,
        closed_on: None,
    }
}

#[test]
fn every_inspection_row_round_trips() {
    round_trip(InspectionPlan {
        id: InspectionPlan::row_id(id(2), 2026),
        org_id: id(2),
        year: 2026,
        title: "Kế hoạch kiểm tra, giám sát năm 2026".into(),
        note: String::new(),
    });
    round_trip(case());
    round_trip(CaseNote {
        id: id(7),
        org_id: id(2),
        inspection_id: id(1),
        kind: NoteKind::Finding,
        on_date: "2026-03-10".into(),
        text: "Chi bộ không sinh hoạt chuyên đề quý I".into(),
        subject_id: Some(id(4)),
        violation: true,
        author_id: id(6),
    });
    round_trip(InspectionNotice {
        id: InspectionNotice::row_id(id(1), id(4)),
        org_id: id(4),
        inspection_id: id(1),
        member_id: None,
        inspector_org_id: id(2),
        kind: InspectionKind::ThematicSupervision,
        title: "Giám sát chuyên đề".into(),
        conclusion: "Chi bộ cần khắc phục".into(),
        notified_on: "2026-05-02".into(),
    });
    round_trip(Discipline {
        id: id(8),
        org_id: id(4),
        member_id: Some(id(9)),
        form: DisciplineForm::Warning,
        violation: "Không đóng đảng phí ba tháng".into(),
        decided_by_org_id: id(2),
        decided_on: "2026-05-10".into(),
        decision_no: "12-QĐ/UBKT".into(),
        inspection_id: Some(id(1)),
    });
    round_trip(Appeal {
        id: id(10),
        org_id: id(4),
        discipline_id: id(8),
        member_id: id(9),
        lodged_on: "2026-05-20".into(),
        text: "Đề nghị xem xét lại".into(),
        outcome: Some(AppealOutcome::Upheld),
        outcome_note: String::new(),
        decided_by_org_id: Some(id(11)),
        decided_on: Some("2026-06-01".into()),
    });
}

#[test]
fn a_case_needs_a_subject_and_a_concluded_case_a_conclusion() {
    let mut c = case();
    c.subject_org_ids.clear();
    assert!(Inspection::from_row(&row_of(&c)).is_err());
    let mut c = case();
    c.status = CaseStatus::Concluded;
    let refused = Inspection::from_row(&row_of(&c)).expect_err("no conclusion");
    assert!(refused.contains("phải có kết luận"));
}

#[test]
fn forms_fit_their_subjects() {
    use DisciplineForm::*;
    for f in [Reprimand, Warning, Dismissal, Expulsion] {
        assert!(f.fits(SubjectKind::Member));
    }
    for f in [Reprimand, Warning, Dissolution] {
        assert!(f.fits(SubjectKind::Organisation));
    }
    assert!(!Dissolution.fits(SubjectKind::Member));
}

#[test]
fn case_material_is_never_read_by_office_staff_or_plain_members_or_from_below() {
    for e in [
        Entity::InspectionPlan,
        Entity::Inspection,
        Entity::CaseNote,
        Entity::CaseFile,
    ] {
        for rel in [Own, Same, Descendant, Ancestor] {
            assert!(!allows(e, Read, Role::Member, rel), "{e:?} {rel:?}");
            assert!(!allows(e, Read, Role::Position(OfficeStaff), rel));
        }
        for t in [
            Secretary,
            CommitteeMember,
            InspectionChair,
            InspectionMember,
        ] {
            assert!(allows(e, Read, Role::Position(t), Same));
            assert!(allows(e, Read, Role::Position(t), Descendant));
            assert!(!allows(e, Read, Role::Position(t), Ancestor));
        }
    }
    // A discipline record: the member's own, never their cell's plain members.
    assert!(allows(Entity::Discipline, Read, Role::Member, Own));
    assert!(!allows(Entity::Discipline, Read, Role::Member, Same));
    assert!(!allows(
        Entity::Discipline,
        Read,
        Role::Position(OfficeStaff),
        Same
    ));
    // Only a body above the deciding one records an appeal's outcome.
    assert!(allows(
        Entity::Appeal,
        Edit,
        Role::Position(InspectionChair),
        Descendant
    ));
    assert!(!allows(Entity::Appeal, Edit, Role::Member, Own));
}
