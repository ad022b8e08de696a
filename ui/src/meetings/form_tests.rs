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
    assert_eq!(
        f.to_new(Id::from_u128(1)),
        Err(vec![FormError::EndBeforeStart])
    );
    f.end = "16:00".into();
    f.place = " ".into();
    assert_eq!(f.to_new(Id::from_u128(1)), Err(vec![FormError::NeedPlace]));
}

#[test]
fn an_empty_form_names_every_missing_field_at_once() {
    let f = MeetingForm::default();
    assert_eq!(
        f.to_new(Id::from_u128(1)),
        Err(vec![
            FormError::NeedDate,
            FormError::NeedStart,
            FormError::NeedEnd,
            FormError::NeedTopic,
            FormError::NeedPlace,
        ])
    );
    // A date typed year first is refused (the field is dd/MM/yyyy), and a bad time
    // is named beside it.
    let f = MeetingForm {
        date: "2026-12-15".into(),
        start: "8h".into(),
        end: "10:00".into(),
        topic: "Sinh hoạt".into(),
        place: "Nhà văn hóa".into(),
        ..Default::default()
    };
    assert_eq!(
        f.to_new(Id::from_u128(1)),
        Err(vec![FormError::BadDate, FormError::BadStart])
    );
}

#[test]
fn conclusions_keep_their_spaces_while_typed_and_are_parsed_on_save() {
    use sotay_model::meetings::{Minutes, MinutesItemContent, MinutesStatus};
    let m = Minutes {
        id: Id::from_u128(9),
        meeting_id: Id::from_u128(8),
        org_id: Id::from_u128(1),
        version: 1,
        previous_id: None,
        approved_by: None,
        status: MinutesStatus::Draft,
        reason: String::new(),
        items: vec![MinutesItemContent {
            title: "Thông tin thời sự".into(),
            ..Default::default()
        }],
        conclusions: vec![],
        votes: vec![],
    };
    let mut d = MinutesDraft::of(&m);
    // Each keystroke's field value comes back as the next one's start.
    let mut shown = d.conclusions_text(0).to_string();
    for ch in "Hai từ\nBa  từ nữa ".chars() {
        shown.push(ch);
        d.set_conclusions(0, shown.clone());
        shown = d.conclusions_text(0).to_string();
    }
    assert_eq!(shown, "Hai từ\nBa  từ nữa ");
    let items = d.to_patch().items.expect("items");
    let texts: Vec<&str> = items[0]
        .conclusions
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(texts, vec!["Hai từ", "Ba  từ nữa"]);
}

#[test]
fn approval_names_empty_items_and_missing_votes() {
    use sotay_model::meetings::{Minutes, MinutesItemContent, MinutesStatus, Vote};
    let item = |title: &str, content: &str| MinutesItemContent {
        title: title.into(),
        content: content.into(),
        ..Default::default()
    };
    let mut m = Minutes {
        id: Id::from_u128(9),
        meeting_id: Id::from_u128(8),
        org_id: Id::from_u128(1),
        version: 1,
        previous_id: None,
        approved_by: None,
        status: MinutesStatus::Draft,
        reason: String::new(),
        items: vec![item("Thời sự", "Đã nghe"), item("Nhiệm vụ", " ")],
        conclusions: vec![],
        votes: vec![Vote::default()],
    };
    assert_eq!(
        missing_for_approval(&m),
        Missing {
            empty_items: vec!["Nhiệm vụ".into()],
            no_votes: true
        }
    );
    m.items[1].content = "Giao nhiệm vụ".into();
    m.votes[0].question = "Thông qua nghị quyết".into();
    assert!(missing_for_approval(&m).is_empty());
}

#[test]
fn times_show_in_the_device_zone_with_vietnam_time_where_it_differs() {
    // 12:30 UTC is 19:30 in Hà Nội.
    let ms = parse_vn("20/12/2030", "19:30").expect("time");
    assert_eq!(show_when(ms, 420, "giờ Việt Nam"), "20/12/2030 19:30");
    assert_eq!(
        show_when(ms, 0, "giờ Việt Nam"),
        "20/12/2030 12:30 (19:30 giờ Việt Nam)"
    );
    assert_eq!(
        show_when(ms, -10 * 60, "giờ Việt Nam"),
        "20/12/2030 02:30 (19:30 giờ Việt Nam)"
    );
    // Across midnight the meeting's own date is named too.
    let late = parse_vn("20/12/2030", "05:00").expect("time");
    assert_eq!(
        show_when(late, 0, "giờ Việt Nam"),
        "19/12/2030 22:00 (05:00 20/12/2030 giờ Việt Nam)"
    );
    // A form typed in the device's zone means that zone's hour.
    let f = MeetingForm {
        date: "20/12/2030".into(),
        start: "12:30".into(),
        end: "14:30".into(),
        offset_min: 0,
        ..Default::default()
    };
    assert_eq!(f.times().map(|t| t.0), Ok(ms));
    assert_eq!(MeetingForm::of(&meeting(ms, ms + 1), 0).start, "12:30");
}

#[test]
fn home_keeps_my_meeting_in_progress_and_skips_others_and_cancelled() {
    let me = Id::from_u128(77);
    let now = 2_000_000_000_000;
    let card = |s: u64, e: u64, mine: bool, cancelled: bool| {
        let mut m = meeting(s, e);
        if mine {
            m.invited = vec![me];
        }
        if cancelled {
            m.status = MeetingStatus::Cancelled;
        }
        MeetingCard {
            meeting: m,
            org_name: String::new(),
            convened: 0,
            present: 0,
        }
    };
    let cards = vec![
        card(now - 7_200_000, now - 3_600_000, true, false), // ended
        card(now + 3_600_000, now + 7_200_000, true, true),  // cancelled
        card(now + 7_200_000, now + 9_000_000, true, false), // later
        card(now - 600_000, now + 3_000_000, true, false),   // in progress
        card(now + 60_000, now + 120_000, false, false),     // not mine
    ];
    let next = next_for_me(&cards, me, now, 31 * 86_400_000).expect("one");
    assert_eq!(next.meeting.starts_at, now - 600_000);
    assert_eq!(others_coming(&cards, Some(me), now, 31 * 86_400_000), 1);
}

#[test]
fn an_edit_sends_only_what_changed() {
    let start = parse_vn("15/12/2026", "14:00").expect("time");
    let m = meeting(start, start + 7_200_000);
    let mut f = MeetingForm::of(&m, 420);
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

#[test]
fn the_lower_levels_column_says_chi_bo_only_for_cells() {
    use sotay_model::entities::OrgKind;
    assert!(rows_are_cells(&[Some(OrgKind::Cell), Some(OrgKind::Cell)]));
    assert!(!rows_are_cells(&[
        Some(OrgKind::District),
        Some(OrgKind::District)
    ]));
    assert!(!rows_are_cells(&[Some(OrgKind::Cell), None]));
    assert!(!rows_are_cells(&[]));
}
