//! The period a dashboard counts over: a month, a quarter or a year, in Vietnam's
//! calendar days.

use crate::dues::Month;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Period {
    Month { year: u32, month: u32 },
    Quarter { year: u32, quarter: u32 },
    Year { year: u32 },
}

impl Period {
    /// The month of a day `yyyy-mm-dd` (the default period: this month).
    pub fn month_of(day: &str) -> Option<Period> {
        Month::of_day(day).map(|m| Period::Month {
            year: m.year(),
            month: m.number(),
        })
    }

    pub fn year(self) -> u32 {
        match self {
            Period::Month { year, .. } | Period::Quarter { year, .. } | Period::Year { year } => {
                year
            }
        }
    }

    /// The first and last month it covers.
    pub fn months(self) -> (Month, Month) {
        match self {
            Period::Month { year, month } => (Month::of(year, month), Month::of(year, month)),
            Period::Quarter { year, quarter } => {
                let q = quarter.clamp(1, 4);
                (Month::of(year, 3 * q - 2), Month::of(year, 3 * q))
            }
            Period::Year { year } => (Month::of(year, 1), Month::of(year, 12)),
        }
    }

    /// Every month it covers, in order.
    pub fn each_month(self) -> Vec<Month> {
        let (a, b) = self.months();
        (0..=a.until(b)).map(|k| a.plus(k)).collect()
    }

    pub fn first_day(self) -> String {
        format!("{}-01", self.months().0)
    }

    pub fn last_day(self) -> String {
        let last = self.months().1;
        let days = match last.number() {
            2 if is_leap(last.year()) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        format!("{last}-{days:02}")
    }

    /// Whether a day `yyyy-mm-dd` falls in it.
    pub fn contains_day(self, day: &str) -> bool {
        Month::of_day(day).is_some_and(|m| {
            let (a, b) = self.months();
            a <= m && m <= b
        })
    }

    /// Whether the period is well formed (a month 1–12, a quarter 1–4, a year
    /// 1930–2100).
    pub fn is_valid(self) -> bool {
        let year_ok = (1930..=2100).contains(&self.year());
        year_ok
            && match self {
                Period::Month { month, .. } => (1..=12).contains(&month),
                Period::Quarter { quarter, .. } => (1..=4).contains(&quarter),
                Period::Year { .. } => true,
            }
    }

    /// In words, for headings and exports: "Tháng 11/2026", "Quý IV/2026", "Năm 2026".
    pub fn label_vi(self) -> String {
        match self {
            Period::Month { year, month } => format!("Tháng {month}/{year}"),
            Period::Quarter { year, quarter } => {
                let roman = ["I", "II", "III", "IV"];
                let q = roman
                    .get(quarter.clamp(1, 4) as usize - 1)
                    .copied()
                    .unwrap_or("I");
                format!("Quý {q}/{year}")
            }
            Period::Year { year } => format!("Năm {year}"),
        }
    }
}

fn is_leap(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}
