use super::agenda::{due, reminders, sort, AgendaItem, ItemKind};
use super::calendar::Date;
use super::entry::Timing;
use super::recurrence::{Recurrence, Rule};
use crate::ids::Id;
use proptest::prelude::*;

fn date(s: &str) -> Date {
    Date::parse(s).expect("date")
}

fn iso(v: &[Date]) -> Vec<String> {
    v.iter().map(|d| d.iso()).collect()
}

/// The definition: every day from `first` to `to`, kept when it is `first` or matches
/// the rule, up to the count and the end date, exceptions left out.
fn reference(r: &Recurrence, first: Date, from: Date, to: Date) -> Vec<Date> {
    let until = r.until.as_deref().map(date);
    let count = r.count.unwrap_or(u32::MAX);
    let mut seen = 0;
    let mut out = Vec::new();
    let mut d = first.days();
    while d <= to.days() && seen < count {
        let day = Date::from_days(d);
        if until.is_some_and(|u| day > u) {
            break;
        }
        if day == first || r.matches(first, day) {
            seen += 1;
            if day >= from && !r.exceptions.contains(&day.iso()) {
                out.push(day);
            }
        }
        d += 1;
    }
    out
}

#[test]
fn calendar_round_trips_and_knows_weekdays() {
    for d in [-1_000_000i64, -1, 0, 1, 20_000, 2_000_000] {
        assert_eq!(Date::from_days(d).days(), d);
    }
    // 6 December 2026 is a Sunday; 1 January 1970 a Thursday.
    assert_eq!(date("2026-12-06").weekday(), 6);
    assert_eq!(date("1970-01-01").weekday(), 3);
    // 23:30 UTC is the next day in Hà Nội.
    let (d, minute) = Date::at(date("2026-12-06").unix_ms(23 * 60 + 30, 0), 420);
    assert_eq!((d.iso().as_str(), minute), ("2026-12-07", 6 * 60 + 30));
}

#[test]
fn practical_rules_expand_as_a_secretary_expects() {
    let weekly = Recurrence {
        rule: Rule::Weekly {
            days: vec![0, 3],
            interval: 2,
        },
        until: Some("2026-12-31".into()),
        count: None,
        exceptions: vec!["2026-12-17".into()],
    };
    let first = date("2026-12-03");
    assert_eq!(
        iso(&weekly.dates(first, first, date("2027-01-31"))),
        ["2026-12-03", "2026-12-14", "2026-12-28", "2026-12-31"]
    );
    let last_friday = Recurrence {
        rule: Rule::MonthlyNth {
            nth: -1,
            weekday: 4,
        },
        until: None,
        count: Some(3),
        exceptions: vec![],
    };
    let first = date("2026-10-30");
    assert_eq!(
        iso(&last_friday.dates(first, first, date("2027-12-31"))),
        ["2026-10-30", "2026-11-27", "2026-12-25"]
    );
    let the_31st = Recurrence {
        rule: Rule::MonthlyDay { day: 31 },
        until: Some("2027-05-31".into()),
        count: None,
        exceptions: vec![],
    };
    let first = date("2027-01-31");
    assert_eq!(
        iso(&the_31st.dates(first, first, date("2027-12-31"))),
        ["2027-01-31", "2027-03-31", "2027-05-31"]
    );
    assert!(Recurrence {
        rule: Rule::Weekly {
            days: vec![],
            interval: 1
        },
        until: None,
        count: None,
        exceptions: vec![],
    }
    .check()
    .is_err());
}

fn rule() -> impl Strategy<Value = Rule> {
    prop_oneof![
        (proptest::collection::vec(0u8..7, 1..4), 1u32..4)
            .prop_map(|(days, interval)| Rule::Weekly { days, interval }),
        (1u32..32).prop_map(|day| Rule::MonthlyDay { day }),
        (prop_oneof![Just(-1i8), 1i8..5], 0u8..7)
            .prop_map(|(nth, weekday)| Rule::MonthlyNth { nth, weekday }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn expansion_equals_the_day_by_day_definition(
        rule in rule(),
        first in 19_000i64..21_000,
        from_off in 0i64..400,
        span in 0i64..500,
        until_off in proptest::option::of(0i64..700),
        count in proptest::option::of(1u32..40),
        skips in proptest::collection::vec(0i64..400, 0..4),
    ) {
        let first = Date::from_days(first);
        let r = Recurrence {
            rule,
            until: until_off.map(|u| Date::from_days(first.days() + u).iso()),
            count,
            exceptions: skips.iter().map(|s| Date::from_days(first.days() + s).iso()).collect(),
        };
        let from = Date::from_days(first.days() + from_off);
        let to = Date::from_days(from.days() + span);
        prop_assert_eq!(r.dates(first, from, to), reference(&r, first, from, to));
    }
}

#[test]
fn occurrences_keep_their_local_time_in_the_entrys_zone() {
    // Every Monday at 07:30 in Hà Nội (00:30 UTC), from 7 December 2026.
    let start = date("2026-12-07").unix_ms(7 * 60 + 30, 420);
    let t = Timing {
        starts_at: start,
        ends_at: start + 3_600_000,
        all_day: false,
        tz_offset_min: 420,
        recurrence: Some(Recurrence {
            rule: Rule::Weekly {
                days: vec![0],
                interval: 1,
            },
            until: None,
            count: None,
            exceptions: vec!["2026-12-14".into()],
        }),
    };
    let from = date("2026-12-10").unix_ms(0, 420);
    let to = date("2026-12-29").unix_ms(0, 420);
    let got: Vec<(String, u32)> = t
        .occurrences(from, to)
        .iter()
        .map(|o| {
            let (d, m) = Date::at(o.starts_at, 420);
            (d.iso(), m)
        })
        .collect();
    assert_eq!(
        got,
        [
            ("2026-12-21".to_string(), 450),
            ("2026-12-28".to_string(), 450)
        ]
    );
}

fn item(kind: ItemKind, n: u128, starts_at: u64, all_day: bool) -> AgendaItem {
    AgendaItem {
        kind,
        id: Id::from_u128(n),
        title: format!("Việc {n}"),
        place: String::new(),
        org_name: String::new(),
        starts_at,
        ends_at: starts_at + if all_day { 86_400_000 } else { 3_600_000 },
        all_day,
        recurring: false,
    }
}

#[test]
fn reminders_due_are_exactly_those_in_the_window() {
    let day = date("2026-12-07");
    let mut items = vec![
        item(ItemKind::Meeting, 1, day.unix_ms(19 * 60 + 30, 420), false),
        item(ItemKind::TaskDue, 2, day.unix_ms(0, 420), true),
        item(ItemKind::StudyDue, 3, day.unix_ms(0, 420), true),
        item(ItemKind::Own, 4, day.unix_ms(8 * 60, 420), false),
    ];
    sort(&mut items);
    assert_eq!(items[0].id, Id::from_u128(2), "all-day first");
    let all = reminders(&items, 30, 420);
    assert_eq!(all.len(), 3, "study deadlines do not remind");
    let at = |h: u32, m: u32| day.unix_ms(h * 60 + m, 420);
    let ids = |v: Vec<super::Reminder>| v.iter().map(|r| r.item.id.0.as_u128()).collect::<Vec<_>>();
    assert_eq!(ids(due(&all, at(6, 0), at(7, 0))), [2]);
    assert_eq!(ids(due(&all, at(7, 0), at(7, 30))), [4]);
    assert_eq!(ids(due(&all, at(7, 30), at(18, 59))), Vec::<u128>::new());
    assert_eq!(ids(due(&all, at(18, 59), at(19, 0))), [1]);
}

#[test]
fn ics_escapes_folds_and_dates_all_day_items() {
    let day = date("2026-12-07");
    let mut long = item(ItemKind::Committee, 9, day.unix_ms(14 * 60, 420), false);
    long.title =
        "Họp Ban Thường vụ; bàn công tác cán bộ, kiểm tra giám sát và phương hướng quý I năm 2027"
            .into();
    let due = item(ItemKind::TaskDue, 8, day.unix_ms(0, 420), true);
    let text = super::ics::calendar(&[long, due], day.unix_ms(0, 420), 420);
    assert!(text.contains("DTSTART:20261207T070000Z\r\n"));
    assert!(text.contains("DTSTART;VALUE=DATE:20261207\r\nDTEND;VALUE=DATE:20261208\r\n"));
    assert!(text.contains("Ban Thường vụ\\; bàn công tác cán bộ\\,"));
    assert!(text.lines().all(|l| l.len() <= 75), "{text}");
}
