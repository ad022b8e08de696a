//! The agenda as an iCalendar file (RFC 5545) that phone and desktop calendars import:
//! one VEVENT per occurrence, times in UTC (`...Z`), all-day items as dates, text
//! escaped and lines folded at 75 octets.

use super::agenda::AgendaItem;
use super::calendar::Date;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Fold a content line at 75 octets, never inside a UTF-8 character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn utc(ms: u64) -> String {
    let (d, minute) = Date::at(ms, 0);
    let secs = (ms / 1000) % 60;
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        d.year,
        d.month,
        d.day,
        minute / 60,
        minute % 60,
        secs
    )
}

fn day(ms: u64, tz_offset_min: i32) -> String {
    let (d, _) = Date::at(ms, tz_offset_min);
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

/// The calendar of `items`; `stamp_ms` is the export's time (DTSTAMP), `tz_offset_min`
/// the zone all-day items are dated in.
pub fn calendar(items: &[AgendaItem], stamp_ms: u64, tz_offset_min: i32) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//sotay//So tay Dang vien dien tu//VI",
        "CALSCALE:GREGORIAN",
    ] {
        fold(l, &mut out);
    }
    for i in items {
        fold("BEGIN:VEVENT", &mut out);
        fold(&format!("UID:{}-{}@sotay", i.id, i.starts_at), &mut out);
        fold(&format!("DTSTAMP:{}", utc(stamp_ms)), &mut out);
        if i.all_day {
            fold(
                &format!("DTSTART;VALUE=DATE:{}", day(i.starts_at, tz_offset_min)),
                &mut out,
            );
            let end = i.ends_at.max(i.starts_at + 86_400_000);
            fold(
                &format!("DTEND;VALUE=DATE:{}", day(end, tz_offset_min)),
                &mut out,
            );
        } else {
            fold(&format!("DTSTART:{}", utc(i.starts_at)), &mut out);
            fold(
                &format!("DTEND:{}", utc(i.ends_at.max(i.starts_at))),
                &mut out,
            );
        }
        fold(&format!("SUMMARY:{}", escape(&i.title)), &mut out);
        if !i.place.is_empty() {
            fold(&format!("LOCATION:{}", escape(&i.place)), &mut out);
        }
        if !i.org_name.is_empty() {
            fold(&format!("DESCRIPTION:{}", escape(&i.org_name)), &mut out);
        }
        fold("END:VEVENT", &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    out
}
