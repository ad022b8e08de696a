//! Issue 6, planning: changes and cancellations reach members by normal sync, the
//! upcoming-meetings query gives what to remind of, and the check-in secret reaches only
//! the committee and the chair's and minute-taker's devices (and leaves a former
//! minute-taker's).

use crate::cell;

use cell::Cell;
use sotay_model::api::{requests, ApiErrorKind, Request, Response};
use sotay_model::meetings::api::{MeetingPatch, NewMeeting};
use sotay_model::meetings::{MeetingKind, MeetingStatus};
use sotay_model::Id;

const T0: u64 = 1_798_000_000_000;
const HOUR: u64 = 3_600_000;

fn new_meeting(cell: &Cell, start: u64, topic: &str) -> NewMeeting {
    NewMeeting {
        org_id: cell.cell,
        kind: MeetingKind::Regular,
        topic: topic.into(),
        starts_at: start,
        ends_at: start + 2 * HOUR,
        place: "Nhà văn hóa thôn Đông".into(),
        chair_id: Some(cell.members[0]),
        minute_taker_id: Some(cell.members[2]),
        agenda: vec!["Thông tin thời sự".into()],
        materials: vec![],
        // Empty: the cell's active members are convened.
        invited: vec![],
        guests: vec![],
    }
}

async fn view(d: &cell::Device, id: Id) -> sotay_model::meetings::api::MeetingView {
    match d
        .call(Request::GetMeeting(requests::GetMeeting { id }))
        .await
        .expect("get")
    {
        Response::Meeting { meeting } => *meeting,
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plans_changes_cancellations_and_reminders_reach_members() {
    let cell = Cell::start().await;
    let secretary = cell.device(cell.members[0], "máy bí thư", T0).await;
    let taker = cell.device(cell.members[2], "máy thư ký", T0).await;
    let member = cell
        .device(cell.members[7], "điện thoại đảng viên", T0)
        .await;
    let soon = secretary
        .created(Request::CreateMeeting(new_meeting(
            &cell,
            T0 + 5 * HOUR,
            "Tháng 1",
        )))
        .await;
    let later = secretary
        .created(Request::CreateMeeting(new_meeting(
            &cell,
            T0 + 30 * HOUR,
            "Chuyên đề",
        )))
        .await;
    let far = secretary
        .created(Request::CreateMeeting(new_meeting(
            &cell,
            T0 + 200 * HOUR,
            "Tháng 2",
        )))
        .await;
    secretary.sync().await;
    for d in [&taker, &member] {
        d.sync().await;
    }
    // All 41 active members of the cell are convened (40 and the committee member above).
    assert_eq!(view(&member, soon).await.meeting.invited.len(), 41);

    // The secretary moves one and cancels another; members see both after a sync.
    secretary
        .call(Request::UpdateMeeting(requests::UpdateMeeting {
            id: soon,
            patch: MeetingPatch {
                place: Some("Hội trường Đảng ủy xã".into()),
                minute_taker_id: Some(Some(cell.members[3])),
                ..Default::default()
            },
        }))
        .await
        .expect("update");
    secretary
        .call(Request::CancelMeeting(requests::CancelMeeting {
            id: later,
            reason: "Trùng lịch hội nghị của huyện".into(),
        }))
        .await
        .expect("cancel");
    secretary.sync().await;
    member.sync().await;
    taker.sync().await;
    let moved = view(&member, soon).await;
    assert_eq!(moved.meeting.place, "Hội trường Đảng ủy xã");
    assert_eq!(
        view(&member, later).await.meeting.status,
        MeetingStatus::Cancelled
    );

    // Reminders: planned meetings within 48 hours, one hour ahead by default.
    match member
        .call(Request::UpcomingMeetings(requests::UpcomingMeetings {
            within_hours: None,
            remind_before_minutes: None,
        }))
        .await
        .expect("upcoming")
    {
        Response::UpcomingMeetings { meetings } => {
            let ids: Vec<Id> = meetings.iter().map(|r| r.meeting_id).collect();
            assert_eq!(
                ids,
                vec![soon],
                "the cancelled and the far meetings are not reminded"
            );
            assert_eq!(meetings[0].remind_at, T0 + 4 * HOUR);
            assert!(meetings[0].invited);
        }
        other => panic!("unexpected {other:?}"),
    }
    let _ = far;

    // The secret: the secretary and the minute-taker of the day show codes; a plain
    // member cannot, and the former minute-taker's copy is gone from their device.
    assert!(view(&secretary, soon).await.holds_key);
    assert!(!view(&member, soon).await.holds_key);
    assert!(
        !view(&taker, soon).await.holds_key,
        "no longer the minute-taker"
    );
    assert!(
        view(&taker, far).await.holds_key,
        "still the minute-taker there"
    );
    let e = member
        .call(Request::ShowCheckInCode(requests::ShowCheckInCode {
            meeting_id: soon,
        }))
        .await
        .expect_err("no secret");
    assert_eq!(e.kind, ApiErrorKind::Forbidden);
    let new_taker = cell.device(cell.members[3], "máy thư ký mới", T0).await;
    assert!(view(&new_taker, soon).await.holds_key);
    let code = new_taker.at(T0 + 5 * HOUR).code(soon).await;
    assert_eq!(code.len(), 9, "{code}");
}
