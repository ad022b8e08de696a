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
}
