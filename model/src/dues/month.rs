//! A calendar month, `yyyy-mm` on the wire: the unit dues are owed and paid in.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A month as a count of months since year 0 (so that adding and comparing are
/// integer operations), written `yyyy-mm`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(u32);

impl Month {
    /// `yyyy-mm` between 1930 and 2100.
    pub fn parse(s: &str) -> Option<Month> {
        let b = s.as_bytes();
        if b.len() != 7 || b[4] != b'-' {
            return None;
        }
        let y: u32 = s.get(0..4)?.parse().ok()?;
        let m: u32 = s.get(5..7)?.parse().ok()?;
        ((1930..=2100).contains(&y) && (1..=12).contains(&m)).then_some(Month(y * 12 + m - 1))
    }

    /// The month of a date `yyyy-mm-dd`.
    pub fn of_day(day: &str) -> Option<Month> {
        Month::parse(day.get(0..7)?)
    }

    pub fn of(year: u32, month: u32) -> Month {
        Month(year * 12 + month.clamp(1, 12) - 1)
    }

    pub fn year(self) -> u32 {
        self.0 / 12
    }

    /// 1–12.
    pub fn number(self) -> u32 {
        self.0 % 12 + 1
    }

    pub fn next(self) -> Month {
        Month(self.0 + 1)
    }

    pub fn plus(self, months: u32) -> Month {
        Month(self.0 + months)
    }

    /// Months from `self` to `later` (0 when `later` is not after).
    pub fn until(self, later: Month) -> u32 {
        later.0.saturating_sub(self.0)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.number())
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let s = String::deserialize(d)?;
        Month::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("tháng không hợp lệ: {s}")))
    }
}
