//! Study against the real server (issue 5): my private notes and bookmark reach my
//! other device and nobody else's — not another member's, not the committee's — while
//! my read marks reach the committee, which sees per cell who has read an assigned
//! document.

use crate::study_live;

use sotay_model::api::{requests, Request, Response};
use sotay_model::study::{ReadMark, StudyNote};
use sotay_model::Entity;
use study_live::{call, id, sync, Server, CELL_1, CELL_2, DOC, GRASSROOTS, M1, M2, SECRETARY};

const NOTE: &str = "Liên hệ bản thân: còn chậm đổi mới cách làm — không ai khác được đọc";

fn study(r: Response) -> sotay_model::library::MyStudy {
    match r {
        Response::MyStudy(s) => s,
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_notes_stay_on_the_members_devices_read_marks_reach_the_committee() {
    let server = Server::start().await;
    let tmp = tempfile::tempdir().expect("tempdir");
    let committee = server
        .enrolled(&tmp.path().join("committee"), SECRETARY)
        .await;
    let phone = server.enrolled(&tmp.path().join("phone"), M1).await;
    let laptop = server.enrolled(&tmp.path().join("laptop"), M1).await;
    let other = server.enrolled(&tmp.path().join("other"), M2).await;

    // The grassroots committee asks its members to study the resolution.
    let Response::Created { id: assignment } = call(
        &committee,
        Request::AssignStudy(requests::AssignStudy {
            org_id: id(GRASSROOTS),
            document_id: id(DOC),
            due_on: "2025-03-31".into(),
            note: "Học tập, quán triệt trước kỳ sinh hoạt tháng 3".into(),
        }),
    )
    .await
    else {
        panic!("not created")
    };
    sync(&committee).await;
    sync(&phone).await;
    let Response::StudyAssignments { assignments } = call(
        &phone,
        Request::ListStudyAssignments(requests::ListStudyAssignments),
    )
    .await
    else {
        panic!("no list")
    };
    assert_eq!(assignments.len(), 1);
    assert!(!assignments[0].finished_by_me);

    // On the phone: open, note, bookmark, finish.
    let doc = id(DOC);
    let opened = study(
        call(
            &phone,
            Request::MarkRead(requests::MarkRead {
                document_id: doc,
                finished: false,
            }),
        )
        .await,
    );
    assert!(opened.opened_ms.is_some() && opened.finished_ms.is_none());
    call(
        &phone,
        Request::SaveStudyNote(requests::SaveStudyNote {
            document_id: doc,
            text: NOTE.into(),
        }),
    )
    .await;
    call(
        &phone,
        Request::SetBookmark(requests::SetBookmark {
            document_id: doc,
            bookmarked: true,
        }),
    )
    .await;
    let done = study(
        call(
            &phone,
            Request::MarkRead(requests::MarkRead {
                document_id: doc,
                finished: true,
            }),
        )
        .await,
    );
    assert_eq!(
        done.opened_ms, opened.opened_ms,
        "the first opening is kept"
    );
    sync(&phone).await;

    // The member's other device gets all of it.
    sync(&laptop).await;
    let mine = study(
        call(
            &laptop,
            Request::GetMyStudy(requests::GetMyStudy { document_id: doc }),
        )
        .await,
    );
    assert_eq!(mine.note, NOTE);
    assert!(mine.bookmarked && mine.finished_ms.is_some());
    let Response::Documents(sotay_model::library::DocumentPage { documents, .. }) =
        call(&laptop, Request::ListBookmarks(requests::ListBookmarks)).await
    else {
        panic!("no bookmarks")
    };
    assert_eq!(
        documents.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![doc]
    );

    // Nobody else's device holds the note: not the committee's, not another member's.
    sync(&committee).await;
    sync(&other).await;
    let note_id = StudyNote::row_id(id(M1), doc);
    let mark_id = ReadMark::row_id(id(M1), doc);
    for (who, r) in [("committee", &committee), ("other member", &other)] {
        let db = r.db();
        assert_eq!(db.row(note_id).expect("read"), None, "{who} holds the note");
        let all = db.all_rows().expect("rows");
        let held: Vec<_> = all
            .iter()
            .filter(|r| r.entity == Entity::StudyNote)
            .collect();
        assert!(held.is_empty(), "{who} holds study notes: {held:?}");
        let text = serde_json::to_string(&all).expect("json");
        assert!(
            !text.contains("Liên hệ bản thân"),
            "{who} holds the note's text"
        );
    }
    assert!(
        committee.db().row(mark_id).expect("read").is_some(),
        "the committee sees read marks"
    );
    assert_eq!(
        other.db().row(mark_id).expect("read"),
        None,
        "a fellow member does not"
    );
    // Through the Api too: the other member sees no note of their own on the document.
    let theirs = study(
        call(
            &other,
            Request::GetMyStudy(requests::GetMyStudy { document_id: doc }),
        )
        .await,
    );
    assert!(theirs.note.is_empty() && !theirs.bookmarked);

    // The committee sees, per cell, who has read it.
    let Response::StudyProgress(sotay_model::library::StudyReport {
        cells,
        assignment: a,
    }) = call(
        &committee,
        Request::StudyProgress(requests::StudyProgress {
            assignment_id: assignment,
        }),
    )
    .await
    else {
        panic!("no progress")
    };
    assert_eq!(a.document.id, doc);
    let cell = |c| cells.iter().find(|x| x.cell_id == id(c)).expect("cell");
    assert_eq!((cell(CELL_1).opened, cell(CELL_1).finished), (1, 1));
    assert_eq!(cell(CELL_1).members.len(), 2);
    assert_eq!((cell(CELL_2).opened, cell(CELL_2).finished), (0, 0));
    let m1 = cell(CELL_1)
        .members
        .iter()
        .find(|m| m.member_id == id(M1))
        .expect("m1");
    assert!(m1.finished_ms.is_some());

    // A member may not write someone else's note: the server refuses what a forged
    // device change would try (see the authorisation matrix); locally the Api only
    // ever writes the device member's own rows.
    let Response::StudyAssignments { assignments } = call(
        &other,
        Request::ListStudyAssignments(requests::ListStudyAssignments),
    )
    .await
    else {
        panic!("no list")
    };
    assert_eq!(
        assignments.len(),
        1,
        "the assignment reaches every cell below"
    );
}
