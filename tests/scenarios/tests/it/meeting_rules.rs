//! Issue 6, the refusals: check-in codes from another meeting, expired, forged, or a
//! check-in for another member are refused with a Vietnamese reason and nothing is
//! recorded; approved minutes cannot be changed without a new version, on any device,
//! through any request (the Api, an offline edit synced later, a forged push).

use crate::cell;

use cell::{Cell, Device};
use serde_json::json;
use sotay_model::api::{requests, Request, Response};
use sotay_model::meetings::api::{MinutesPatch, NewMeeting};
use sotay_model::meetings::{MeetingKind, MinutesItemContent, MinutesStatus, Vote};
use sotay_model::protocol::{Outcome, RejectReason};
use sotay_model::{Change, Entity, FieldValue, Id};
use sotay_server::Store;
use std::collections::BTreeMap;

const T0: u64 = 1_797_000_000_000;
const HOUR: u64 = 3_600_000;

async fn plan(secretary: &Device, cell: &Cell, start: u64, topic: &str) -> Id {
    secretary
        .created(Request::CreateMeeting(NewMeeting {
            org_id: cell.cell,
            kind: MeetingKind::Thematic,
            topic: topic.into(),
            starts_at: start,
            ends_at: start + 2 * HOUR,
            place: "Hội trường xã".into(),
            chair_id: Some(cell.members[0]),
            minute_taker_id: Some(cell.members[1]),
            agenda: vec!["Quán triệt nghị quyết".into(), "Thảo luận".into()],
            materials: vec![],
            invited: cell.members.clone(),
            guests: vec![],
        }))
        .await
}

fn change(
    entity: Entity,
    row: Id,
    org: Id,
    at: u64,
    node: Id,
    fields: Vec<(&str, serde_json::Value)>,
) -> Change {
    let hlc = sotay_model::hlc::Hlc {
        wall_ms: at,
        counter: 0,
        node,
    };
    Change {
        change_id: Id::from_u128(u128::from(at) << 16 | 0xf0),
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
        Outcome::Rejected { reason, .. } => {
            assert!(
                reason.message_vi().contains(words),
                "{reason:?} should say {words:?}"
            )
        }
        other => panic!("expected a refusal saying {words:?}, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_expired_forged_and_borrowed_check_ins_are_refused_and_leave_nothing() {
    let cell = Cell::start().await;
    cell.server_at(T0);
    let secretary = cell.device(cell.members[0], "máy bí thư", T0).await;
    let member = cell.device(cell.members[5], "điện thoại Hà", T0).await;
    let start = T0 + 3 * HOUR;
    let this = plan(&secretary, &cell, start, "Chuyên đề tháng 1").await;
    let other = plan(&secretary, &cell, start, "Chuyên đề khác cùng giờ").await;
    secretary.sync().await;
    member.sync().await;

    secretary.at(start + 10 * 60_000);
    let other_code = secretary.code(other).await;
    secretary.at(start + 6 * HOUR);
    let expired = secretary.code(this).await;
    let cases = [
        (other_code, "không đúng cho cuộc họp này"),
        (expired, "hết hạn"),
        ("7KQ3-M9PX".to_string(), "không đúng cho cuộc họp này"),
    ];
    // The secretary's device verifies codes itself, with the same reasons.
    for (code, why) in &cases {
        let e = secretary
            .call(Request::VerifyCheckInCode(requests::VerifyCheckInCode {
                meeting_id: this,
                code: code.clone(),
            }))
            .await
            .expect_err("refused");
        assert!(e.message.contains(why), "{e:?}");
    }
    // The member's phone (no secret) takes them offline; the server refuses each.
    let mut ids = Vec::new();
    for (code, _) in &cases {
        ids.push(
            member
                .created(Request::CheckIn(requests::CheckIn {
                    meeting_id: this,
                    code: code.clone(),
                }))
                .await,
        );
    }
    member.sync().await;
    let said = member.rejections().await;
    for ((_, why), id) in cases.iter().zip(&ids) {
        assert!(
            said.iter().any(|s| s.contains(why)),
            "{said:?} lacks {why:?}"
        );
        assert!(
            member.replica.db().row(*id).expect("row").is_none(),
            "rolled back"
        );
    }
    // A forged check-in for another member, with a right code: refused, not stored.
    secretary.at(start + 5 * 60_000);
    let good = secretary.code(this).await;
    let slot = sotay_model::meetings::code::resolve_slot(&good, start).expect("slot");
    let borrowed = Id::from_u128(0xb0_0000);
    let forged = change(
        Entity::CheckIn,
        borrowed,
        cell.cell,
        start + 5 * 60_000,
        member.member,
        vec![
            ("meeting_id", json!(this)),
            ("org_id", json!(cell.cell)),
            ("member_id", json!(cell.members[6])),
            ("code", json!(good.replace('-', ""))),
            ("slot", json!(slot)),
        ],
    );
    let out = member.push_raw(&cell.url, forged).await;
    assert!(
        matches!(
            out,
            Outcome::Rejected {
                reason: RejectReason::Forbidden,
                ..
            }
        ),
        "{out:?}"
    );
    assert!(cell.store.row(borrowed).expect("row").is_none());
    assert!(cell.server_rows("check_in").is_empty(), "nothing recorded");
    // The same right code, typed by the member for themselves, is taken.
    member
        .created(Request::CheckIn(requests::CheckIn {
            meeting_id: this,
            code: good,
        }))
        .await;
    member.sync().await;
    assert_eq!(cell.server_rows("check_in").len(), 1);
    assert_eq!(cell.server_attendance(this).present, 1);
}

async fn minutes_of(d: &Device, meeting: Id) -> Vec<sotay_model::meetings::Minutes> {
    match d
        .call(Request::ListMinutes(requests::ListMinutes {
            meeting_id: meeting,
        }))
        .await
        .expect("list")
    {
        Response::MinutesVersions { minutes } => minutes,
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approved_minutes_change_only_by_a_new_version() {
    let cell = Cell::start().await;
    cell.server_at(T0);
    let chair = cell.device(cell.members[0], "máy chủ trì", T0).await;
    let taker = cell.device(cell.members[1], "máy thư ký", T0).await;
    let start = T0 + 3 * HOUR;
    let meeting = plan(&chair, &cell, start, "Sinh hoạt thường kỳ tháng 1").await;
    chair.sync().await;
    taker.sync().await;
    let v1 = taker
        .at(start + HOUR)
        .created(Request::CreateMinutes(requests::CreateMinutes {
            meeting_id: meeting,
            reason: None,
        }))
        .await;
    let items = vec![
        MinutesItemContent {
            title: "Quán triệt nghị quyết".into(),
            content: "Đồng chí Bí thư quán triệt Nghị quyết 57-NQ/TW".into(),
            opinions: "Đồng chí Lan: cần tổ chức học tập theo nhóm".into(),
            conclusions: vec![sotay_model::meetings::Conclusion {
                text: "Mỗi đảng viên viết bản thu hoạch".into(),
                to_task: true,
                task_id: None,
            }],
        },
        MinutesItemContent {
            title: "Thảo luận".into(),
            ..Default::default()
        },
    ];
    let patch = |items: Vec<MinutesItemContent>| MinutesPatch {
        items: Some(items),
        votes: Some(vec![Vote {
            question: "Thông qua nghị quyết tháng".into(),
            agree: 30,
            disagree: 0,
            abstain: 1,
        }]),
        ..Default::default()
    };
    taker
        .call(Request::UpdateMinutes(requests::UpdateMinutes {
            id: v1,
            patch: patch(items.clone()),
        }))
        .await
        .expect("draft edit");
    taker.sync().await;
    chair.sync().await;
    // The minute-taker may not approve; the chair does.
    let e = taker
        .call(Request::ApproveMinutes(requests::ApproveMinutes { id: v1 }))
        .await
        .expect_err("not the chair");
    assert!(e.message.contains("chủ trì"), "{e:?}");
    // Meanwhile the minute-taker edits offline, before the approval reaches them.
    let mut stale = items.clone();
    stale[1].content = "Sửa sau khi đã duyệt".into();
    taker
        .at(start + 3 * HOUR)
        .call(Request::UpdateMinutes(requests::UpdateMinutes {
            id: v1,
            patch: patch(stale),
        }))
        .await
        .expect("offline edit");
    chair
        .at(start + 2 * HOUR)
        .call(Request::ApproveMinutes(requests::ApproveMinutes { id: v1 }))
        .await
        .expect("approve");
    chair.sync().await;
    let approved = cell.store.row(v1).expect("row").expect("stored");
    // The offline edit is refused at sync and rolled back to the approved version.
    taker.sync().await;
    let said = taker.rejections().await;
    assert!(
        said.iter().any(|s| s.contains("đã được chủ trì duyệt")),
        "{said:?}"
    );
    let on_taker = minutes_of(&taker, meeting).await;
    assert_eq!(on_taker[0].status, MinutesStatus::Approved);
    assert_eq!(on_taker[0].items, items);
    // On the chair's device the Api refuses too.
    for req in [
        Request::UpdateMinutes(requests::UpdateMinutes {
            id: v1,
            patch: patch(vec![]),
        }),
        Request::ApproveMinutes(requests::ApproveMinutes { id: v1 }),
    ] {
        let e = chair.call(req).await.expect_err("locked");
        assert!(e.message.contains("đã được chủ trì duyệt"), "{e:?}");
    }
    // Forged pushes: an edit, a return to draft, a deletion.
    let forged = [
        change(
            Entity::Minutes,
            v1,
            cell.cell,
            start + 9 * HOUR,
            chair.member,
            vec![("items", json!([]))],
        ),
        change(
            Entity::Minutes,
            v1,
            cell.cell,
            start + 9 * HOUR + 1,
            chair.member,
            vec![("status", json!("draft"))],
        ),
        {
            let mut c = change(
                Entity::Minutes,
                v1,
                cell.cell,
                start + 9 * HOUR + 2,
                chair.member,
                vec![],
            );
            c.tombstone = Some(sotay_model::hlc::Hlc {
                wall_ms: start + 9 * HOUR + 2,
                counter: 0,
                node: chair.member,
            });
            c
        },
    ];
    for f in forged {
        refused_saying(&chair.push_raw(&cell.url, f).await, "duyệt");
    }
    assert_eq!(
        cell.store.row(v1).expect("row").expect("stored"),
        approved,
        "unchanged"
    );
    // A change is a new version with a reason.
    let e = taker
        .call(Request::CreateMinutes(requests::CreateMinutes {
            meeting_id: meeting,
            reason: None,
        }))
        .await
        .expect_err("no reason");
    assert!(e.message.contains("lý do"), "{e:?}");
    let v2 = taker
        .created(Request::CreateMinutes(requests::CreateMinutes {
            meeting_id: meeting,
            reason: Some("Bổ sung ý kiến thảo luận".into()),
        }))
        .await;
    taker.sync().await;
    chair.sync().await;
    let versions = minutes_of(&chair, meeting).await;
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        vec![2, 1]
    );
    assert_eq!(versions[0].id, v2);
    assert_eq!(versions[0].previous_id, Some(v1));
    // What the export prints comes from the meeting, the attendance and the version.
    match chair
        .call(Request::GetMinutesExport(requests::GetMinutesExport {
            meeting_id: meeting,
            minutes_id: Some(v1),
        }))
        .await
        .expect("export data")
    {
        Response::MinutesExport(x) => {
            assert_eq!(x.org_name, "Chi bộ thôn Đông");
            assert_eq!(x.parent_org_name, "Đảng bộ xã Quang Trung");
            assert_eq!((x.convened, x.version, x.approved), (40, 1, true));
            assert_eq!(x.items.len(), 2);
            assert_eq!(
                x.items[0].conclusions,
                vec!["Mỗi đảng viên viết bản thu hoạch"]
            );
            assert!(x.chair_name.contains("Nguyễn Văn An"), "{}", x.chair_name);
            let docx = sotay_replica::export::minutes_docx(&x).expect("docx");
            let pdf = sotay_replica::export::minutes_pdf(&x).expect("pdf");
            assert!(docx.starts_with(b"PK") && pdf.starts_with(b"%PDF"));
        }
        other => panic!("unexpected {other:?}"),
    }
}
