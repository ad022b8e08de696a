//! The schedule's pure rules: reading dates (`dd/MM/yyyy`) and times (`HH:mm`) typed in
//! a zone into Unix ms with that zone's offset, the entry form's checks (every missing
//! field named at once) and its repeat choices, and the agenda's periods (a day, a
//! Monday-first week, a month's grid) and which items fall on a day. No browser here:
//! the screens pass the device's offset in, so all of it is tested natively.

use sotay_model::ids::Id;
use sotay_model::schedule::api::{EntryPatch, EntryView, NewEntry};
use sotay_model::schedule::calendar::Date;
use sotay_model::schedule::entry::MAX_TITLE;
use sotay_model::schedule::{AgendaItem, Recurrence, Rule, Timing};
use std::collections::BTreeSet;

pub const DAY_MS: u64 = 86_400_000;

/// `d/M/yyyy` or `dd/MM/yyyy` (also with `-` or `.`), a real date.
pub fn parse_date(s: &str) -> Option<Date> {
    let parts: Vec<&str> = s.trim().split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let (day, month, year) = (
        d.parse::<u32>().ok()?,
        m.parse::<u32>().ok()?,
        y.parse::<i32>().ok()?,
    );
    if y.len() != 4 || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    (day <= Date::days_in_month(year, month)).then_some(Date { year, month, day })
}

/// `dd/MM/yyyy`.
pub fn show_day(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day, d.month, d.year)
}

/// `H:mm`, `HH:mm` or `HHhmm` as minutes of the day.
pub fn parse_time(s: &str) -> Option<u32> {
    let s = s.trim().to_lowercase();
    let (h, m) = s.split_once([':', 'h'])?;
    let m = if m.is_empty() { "0" } else { m };
    let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// `HH:mm` of a Unix time at `tz` minutes east of UTC.
pub fn show_hm(unix_ms: u64, tz: i32) -> String {
    let (_, minute) = Date::at(unix_ms, tz);
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// The local date of a Unix time.
pub fn day_of(unix_ms: u64, tz: i32) -> Date {
    Date::at(unix_ms, tz).0
}

pub fn add_days(d: Date, n: i64) -> Date {
    Date::from_days(d.days() + n)
}

/// The same day `n` months on (the month's last day when it has fewer).
pub fn add_months(d: Date, n: i32) -> Date {
    let m0 = d.year * 12 + d.month as i32 - 1 + n;
    let (year, month) = (m0.div_euclid(12), m0.rem_euclid(12) as u32 + 1);
    Date {
        year,
        month,
        day: d.day.min(Date::days_in_month(year, month)),
    }
}

/// Which weekday of its month a date is: 1–5.
pub fn nth_of(d: Date) -> i8 {
    ((d.day - 1) / 7 + 1) as i8
}

/// Whether a date is its month's last of that weekday.
pub fn is_last(d: Date) -> bool {
    d.day + 7 > Date::days_in_month(d.year, d.month)
}

/// How an entry repeats, as the form offers it: the monthly choices take the day,
/// the weekday and its place in the month from the entry's date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RepeatChoice {
    #[default]
    None,
    Weekly,
    MonthlyDay,
    MonthlyNth,
    MonthlyLast,
}

impl RepeatChoice {
    pub fn slug(self) -> &'static str {
        match self {
            RepeatChoice::None => "none",
            RepeatChoice::Weekly => "weekly",
            RepeatChoice::MonthlyDay => "monthly_day",
            RepeatChoice::MonthlyNth => "monthly_nth",
            RepeatChoice::MonthlyLast => "monthly_last",
        }
    }

    pub fn from_slug(s: &str) -> RepeatChoice {
        match s {
            "weekly" => RepeatChoice::Weekly,
            "monthly_day" => RepeatChoice::MonthlyDay,
            "monthly_nth" => RepeatChoice::MonthlyNth,
            "monthly_last" => RepeatChoice::MonthlyLast,
            _ => RepeatChoice::None,
        }
    }

    /// The choices a date allows: "the fifth Thursday" is no monthly rule, and "the
    /// last" only fits a date in its month's last week.
    pub fn offered(date: Option<Date>) -> Vec<RepeatChoice> {
        let mut v = vec![
            RepeatChoice::None,
            RepeatChoice::Weekly,
            RepeatChoice::MonthlyDay,
        ];
        match date {
            Some(d) => {
                if nth_of(d) <= 4 {
                    v.push(RepeatChoice::MonthlyNth);
                }
                if is_last(d) {
                    v.push(RepeatChoice::MonthlyLast);
                }
            }
            None => v.extend([RepeatChoice::MonthlyNth, RepeatChoice::MonthlyLast]),
        }
        v
    }
}

/// What is wrong with the form; all of them are named at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormError {
    NeedTitle,
    TitleTooLong,
    NeedDate,
    BadDate,
    NeedStart,
    BadStart,
    BadEnd,
    EndBeforeStart,
    NeedDays,
    BadInterval,
    BadUntil,
    UntilBeforeDate,
}

/// The entry form as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EntryForm {
    pub title: String,
    pub place: String,
    pub notes: String,
    /// `dd/MM/yyyy`.
    pub date: String,
    /// `HH:mm`.
    pub start: String,
    /// `HH:mm`; empty: one hour after the start.
    pub end: String,
    pub all_day: bool,
    pub repeat: RepeatChoice,
    /// Weekly: Monday = 0 … Sunday = 6.
    pub days: BTreeSet<u8>,
    /// Weekly: every how many weeks (empty: every week).
    pub interval: String,
    /// `dd/MM/yyyy`, empty: no end.
    pub until: String,
    /// `Some`: the committee entry of that organisation; `None`: the member's own.
    pub org: Option<Id>,
    /// Committee entries: members named to attend (none: the whole organisation).
    pub attendees: Vec<(Id, String)>,
    /// An edited entry's cancelled dates and count, kept as they were.
    pub exceptions: Vec<String>,
    pub count: Option<u32>,
}

impl EntryForm {
    /// A blank form on `date`.
    pub fn on(date: Date) -> EntryForm {
        EntryForm {
            date: show_day(date),
            start: "08:00".into(),
            ..Default::default()
        }
    }

    /// Choose how the entry repeats; weekly starts on the date's own weekday.
    pub fn choose_repeat(&mut self, choice: RepeatChoice) {
        self.repeat = choice;
        if choice == RepeatChoice::Weekly && self.days.is_empty() {
            if let Some(d) = parse_date(&self.date) {
                self.days.insert(d.weekday());
            }
        }
    }

    pub fn toggle_day(&mut self, day: u8) {
        if !self.days.remove(&day) {
            self.days.insert(day);
        }
    }

    pub fn toggle_attendee(&mut self, id: Id, name: &str) {
        if let Some(i) = self.attendees.iter().position(|a| a.0 == id) {
            self.attendees.remove(i);
        } else {
            self.attendees.push((id, name.to_string()));
        }
    }

    /// When the entry happens, read in the zone `tz` minutes east of UTC.
    pub fn timing(&self, tz: i32) -> Result<Timing, Vec<FormError>> {
        let mut errs = vec![];
        let date = if self.date.trim().is_empty() {
            errs.push(FormError::NeedDate);
            None
        } else {
            let d = parse_date(&self.date);
            if d.is_none() {
                errs.push(FormError::BadDate);
            }
            d
        };
        let (mut start, mut end) = (None, None);
        if !self.all_day {
            start = if self.start.trim().is_empty() {
                errs.push(FormError::NeedStart);
                None
            } else {
                let t = parse_time(&self.start);
                if t.is_none() {
                    errs.push(FormError::BadStart);
                }
                t
            };
            if !self.end.trim().is_empty() {
                end = parse_time(&self.end);
                if end.is_none() {
                    errs.push(FormError::BadEnd);
                }
            }
            if let (Some(s), Some(e)) = (start, end) {
                if e <= s {
                    errs.push(FormError::EndBeforeStart);
                }
            }
        }
        let recurrence = self.recurrence(date, &mut errs);
        let Some(date) = date.filter(|_| errs.is_empty()) else {
            return Err(errs);
        };
        let (starts_at, ends_at) = if self.all_day {
            let s = date.unix_ms(0, tz);
            (s, s + DAY_MS)
        } else {
            let s = start.unwrap_or(0);
            let e = end.unwrap_or(s + 60);
            let starts_at = date.unix_ms(s, tz);
            // An end past midnight without one typed ends the next day.
            let ends_at = starts_at + u64::from(e.saturating_sub(s)) * 60_000;
            (starts_at, ends_at.max(starts_at + 60_000))
        };
        Ok(Timing {
            starts_at,
            ends_at,
            all_day: self.all_day,
            tz_offset_min: tz,
            recurrence,
        })
    }

    fn recurrence(&self, date: Option<Date>, errs: &mut Vec<FormError>) -> Option<Recurrence> {
        if self.repeat == RepeatChoice::None {
            return None;
        }
        let until = if self.until.trim().is_empty() {
            None
        } else {
            match parse_date(&self.until) {
                None => {
                    errs.push(FormError::BadUntil);
                    None
                }
                Some(u) => {
                    if date.is_some_and(|d| u < d) {
                        errs.push(FormError::UntilBeforeDate);
                    }
                    Some(u.iso())
                }
            }
        };
        let rule = match self.repeat {
            RepeatChoice::None => return None,
            RepeatChoice::Weekly => {
                if self.days.is_empty() {
                    errs.push(FormError::NeedDays);
                }
                let interval = if self.interval.trim().is_empty() {
                    1
                } else {
                    match self.interval.trim().parse::<u32>() {
                        Ok(n) if (1..=52).contains(&n) => n,
                        _ => {
                            errs.push(FormError::BadInterval);
                            1
                        }
                    }
                };
                Rule::Weekly {
                    days: self.days.iter().copied().collect(),
                    interval,
                }
            }
            RepeatChoice::MonthlyDay => Rule::MonthlyDay {
                day: date.map(|d| d.day).unwrap_or(1),
            },
            RepeatChoice::MonthlyNth => Rule::MonthlyNth {
                nth: date.map(nth_of).unwrap_or(1).min(4),
                weekday: date.map(|d| d.weekday()).unwrap_or(0),
            },
            RepeatChoice::MonthlyLast => Rule::MonthlyNth {
                nth: -1,
                weekday: date.map(|d| d.weekday()).unwrap_or(0),
            },
        };
        Some(Recurrence {
            rule,
            until,
            count: self.count,
            exceptions: self.exceptions.clone(),
        })
    }

    fn title_errors(&self) -> Vec<FormError> {
        let t = self.title.trim();
        if t.is_empty() {
            vec![FormError::NeedTitle]
        } else if t.chars().count() > MAX_TITLE {
            vec![FormError::TitleTooLong]
        } else {
            vec![]
        }
    }

    fn checked(&self, tz: i32) -> Result<Timing, Vec<FormError>> {
        let mut errs = self.title_errors();
        match self.timing(tz) {
            Ok(t) if errs.is_empty() => Ok(t),
            Ok(_) => Err(errs),
            Err(more) => {
                errs.extend(more);
                Err(errs)
            }
        }
    }

    /// What "Thêm vào lịch" sends.
    pub fn to_new(&self, tz: i32) -> Result<NewEntry, Vec<FormError>> {
        let timing = self.checked(tz)?;
        Ok(NewEntry {
            org_id: self.org,
            title: self.title.trim().to_string(),
            place: self.place.trim().to_string(),
            notes: self.notes.trim().to_string(),
            attendees: self.attendees_sent(),
            timing,
        })
    }

    fn attendees_sent(&self) -> Vec<Id> {
        if self.org.is_some() {
            self.attendees.iter().map(|a| a.0).collect()
        } else {
            vec![]
        }
    }

    /// What "Lưu" sends for an edited entry: every field, in the entry's own zone.
    pub fn to_patch(&self, tz: i32) -> Result<EntryPatch, Vec<FormError>> {
        let t = self.checked(tz)?;
        Ok(EntryPatch {
            title: Some(self.title.trim().to_string()),
            place: Some(self.place.trim().to_string()),
            notes: Some(self.notes.trim().to_string()),
            attendees: self.org.map(|_| self.attendees_sent()),
            starts_at: Some(t.starts_at),
            ends_at: Some(t.ends_at),
            all_day: Some(t.all_day),
            recurrence: Some(t.recurrence),
            skip_date: None,
        })
    }

    /// The form of an entry being edited, its times in the entry's own zone (the one
    /// its repetition follows); `names` gives the attendees' names.
    pub fn from_view(v: &EntryView, names: impl Fn(Id) -> String) -> EntryForm {
        let t = &v.timing;
        let tz = t.tz_offset_min;
        let date = day_of(t.starts_at, tz);
        let mut f = EntryForm {
            title: v.title.clone(),
            place: v.place.clone(),
            notes: v.notes.clone(),
            date: show_day(date),
            all_day: t.all_day,
            org: (v.kind == sotay_model::schedule::ItemKind::Committee).then_some(v.org_id),
            attendees: v.attendees.iter().map(|a| (*a, names(*a))).collect(),
            ..Default::default()
        };
        if !t.all_day {
            f.start = show_hm(t.starts_at, tz);
            f.end = show_hm(t.ends_at, tz);
        }
        if let Some(r) = &t.recurrence {
            f.until = r
                .until
                .as_deref()
                .and_then(Date::parse)
                .map(show_day)
                .unwrap_or_default();
            f.exceptions = r.exceptions.clone();
            f.count = r.count;
            f.repeat = match &r.rule {
                Rule::Weekly { days, interval } => {
                    f.days = days.iter().copied().collect();
                    if *interval > 1 {
                        f.interval = interval.to_string();
                    }
                    RepeatChoice::Weekly
                }
                Rule::MonthlyDay { .. } => RepeatChoice::MonthlyDay,
                Rule::MonthlyNth { nth: -1, .. } => RepeatChoice::MonthlyLast,
                Rule::MonthlyNth { .. } => RepeatChoice::MonthlyNth,
            };
        }
        f
    }
}

/// The agenda's periods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Day,
    Week,
    Month,
}

impl Period {
    pub fn slug(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }
}

/// The Monday of a date's week.
pub fn monday_of(d: Date) -> Date {
    add_days(d, -i64::from(d.weekday()))
}

/// The dates a period around `anchor` shows, first inclusive, last exclusive: the
/// day; its Monday-first week; for a month, whole weeks from the Monday on or before
/// the 1st to the Sunday on or after the last day (the grid).
pub fn window(period: Period, anchor: Date) -> (Date, Date) {
    match period {
        Period::Day => (anchor, add_days(anchor, 1)),
        Period::Week => {
            let m = monday_of(anchor);
            (m, add_days(m, 7))
        }
        Period::Month => {
            let first = Date { day: 1, ..anchor };
            let last = Date {
                day: Date::days_in_month(anchor.year, anchor.month),
                ..anchor
            };
            (monday_of(first), add_days(monday_of(last), 7))
        }
    }
}

/// The Unix ms range of a period at `tz`.
pub fn window_ms(period: Period, anchor: Date, tz: i32) -> (u64, u64) {
    let (a, b) = window(period, anchor);
    (a.unix_ms(0, tz), b.unix_ms(0, tz))
}

/// The anchor one period before (`-1`) or after (`1`).
pub fn step(period: Period, anchor: Date, dir: i32) -> Date {
    match period {
        Period::Day => add_days(anchor, i64::from(dir)),
        Period::Week => add_days(anchor, 7 * i64::from(dir)),
        Period::Month => add_months(Date { day: 1, ..anchor }, dir),
    }
}

/// Every date from `a` up to (not including) `b`.
pub fn dates(a: Date, b: Date) -> Vec<Date> {
    (a.days()..b.days()).map(Date::from_days).collect()
}

/// The items happening on `day` at `tz`: starting that day, or running into it
/// (an all-day item ends at the next midnight, which is not its day).
pub fn on_day(items: &[AgendaItem], day: Date, tz: i32) -> Vec<&AgendaItem> {
    let (from, to) = (day.unix_ms(0, tz), add_days(day, 1).unix_ms(0, tz));
    items
        .iter()
        .filter(|i| i.starts_at < to && (i.starts_at >= from || i.ends_at > from))
        .collect()
}

/// What an item's line shows as its time: `cả ngày`, or `HH:mm–HH:mm`.
pub fn when_line(i: &AgendaItem, tz: i32, all_day: &str) -> String {
    if i.all_day {
        all_day.to_string()
    } else if i.ends_at > i.starts_at {
        format!("{}–{}", show_hm(i.starts_at, tz), show_hm(i.ends_at, tz))
    } else {
        show_hm(i.starts_at, tz)
    }
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
