//! Conformance check of tasks (issue 14): who assigns to whom, who reads, reports,
//! confirms and returns; sub-tasks split only a task given to the splitting
//! organisation; the tasks of a meeting's conclusions are made by its chair, once; a
//! refusal stores nothing.

use super::fixture::Devices;
use super::fixture::{Pen, Tree};
use super::meetings::meeting;
use super::{accept, forbidden, pulled, refuse, refused_because, Backend};
use serde_json::json;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::meetings::{Conclusion, Minutes, MinutesStatus};
use sotay_model::protocol::{Outcome, RejectReason};
use sotay_model::tasks::{
    Decision, Priority, ProgressReport, SourceKind, Task, TaskFile, TaskReview,
};
use sotay_model::Entity;
use sotay_server::library::{may_download, may_upload, may_upload_own};
use sotay_server::meetings::changes::meeting_change;
use sotay_server::rows::row_change;
use sotay_server::store::Store;
use std::collections::BTreeSet;

fn task(pen: &mut Pen, org: Id, assigner: Id, by: Id, assignee: Option<Id>) -> Task {
    let id = pen.id();
    Task {
        id,
        org_id: org,
        assigner_org_id: assigner,
        assigned_by: by,
        assignee_id: assignee,
        group_id: id,
        parent_id: None,
        title: "Rà soát, bổ sung hồ sơ đảng viên".into(),
        content: "Theo Hướng dẫn 12-HD/BTCTW".into(),
        source_kind: SourceKind::Free,
        source_id: None,
        source_text: String::new(),
        start_date: "2026-11-01".into(),
        due_date: "2026-11-30".into(),
        priority: Priority::High,
    }
}

fn report(pen: &mut Pen, t: &Task, by: Id, device: DeviceId) -> ProgressReport {
    ProgressReport {
        id: pen.id(),
        task_id: t.id,
        org_id: t.org_id,
        member_id: by,
        percent: 60,
        finished: false,
        done: "Đã rà soát 30 hồ sơ".into(),
        difficulties: String::new(),
        proposals: String::new(),
        hlc: pen.hlc(device),
    }
}

/// Assigning, reading, reporting, reviewing and splitting, through `push`/`pull`.
pub fn tasks_assigned_reported_and_reviewed<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let mut pen = Pen::default();
    let push = |pen: &mut Pen, dev: DeviceId, x: &Task| row_change(pen.id(), x, pen.hlc(dev));

    // The district committee gives a task to member m1 (cell C1) and one to G1.
    let to_m1 = task(&mut pen, t.c1, t.d1, t.dc, Some(t.m1));
    accept(&store, d.dc, &push(&mut pen, d.dc, &to_m1));
    let to_g1 = task(&mut pen, t.g1, t.d1, t.dc, None);
    accept(&store, d.dc, &push(&mut pen, d.dc, &to_g1));
    // The cell's secretary gives one to m2.
    let to_m2 = task(&mut pen, t.c1, t.c1, t.sec, Some(t.m2));
    accept(&store, d.sec, &push(&mut pen, d.sec, &to_m2));

    // Refused, and nothing stored: a plain member assigning; the cell's secretary in
    // the district's name; a task to someone outside the assigner's subtree; a member
    // placed in a cell that is not theirs; an organisation task to the assigner itself.
    let refusals: Vec<(DeviceId, Task, Option<&str>)> = vec![
        (d.m2, task(&mut pen, t.c1, t.c1, t.m2, Some(t.m1)), None),
        (d.sec, task(&mut pen, t.c1, t.d1, t.sec, Some(t.m1)), None),
        (
            d.sec,
            task(&mut pen, t.c3, t.c1, t.sec, Some(t.o)),
            Some("cấp dưới"),
        ),
        (
            d.dc,
            task(&mut pen, t.c2, t.d1, t.dc, Some(t.m1)),
            Some("chi bộ của đảng viên"),
        ),
        (
            d.dc,
            task(&mut pen, t.d1, t.d1, t.dc, None),
            Some("cấp dưới"),
        ),
    ];
    for (dev, x, why) in refusals {
        let out = refuse(&store, dev, &push(&mut pen, dev, &x));
        match why {
            Some(w) => refused_because(&out, w),
            None => forbidden(&out),
        }
        assert!(store.row(x.id).expect("row").is_none(), "nothing stored");
    }

    // Reads: the assignee and their cell; committees above; nobody elsewhere.
    let all = BTreeSet::from([to_m1.id, to_g1.id, to_m2.id]);
    assert_eq!(pulled(&store, d.dc, Entity::Task), all);
    assert_eq!(
        pulled(&store, d.m1, Entity::Task),
        BTreeSet::from([to_m1.id, to_m2.id])
    );
    assert!(pulled(&store, d.o, Entity::Task).is_empty());
    assert!(pulled(&store, d.c2m, Entity::Task).is_empty());

    // Reports: by the assignee only, in their own name.
    let r = report(&mut pen, &to_m1, t.m1, d.m1);
    accept(&store, d.m1, &row_change(pen.id(), &r, pen.hlc(d.m1)));
    let by_m2 = report(&mut pen, &to_m1, t.m2, d.m2);
    forbidden(&refuse(
        &store,
        d.m2,
        &row_change(pen.id(), &by_m2, pen.hlc(d.m2)),
    ));
    let in_sec_name = report(&mut pen, &to_m1, t.sec, d.m1);
    refused_because(
        &refuse(
            &store,
            d.m1,
            &row_change(pen.id(), &in_sec_name, pen.hlc(d.m1)),
        ),
        "chính mình",
    );
    let on_g1 = report(&mut pen, &to_g1, t.sec, d.sec);
    forbidden(&refuse(
        &store,
        d.sec,
        &row_change(pen.id(), &on_g1, pen.hlc(d.sec)),
    ));
    assert_eq!(
        pulled(&store, d.dc, Entity::ProgressReport),
        BTreeSet::from([r.id])
    );
    assert!(pulled(&store, d.o, Entity::ProgressReport).is_empty());
    // A report is an event: never edited.
    let edit = pen.edit(
        d.m1,
        Entity::ProgressReport,
        r.id,
        t.c1,
        vec![("percent", json!(90))],
    );
    refuse(&store, d.m1, &edit);

    task_files(&store, &d, &t, &mut pen, (&to_m1, &to_g1), &r);

    // Reviews: by the assigning office only.
    let review = |pen: &mut Pen, by, dev| TaskReview {
        id: pen.id(),
        task_id: to_m1.id,
        org_id: t.c1,
        assignee_id: Some(t.m1),
        member_id: by,
        decision: Decision::Returned,
        reason: "Thiếu biên bản".into(),
        hlc: pen.hlc(dev),
    };
    let by_sec = review(&mut pen, t.sec, d.sec);
    forbidden(&refuse(
        &store,
        d.sec,
        &row_change(pen.id(), &by_sec, pen.hlc(d.sec)),
    ));
    let by_dc = review(&mut pen, t.dc, d.dc);
    accept(&store, d.dc, &row_change(pen.id(), &by_dc, pen.hlc(d.dc)));
    assert!(pulled(&store, d.m1, Entity::TaskReview).contains(&by_dc.id));

    // Edits: the assigning office changes the title; the assignee may not; who is
    // assigned never changes.
    accept(
        &store,
        d.dc,
        &pen.edit(
            d.dc,
            Entity::Task,
            to_m1.id,
            t.c1,
            vec![("due_date", json!("2026-12-15"))],
        ),
    );
    forbidden(&refuse(
        &store,
        d.m1,
        &pen.edit(
            d.m1,
            Entity::Task,
            to_m1.id,
            t.c1,
            vec![("due_date", json!("2027-12-15"))],
        ),
    ));
    let moved = pen.edit(
        d.dc,
        Entity::Task,
        to_m1.id,
        t.c1,
        vec![("assignee_id", json!(t.m2))],
    );
    assert!(matches!(
        refuse(&store, d.dc, &moved),
        Outcome::Rejected {
            reason: RejectReason::Immutable(_),
            ..
        }
    ));

    // Sub-tasks split only a task given to the splitting organisation.
    let mut split = task(&mut pen, t.c1, t.d1, t.dc, Some(t.m1));
    split.parent_id = Some(to_g1.id);
    refused_because(
        &refuse(&store, d.dc, &push(&mut pen, d.dc, &split)),
        "nhiệm vụ con",
    );

    // A meeting's chair makes the tasks of its approved conclusions; nobody else.
    let m = meeting(pen.id(), t.c1, vec![t.sec, t.m1, t.m2], t.m1, t.m2);
    accept(&store, d.sec, &meeting_change(pen.id(), &m, pen.hlc(d.sec)));
    let minutes = Minutes {
        id: pen.id(),
        meeting_id: m.id,
        org_id: t.c1,
        version: 1,
        previous_id: None,
        reason: String::new(),
        items: vec![],
        conclusions: vec![Conclusion {
            text: "Hoàn thành thu đảng phí quý IV".into(),
            to_task: true,
            task_id: None,
        }],
        votes: vec![],
        status: MinutesStatus::Approved,
        approved_by: Some(t.m1),
    };
    let follow = Task::follow_ups(&m, &minutes, t.m1).remove(0);
    forbidden(&refuse(&store, d.m2, &push(&mut pen, d.m2, &follow)));
    accept(&store, d.m1, &push(&mut pen, d.m1, &follow));
    // The chair's second device writes the same row: still one task.
    accept(&store, d.m1, &push(&mut pen, d.m1, &follow));
    let mut forged = follow.clone();
    forged.id = pen.id();
    forged.group_id = forged.id;
    refused_because(
        &refuse(&store, d.m1, &push(&mut pen, d.m1, &forged)),
        "kết luận",
    );
    let held = pulled(&store, d.m2, Entity::Task);
    assert_eq!(held.iter().filter(|id| **id == follow.id).count(), 1);
    assert!(!held.contains(&forged.id));
}

fn file(pen: &mut Pen, t: &Task, report: Option<Id>, by: Id, sha: &str) -> TaskFile {
    TaskFile {
        id: pen.id(),
        task_id: t.id,
        report_id: report,
        org_id: t.org_id,
        member_id: by,
        name: "Biên bản rà soát.pdf".into(),
        mime: "application/pdf".into(),
        size: 4_096,
        sha256: sha.into(),
    }
}

/// Files on tasks and reports: the assigning office on the task, the author on their
/// report; read exactly like the task (never by a cell below an organisation's task,
/// unlike a document's attachments); a plain member may send only the files of their
/// own accepted rows; downloads follow the rows.
fn task_files(
    store: &impl Store,
    d: &Devices,
    t: &Tree,
    pen: &mut Pen,
    (to_m1, to_g1): (&Task, &Task),
    r: &ProgressReport,
) {
    let push = |pen: &mut Pen, dev: DeviceId, f: &TaskFile| row_change(pen.id(), f, pen.hlc(dev));
    let (photo, papers, g1_papers) = ("a1".repeat(32), "b2".repeat(32), "c3".repeat(32));
    let on_report = file(pen, to_m1, Some(r.id), t.m1, &photo);
    accept(store, d.m1, &push(pen, d.m1, &on_report));
    let on_task = file(pen, to_m1, None, t.dc, &papers);
    accept(store, d.dc, &push(pen, d.dc, &on_task));
    let on_g1 = file(pen, to_g1, None, t.dc, &g1_papers);
    accept(store, d.dc, &push(pen, d.dc, &on_g1));

    // Refused, nothing stored: the assignee on the task itself; a fellow member on
    // someone else's report or in their name; the cell's secretary (not the assigner)
    // on the task; a member of another district anywhere.
    let refusals = [
        (
            d.m1,
            file(pen, to_m1, None, t.m1, &photo),
            Some("tổ chức giao"),
        ),
        (d.m2, file(pen, to_m1, Some(r.id), t.m2, &photo), None),
        (
            d.m1,
            file(pen, to_m1, Some(r.id), t.m2, &photo),
            Some("chính mình"),
        ),
        (d.sec, file(pen, to_m1, None, t.sec, &papers), None),
        (d.o, file(pen, to_m1, Some(r.id), t.o, &photo), None),
    ];
    for (dev, f, why) in refusals {
        let out = refuse(store, dev, &push(pen, dev, &f));
        match why {
            Some(w) => refused_because(&out, w),
            None => forbidden(&out),
        }
        assert!(store.row(f.id).expect("row").is_none(), "nothing stored");
    }

    let mine = BTreeSet::from([on_report.id, on_task.id]);
    assert_eq!(pulled(store, d.m1, Entity::TaskFile), mine);
    assert_eq!(
        pulled(store, d.m2, Entity::TaskFile),
        mine,
        "the assignee's cell"
    );
    assert_eq!(
        pulled(store, d.dc, Entity::TaskFile),
        BTreeSet::from([on_report.id, on_task.id, on_g1.id])
    );
    assert!(pulled(store, d.o, Entity::TaskFile).is_empty());
    assert!(pulled(store, d.c2m, Entity::TaskFile).is_empty());
    // A file is never edited.
    let edit = pen.edit(
        d.m1,
        Entity::TaskFile,
        on_report.id,
        t.c1,
        vec![("name", json!("Ảnh khác.pdf"))],
    );
    refuse(store, d.m1, &edit);

    // Blobs: who sends and who fetches each file.
    let actor = |dev| store.actor(dev).expect("actor");
    let refs = |sha: &str| store.blob_refs(sha).expect("refs");
    assert!(!may_upload(&actor(d.m1)));
    assert!(may_upload_own(&actor(d.m1), &refs(&photo)));
    assert!(!may_upload_own(&actor(d.m2), &refs(&photo)));
    assert!(!may_upload_own(&actor(d.m1), &refs(&papers)));
    let may =
        |dev, sha: &str| may_download(&actor(dev), &refs(sha), |id| store.row(id)).expect("decide");
    assert!(may(d.m1, &photo) && may(d.m2, &papers) && may(d.dc, &photo));
    assert!(!may(d.o, &photo) && !may(d.c2m, &papers));
    assert!(
        !may(d.m1, &g1_papers),
        "a cell below an organisation's task"
    );
    assert!(may(d.dc, &g1_papers));

    // Taken off by whoever attached it: the file's blob is nobody's to fetch then.
    accept(
        store,
        d.m1,
        &pen.delete(d.m1, Entity::TaskFile, on_report.id, t.c1),
    );
    assert!(!may(d.m2, &photo));
    assert!(!pulled(store, d.m2, Entity::TaskFile).contains(&on_report.id));
}
