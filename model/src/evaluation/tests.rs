use super::*;
use crate::change::{FieldValue, RowState};
use crate::hlc::Hlc;
use crate::ids::Id;
use crate::row::Row;
use Rating::*;

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

fn row_of<T: Row>(x: &T) -> RowState {
    let mut row = RowState::empty(T::ENTITY, x.id());
    row.org_id = x.owning_org();
    for (k, v) in x.to_fields() {
        row.fields.insert(
            k.to_string(),
            FieldValue {
                value: v,
                hlc: Hlc {
                    wall_ms: 1,
                    counter: 0,
                    node: id(1),
                },
            },
        );
    }
    row
}

fn proposal(lines: Vec<(u128, Rating)>) -> RatingProposal {
    RatingProposal {
        id: RatingProposal::row_id(id(4), 2026),
        org_id: id(4),
        year: 2026,
        meeting_id: Some(id(0x33)),
        lines: lines
            .into_iter()
            .map(|(m, rating)| ProposalLine {
                member_id: id(m),
                rating,
                note: String::new(),
            })
            .collect(),
        proposed_by: id(9),
    }
}

#[test]
fn the_share_of_excellent_is_twenty_percent_of_good() {
    assert!(share_ok([]).is_ok());
    assert!(share_ok([Good, Completed, NotCompleted]).is_ok());
    let err = share_ok([Excellent, Good, Good]).expect_err("over the share");
    assert!(
        err.contains("(1)") && err.contains("(2)") && err.contains("tối đa 0"),
        "{err}"
    );
    let ten_good = std::iter::repeat_n(Good, 10);
    assert!(share_ok(ten_good.clone().chain([Excellent, Excellent])).is_ok());
    assert!(share_ok(ten_good.chain([Excellent, Excellent, Excellent])).is_err());
}

#[test]
fn rows_round_trip_and_bad_rows_say_why() {
    let ok = proposal(vec![(1, Good), (2, Completed)]);
    assert_eq!(RatingProposal::from_row(&row_of(&ok)), Ok(ok));
    let twice = proposal(vec![(1, Good), (1, Completed)]);
    assert!(RatingProposal::from_row(&row_of(&twice)).is_err());
    let over = proposal(vec![(1, Excellent), (2, Good)]);
    let err = RatingProposal::from_row(&row_of(&over)).expect_err("share");
    assert!(err.contains("xuất sắc"), "{err}");

    let a = SelfAssessment {
        id: SelfAssessment::row_id(id(7), 2026),
        org_id: id(4),
        member_id: id(7),
        year: 2026,
        political: "Kiên định".into(),
        ethics: String::new(),
        lifestyle: String::new(),
        results: "Hoàn thành các nhiệm vụ được giao".into(),
        shortcomings: String::new(),
        direction: String::new(),
        self_rating: Some(Good),
    };
    assert_eq!(SelfAssessment::from_row(&row_of(&a)), Ok(a.clone()));
    let mut empty = a.clone();
    empty.results = " ".into();
    assert!(SelfAssessment::from_row(&row_of(&empty)).is_err());
    let mut old = a;
    old.year = 1800;
    assert!(SelfAssessment::from_row(&row_of(&old)).is_err());

    let d = RatingDecision {
        id: RatingDecision::row_id(id(7), 2026),
        org_id: id(4),
        member_id: id(7),
        year: 2026,
        rating: Excellent,
        note: String::new(),
        decided_org_id: id(3),
        decided_by: id(9),
    };
    assert_eq!(RatingDecision::from_row(&row_of(&d)), Ok(d));
    let o = OrgRating {
        id: OrgRating::row_id(id(4), 2026),
        org_id: id(4),
        year: 2026,
        rating: Good,
        note: "Chi bộ hoàn thành tốt".into(),
        decided_org_id: id(3),
        decided_by: id(9),
    };
    assert_eq!(OrgRating::from_row(&row_of(&o)), Ok(o));
}

#[test]
fn ids_are_one_per_member_or_organisation_and_year() {
    assert_eq!(
        SelfAssessment::row_id(id(7), 2026),
        SelfAssessment::row_id(id(7), 2026)
    );
    assert_ne!(
        SelfAssessment::row_id(id(7), 2026),
        SelfAssessment::row_id(id(7), 2025)
    );
    assert_ne!(
        SelfAssessment::row_id(id(7), 2026),
        RatingDecision::row_id(id(7), 2026)
    );
    assert_ne!(
        RatingProposal::row_id(id(4), 2026),
        OrgRating::row_id(id(4), 2026)
    );
}
