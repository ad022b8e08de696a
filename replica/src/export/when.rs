//! The meeting's start time as minutes need it: read from ISO 8601, shown in Vietnam time.

use super::ExportError;

/// A wall-clock time in Vietnam; `time` is absent when only a date was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct When {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub time: Option<(u32, u32)>,
}

/// Vietnam has kept UTC+7 without daylight saving since 1975.
const VIETNAM_OFFSET_MIN: i64 = 7 * 60;

impl When {
    /// `2026-11-15`, `2026-11-15T14:00`, `2026-11-15 14:00:00.000`, `…Z`, `…+07:00`.
    /// A time without an offset is taken as already local, as meetings are planned.
    pub fn parse(s: &str) -> Result<When, ExportError> {
        let bad = || ExportError::InvalidTime(s.to_string());
        let t = s.trim();
        let num = |r: std::ops::Range<usize>| -> Result<i64, ExportError> {
            let part = t.get(r).ok_or_else(bad)?;
            if part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        if t.len() < 10 || t.as_bytes()[4] != b'-' || t.as_bytes()[7] != b'-' {
            return Err(bad());
        }
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return Err(bad());
        }
        if t.len() == 10 {
            return Ok(When {
                year,
                month: month as u32,
                day: day as u32,
                time: None,
            });
        }
        let sep = t.as_bytes()[10];
        if (sep != b'T' && sep != b' ') || t.len() < 16 || t.as_bytes()[13] != b':' {
            return Err(bad());
        }
        let (hour, minute) = (num(11..13)?, num(14..16)?);
        if hour > 23 || minute > 59 {
            return Err(bad());
        }
        // Skip seconds and fractions; what is left is the offset, if any.
        let rest = t[16..].trim_start_matches(|c: char| c == ':' || c == '.' || c.is_ascii_digit());
        let offset = match rest {
            "" => None,
            "Z" | "z" => Some(0),
            o if o.len() == 6 && o.is_ascii() && (o.starts_with('+') || o.starts_with('-')) => {
                let h: i64 = o[1..3].parse().map_err(|_| bad())?;
                let m: i64 = o[4..6].parse().map_err(|_| bad())?;
                if &o[3..4] != ":" || h > 14 || m > 59 {
                    return Err(bad());
                }
                Some(if o.starts_with('-') {
                    -(h * 60 + m)
                } else {
                    h * 60 + m
                })
            }
            _ => return Err(bad()),
        };
        let Some(offset) = offset else {
            return Ok(When {
                year,
                month: month as u32,
                day: day as u32,
                time: Some((hour as u32, minute as u32)),
            });
        };
        let local = days_from_civil(year, month, day) * 1440 + hour * 60 + minute - offset
            + VIETNAM_OFFSET_MIN;
        let (days, min) = (local.div_euclid(1440), local.rem_euclid(1440));
        let (year, month, day) = civil_from_days(days);
        Ok(When {
            year,
            month: month as u32,
            day: day as u32,
            time: Some(((min / 60) as u32, (min % 60) as u32)),
        })
    }

    /// "ngày 05 tháng 01 năm 2026": day below 10 and months 1 and 2 take a leading zero,
    /// as the guidance on document format asks.
    pub fn date_words(&self) -> String {
        let month = if self.month <= 2 {
            format!("{:02}", self.month)
        } else {
            self.month.to_string()
        };
        format!("ngày {:02} tháng {} năm {}", self.day, month, self.year)
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's civil-date algorithms: days since 1970-01-01 and back.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::When;

    #[test]
    fn local_utc_and_offsets_are_shown_in_vietnam_time() {
        let w = |s| When::parse(s).map(|w| (w.year, w.month, w.day, w.time));
        assert_eq!(w("2026-11-15T14:00"), Ok((2026, 11, 15, Some((14, 0)))));
        assert_eq!(
            w("2026-11-15 14:05:30.250"),
            Ok((2026, 11, 15, Some((14, 5))))
        );
        assert_eq!(w("2026-12-31T20:30:00Z"), Ok((2027, 1, 1, Some((3, 30)))));
        assert_eq!(
            w("2026-03-01T01:00+09:00"),
            Ok((2026, 2, 28, Some((23, 0))))
        );
        assert_eq!(w("2028-02-29"), Ok((2028, 2, 29, None)));
        for bad in [
            "",
            "15/11/2026",
            "2026-02-30",
            "2026-11-15T25:00",
            "2026-11-15T14:00+7",
        ] {
            assert!(When::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn date_words_pad_small_days_and_the_first_two_months() {
        let d = |y, m, d| {
            When {
                year: y,
                month: m,
                day: d,
                time: None,
            }
            .date_words()
        };
        assert_eq!(d(2026, 11, 15), "ngày 15 tháng 11 năm 2026");
        assert_eq!(d(2026, 1, 5), "ngày 05 tháng 01 năm 2026");
        assert_eq!(d(2026, 3, 9), "ngày 09 tháng 3 năm 2026");
    }
}
