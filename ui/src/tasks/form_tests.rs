use super::*;
use sotay_model::entities::{Gender, OrgKind};
use sotay_model::tasks::{Bucket, TaskState};

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

fn task(n: u128, group: u128, due: &str) -> Task {
    Task {
        id: id(n),
        org_id: id(4),
        assigner_org_id: id(3),
        assigned_by: id(9),
        assignee_id: Some(id(100 + n)),
        group_id: id(group),
        parent_id: None,
        title: format!("Nhiệm vụ {n}"),
        content: String::new(),
        source_kind: SourceKind::Free,
        source_id: None,
        source_text: String::new(),
        start_date: "2026-11-01".into(),
        due_date: due.into(),
        priority: Priority::Normal,
    }
}

fn card(n: u128, group: u128, due: &str, status: TaskStatus, overdue: bool) -> TaskCard {
    TaskCard {
        task: task(n, group, due),
        state: TaskState {
            status,
            percent: 0,
            overdue,
            done_on: None,
            returned_reason: None,
            bucket: if overdue {
                Bucket::Overdue
            } else {
                Bucket::Open
            },
        },
        assignee_name: format!("Người {n}"),
        assigner_org_name: "Đảng ủy xã".into(),
        latest: None,
    }
}

#[test]
fn an_empty_assignment_names_every_missing_field_at_once() {
    let errs = TaskForm::default().to_new().expect_err("empty");
    assert_eq!(
        errs,
        vec![
            FormError::NeedOrg,
            FormError::NeedTitle,
            FormError::NeedDue,
            FormError::NeedAssignee
        ]
    );
}

#[test]
fn an_assignment_reads_vietnamese_dates_and_its_assignees() {
    let mut f = TaskForm {
        assigner: Some(id(3)),
        title: "  Rà soát hồ sơ ".into(),
        start: "1/12/2026".into(),
        due: "31/12/2026".into(),
        priority: Priority::High,
        ..Default::default()
    };
    f.toggle_member(id(7), "Lan");
    f.toggle_org(id(5), "Chi bộ 2");
    f.toggle_member(id(8), "Bình");
    f.toggle_member(id(8), "Bình");
    let new = f.to_new().expect("valid");
    assert_eq!(new.title, "Rà soát hồ sơ");
    assert_eq!(new.start_date.as_deref(), Some("2026-12-01"));
    assert_eq!(new.due_date, "2026-12-31");
    assert_eq!((new.members, new.orgs), (vec![id(7)], vec![id(5)]));
    assert_eq!(new.source_kind, SourceKind::Free);
}

#[test]
fn bad_dates_and_a_missing_document_are_named() {
    let f = TaskForm {
        assigner: Some(id(3)),
        title: "x".into(),
        start: "31/12/2026".into(),
        due: "30/12/2026".into(),
        source: SourceChoice::Document,
        members: vec![(id(7), "Lan".into())],
        ..Default::default()
    };
    assert_eq!(
        f.to_new().expect_err("bad"),
        vec![FormError::DueBeforeStart, FormError::NeedDocument]
    );
    let g = TaskForm {
        due: "31/02/2026".into(),
        start: "hôm nay".into(),
        ..f
    };
    let errs = g.to_new().expect_err("bad");
    assert!(errs.contains(&FormError::BadDue) && errs.contains(&FormError::BadStart));
}

#[test]
fn a_document_source_names_the_document() {
    let f = TaskForm {
        assigner: Some(id(3)),
        title: "Học tập nghị quyết".into(),
        due: "31/12/2026".into(),
        source: SourceChoice::Document,
        document: Some((id(70), "57-NQ/TW Nghị quyết".into())),
        orgs: vec![(id(5), "Chi bộ 2".into())],
        ..Default::default()
    };
    let new = f.to_new().expect("valid");
    assert_eq!(new.source_kind, SourceKind::Document);
    assert_eq!(new.source_id, Some(id(70)));
    assert_eq!(new.source_text, "57-NQ/TW Nghị quyết");
}

#[test]
fn assignees_are_found_below_the_assigner_ignoring_diacritics() {
    let org = |n: u128, name: &str, parent: Option<u128>| Organisation {
        id: id(n),
        name: name.into(),
        kind: OrgKind::Cell,
        parent_id: parent.map(id),
    };
    let orgs = vec![
        org(3, "Đảng ủy xã", None),
        org(4, "Chi bộ thôn Đông", Some(3)),
        org(5, "Chi bộ thôn Tây", Some(3)),
        org(6, "Chi bộ thôn Đoài", None),
    ];
    let member = |n: u128, name: &str, status: MemberStatus| Member {
        id: id(n),
        full_name: name.into(),
        birth_date: "1980-01-01".into(),
        gender: Gender::Female,
        joined_date: "2000-01-01".into(),
        official_date: None,
        card_no: format!("01{n:05}"),
        status,
        cell_id: id(4),
    };
    let members = vec![
        member(7, "Nguyễn Thị Đông", MemberStatus::Full),
        member(8, "Trần Văn Đông", MemberStatus::Left),
    ];
    let (o, m) = find_assignees("dong", id(3), &orgs, &members, 10);
    assert_eq!(o.iter().map(|o| o.id).collect::<Vec<_>>(), vec![id(4)]);
    assert_eq!(m.iter().map(|m| m.id).collect::<Vec<_>>(), vec![id(7)]);
    assert_eq!(find_assignees("  ", id(3), &orgs, &members, 10).0.len(), 0);
    assert_eq!(find_assignees("thon", id(3), &orgs, &members, 1).0.len(), 1);
}

#[test]
fn a_report_needs_a_percent_and_some_words_unless_finished() {
    let r = ReportForm::from_percent(40);
    assert_eq!(r.to_new(id(1)), Err(vec![FormError::NeedReportText]));
    let bad = ReportForm {
        percent: "120".into(),
        done: "x".into(),
        ..Default::default()
    };
    assert_eq!(bad.to_new(id(1)), Err(vec![FormError::BadPercent]));
    let mut fin = ReportForm::from_percent(40);
    fin.set_finished(true);
    let sent = fin.to_new(id(1)).expect("finished is enough");
    assert_eq!((sent.percent, sent.finished), (100, true));
    let typed = ReportForm {
        percent: "60 %".into(),
        difficulties: " Thiếu mẫu ".into(),
        ..Default::default()
    };
    let sent = typed.to_new(id(1)).expect("valid");
    assert_eq!(
        (sent.percent, sent.difficulties.as_str()),
        (60, "Thiếu mẫu")
    );
}

#[test]
fn an_edit_sends_only_what_changed() {
    let t = task(1, 1, "2026-11-30");
    let mut e = EditForm::of(&t);
    assert_eq!(e.due, "30/11/2026");
    assert_eq!(e.to_patch(&t), Err(vec![FormError::NothingChanged]));
    e.due = "15/12/2026".into();
    let p = e.to_patch(&t).expect("changed");
    assert_eq!((p.title, p.due_date.as_deref()), (None, Some("2026-12-15")));
    e.due = "15/10/2026".into();
    assert_eq!(e.to_patch(&t), Err(vec![FormError::DueBeforeStart]));
}

#[test]
fn my_tasks_put_overdue_first_then_due_soonest_and_done_last() {
    let mut cards = vec![
        card(1, 1, "2026-12-20", TaskStatus::Open, false),
        card(2, 2, "2026-12-01", TaskStatus::Done, false),
        card(3, 3, "2026-12-10", TaskStatus::InProgress, false),
        card(4, 4, "2026-11-01", TaskStatus::Open, true),
    ];
    order_mine(&mut cards);
    let order: Vec<Id> = cards.iter().map(|c| c.task.id).collect();
    assert_eq!(order, vec![id(4), id(3), id(1), id(2)]);
}

#[test]
fn assigned_tasks_group_by_assignment() {
    let groups = group_assigned(vec![
        card(1, 10, "2026-12-20", TaskStatus::Open, false),
        card(2, 11, "2026-12-05", TaskStatus::Open, false),
        card(3, 10, "2026-12-20", TaskStatus::Submitted, false),
    ]);
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].group_id, id(11));
    assert_eq!(groups[1].cards.len(), 2);
}

#[test]
fn home_shows_overdue_and_tasks_due_within_a_week() {
    let cards = vec![
        card(1, 1, "2026-12-13", TaskStatus::Open, false),
        card(2, 2, "2026-12-14", TaskStatus::Open, false),
        card(3, 3, "2026-12-01", TaskStatus::Open, true),
        card(4, 4, "2026-12-07", TaskStatus::Done, false),
        // Across a month's end and a leap day.
        card(5, 5, "2028-03-01", TaskStatus::Open, false),
    ];
    let due: Vec<Id> = due_soon(cards.clone(), "2026-12-06", 7)
        .iter()
        .map(|c| c.task.id)
        .collect();
    assert_eq!(due, vec![id(3), id(1)]);
    let leap: Vec<Id> = due_soon(cards, "2028-02-23", 7)
        .iter()
        .map(|c| c.task.id)
        .collect();
    assert!(leap.contains(&id(5)));
    assert_eq!(day_number("1970-01-01"), Some(0));
    assert_eq!(
        day_number("2028-03-01")
            .zip(day_number("2028-02-28"))
            .map(|(a, b)| a - b),
        Some(2)
    );
}
