//! Pure logic of the meetings screens: Vietnam-time dates and times as typed
//! (`dd/MM/yyyy`, `HH:mm`) to and from Unix ms, the plan/edit form turned into a
//! `NewMeeting` or a `MeetingPatch` holding only what changed, and list order.

use sotay_model::ids::Id;
use sotay_model::meetings::api::{MeetingCard, MeetingPatch, NewMeeting};
use sotay_model::meetings::{Meeting, MeetingKind, VnDateTime};

/// Vietnam is UTC+7 all year; meeting times are shown and typed in it on every device.
const VN_OFFSET_MS: i64 = 7 * 3_600_000;

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `dd/MM/yyyy` and `HH:mm` in Vietnam time → Unix ms.
pub fn parse_vn(date: &str, time: &str) -> Option<u64> {
    let iso = sotay_model::vn::parse_date(date)?;
    let mut d = iso.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let (h, min) = time.trim().split_once(':')?;
    let (h, min): (i64, i64) = (h.trim().parse().ok()?, min.trim().parse().ok()?);
    if !(0..24).contains(&h) || !(0..60).contains(&min) {
        return None;
    }
    let days = days_from_civil(y, u32::try_from(m).ok()?, u32::try_from(day).ok()?);
    let ms = days * 86_400_000 + (h * 60 + min) * 60_000 - VN_OFFSET_MS;
    u64::try_from(ms).ok()
}

/// Unix ms → (`dd/MM/yyyy`, `HH:mm`) in Vietnam time.
pub fn split_vn(ms: u64) -> (String, String) {
    let t = VnDateTime::from_ms(ms);
    (
        format!("{:02}/{:02}/{:04}", t.day, t.month, t.year),
        format!("{:02}:{:02}", t.hour, t.minute),
    )
}

/// `dd/MM/yyyy HH:mm` in Vietnam time.
pub fn show_vn(ms: u64) -> String {
    VnDateTime::from_ms(ms).show()
}

/// The plan/edit form as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MeetingForm {
    pub kind: Option<MeetingKind>,
    pub topic: String,
    pub date: String,
    pub start: String,
    pub end: String,
    pub place: String,
    pub chair_id: Option<Id>,
    pub minute_taker_id: Option<Id>,
    /// One agenda item a line.
    pub agenda: String,
    /// One guest a line.
    pub guests: String,
}

/// Why a form cannot be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormError {
    BadDate,
    EndBeforeStart,
    NeedTopic,
    NeedPlace,
}

fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

impl MeetingForm {
    /// A form filled from a meeting (to edit it).
    pub fn of(m: &Meeting) -> MeetingForm {
        let (date, start) = split_vn(m.starts_at);
        let (_, end) = split_vn(m.ends_at);
        MeetingForm {
            kind: Some(m.kind),
            topic: m.topic.clone(),
            date,
            start,
            end,
            place: m.place.clone(),
            chair_id: m.chair_id,
            minute_taker_id: m.minute_taker_id,
            agenda: m.agenda.join("\n"),
            guests: m.guests.join("\n"),
        }
    }

    /// Start and end in Unix ms, checked.
    pub fn times(&self) -> Result<(u64, u64), FormError> {
        let starts = parse_vn(&self.date, &self.start).ok_or(FormError::BadDate)?;
        let ends = parse_vn(&self.date, &self.end).ok_or(FormError::BadDate)?;
        if ends <= starts {
            return Err(FormError::EndBeforeStart);
        }
        Ok((starts, ends))
    }

    fn check(&self) -> Result<(u64, u64), FormError> {
        let times = self.times()?;
        if self.topic.trim().is_empty() && lines(&self.agenda).is_empty() {
            return Err(FormError::NeedTopic);
        }
        if self.place.trim().is_empty() {
            return Err(FormError::NeedPlace);
        }
        Ok(times)
    }

    /// A new meeting of `org_id`, its members convened by default.
    pub fn to_new(&self, org_id: Id) -> Result<NewMeeting, FormError> {
        let (starts_at, ends_at) = self.check()?;
        Ok(NewMeeting {
            org_id,
            kind: self.kind.unwrap_or(MeetingKind::Regular),
            topic: self.topic.trim().to_string(),
            starts_at,
            ends_at,
            place: self.place.trim().to_string(),
            chair_id: self.chair_id,
            minute_taker_id: self.minute_taker_id,
            agenda: lines(&self.agenda),
            materials: vec![],
            invited: vec![],
            guests: lines(&self.guests),
        })
    }

    /// Only the fields that differ from `m`.
    pub fn to_patch(&self, m: &Meeting) -> Result<MeetingPatch, FormError> {
        let (starts_at, ends_at) = self.check()?;
        let kind = self.kind.unwrap_or(m.kind);
        let (topic, place) = (self.topic.trim(), self.place.trim());
        let (agenda, guests) = (lines(&self.agenda), lines(&self.guests));
        Ok(MeetingPatch {
            kind: (kind != m.kind).then_some(kind),
            topic: (topic != m.topic).then(|| topic.to_string()),
            starts_at: (starts_at != m.starts_at).then_some(starts_at),
            ends_at: (ends_at != m.ends_at).then_some(ends_at),
            place: (place != m.place).then(|| place.to_string()),
            chair_id: (self.chair_id != m.chair_id).then_some(self.chair_id),
            minute_taker_id: (self.minute_taker_id != m.minute_taker_id)
                .then_some(self.minute_taker_id),
            agenda: (agenda != m.agenda).then_some(agenda),
            materials: None,
            invited: None,
            guests: (guests != m.guests).then_some(guests),
        })
    }
}

/// Upcoming meetings first (soonest first), then past ones (latest first); a meeting
/// counts as upcoming until it ends.
pub fn order(cards: &mut [MeetingCard], now_ms: u64) {
    cards.sort_by(|a, b| {
        let (pa, pb) = (a.meeting.ends_at <= now_ms, b.meeting.ends_at <= now_ms);
        pa.cmp(&pb).then_with(|| {
            if pa {
                b.meeting.starts_at.cmp(&a.meeting.starts_at)
            } else {
                a.meeting.starts_at.cmp(&b.meeting.starts_at)
            }
        })
    });
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
