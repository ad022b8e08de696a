//! Calendar arithmetic on civil dates (proleptic Gregorian, no time zone rules beyond a
//! fixed offset): what recurrence, the agenda and the Vietnam day of a stamp share.

/// A civil date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    pub fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (civil-from-days).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Monday = 0 … Sunday = 6.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        ((self.days() + 3).rem_euclid(7)) as u8
    }

    pub fn days_in_month(year: i32, month: u32) -> u32 {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            _ => 28,
        }
    }

    /// `yyyy-mm-dd`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// A valid `yyyy-mm-dd`.
    pub fn parse(s: &str) -> Option<Date> {
        if !crate::fields::valid_date(s) {
            return None;
        }
        let n = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
        Some(Date {
            year: n(0..4)? as i32,
            month: n(5..7)?,
            day: n(8..10)?,
        })
    }

    /// The date and minute of the day of a Unix time at `offset_min` from UTC.
    pub fn at(unix_ms: u64, offset_min: i32) -> (Date, u32) {
        let local = unix_ms as i64 + i64::from(offset_min) * 60_000;
        let day = local.div_euclid(86_400_000);
        let minute = (local.rem_euclid(86_400_000) / 60_000) as u32;
        (Date::from_days(day), minute)
    }

    /// The Unix time of `minute` of this date at `offset_min` from UTC.
    pub fn unix_ms(self, minute: u32, offset_min: i32) -> u64 {
        let local = self.days() * 86_400_000 + i64::from(minute) * 60_000;
        (local - i64::from(offset_min) * 60_000).max(0) as u64
    }
}
