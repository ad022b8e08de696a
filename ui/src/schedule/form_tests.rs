use super::*;
use sotay_model::schedule::ItemKind;

const VN: i32 = 420;

fn dec(day: u32) -> Date {
    Date {
        year: 2026,
        month: 12,
        day,
    }
}

#[test]
fn dates_and_times_are_read_as_typed_in_vietnam() {
    assert_eq!(parse_date("7/12/2026"), Some(dec(7)));
    assert_eq!(parse_date(" 07/12/2026 "), Some(dec(7)));
    assert_eq!(parse_date("31/11/2026"), None);
    assert_eq!(parse_date("07/12/26"), None);
    assert_eq!(parse_date("2026-12-07"), None);
    assert_eq!(parse_time("8:00"), Some(480));
    assert_eq!(parse_time("07h30"), Some(450));
    assert_eq!(parse_time("14h"), Some(840));
    assert_eq!(parse_time("24:00"), None);
    assert_eq!(parse_time("8"), None);
}

#[test]
fn a_timed_entry_is_stored_as_utc_ms_with_the_offset() {
    let f = EntryForm {
        title: "Tiếp dân".into(),
        date: "07/12/2026".into(),
        start: "08:00".into(),
        end: "09:30".into(),
        ..Default::default()
    };
    let new = f.to_new(VN).expect("valid");
    // 08:00 in Hà Nội is 01:00 UTC.
    assert_eq!(new.timing.starts_at, 1_796_605_200_000);
    assert_eq!(new.timing.ends_at, 1_796_605_200_000 + 90 * 60_000);
    assert_eq!(new.timing.tz_offset_min, 420);
    assert_eq!(new.org_id, None);
    // The same words typed in UTC are seven hours later.
    assert_eq!(
        f.to_new(0).expect("valid").timing.starts_at,
        1_796_605_200_000 + 7 * 3_600_000
    );
    // No end typed: one hour.
    let f = EntryForm {
        end: String::new(),
        ..f
    };
    let t = f.timing(VN).expect("valid");
    assert_eq!(t.ends_at - t.starts_at, 3_600_000);
}

#[test]
fn an_all_day_entry_runs_from_local_midnight_for_a_day() {
    let f = EntryForm {
        title: "Hội nghị".into(),
        date: "07/12/2026".into(),
        start: "không đọc".into(),
        all_day: true,
        ..Default::default()
    };
    let t = f.timing(VN).expect("all day needs no time");
    assert_eq!(t.starts_at, 1_796_576_400_000);
    assert_eq!(t.ends_at, t.starts_at + DAY_MS);
    assert!(t.all_day);
}

#[test]
fn every_problem_is_named_at_once() {
    let f = EntryForm {
        repeat: RepeatChoice::Weekly,
        interval: "0".into(),
        until: "32/1/2027".into(),
        ..Default::default()
    };
    assert_eq!(
        f.to_new(VN).map(drop),
        Err(vec![
            FormError::NeedTitle,
            FormError::NeedDate,
            FormError::NeedStart,
            FormError::BadUntil,
            FormError::NeedDays,
            FormError::BadInterval
        ])
    );
    let f = EntryForm {
        title: "x".into(),
        date: "7/13/2026".into(),
        start: "9:00".into(),
        end: "8:00".into(),
        ..Default::default()
    };
    assert_eq!(
        f.to_new(VN).map(drop),
        Err(vec![FormError::BadDate, FormError::EndBeforeStart])
    );
    let f = EntryForm {
        title: "x".into(),
        date: "7/12/2026".into(),
        start: "9".into(),
        end: "ten".into(),
        repeat: RepeatChoice::MonthlyDay,
        until: "1/12/2026".into(),
        ..Default::default()
    };
    assert_eq!(
        f.to_new(VN).map(drop),
        Err(vec![
            FormError::BadStart,
            FormError::BadEnd,
            FormError::UntilBeforeDate
        ])
    );
}

#[test]
fn the_repeat_choices_follow_the_date() {
    let mut f = EntryForm::on(dec(7));
    f.title = "Giao ban".into();
    f.choose_repeat(RepeatChoice::Weekly);
    // 7 December 2026 is a Monday: weekly starts on Monday.
    assert_eq!(f.days.iter().copied().collect::<Vec<_>>(), vec![0]);
    f.toggle_day(3);
    f.interval = "2".into();
    f.until = "31/12/2026".into();
    let r = f
        .to_new(VN)
        .expect("valid")
        .timing
        .recurrence
        .expect("repeats");
    assert_eq!(
        r.rule,
        Rule::Weekly {
            days: vec![0, 3],
            interval: 2
        }
    );
    assert_eq!(r.until.as_deref(), Some("2026-12-31"));
    assert!(r.check().is_ok());

    // The 31st, a Thursday: the fifth Thursday, so no "nth", but the last.
    let offered = RepeatChoice::offered(Some(dec(31)));
    assert!(!offered.contains(&RepeatChoice::MonthlyNth));
    assert!(offered.contains(&RepeatChoice::MonthlyLast));
    let mut f = EntryForm::on(dec(31));
    f.title = "Họp".into();
    f.choose_repeat(RepeatChoice::MonthlyLast);
    assert_eq!(
        f.to_new(VN)
            .expect("valid")
            .timing
            .recurrence
            .map(|r| r.rule),
        Some(Rule::MonthlyNth {
            nth: -1,
            weekday: 3
        })
    );
    // The 17th, a Thursday: the third Thursday, not the last.
    let offered = RepeatChoice::offered(Some(dec(17)));
    assert!(offered.contains(&RepeatChoice::MonthlyNth));
    assert!(!offered.contains(&RepeatChoice::MonthlyLast));
    let mut f = EntryForm::on(dec(17));
    f.title = "Họp".into();
    f.choose_repeat(RepeatChoice::MonthlyNth);
    assert_eq!(
        f.to_new(VN)
            .expect("valid")
            .timing
            .recurrence
            .map(|r| r.rule),
        Some(Rule::MonthlyNth { nth: 3, weekday: 3 })
    );
    f.choose_repeat(RepeatChoice::MonthlyDay);
    assert_eq!(
        f.to_new(VN)
            .expect("valid")
            .timing
            .recurrence
            .map(|r| r.rule),
        Some(Rule::MonthlyDay { day: 17 })
    );
}

#[test]
fn an_edited_entry_keeps_its_exceptions_and_sends_every_field() {
    let mut f = EntryForm::on(dec(7));
    f.title = "Giao ban".into();
    f.place = "Phòng 2".into();
    f.end = "09:00".into();
    f.choose_repeat(RepeatChoice::Weekly);
    let mut timing = f.timing(VN).expect("valid");
    if let Some(r) = timing.recurrence.as_mut() {
        r.exceptions = vec!["2026-12-14".into()];
    }
    let view = EntryView {
        kind: ItemKind::Own,
        id: Id::from_u128(1),
        org_id: Id::from_u128(2),
        org_name: String::new(),
        title: f.title.clone(),
        place: f.place.clone(),
        notes: String::new(),
        attendees: vec![],
        timing: timing.clone(),
        may_edit: true,
    };
    let back = EntryForm::from_view(&view, |_| String::new());
    assert_eq!(back.date, "07/12/2026");
    assert_eq!((back.start.as_str(), back.end.as_str()), ("08:00", "09:00"));
    assert_eq!(back.repeat, RepeatChoice::Weekly);
    assert_eq!(back.org, None);
    let patch = back.to_patch(VN).expect("valid");
    assert_eq!(patch.starts_at, Some(timing.starts_at));
    assert_eq!(patch.recurrence, Some(timing.recurrence));
    assert_eq!(patch.attendees, None);
    // Stopping the repetition sends null.
    let mut once = back.clone();
    once.repeat = RepeatChoice::None;
    assert_eq!(once.to_patch(VN).expect("valid").recurrence, Some(None));
}

#[test]
fn periods_are_a_day_a_monday_week_and_a_month_of_whole_weeks() {
    // Thursday 10 December 2026.
    assert_eq!(window(Period::Day, dec(10)), (dec(10), dec(11)));
    assert_eq!(window(Period::Week, dec(10)), (dec(7), dec(14)));
    // December 2026: 1st a Tuesday, 31st a Thursday: Mon 30/11 to Sun 3/1.
    let (a, b) = window(Period::Month, dec(10));
    assert_eq!(show_day(a), "30/11/2026");
    assert_eq!(show_day(b), "04/01/2027");
    assert_eq!(dates(a, b).len(), 35);
    assert_eq!(show_day(step(Period::Month, dec(31), 2)), "01/02/2027");
    assert_eq!(show_day(step(Period::Week, dec(31), 1)), "07/01/2027");
    assert_eq!(show_day(step(Period::Day, dec(1), -1)), "30/11/2026");
    assert_eq!(show_day(add_months(dec(31), 2)), "28/02/2027");
    let (from, to) = window_ms(Period::Day, dec(7), VN);
    assert_eq!((from, to), (1_796_576_400_000, 1_796_576_400_000 + DAY_MS));
}

fn item(kind: ItemKind, starts_at: u64, ends_at: u64, all_day: bool) -> AgendaItem {
    AgendaItem {
        kind,
        id: Id::from_u128(9),
        title: "x".into(),
        place: String::new(),
        org_name: String::new(),
        starts_at,
        ends_at,
        all_day,
        recurring: false,
    }
}

#[test]
fn a_day_holds_what_starts_or_runs_in_it_in_the_devices_zone() {
    let midnight = dec(7).unix_ms(0, VN);
    let items = vec![
        // All day on the 7th: not on the 8th.
        item(ItemKind::TaskDue, midnight, midnight + DAY_MS, true),
        // 23:00 on the 7th to 01:00 on the 8th: on both.
        item(
            ItemKind::Own,
            midnight + 23 * 3_600_000,
            midnight + 25 * 3_600_000,
            false,
        ),
    ];
    assert_eq!(on_day(&items, dec(7), VN).len(), 2);
    assert_eq!(on_day(&items, dec(8), VN).len(), 1);
    assert_eq!(on_day(&items, dec(6), VN).len(), 0);
    // In UTC the all-day item starts at 17:00 on the 6th.
    assert_eq!(on_day(&items, dec(6), 0).len(), 1);
    assert_eq!(when_line(&items[1], VN, "cả ngày"), "23:00–01:00");
    assert_eq!(when_line(&items[0], VN, "cả ngày"), "cả ngày");
}
