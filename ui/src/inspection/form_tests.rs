use super::*;

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

fn programme() -> ProgrammeForm {
    let mut f = ProgrammeForm {
        title: "Giám sát việc thực hiện Quy định 08".into(),
        from: "01/03/2026".into(),
        to: "31/03/2026".into(),
        ..Default::default()
    };
    f.toggle_org(id(11), "Chi bộ 1");
    f.toggle_org(id(12), "Chi bộ 2");
    f.toggle_team(id(21), "Nguyễn Văn A");
    f
}

#[test]
fn a_programme_of_two_cells_becomes_the_request_with_iso_dates() {
    let r = programme().to_request(id(1)).expect("valid");
    assert_eq!(r.plan_id, id(1));
    assert_eq!(r.kind, InspectionKind::ThematicSupervision);
    assert_eq!(r.subject_org_ids, vec![id(11), id(12)]);
    assert!(r.subject_member_ids.is_empty());
    assert_eq!(r.team_ids, vec![id(21)]);
    assert_eq!(
        (r.from_date.as_str(), r.to_date.as_str()),
        ("2026-03-01", "2026-03-31")
    );
}

#[test]
fn an_empty_programme_names_every_problem_at_once() {
    let errs = ProgrammeForm::default()
        .to_request(id(1))
        .expect_err("refused");
    assert_eq!(
        errs,
        vec![
            FormError::NeedTitle,
            FormError::NeedSubject,
            FormError::NeedFrom,
            FormError::NeedTo
        ]
    );
}

#[test]
fn a_programme_ending_before_it_starts_or_with_a_bad_date_is_refused() {
    let mut f = programme();
    f.to = "28/02/2026".into();
    assert_eq!(
        f.to_request(id(1)).expect_err("refused"),
        vec![FormError::ToBeforeFrom]
    );
    f.to = "31/13/2026".into();
    assert_eq!(
        f.to_request(id(1)).expect_err("refused"),
        vec![FormError::BadDate]
    );
}

#[test]
fn choosing_a_subject_twice_removes_it() {
    let mut f = programme();
    f.toggle_org(id(11), "Chi bộ 1");
    assert_eq!(f.orgs, vec![(id(12), "Chi bộ 2".to_string())]);
    f.toggle_member(id(31), "Trần Thị B");
    f.toggle_member(id(31), "Trần Thị B");
    assert!(f.members.is_empty());
}

#[test]
fn a_finding_keeps_its_subject_and_violation_mark() {
    let mut n = NoteForm::on("15/03/2026");
    n.text = "  Chưa lập sổ theo dõi  ".into();
    n.subject = Some(id(11));
    n.violation = true;
    let r = n.to_finding(id(5)).expect("valid");
    assert_eq!(r.text, "Chưa lập sổ theo dõi");
    assert_eq!(r.on_date.as_deref(), Some("2026-03-15"));
    assert_eq!(r.subject_id, Some(id(11)));
    assert!(r.violation);
}

#[test]
fn a_note_without_text_or_with_a_bad_date_is_refused() {
    let mut n = NoteForm::on("");
    assert_eq!(
        n.checked().expect_err("refused"),
        vec![FormError::BadDate, FormError::NeedText]
    );
    n.date = "32/01/2026".into();
    n.text = "x".into();
    assert_eq!(n.checked().expect_err("refused"), vec![FormError::BadDate]);
}

#[test]
fn a_conclusion_carries_its_recommendations_and_drops_empty_ones() {
    let mut c = ConcludeForm::from_draft("Chi bộ 1 thực hiện tốt");
    c.add_rec(Some(id(11)));
    c.recs[0].title = "Bổ sung sổ theo dõi".into();
    c.recs[0].due = "30/04/2026".into();
    c.add_rec(Some(id(12)));
    let r = c.to_request(id(5)).expect("valid");
    assert!(r.notify);
    assert_eq!(r.recommendations.len(), 1);
    assert_eq!(r.recommendations[0].org_id, id(11));
    assert_eq!(r.recommendations[0].due_date, "2026-04-30");
}

#[test]
fn a_conclusion_needs_its_text_and_whole_recommendations() {
    let mut c = ConcludeForm::from_draft("  ");
    c.add_rec(None);
    c.recs[0].title = "Bổ sung".into();
    c.recs[0].due = "30/04/2026".into();
    c.add_rec(Some(id(11)));
    c.recs[1].title = "Khắc phục".into();
    c.recs[1].due = "hôm nay".into();
    assert_eq!(
        c.to_request(id(5)).expect_err("refused"),
        vec![FormError::NeedConclusion, FormError::NeedRecFields]
    );
}

#[test]
fn the_discipline_form_offers_only_what_fits_the_subject() {
    let mut d = DisciplineDraft::new(Some(id(3)));
    assert_eq!(
        d.forms(),
        vec![
            DisciplineForm::Reprimand,
            DisciplineForm::Warning,
            DisciplineForm::Dismissal,
            DisciplineForm::Expulsion
        ]
    );
    d.form = DisciplineForm::Expulsion;
    d.set_subject(SubjectKind::Organisation);
    assert_eq!(d.form, DisciplineForm::Reprimand);
    assert!(d.forms().contains(&DisciplineForm::Dissolution));
    assert!(!d.forms().contains(&DisciplineForm::Expulsion));
    d.form = DisciplineForm::Warning;
    d.set_subject(SubjectKind::Member);
    assert_eq!(d.form, DisciplineForm::Warning);
}

#[test]
fn a_discipline_on_a_member_becomes_the_request() {
    let mut d = DisciplineDraft::new(Some(id(3)));
    d.member = Some((id(40), "Lê Văn C".into()));
    d.org = Some(id(11));
    d.form = DisciplineForm::Warning;
    d.violation = "Vi phạm quy định sinh hoạt".into();
    d.decided_on = "02/04/2026".into();
    d.decision_no = " 15-QĐ/UBKT ".into();
    let r = d.to_request().expect("valid");
    assert_eq!(r.member_id, Some(id(40)));
    assert_eq!(r.org_id, None);
    assert_eq!(r.decided_by_org_id, id(3));
    assert_eq!(r.decided_on, "2026-04-02");
    assert_eq!(r.decision_no, "15-QĐ/UBKT");
}

#[test]
fn an_empty_discipline_names_every_problem() {
    let d = DisciplineDraft::new(None);
    assert_eq!(
        d.to_request().expect_err("refused"),
        vec![
            FormError::NeedDisciplineSubject,
            FormError::NeedViolation,
            FormError::NeedDecidedBy,
            FormError::NeedDecidedOn
        ]
    );
}

#[test]
fn office_staff_neither_read_nor_write_cases() {
    use PositionTitle::*;
    assert!(!reads_cases(OfficeStaff));
    assert!(!writes_cases(OfficeStaff));
    assert!(reads_cases(CommitteeMember));
    assert!(!writes_cases(CommitteeMember));
    assert!(writes_cases(InspectionMember));
    assert!(writes_cases(Secretary));
}

#[test]
fn the_orgs_where_a_post_allows_come_once_each() {
    let pos = |org: u128, title| Position {
        id: id(900 + org),
        member_id: id(1),
        org_id: id(org),
        title,
    };
    let positions = [
        pos(3, PositionTitle::OfficeStaff),
        pos(4, PositionTitle::InspectionMember),
        pos(4, PositionTitle::CommitteeMember),
        pos(5, PositionTitle::CommitteeMember),
    ];
    assert_eq!(orgs_where(&positions, reads_cases), vec![id(4), id(5)]);
    assert_eq!(orgs_where(&positions, writes_cases), vec![id(4)]);
}

#[test]
fn the_year_comes_from_today_or_the_fallback() {
    assert_eq!(year_of(Some("2026-12-06"), 2000), 2026);
    assert_eq!(year_of(None, 2000), 2000);
}
