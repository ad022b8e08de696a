//! Issue 12, item 7, through real HTTP and real replicas: rows whose id is computed
//! from their content (a member's read mark and study note of a document, a meeting
//! key's copy for its holder) cannot be created first by someone else under that id.
//! The server refuses such a row with a reason, and the rightful owner's row, made
//! later, is taken.

use crate::cell;

use cell::{Cell, Device};
use serde_json::json;
use sotay_model::api::{requests, Request, Response};
use sotay_model::library::documents::{DocKind, DocStatus};
use sotay_model::library::NewDocument;
use sotay_model::meetings::api::{MeetingPatch, NewMeeting};
use sotay_model::meetings::{MeetingKey, MeetingKind};
use sotay_model::protocol::Outcome;
use sotay_model::study::{ReadMark, StudyNote};
use sotay_model::{Change, Entity, FieldValue, Id};
use sotay_server::Store;
use std::collections::BTreeMap;

const T0: u64 = 1_797_000_000_000;
const HOUR: u64 = 3_600_000;

fn change(
    d: &Device,
    n: u128,
    entity: Entity,
    row: Id,
    org: Id,
    fields: Vec<(&str, serde_json::Value)>,
) -> Change {
    let hlc = sotay_model::hlc::Hlc {
        wall_ms: T0 + 1_000,
        counter: 0,
        node: d.device_id(),
    };
    Change {
        change_id: Id::from_u128(0x5a_0000 + n),
        entity,
        row_id: row,
        org_id: org,
        fields: fields
            .into_iter()
            .map(|(k, value)| (k.to_string(), FieldValue { value, hlc }))
            .collect::<BTreeMap<_, _>>(),
        tombstone: None,
    }
}

fn refused_saying(out: &Outcome, words: &str) {
    match out {
        Outcome::Rejected { reason, .. } => assert!(
            reason.message_vi().contains(words),
            "{reason:?} should say {words:?}"
        ),
        other => panic!("expected a refusal saying {words:?}, got {other:?}"),
    }
}

async fn cell_with_document() -> (Cell, Device, Device, Device, Id) {
    let cell = Cell::start().await;
    cell.server_at(T0);
    let secretary = cell.device(cell.members[0], "máy bí thư", T0).await;
    let hoa = cell.device(cell.members[5], "điện thoại Hoa", T0).await;
    let nam = cell.device(cell.members[6], "điện thoại Nam", T0).await;
    let doc = secretary
        .created(Request::CreateDocument(NewDocument {
            kind: DocKind::Resolution,
            number: "05-NQ/CB".into(),
            title: "Nghị quyết về phát triển kinh tế thôn".into(),
            org_id: cell.cell,
            issuer: "Chi bộ thôn Đông".into(),
            issued_on: "2026-12-01".into(),
            status: DocStatus::InForce,
            summary: String::new(),
            body: "Toàn văn nghị quyết.".into(),
            topics: vec![],
        }))
        .await;
    for d in [&secretary, &hoa, &nam] {
        d.sync().await;
    }
    (cell, secretary, hoa, nam, doc)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_members_read_mark_and_note_ids_are_refused_and_the_owners_work() {
    let (cell, _secretary, hoa, nam, doc) = cell_with_document().await;
    let hoa_mark = ReadMark::row_id(hoa.member, doc);
    let hoa_note = StudyNote::row_id(hoa.member, doc);

    // Nam takes the ids of Hoa's read mark and note for rows of his own.
    let base = |extra: Vec<(&'static str, serde_json::Value)>| {
        let mut f = vec![
            ("member_id", json!(nam.member)),
            ("document_id", json!(doc)),
            ("org_id", json!(cell.cell)),
        ];
        f.extend(extra);
        f
    };
    let squats = [
        (
            Entity::ReadMark,
            hoa_mark,
            base(vec![("opened_ms", json!(T0))]),
        ),
        (
            Entity::StudyNote,
            hoa_note,
            base(vec![
                ("text", json!("ghi chú")),
                ("bookmarked", json!(true)),
            ]),
        ),
        // His own formula, but of another document: the id still does not match.
        (
            Entity::ReadMark,
            ReadMark::row_id(nam.member, cell.cell),
            base(vec![("opened_ms", json!(T0))]),
        ),
    ];
    for (n, (entity, row, fields)) in squats.into_iter().enumerate() {
        let out = nam
            .push_raw(
                &cell.url,
                change(&nam, n as u128, entity, row, cell.cell, fields),
            )
            .await;
        refused_saying(&out, "không khớp");
        assert!(
            cell.store.row(row).expect("row").is_none(),
            "nothing stored"
        );
    }

    // Hoa's own read mark and note, made through the app, are taken.
    hoa.call(Request::MarkRead(requests::MarkRead {
        document_id: doc,
        finished: true,
    }))
    .await
    .expect("mark read");
    hoa.call(Request::SaveStudyNote(requests::SaveStudyNote {
        document_id: doc,
        text: "Ý chính: ba khâu đột phá".into(),
    }))
    .await
    .expect("note");
    hoa.sync().await;
    assert!(hoa.rejections().await.is_empty());
    for id in [hoa_mark, hoa_note] {
        let stored = cell.store.row(id).expect("row").expect("stored");
        assert_eq!(stored.row.id("member_id"), Some(hoa.member));
    }
    // Nam's own, under his own ids, are taken too.
    nam.call(Request::MarkRead(requests::MarkRead {
        document_id: doc,
        finished: false,
    }))
    .await
    .expect("mark read");
    nam.sync().await;
    let said = nam.rejections().await;
    assert!(said.is_empty(), "{said:?}");
    let mine = ReadMark::row_id(nam.member, doc);
    assert!(cell.store.row(mine).expect("row").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_meeting_key_copy_under_another_holders_id_is_refused() {
    let cell = Cell::start().await;
    cell.server_at(T0);
    let secretary = cell.device(cell.members[0], "máy bí thư", T0).await;
    let deputy = cell.device(cell.members[1], "máy phó bí thư", T0).await;
    let future_chair = cell.device(cell.members[4], "điện thoại Bình", T0).await;
    let start = T0 + 3 * HOUR;
    let meeting = secretary
        .created(Request::CreateMeeting(NewMeeting {
            org_id: cell.cell,
            kind: MeetingKind::Thematic,
            topic: "Chuyên đề học tập".into(),
            starts_at: start,
            ends_at: start + 2 * HOUR,
            place: "Hội trường".into(),
            chair_id: Some(cell.members[0]),
            minute_taker_id: None,
            agenda: vec![],
            materials: vec![],
            invited: cell.members.clone(),
            guests: vec![],
        }))
        .await;
    for d in [&secretary, &deputy, &future_chair] {
        d.sync().await;
    }
    // The deputy (office) holds the secret; he makes "his" copy under the id of the
    // copy the member who will chair should get.
    let office = deputy
        .replica
        .db()
        .row(MeetingKey::row_id(meeting, None))
        .expect("row")
        .expect("the office copy");
    let secret = office.fields["secret"].value.clone();
    let squatted = MeetingKey::row_id(meeting, Some(future_chair.member));
    let out = deputy
        .push_raw(
            &cell.url,
            change(
                &deputy,
                10,
                Entity::MeetingKey,
                squatted,
                cell.cell,
                vec![
                    ("meeting_id", json!(meeting)),
                    ("org_id", json!(cell.cell)),
                    ("holder_id", json!(deputy.member)),
                    ("secret", secret),
                ],
            ),
        )
        .await;
    refused_saying(&out, "không khớp");
    assert!(cell.store.row(squatted).expect("row").is_none());

    // The member made chair gets the copy, and with it the code.
    secretary
        .call(Request::UpdateMeeting(requests::UpdateMeeting {
            id: meeting,
            patch: MeetingPatch {
                chair_id: Some(Some(future_chair.member)),
                ..MeetingPatch::default()
            },
        }))
        .await
        .expect("new chair");
    secretary.sync().await;
    assert!(secretary.rejections().await.is_empty());
    future_chair.sync().await;
    match future_chair
        .call(Request::GetMeeting(requests::GetMeeting { id: meeting }))
        .await
        .expect("meeting")
    {
        Response::Meeting { meeting: view } => {
            assert!(view.holds_key, "the chair holds the secret")
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(future_chair.code(meeting).await.len(), 9);
}
