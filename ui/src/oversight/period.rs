//! The dashboard's period choice: its kind (tháng, quý, năm), the step before and after,
//! and the shares the screens show. Pure, tested natively.

use sotay_model::oversight::Period;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Month,
    Quarter,
    Year,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Month, Kind::Quarter, Kind::Year];

    pub fn of(p: Period) -> Kind {
        match p {
            Period::Month { .. } => Kind::Month,
            Period::Quarter { .. } => Kind::Quarter,
            Period::Year { .. } => Kind::Year,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Kind::Month => "month",
            Kind::Quarter => "quarter",
            Kind::Year => "year",
        }
    }
}

/// The period of `kind` that holds `p`'s first month (a quarter becomes its first
/// month, a month its quarter): switching kinds keeps the user where they were.
pub fn as_kind(p: Period, kind: Kind) -> Period {
    let (first, _) = p.months();
    let (year, month) = (first.year(), first.number());
    match kind {
        Kind::Month => Period::Month { year, month },
        Kind::Quarter => Period::Quarter {
            year,
            quarter: (month - 1) / 3 + 1,
        },
        Kind::Year => Period::Year { year },
    }
}

/// The period `by` steps after `p` (before when negative), of the same kind.
pub fn shift(p: Period, by: i32) -> Period {
    match p {
        Period::Month { year, month } => {
            let k = (year as i32) * 12 + (month as i32 - 1) + by;
            Period::Month {
                year: k.div_euclid(12) as u32,
                month: k.rem_euclid(12) as u32 + 1,
            }
        }
        Period::Quarter { year, quarter } => {
            let k = (year as i32) * 4 + (quarter as i32 - 1) + by;
            Period::Quarter {
                year: k.div_euclid(4) as u32,
                quarter: k.rem_euclid(4) as u32 + 1,
            }
        }
        Period::Year { year } => Period::Year {
            year: (year as i32 + by) as u32,
        },
    }
}

/// `part` of `whole` in whole percent, rounded down as the light rule does; `None`
/// when there is nothing to count.
pub fn rate(part: i64, whole: i64) -> Option<u32> {
    (whole > 0).then(|| (part.saturating_mul(100) / whole).clamp(0, 999) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_step_and_switch_kind() {
        let dec = Period::Month {
            year: 2026,
            month: 12,
        };
        assert_eq!(
            shift(dec, 1),
            Period::Month {
                year: 2027,
                month: 1
            }
        );
        assert_eq!(
            shift(dec, -12),
            Period::Month {
                year: 2025,
                month: 12
            }
        );
        let q1 = Period::Quarter {
            year: 2027,
            quarter: 1,
        };
        assert_eq!(
            shift(q1, -1),
            Period::Quarter {
                year: 2026,
                quarter: 4
            }
        );
        assert_eq!(
            as_kind(dec, Kind::Quarter),
            Period::Quarter {
                year: 2026,
                quarter: 4
            }
        );
        assert_eq!(
            as_kind(q1, Kind::Month),
            Period::Month {
                year: 2027,
                month: 1
            }
        );
        assert_eq!(as_kind(q1, Kind::Year), Period::Year { year: 2027 });
        assert_eq!(
            shift(Period::Year { year: 2026 }, -1),
            Period::Year { year: 2025 }
        );
        assert_eq!(Kind::of(q1), Kind::Quarter);
    }

    #[test]
    fn rates_say_nothing_without_a_whole() {
        assert_eq!(rate(7, 8), Some(87));
        assert_eq!(rate(0, 0), None);
        assert_eq!(rate(84_500, 169_000), Some(50));
    }
}
