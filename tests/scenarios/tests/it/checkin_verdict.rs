//! Issue 23 item 4: a member's own check-in is a claim until the server has checked
//! its code. Offline it waits ("chờ xác nhận") and counts neither as the member's line
//! nor in the present / convened figures; a wrong code is refused at the next sync and
//! leaves nothing; a right one, once confirmed, counts, and typing a code again then
//! answers it and makes no second change.

use crate::cell;

use cell::{Cell, Device};
use sotay_model::api::{requests, Request, Response};
use sotay_model::meetings::api::{MeetingCard, MeetingView, NewMeeting};
use sotay_model::meetings::{Attendance, MeetingKind};
use sotay_model::Id;

const T0: u64 = 1_799_000_000_000;
const MIN: u64 = 60_000;

async fn view(d: &Device, id: Id) -> MeetingView {
    match d
        .call(Request::GetMeeting(requests::GetMeeting { id }))
        .await
        .expect("get")
    {
        Response::Meeting { meeting } => *meeting,
        other => panic!("unexpected {other:?}"),
    }
}

async fn card(d: &Device, id: Id) -> MeetingCard {
    match d
        .call(Request::ListMeetings(requests::ListMeetings::default()))
        .await
        .expect("list")
    {
        Response::Meetings { meetings } => meetings
            .into_iter()
            .find(|c| c.meeting.id == id)
            .expect("the meeting is listed"),
        other => panic!("unexpected {other:?}"),
    }
}

async fn check_in(d: &Device, meeting: Id, code: &str) -> Id {
    d.created(Request::CheckIn(requests::CheckIn {
        meeting_id: meeting,
        code: code.into(),
    }))
    .await
}

async fn pending(d: &Device) -> usize {
    match d
        .call(Request::Status(requests::Status))
        .await
        .expect("status")
    {
        Response::Status(s) => s.pending_changes as usize,
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_in_waits_for_the_server_and_counts_only_once_confirmed() {
    let cell = Cell::start().await;
    cell.server_at(T0);
    let m = cell.members.clone();
    let secretary = cell.device(m[0], "máy bí thư", T0).await;
    let phone = cell.device(m[5], "điện thoại đảng viên", T0).await;
    let start = T0 + 60 * MIN;
    let meeting = secretary
        .created(Request::CreateMeeting(NewMeeting {
            org_id: cell.cell,
            kind: MeetingKind::Regular,
            topic: "Sinh hoạt chi bộ thường kỳ".into(),
            starts_at: start,
            ends_at: start + 120 * MIN,
            place: "Nhà văn hóa thôn Đông".into(),
            chair_id: Some(m[0]),
            minute_taker_id: Some(m[1]),
            agenda: vec!["Thông tin thời sự".into()],
            materials: vec![],
            invited: m.clone(),
            guests: vec![],
        }))
        .await;
    secretary.sync().await;
    phone.sync().await;
    let at = start + MIN;
    cell.server_at(at);
    secretary.at(at);
    let code = secretary.code(meeting).await;
    phone.at(at);

    // Offline, a mistyped code: waiting, not present, not counted.
    let before = pending(&phone).await;
    let wrong = check_in(&phone, meeting, "ZZZZ-ZZZZ").await;
    let v = view(&phone, meeting).await;
    assert!(v.my_check_in_pending);
    assert_eq!(v.my_attendance, None, "a claim is not shown as present");
    assert_eq!(v.attendance.present, 0);
    assert_eq!(card(&phone, meeting).await.present, 0);
    assert_eq!(pending(&phone).await, before + 1);

    // The server refuses it at sync: nothing is left standing, and the reason is kept.
    phone.sync().await;
    let v = view(&phone, meeting).await;
    assert!(!v.my_check_in_pending);
    assert_eq!(v.my_attendance, None);
    assert_eq!(v.attendance.present, 0);
    assert!(!phone.rejections().await.is_empty());

    // The right code: waiting, then confirmed by the sync, counted once.
    let right = check_in(&phone, meeting, &code).await;
    assert_ne!(right, wrong);
    assert!(view(&phone, meeting).await.my_check_in_pending);
    phone.sync().await;
    let v = view(&phone, meeting).await;
    assert!(!v.my_check_in_pending);
    assert_eq!(v.my_attendance, Some(Attendance::Present));
    assert_eq!(v.attendance.present, 1);
    assert_eq!(card(&phone, meeting).await.present, 1);
    // Confirmed, typing the code again answers the same check-in and sends nothing.
    assert_eq!(check_in(&phone, meeting, &code).await, right);
    assert_eq!(pending(&phone).await, 0);
    secretary.sync().await;
    assert_eq!(view(&secretary, meeting).await.attendance.present, 1);
}
