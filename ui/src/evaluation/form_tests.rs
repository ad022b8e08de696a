use super::form::*;
use sotay_model::evaluation::api::{EvaluationList, MemberEvaluation};
use sotay_model::evaluation::{Rating, SelfAssessment};
use sotay_model::ids::Id;
use Rating::*;

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

fn member(
    n: u128,
    self_rating: Option<Rating>,
    proposed: Option<Rating>,
    decided: Option<Rating>,
) -> MemberEvaluation {
    MemberEvaluation {
        member_id: id(n),
        full_name: format!("Người {n}"),
        cell_id: id(4),
        cell_name: "Chi bộ 1".into(),
        year: 2026,
        assessment: self_rating.map(|r| SelfAssessment {
            id: SelfAssessment::row_id(id(n), 2026),
            org_id: id(4),
            member_id: id(n),
            year: 2026,
            political: String::new(),
            ethics: String::new(),
            lifestyle: String::new(),
            results: "Hoàn thành".into(),
            shortcomings: String::new(),
            direction: String::new(),
            self_rating: Some(r),
        }),
        proposed,
        proposal_note: proposed.map(|_| "Đạt".to_string()).unwrap_or_default(),
        decided,
        decision_note: String::new(),
    }
}

#[test]
fn the_year_shown_is_this_one_from_november_else_last_year() {
    assert_eq!(default_year(2026, 12), 2026);
    assert_eq!(default_year(2026, 11), 2026);
    assert_eq!(default_year(2027, 1), 2026);
    assert_eq!(default_year(2026, 6), 2025);
    assert_eq!(year_choices(2026, 2026), vec![2026, 2025, 2024, 2023, 2022]);
    assert_eq!(year_choices(2026, 2015).last(), Some(&2015));
}

#[test]
fn grades_round_trip_through_the_select_values() {
    for r in Rating::ALL {
        assert_eq!(parse_rating(rating_value(r)), Some(r));
    }
    assert_eq!(parse_rating(""), None);
    assert_eq!(rating_value(NotCompleted), "not_completed");
}

#[test]
fn the_share_is_twenty_percent_of_good_rounded_down() {
    let s = Share::of([Excellent, Good, Good, Good, Good, Good, Completed]);
    assert_eq!((s.excellent, s.good, s.most, s.ok()), (1, 5, 1, true));
    let s = Share::of([Excellent, Good, Good, Good, Good]);
    assert_eq!((s.most, s.ok()), (0, false));
    assert!(Share::of([]).ok());
}

#[test]
fn the_self_assessment_needs_its_results_and_trims() {
    let f = AssessmentForm::default();
    assert_eq!(f.to_request(2026), Err(vec![FormError::NeedResults]));
    let f = AssessmentForm {
        results: "  Hoàn thành 100% nhiệm vụ  ".into(),
        political: "Kiên định".into(),
        self_rating: "good".into(),
        ..AssessmentForm::default()
    };
    let req = f.to_request(2026).expect("complete");
    assert_eq!(req.results, "Hoàn thành 100% nhiệm vụ");
    assert_eq!(req.self_rating, Some(Good));
    assert_eq!(req.year, 2026);
    let long = AssessmentForm {
        results: "x".repeat(5_001),
        ..AssessmentForm::default()
    };
    assert_eq!(long.to_request(2026), Err(vec![FormError::TooLong]));
    // What was written comes back into the form.
    let m = member(1, Some(Excellent), None, None);
    let back = AssessmentForm::from(m.assessment.as_ref());
    assert_eq!(
        (back.results.as_str(), back.self_rating.as_str()),
        ("Hoàn thành", "excellent")
    );
}

#[test]
fn the_proposal_starts_from_the_proposal_else_the_self_rating_and_keeps_the_share() {
    let list = EvaluationList {
        members: vec![
            member(1, Some(Excellent), None, None),
            member(2, Some(Good), Some(Completed), None),
            member(3, None, None, None),
        ],
        ..EvaluationList::default()
    };
    let draft = proposal_draft(&list);
    let grades: Vec<&str> = draft.iter().map(|l| l.rating.as_str()).collect();
    assert_eq!(grades, vec!["excellent", "completed", ""]);
    // One "xuất sắc" and no "tốt": refused before anything is saved, with the figures.
    let errs = proposal_request(id(4), 2026, None, &draft).expect_err("over the share");
    match &errs[..] {
        [FormError::OverShare(why)] => {
            assert!(
                why.starts_with("Số đảng viên hoàn thành xuất sắc nhiệm vụ (1)"),
                "{why}"
            );
            assert!(why.ends_with("tối đa 0"), "{why}");
        }
        other => panic!("{other:?}"),
    }
    assert!(!draft_share(&draft).ok());
    // Five "tốt" beside it: within; the member without a grade is left out.
    let mut lines = draft.clone();
    lines[1].rating = "good".into();
    for n in 10..14 {
        lines.push(DraftLine {
            member_id: id(n),
            rating: "good".into(),
            note: " Tốt ".into(),
        });
    }
    assert!(draft_share(&lines).ok());
    let req = proposal_request(id(4), 2026, Some(id(0x33)), &lines).expect("within");
    assert_eq!(req.lines.len(), 6);
    assert_eq!(req.meeting_id, Some(id(0x33)));
    assert!(req.lines.iter().all(|l| l.member_id != id(3)));
    assert_eq!(req.lines[2].note, "Tốt");
    let none = vec![DraftLine {
        member_id: id(1),
        rating: String::new(),
        note: String::new(),
    }];
    assert_eq!(
        proposal_request(id(4), 2026, None, &none),
        Err(vec![FormError::NeedOneRating])
    );
}

#[test]
fn a_decision_starts_from_the_proposal_and_as_proposed_puts_excellent_last() {
    let decided = member(1, None, Some(Good), Some(Completed));
    assert_eq!(decision_prefill(&decided), "completed");
    let proposed = member(2, None, Some(Excellent), None);
    assert_eq!(decision_prefill(&proposed), "excellent");
    assert_eq!(decision_prefill(&member(3, None, None, None)), "");
    assert_eq!(
        decision_request(&member(3, None, None, None), "", ""),
        Err(vec![FormError::NeedGrade])
    );
    let req = decision_request(&proposed, "good", " Tốt ").expect("a grade");
    assert_eq!(
        (req.rating, req.note.as_str(), req.year),
        (Good, "Tốt", 2026)
    );

    let members = vec![
        proposed.clone(),
        member(3, None, Some(Good), None),
        member(4, None, Some(NotCompleted), None),
        decided.clone(),
        member(5, None, None, None),
    ];
    let order: Vec<Rating> = as_proposed(&members).iter().map(|r| r.rating).collect();
    assert_eq!(order, vec![NotCompleted, Good, Excellent]);
    assert_eq!(as_proposed(&members)[0].note, "Đạt");
    // The share of decisions, with one member's grade as it would be.
    let s = decided_share(&members, Some((id(2), Excellent)));
    assert_eq!((s.excellent, s.good), (1, 0));
    assert_eq!(decided_share(&members, None).excellent, 0);
}

#[test]
fn a_year_in_viet_nam_starts_at_17h_utc_the_day_before() {
    let (from, to) = year_window_ms(2026);
    // 2025-12-31T17:00:00Z and 2026-12-31T16:59:59.999Z.
    assert_eq!(from, 1_767_200_400_000);
    assert_eq!(to, 1_798_736_400_000 - 1);
}
