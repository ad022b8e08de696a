//! Tests of the meetings form logic.

use super::*;
use sotay_model::meetings::MeetingStatus;

fn meeting(starts_at: u64, ends_at: u64) -> Meeting {
    Meeting {
        id: Id::from_u128(starts_at as u128),
        org_id: Id::from_u128(1),
        kind: MeetingKind::Regular,
        topic: "Sinh hoạt tháng 12".into(),
        starts_at,
        ends_at,
        place: "Nhà văn hóa".into(),
        chair_id: None,
        minute_taker_id: None,
        agenda: vec!["Thông tin thời sự".into()],
        materials: vec![],
        invited: vec![],
        guests: vec![],
        status: MeetingStatus::Planned,
        note: String::new(),
    }
}

#[test]
fn vietnam_times_round_trip() {
    // 2026-12-01T17:30:00Z is 00:30 on 2 December in Hà Nội.
    assert_eq!(parse_vn("02/12/2026", "00:30"), Some(1_796_146_200_000));
    assert_eq!(
        split_vn(1_796_146_200_000),
        ("02/12/2026".into(), "00:30".into())
    );
    assert_eq!(show_vn(1_796_146_200_000), "02/12/2026 00:30");
    assert_eq!(parse_vn("31/02/2026", "08:00"), None);
    assert_eq!(parse_vn("01/12/2026", "24:00"), None);
    assert_eq!(parse_vn("01/12/2026", "8h"), None);
}

#[test]
fn a_new_meeting_is_checked_and_trimmed() {
    let mut f = MeetingForm {
        topic: " Sinh hoạt tháng 12 ".into(),
        date: "15/12/2026".into(),
        start: "14:00".into(),
        end: "16:00".into(),
        place: "Nhà văn hóa thôn 1".into(),
        agenda: "Thông tin thời sự\n\n Nhiệm vụ tháng 1 ".into(),
        ..Default::default()
    };
    let n = f.to_new(Id::from_u128(1)).expect("valid");
    assert_eq!(n.topic, "Sinh hoạt tháng 12");
    assert_eq!(n.agenda, vec!["Thông tin thời sự", "Nhiệm vụ tháng 1"]);
    assert_eq!(n.ends_at - n.starts_at, 7_200_000);
    assert_eq!(n.kind, MeetingKind::Regular);
    f.end = "13:00".into();
    assert_eq!(f.to_new(Id::from_u128(1)), Err(FormError::EndBeforeStart));
    f.end = "16:00".into();
    f.place = " ".into();
    assert_eq!(f.to_new(Id::from_u128(1)), Err(FormError::NeedPlace));
}

#[test]
fn an_edit_sends_only_what_changed() {
    let start = parse_vn("15/12/2026", "14:00").expect("time");
    let m = meeting(start, start + 7_200_000);
    let mut f = MeetingForm::of(&m);
    assert_eq!(f.to_patch(&m), Ok(MeetingPatch::default()));
    f.place = "Hội trường xã".into();
    f.end = "17:00".into();
    let p = f.to_patch(&m).expect("valid");
    assert_eq!(p.place.as_deref(), Some("Hội trường xã"));
    assert_eq!(p.ends_at, Some(start + 3 * 3_600_000));
    assert_eq!((p.topic, p.starts_at, p.agenda), (None, None, None));
}

#[test]
fn upcoming_meetings_come_first_then_the_latest_past() {
    let now = 1_000_000_000;
    let card = |s: u64| MeetingCard {
        meeting: meeting(s, s + 100),
        org_name: String::new(),
        convened: 0,
        present: 0,
    };
    let mut cards = vec![
        card(now - 5_000),
        card(now + 9_000),
        card(now - 1_000),
        card(now + 1_000),
    ];
    order(&mut cards, now);
    let starts: Vec<u64> = cards.iter().map(|c| c.meeting.starts_at).collect();
    assert_eq!(
        starts,
        vec![now + 1_000, now + 9_000, now - 1_000, now - 5_000]
    );
}
