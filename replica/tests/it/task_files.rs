//! Files on tasks and progress reports (issue 14) between real replicas and the real
//! server: the assigning office puts a PDF on the task, the assignee reports offline
//! with a photo on the report; both arrive byte for byte on the other side; a member
//! of another cell holds neither row; the assignee may not put files on the task, and
//! takes their own file off again (the other devices delete the file with the row).

use crate::study_live;
use sotay_model::api::ApiErrorKind;
use sotay_model::library::requests::{
    AttachFile, FetchAttachment, ListAttachments, PinAttachment, RemoveAttachment,
};
use sotay_model::tasks::api::{NewReport, NewTask};
use sotay_model::tasks::requests::GetTask;
use sotay_model::{Entity, Id};
use study_live::{id, sync, Server, GRASSROOTS, M1, M2, SECRETARY};

fn attach(item: Id, path: &std::path::Path) -> AttachFile {
    AttachFile {
        document_id: item,
        path: path.display().to_string(),
        name: None,
        upload_id: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_on_a_task_and_its_report_reach_exactly_the_task_readers() {
    let server = Server::start().await;
    let tmp = tempfile::tempdir().expect("tempdir");
    let office = server.enrolled(&tmp.path().join("office"), SECRETARY).await;
    let member = server.enrolled(&tmp.path().join("member"), M1).await;
    let other = server.enrolled(&tmp.path().join("other"), M2).await;

    let task = office
        .ask(NewTask {
            assigner_org_id: id(GRASSROOTS),
            title: "Rà soát hồ sơ đảng viên".into(),
            content: String::new(),
            source_kind: Default::default(),
            source_id: None,
            source_text: String::new(),
            start_date: None,
            due_date: "2027-01-31".into(),
            priority: Default::default(),
            members: vec![id(M1)],
            orgs: vec![],
            parent_id: None,
        })
        .await
        .expect("assign");
    let plan = b"%PDF-1.4 ke hoach ra soat".repeat(40);
    let plan_path = tmp.path().join("Kế hoạch rà soát.pdf");
    std::fs::write(&plan_path, &plan).expect("write");
    let on_task = office
        .ask(attach(task, &plan_path))
        .await
        .expect("office attaches to its task");
    sync(&office).await;

    // The assignee, offline, reports with a photo; the task's own files are not theirs
    // to add to.
    sync(&member).await;
    let report = member
        .ask(NewReport {
            task_id: task,
            percent: 50,
            finished: false,
            done: "Đã rà soát 12 hồ sơ".into(),
            difficulties: String::new(),
            proposals: String::new(),
        })
        .await
        .expect("report");
    let photo: Vec<u8> = (0..30_000u32).map(|i| (i * 31 % 251) as u8).collect();
    let photo_path = tmp.path().join("anh-hien-truong.jpg");
    std::fs::write(&photo_path, &photo).expect("write");
    let err = member
        .ask(attach(task, &photo_path))
        .await
        .expect_err("not the assigner");
    assert_eq!(err.kind, ApiErrorKind::Forbidden, "{err:?}");
    assert!(err.message.contains("báo cáo tiến độ"), "{err:?}");
    let on_report = member
        .ask(attach(report, &photo_path))
        .await
        .expect("the author attaches to their report");
    let view = member.ask(GetTask { id: task }).await.expect("task");
    assert_eq!(view.me, Some(id(M1)));
    let listed = member
        .ask(ListAttachments {
            document_id: report,
        })
        .await
        .expect("list");
    assert_eq!(listed.len(), 1);
    assert!(listed[0].upload_pending, "waits for the next sync");
    sync(&member).await;
    let listed = member
        .ask(ListAttachments {
            document_id: report,
        })
        .await
        .expect("list");
    assert!(
        !listed[0].upload_pending && listed[0].upload_error.is_none(),
        "sent once the server held its row: {listed:?}"
    );

    // The office fetches the photo whole; the member the plan.
    sync(&office).await;
    let on_office = office
        .ask(ListAttachments {
            document_id: report,
        })
        .await
        .expect("list");
    assert_eq!(on_office.len(), 1);
    office
        .ask(PinAttachment { id: on_report })
        .await
        .expect("fetch the photo");
    let got = sotay_replica::library::blobs::read_local(&office.db(), on_report)
        .expect("on the office's device")
        .1;
    assert!(got == photo, "the photo, byte for byte");
    let task_files = member
        .ask(ListAttachments { document_id: task })
        .await
        .expect("list");
    assert_eq!(task_files.len(), 1);
    member
        .ask(FetchAttachment { id: on_task })
        .await
        .expect("fetch the plan");
    let got = sotay_replica::library::blobs::read_local(&member.db(), on_task)
        .expect("on the member's device")
        .1;
    assert!(got == plan);

    // A member of another cell holds no row of either and cannot fetch them.
    sync(&other).await;
    let held = |r: &sotay_replica::Replica| {
        let db = r.db();
        [on_task, on_report]
            .iter()
            .filter(|x| db.live_row(Entity::TaskFile, **x).ok().flatten().is_some())
            .count()
    };
    assert_eq!(held(&other), 0);
    let err = other
        .ask(FetchAttachment { id: on_report })
        .await
        .expect_err("not theirs");
    assert_eq!(err.kind, ApiErrorKind::NotFound, "{err:?}");

    // The author takes the photo off; the office's device drops its row and its file
    // at its next sync.
    let sealed = tmp
        .path()
        .join("office")
        .join("blobs")
        .join(&on_office[0].attachment.sha256);
    assert!(sealed.is_file(), "kept on the office's device");
    member
        .ask(RemoveAttachment { id: on_report })
        .await
        .expect("remove");
    sync(&member).await;
    sync(&office).await;
    let left = office
        .ask(ListAttachments {
            document_id: report,
        })
        .await
        .expect("list");
    assert!(left.is_empty(), "{left:?}");
    assert!(!sealed.exists(), "the file went with its row");
    assert_eq!(held(&member), 1, "the plan stays");
}
