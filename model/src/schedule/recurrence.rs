//! Recurring entries: a practical subset of calendar rules (weekly on given days every
//! n weeks, monthly on a day of the month, monthly on "the third Thursday" or "the
//! last Friday"), ending on a date or after a count, with exception dates. Expanded in
//! the entry's own fixed UTC offset, so an entry made at 07:30 in Hà Nội recurs at
//! 07:30 there on every device, whatever the device's zone (no daylight saving rules:
//! Vietnam has none).

use super::calendar::Date;
use serde::{Deserialize, Serialize};

/// How an entry repeats.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "freq", rename_all = "snake_case")]
pub enum Rule {
    /// On `days` (Monday = 0 … Sunday = 6) of every `interval`-th week from the first.
    Weekly {
        days: Vec<u8>,
        #[serde(default = "one")]
        interval: u32,
    },
    /// On `day` of every month (a month without it is skipped).
    MonthlyDay { day: u32 },
    /// On the `nth` (1–4, or -1 for the last) `weekday` of every month.
    MonthlyNth { nth: i8, weekday: u8 },
}

fn one() -> u32 {
    1
}

/// A rule with its end and exceptions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recurrence {
    pub rule: Rule,
    /// Last date an occurrence may fall on (`yyyy-mm-dd`, inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// At most this many occurrences (exceptions count, as in RFC 5545).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Dates (`yyyy-mm-dd`) on which the occurrence is cancelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<String>,
}

/// No rule may run past this many occurrences or years: a bound for every expansion.
pub const MAX_OCCURRENCES: u32 = 1_000;
pub const MAX_YEARS: i32 = 10;

impl Recurrence {
    /// Why the rule cannot be used, in Vietnamese.
    pub fn check(&self) -> Result<(), String> {
        match &self.rule {
            Rule::Weekly { days, interval } => {
                if days.is_empty() || days.iter().any(|d| *d > 6) {
                    return Err("lặp hằng tuần phải chọn ít nhất một thứ trong tuần".into());
                }
                if !(1..=52).contains(interval) {
                    return Err("lặp cách tuần phải từ 1 đến 52 tuần".into());
                }
            }
            Rule::MonthlyDay { day } if !(1..=31).contains(day) => {
                return Err("ngày lặp trong tháng phải từ 1 đến 31".into())
            }
            Rule::MonthlyNth { nth, weekday } => {
                if !matches!(nth, 1..=4 | -1) || *weekday > 6 {
                    return Err("lặp theo thứ trong tháng: thứ tự 1–4 hoặc cuối tháng".into());
                }
            }
            Rule::MonthlyDay { .. } => {}
        }
        if let Some(u) = &self.until {
            if Date::parse(u).is_none() {
                return Err("ngày kết thúc lặp không hợp lệ".into());
            }
        }
        if self.count.is_some_and(|c| c == 0 || c > MAX_OCCURRENCES) {
            return Err(format!("số lần lặp phải từ 1 đến {MAX_OCCURRENCES}"));
        }
        if self.exceptions.iter().any(|e| Date::parse(e).is_none()) {
            return Err("ngày ngoại lệ không hợp lệ".into());
        }
        Ok(())
    }

    /// Whether `date` matches the rule, for an entry first held on `first`.
    pub fn matches(&self, first: Date, date: Date) -> bool {
        if date < first {
            return false;
        }
        match &self.rule {
            Rule::Weekly { days, interval } => {
                let monday = |d: Date| d.days() - i64::from(d.weekday());
                let weeks = (monday(date) - monday(first)) / 7;
                days.contains(&date.weekday()) && weeks % i64::from((*interval).max(1)) == 0
            }
            Rule::MonthlyDay { day } => date.day == *day,
            Rule::MonthlyNth { nth, weekday } => {
                if date.weekday() != *weekday {
                    return false;
                }
                if *nth == -1 {
                    date.day + 7 > Date::days_in_month(date.year, date.month)
                } else {
                    (date.day - 1) / 7 + 1 == *nth as u32
                }
            }
        }
    }

    /// The dates of the occurrences from `first` (the entry's own date, always the
    /// first occurrence) whose date is in `[from, to]`, exceptions left out. Steps by
    /// the rule's period (a week, a month), not by day; [`Recurrence::matches`] is the
    /// day-by-day definition the tests hold it to.
    pub fn dates(&self, first: Date, from: Date, to: Date) -> Vec<Date> {
        let until = self.until.as_deref().and_then(Date::parse);
        let limit = Date {
            year: first.year + MAX_YEARS,
            ..first
        };
        let last = [Some(to), until, Some(limit)]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(to);
        let count = self.count.unwrap_or(MAX_OCCURRENCES).min(MAX_OCCURRENCES);
        let mut out = Vec::new();
        let mut seen = 0u32;
        let mut take = |date: Date, out: &mut Vec<Date>| -> bool {
            if date > last || seen >= count {
                return false;
            }
            seen += 1;
            if date >= from && !self.exceptions.contains(&date.iso()) {
                out.push(date);
            }
            true
        };
        if !take(first, &mut out) {
            return out;
        }
        match &self.rule {
            Rule::Weekly { days, interval } => {
                let mut days = days.clone();
                days.sort_unstable();
                days.dedup();
                let step = 7 * i64::from((*interval).max(1));
                let mut monday = first.days() - i64::from(first.weekday());
                loop {
                    for wd in &days {
                        let date = Date::from_days(monday + i64::from(*wd));
                        if date <= first {
                            continue;
                        }
                        if !take(date, &mut out) {
                            return out;
                        }
                    }
                    monday += step;
                }
            }
            Rule::MonthlyDay { .. } | Rule::MonthlyNth { .. } => {
                let (mut y, mut m) = (first.year, first.month);
                loop {
                    if let Some(date) = self.in_month(y, m) {
                        if date > first && !take(date, &mut out) {
                            return out;
                        }
                    }
                    if (Date {
                        year: y,
                        month: m,
                        day: 1,
                    }) > last
                    {
                        return out;
                    }
                    (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                }
            }
        }
    }

    /// The month's occurrence of a monthly rule, if the month has one.
    fn in_month(&self, year: i32, month: u32) -> Option<Date> {
        let dim = Date::days_in_month(year, month);
        match &self.rule {
            Rule::MonthlyDay { day } => (*day <= dim).then_some(Date {
                year,
                month,
                day: *day,
            }),
            Rule::MonthlyNth { nth, weekday } => {
                let first = Date {
                    year,
                    month,
                    day: 1,
                };
                let offset = (u32::from(*weekday) + 7 - u32::from(first.weekday())) % 7;
                let day = if *nth == -1 {
                    let mut d = 1 + offset;
                    while d + 7 <= dim {
                        d += 7;
                    }
                    d
                } else {
                    1 + offset + 7 * (*nth as u32 - 1)
                };
                (day <= dim).then_some(Date { year, month, day })
            }
            Rule::Weekly { .. } => None,
        }
    }
}
