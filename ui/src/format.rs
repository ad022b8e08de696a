//! How times and dates look on screen: `HH:MM dd/MM/yyyy` for sync times (in the
//! device's time zone) and `dd/MM/yyyy` for the ISO dates of member records.

pub use sotay_model::vn::show_date;

/// Show a Unix time in ms as `HH:MM dd/MM/yyyy`, shifted by the zone's offset east
/// of UTC in minutes (Việt Nam is +420).
pub fn show_time(unix_ms: u64, offset_minutes: i64) -> String {
    let minutes = (unix_ms / 60_000) as i64 + offset_minutes;
    let days = minutes.div_euclid(24 * 60);
    let in_day = minutes.rem_euclid(24 * 60);
    let (y, m, d) = civil_from_days(days);
    format!("{:02}:{:02} {d:02}/{m:02}/{y:04}", in_day / 60, in_day % 60)
}

/// The month of a Unix time in ms as `yyyy-mm`, in the zone `offset_minutes` east of
/// UTC (the form the meeting statistics use).
pub fn month_of(unix_ms: u64, offset_minutes: i64) -> String {
    let minutes = (unix_ms / 60_000) as i64 + offset_minutes;
    let (y, m, _) = civil_from_days(minutes.div_euclid(24 * 60));
    format!("{y:04}-{m:02}")
}

/// Now, in Unix ms (the browser's clock: only for choosing what to show).
#[cfg(target_arch = "wasm32")]
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Native builds only run tests.
#[cfg(not(target_arch = "wasm32"))]
pub fn now_ms() -> u64 {
    0
}

/// Today in the device's zone as ISO `yyyy-mm-dd` (what "not after today" compares
/// with); `None` where there is no clock to ask (native test builds).
#[cfg(target_arch = "wasm32")]
pub fn today_iso() -> Option<String> {
    let minutes = (now_ms() / 60_000) as i64 + local_offset_minutes();
    let (y, m, d) = civil_from_days(minutes.div_euclid(24 * 60));
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(not(target_arch = "wasm32"))]
pub fn today_iso() -> Option<String> {
    None
}

/// Days since 1970-01-01 to a (year, month, day) civil date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The device's offset east of UTC in minutes (the browser knows the zone).
#[cfg(target_arch = "wasm32")]
pub fn local_offset_minutes() -> i64 {
    -(js_sys::Date::new_0().get_timezone_offset() as i64)
}

/// Native builds only run tests; they show Việt Nam time.
#[cfg(not(target_arch = "wasm32"))]
pub fn local_offset_minutes() -> i64 {
    7 * 60
}

/// An amount of đồng as Vietnamese money: dots between thousands and " đ" after it
/// ("84.500 đ", "-1.250.000 đ"). Dues are integers in đồng, never floats.
pub fn show_dong(amount: i64) -> String {
    format!("{} đ", group_thousands(amount))
}

/// The digits of `amount` grouped by threes with dots, no unit ("8.450.000"): what
/// an amount field shows and reads back.
pub fn group_thousands(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if amount < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Read an amount of đồng as typed: digits with optional dot, comma or space
/// separators and an optional "đ" ("84.500", "84 500 đ"); `None` for anything else
/// (a decimal part is not an amount of đồng).
pub fn parse_dong(s: &str) -> Option<i64> {
    let s = s.trim().trim_end_matches(['đ', 'Đ']).trim();
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' '))
    {
        return None;
    }
    // Separators group thousands: every group after the first has three digits.
    let groups: Vec<&str> = s.split(['.', ',', ' ']).collect();
    if groups.iter().skip(1).any(|g| g.len() != 3) || groups[0].is_empty() {
        return None;
    }
    groups.concat().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_time_shows_local_hour_and_vietnamese_date() {
        // 2026-11-26T06:22:00Z is 13:22 in Hà Nội.
        assert_eq!(show_time(1_795_674_120_000, 420), "13:22 26/11/2026");
        assert_eq!(show_time(0, 0), "00:00 01/01/1970");
        // Crossing midnight moves the date too.
        assert_eq!(show_time(1_795_714_200_000, 420), "00:30 27/11/2026");
    }

    #[test]
    fn leap_days_and_negative_offsets() {
        // 2024-02-29T12:00:00Z
        assert_eq!(show_time(1_709_208_000_000, 0), "12:00 29/02/2024");
        assert_eq!(show_time(1_709_208_000_000, -13 * 60), "23:00 28/02/2024");
    }

    #[test]
    fn the_month_is_taken_in_the_local_zone() {
        // 2026-11-30T18:00:00Z is already 1 December in Hà Nội.
        assert_eq!(month_of(1_796_061_600_000, 420), "2026-12");
        assert_eq!(month_of(1_796_061_600_000, 0), "2026-11");
    }

    #[test]
    fn member_dates_show_day_first() {
        assert_eq!(show_date("1990-09-02"), "02/09/1990");
    }

    #[test]
    fn money_shows_as_vietnamese_dong_with_dot_thousands() {
        assert_eq!(show_dong(84_500), "84.500 đ");
        assert_eq!(show_dong(0), "0 đ");
        assert_eq!(show_dong(999), "999 đ");
        assert_eq!(show_dong(1_000), "1.000 đ");
        assert_eq!(show_dong(-1_250_000), "-1.250.000 đ");
        assert_eq!(group_thousands(8_450_000), "8.450.000");
    }

    #[test]
    fn typed_amounts_read_back_with_or_without_separators() {
        assert_eq!(parse_dong("84.500"), Some(84_500));
        assert_eq!(parse_dong("84500"), Some(84_500));
        assert_eq!(parse_dong(" 8 450 000 đ"), Some(8_450_000));
        assert_eq!(parse_dong("1,000"), Some(1_000));
        for bad in ["", "84,5", "8.45.000", "abc", "-5", ".500", "84.500,50"] {
            assert_eq!(parse_dong(bad), None, "{bad}");
        }
    }
}
