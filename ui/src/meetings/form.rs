//! Pure logic of the meetings screens: dates and times as typed (`dd/MM/yyyy`,
//! `HH:mm`) to and from Unix ms in the device's zone (the one time-zone rule: Home and
//! Sinh hoạt show the same hour; a meeting's own zone, Vietnam time, is added where it
//! differs), the plan/edit form turned into a `NewMeeting` or a `MeetingPatch` holding
//! only what changed (every missing field named at once), the minutes draft as typed,
//! what an approval would lock in missing, and list order.

use sotay_model::administration::member_rules::parse_typed_date;
use sotay_model::ids::Id;
use sotay_model::meetings::api::{MeetingCard, MeetingPatch, MinutesPatch, NewMeeting};
use sotay_model::meetings::{Conclusion, Meeting, MeetingKind, MeetingStatus, Minutes};

/// Meetings are held in Vietnam: their own zone is UTC+7 all year (minutes east).
pub const MEETING_OFFSET_MIN: i64 = 7 * 60;

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

/// `dd/MM/yyyy` and `HH:mm` in the zone `offset_min` minutes east of UTC → Unix ms.
pub fn parse_at(date: &str, time: &str, offset_min: i64) -> Option<u64> {
    let iso = parse_typed_date(date)?;
    let mut d = iso.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let (h, min) = time.trim().split_once(':')?;
    let (h, min): (i64, i64) = (h.trim().parse().ok()?, min.trim().parse().ok()?);
    if !(0..24).contains(&h) || !(0..60).contains(&min) {
        return None;
    }
    let days = days_from_civil(y, u32::try_from(m).ok()?, u32::try_from(day).ok()?);
    let ms = days * 86_400_000 + (h * 60 + min) * 60_000 - offset_min * 60_000;
    u64::try_from(ms).ok()
}

/// Unix ms → (`dd/MM/yyyy`, `HH:mm`) in the zone `offset_min` minutes east of UTC.
pub fn split_at(ms: u64, offset_min: i64) -> (String, String) {
    let shown = crate::format::show_time(ms, offset_min);
    let (time, date) = shown.split_once(' ').unwrap_or(("", shown.as_str()));
    (date.to_string(), time.to_string())
}

/// `dd/MM/yyyy` and `HH:mm` in Vietnam time → Unix ms.
pub fn parse_vn(date: &str, time: &str) -> Option<u64> {
    parse_at(date, time, MEETING_OFFSET_MIN)
}

/// Unix ms → (`dd/MM/yyyy`, `HH:mm`) in Vietnam time.
pub fn split_vn(ms: u64) -> (String, String) {
    split_at(ms, MEETING_OFFSET_MIN)
}

/// `dd/MM/yyyy HH:mm` in Vietnam time.
pub fn show_vn(ms: u64) -> String {
    let (d, t) = split_vn(ms);
    format!("{d} {t}")
}

/// A meeting's time as every screen shows it: `dd/MM/yyyy HH:mm` in the device's zone
/// (`device_offset_min`), and when that is not Vietnam time, the meeting's own hour
/// after it, named by `zone` (`… (19:30 giờ Việt Nam)`).
pub fn show_when(ms: u64, device_offset_min: i64, zone: &str) -> String {
    let (d, t) = split_at(ms, device_offset_min);
    if device_offset_min == MEETING_OFFSET_MIN {
        format!("{d} {t}")
    } else {
        let (vd, vt) = split_vn(ms);
        let theirs = if vd == d { vt } else { format!("{vt} {vd}") };
        format!("{d} {t} ({theirs} {zone})")
    }
}

/// The plan/edit form as typed.
#[derive(Clone, Debug, PartialEq)]
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
    /// The zone the date and times are typed in (the device's), minutes east of UTC.
    pub offset_min: i64,
}

impl Default for MeetingForm {
    fn default() -> Self {
        MeetingForm {
            kind: None,
            topic: String::new(),
            date: String::new(),
            start: String::new(),
            end: String::new(),
            place: String::new(),
            chair_id: None,
            minute_taker_id: None,
            agenda: String::new(),
            guests: String::new(),
            offset_min: MEETING_OFFSET_MIN,
        }
    }
}

/// Why a form cannot be sent; a form lists every one that applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormError {
    NeedDate,
    BadDate,
    NeedStart,
    BadStart,
    NeedEnd,
    BadEnd,
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
    /// A form filled from a meeting (to edit it), its times in the zone `offset_min`.
    pub fn of(m: &Meeting, offset_min: i64) -> MeetingForm {
        let (date, start) = split_at(m.starts_at, offset_min);
        let (_, end) = split_at(m.ends_at, offset_min);
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
            offset_min,
        }
    }

    /// Start and end in Unix ms, or every problem with the date and the two times.
    pub fn times(&self) -> Result<(u64, u64), Vec<FormError>> {
        let mut errors = vec![];
        let date = if self.date.trim().is_empty() {
            errors.push(FormError::NeedDate);
            None
        } else if parse_typed_date(&self.date).is_none() {
            errors.push(FormError::BadDate);
            None
        } else {
            Some(self.date.as_str())
        };
        // A time is judged on a date that parses, so a bad date is not reported twice.
        let time = |t: &str, need, bad, errors: &mut Vec<FormError>| {
            if t.trim().is_empty() {
                errors.push(need);
                return None;
            }
            let at = parse_at(date.unwrap_or("01/01/2000"), t, self.offset_min);
            if at.is_none() {
                errors.push(bad);
            }
            at.filter(|_| date.is_some())
        };
        let starts = time(
            &self.start,
            FormError::NeedStart,
            FormError::BadStart,
            &mut errors,
        );
        let ends = time(
            &self.end,
            FormError::NeedEnd,
            FormError::BadEnd,
            &mut errors,
        );
        match (starts, ends) {
            (Some(s), Some(e)) if errors.is_empty() => {
                if e <= s {
                    Err(vec![FormError::EndBeforeStart])
                } else {
                    Ok((s, e))
                }
            }
            _ => Err(errors),
        }
    }

    fn check(&self) -> Result<(u64, u64), Vec<FormError>> {
        let times = self.times();
        let mut errors = times.clone().err().unwrap_or_default();
        if self.topic.trim().is_empty() && lines(&self.agenda).is_empty() {
            errors.push(FormError::NeedTopic);
        }
        if self.place.trim().is_empty() {
            errors.push(FormError::NeedPlace);
        }
        match times {
            Ok(t) if errors.is_empty() => Ok(t),
            _ => Err(errors),
        }
    }

    /// A new meeting of `org_id`, its members convened by default.
    pub fn to_new(&self, org_id: Id) -> Result<NewMeeting, Vec<FormError>> {
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
    pub fn to_patch(&self, m: &Meeting) -> Result<MeetingPatch, Vec<FormError>> {
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

/// A minutes draft as it is being typed. The conclusions of each agenda item are kept
/// as the text typed (one a line, spaces and all) and parsed only when saved: parsing
/// on every keystroke trimmed the line being typed, so a space vanished as it was typed.
#[derive(Clone, Debug, PartialEq)]
pub struct MinutesDraft {
    pub minutes: Minutes,
    /// Per agenda item, the conclusions as typed.
    pub conclusions: Vec<String>,
}

/// The conclusions typed, one a line; a line whose text did not change keeps its
/// conclusion (and so its task link).
pub fn conclusions_of(text: &str, old: &[Conclusion]) -> Vec<Conclusion> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            old.iter()
                .find(|c| c.text == l)
                .cloned()
                .unwrap_or(Conclusion {
                    text: l.to_string(),
                    ..Default::default()
                })
        })
        .collect()
}

impl MinutesDraft {
    pub fn of(m: &Minutes) -> MinutesDraft {
        let conclusions = m
            .items
            .iter()
            .map(|i| {
                i.conclusions
                    .iter()
                    .map(|c| c.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect();
        MinutesDraft {
            minutes: m.clone(),
            conclusions,
        }
    }

    /// The conclusions field of item `i`, as typed.
    pub fn conclusions_text(&self, i: usize) -> &str {
        self.conclusions.get(i).map(String::as_str).unwrap_or("")
    }

    pub fn set_conclusions(&mut self, i: usize, typed: String) {
        if let Some(slot) = self.conclusions.get_mut(i) {
            *slot = typed;
        }
    }

    /// The draft's items with their conclusions parsed from what was typed.
    pub fn items(&self) -> Vec<sotay_model::meetings::MinutesItemContent> {
        let mut items = self.minutes.items.clone();
        for (item, typed) in items.iter_mut().zip(&self.conclusions) {
            item.conclusions = conclusions_of(typed, &item.conclusions);
        }
        items
    }

    /// What "Lưu dự thảo" sends.
    pub fn to_patch(&self) -> MinutesPatch {
        MinutesPatch {
            items: Some(self.items()),
            conclusions: None,
            votes: Some(self.minutes.votes.clone()),
        }
    }
}

/// What approving minutes would lock in although it is missing: the agenda items
/// with nothing written (their titles), and whether no vote is recorded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Missing {
    pub empty_items: Vec<String>,
    pub no_votes: bool,
}

impl Missing {
    pub fn is_empty(&self) -> bool {
        self.empty_items.is_empty() && !self.no_votes
    }
}

/// What is missing from minutes about to be approved.
pub fn missing_for_approval(m: &Minutes) -> Missing {
    Missing {
        empty_items: m
            .items
            .iter()
            .filter(|i| {
                i.content.trim().is_empty()
                    && i.opinions.trim().is_empty()
                    && i.conclusions.iter().all(|c| c.text.trim().is_empty())
            })
            .map(|i| i.title.clone())
            .collect(),
        no_votes: m.votes.iter().all(|v| v.question.trim().is_empty()),
    }
}

/// The meeting Home shows the member: their own (convened), not cancelled, not yet
/// ended (one in progress stays), starting within `within_ms`; the soonest first.
pub fn next_for_me(
    cards: &[MeetingCard],
    me: Id,
    now_ms: u64,
    within_ms: u64,
) -> Option<&MeetingCard> {
    cards
        .iter()
        .filter(|c| c.meeting.invites(me) && c.meeting.status != MeetingStatus::Cancelled)
        .filter(|c| c.meeting.ends_at > now_ms)
        .filter(|c| c.meeting.starts_at < now_ms.saturating_add(within_ms))
        .min_by_key(|c| (c.meeting.starts_at, c.meeting.id))
}

/// How many meetings of others (not convening `me`) Home counts as coming.
pub fn others_coming(cards: &[MeetingCard], me: Option<Id>, now_ms: u64, within_ms: u64) -> usize {
    cards
        .iter()
        .filter(|c| !me.is_some_and(|me| c.meeting.invites(me)))
        .filter(|c| c.meeting.status != MeetingStatus::Cancelled)
        .filter(|c| c.meeting.starts_at >= now_ms)
        .filter(|c| c.meeting.starts_at < now_ms.saturating_add(within_ms))
        .count()
}

/// The heading of the lower levels' column: "Chi bộ" only when every row is a cell
/// (a district's or province's lower levels are not); `None` kinds are unknown rows.
pub fn rows_are_cells(kinds: &[Option<sotay_model::entities::OrgKind>]) -> bool {
    !kinds.is_empty()
        && kinds
            .iter()
            .all(|k| *k == Some(sotay_model::entities::OrgKind::Cell))
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
