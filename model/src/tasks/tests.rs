use super::*;
use crate::change::{FieldValue, RowState};
use crate::hlc::Hlc;
use crate::ids::{DeviceId, Id};
use crate::row::Row;
use crate::Entity;

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

fn task() -> Task {
    Task {
        id: id(1),
        org_id: id(2),
        assigner_org_id: id(3),
        assigned_by: id(4),
        assignee_id: Some(id(5)),
        group_id: id(6),
        parent_id: None,
        title: "Rà soát hồ sơ đảng viên".into(),
        content: "Rà soát, bổ sung lý lịch".into(),
        source_kind: SourceKind::Document,
        source_id: Some(id(7)),
        source_text: "Nghị quyết 57-NQ/TW".into(),
        start_date: "2026-11-01".into(),
        due_date: "2026-11-30".into(),
        priority: Priority::High,
    }
}

/// Noon, Vietnam time, on day `d` of November 2026, from device `node`.
fn at(d: u64, node: u128) -> Hlc {
    Hlc {
        wall_ms: 1_793_466_000_000 + (d - 1) * 86_400_000 + 5 * 3_600_000,
        counter: 0,
        node: DeviceId::from_u128(node),
    }
}

fn report(n: u128, percent: u8, finished: bool, hlc: Hlc) -> ProgressReport {
    ProgressReport {
        id: id(100 + n),
        task_id: id(1),
        org_id: id(2),
        member_id: id(5),
        percent,
        finished,
        done: format!("Đã làm {percent}%"),
        difficulties: String::new(),
        proposals: String::new(),
        hlc,
    }
}

fn review(n: u128, decision: Decision, hlc: Hlc) -> TaskReview {
    TaskReview {
        id: id(200 + n),
        task_id: id(1),
        org_id: id(2),
        assignee_id: Some(id(5)),
        member_id: id(4),
        decision,
        reason: if decision == Decision::Returned {
            "Chưa đủ hồ sơ".into()
        } else {
            String::new()
        },
        hlc,
    }
}

#[test]
fn the_day_of_a_stamp_is_the_vietnam_day() {
    assert_eq!(vn_day(at(1, 1).wall_ms), "2026-11-01");
    // 23:30 UTC on 1 November is 06:30 on 2 November in Hà Nội.
    assert_eq!(vn_day(1_793_575_800_000), "2026-11-02");
}

#[test]
fn a_task_with_no_events_is_open_then_overdue() {
    let t = task();
    let s = derive(&t, &[], &[], "2026-11-30");
    assert_eq!(
        (s.status, s.percent, s.bucket),
        (TaskStatus::Open, 0, Bucket::Open)
    );
    let s = derive(&t, &[], &[], "2026-12-01");
    assert!(s.overdue);
    assert_eq!(s.bucket, Bucket::Overdue);
}

#[test]
fn progress_is_the_latest_report_whatever_the_order_held() {
    let t = task();
    let a = report(1, 30, false, at(3, 1));
    let b = report(2, 60, false, at(4, 2));
    let c = report(3, 40, false, at(5, 1));
    let one = derive(&t, &[a.clone(), b.clone(), c.clone()], &[], "2026-11-10");
    let other = derive(&t, &[c, a, b], &[], "2026-11-10");
    assert_eq!(one, other);
    assert_eq!((one.status, one.percent), (TaskStatus::InProgress, 40));
}

#[test]
fn finished_then_confirmed_is_done_on_the_day_of_the_finished_report() {
    let t = task();
    let done = report(1, 100, true, at(29, 1));
    let ok = review(1, Decision::Confirmed, at(30, 2));
    let late_ok = review(2, Decision::Confirmed, at(30, 3));
    let s = derive(
        &t,
        std::slice::from_ref(&done),
        &[late_ok.clone(), ok.clone()],
        "2026-12-05",
    );
    assert_eq!(s.status, TaskStatus::Done);
    assert_eq!(s.done_on.as_deref(), Some("2026-11-29"));
    assert_eq!(
        (s.bucket, s.percent, s.overdue),
        (Bucket::OnTime, 100, false)
    );
    // Waiting for the assigner: submitted, and overdue once the date has passed.
    let s = derive(&t, &[done], &[], "2026-12-05");
    assert_eq!(
        (s.status, s.bucket),
        (TaskStatus::Submitted, Bucket::Overdue)
    );
}

#[test]
fn a_return_reopens_until_the_next_finished_report() {
    let t = task();
    let first = report(1, 100, true, at(10, 1));
    let back = review(1, Decision::Returned, at(11, 2));
    let s = derive(
        &t,
        std::slice::from_ref(&first),
        std::slice::from_ref(&back),
        "2026-11-12",
    );
    assert_eq!(s.status, TaskStatus::Returned);
    assert_eq!(s.returned_reason.as_deref(), Some("Chưa đủ hồ sơ"));
    let again = report(2, 100, true, at(30, 1));
    let ok = review(2, Decision::Confirmed, at(30, 2));
    let ok_day_after = Hlc {
        wall_ms: at(30, 2).wall_ms + 86_400_000,
        ..at(30, 2)
    };
    let s = derive(
        &t,
        &[first.clone(), again.clone()],
        &[back.clone(), ok],
        "2026-12-02",
    );
    assert_eq!((s.status, s.bucket), (TaskStatus::Done, Bucket::OnTime));
    // Confirmed after a return with no new finished report: done on the
    // confirmation's day, here after the due date.
    let late = review(3, Decision::Confirmed, ok_day_after);
    let s = derive(&t, &[first], &[back, late], "2026-12-02");
    assert_eq!((s.status, s.bucket), (TaskStatus::Done, Bucket::Late));
    assert_eq!(s.done_on.as_deref(), Some("2026-12-01"));
}

#[test]
fn events_of_other_tasks_do_not_count() {
    let t = task();
    let mut other = report(1, 90, true, at(3, 1));
    other.task_id = id(99);
    let s = derive(&t, &[other], &[], "2026-11-05");
    assert_eq!(s.status, TaskStatus::Open);
}

fn row_of<T: Row>(x: &T) -> RowState {
    let hlc = at(1, 1);
    let mut row = RowState::empty(T::ENTITY, x.id());
    for (k, value) in x.to_fields() {
        row.fields.insert(k.to_string(), FieldValue { value, hlc });
    }
    row
}

#[test]
fn rows_read_back_and_bad_ones_are_refused_in_vietnamese() {
    let t = task();
    assert_eq!(Task::from_row(&row_of(&t)), Ok(t.clone()));
    let r = report(1, 50, false, at(1, 1));
    assert_eq!(ProgressReport::from_row(&row_of(&r)), Ok(r.clone()));
    let v = review(1, Decision::Returned, at(1, 1));
    assert_eq!(TaskReview::from_row(&row_of(&v)), Ok(v));
    assert_eq!(Task::ENTITY, Entity::Task);

    let mut early = t.clone();
    early.due_date = "2026-10-01".into();
    assert!(Task::from_row(&row_of(&early))
        .expect_err("refused")
        .contains("Hạn hoàn thành"));
    let mut over = r.clone();
    over.percent = 101;
    assert!(ProgressReport::from_row(&row_of(&over)).is_err());
    let mut empty = r;
    empty.done.clear();
    assert!(ProgressReport::from_row(&row_of(&empty))
        .expect_err("refused")
        .contains("phải ghi"));
    let mut silent = review(2, Decision::Returned, at(1, 1));
    silent.reason.clear();
    assert!(TaskReview::from_row(&row_of(&silent))
        .expect_err("refused")
        .contains("lý do"));
}

#[test]
fn a_conclusion_becomes_the_same_task_on_every_device_and_version() {
    let m = id(42);
    let a = Task::follow_up_id(m, "Triển khai học tập Nghị quyết 57");
    assert_eq!(
        a,
        Task::follow_up_id(m, "  triển khai học tập nghị quyết 57 ")
    );
    assert_ne!(
        a,
        Task::follow_up_id(id(43), "Triển khai học tập Nghị quyết 57")
    );
    assert_ne!(a, Task::follow_up_id(m, "Một kết luận khác"));
}

#[test]
fn a_task_file_reads_back_and_names_its_item() {
    let mut f = TaskFile {
        id: id(70),
        task_id: id(1),
        report_id: Some(id(2)),
        org_id: id(3),
        member_id: id(4),
        name: "anh-hien-truong.jpg".into(),
        mime: "image/jpeg".into(),
        size: 2048,
        sha256: "a".repeat(64),
    };
    assert_eq!(TaskFile::from_row(&row_of(&f)), Ok(f.clone()));
    assert_eq!(f.as_attachment().document_id, id(2));
    f.report_id = None;
    assert_eq!(TaskFile::from_row(&row_of(&f)), Ok(f.clone()));
    assert_eq!(f.item(), id(1));
    let mut bad = f.clone();
    bad.mime = "application/x-msdownload".into();
    assert!(TaskFile::from_row(&row_of(&bad))
        .expect_err("refused")
        .contains("không được hỗ trợ"));
    bad = f;
    bad.size = 0;
    assert!(TaskFile::from_row(&row_of(&bad)).is_err());
}
