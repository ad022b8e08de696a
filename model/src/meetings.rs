//! Cell meetings (issue 6): meetings, the per-meeting check-in secret, attendance events
//! and their reconciliation, offline check-in codes, minutes versions, and the plain
//! structs the minutes export and the committee view read.
//!
//! Wire fields and rules are in the submodules: [`meeting`] (the meeting row),
//! [`attendance`] (check-ins, secretary's marks, the reconciliation rule),
//! [`code`] (check-in codes), [`proof`] (what a device sends for a code, bound to its
//! member), [`minutes`] (versions of the minutes).
//!
//! Times are Unix milliseconds (UTC); they are shown in Vietnam's time (UTC+7, no
//! daylight saving), see [`VnDateTime`].

pub mod api;
pub mod attendance;
pub mod code;
pub mod meeting;
pub mod minutes;
pub mod proof;
pub mod requests;

pub use attendance::{
    reconcile, Absence, Attendance, AttendanceList, AttendanceMark, AttendanceRow, CheckIn, Proof,
    GRACE_MS, WITHHELD_CODE,
};
pub use code::{code_for_slot, slot_of, verify_code, CodeError, SLOT_MS};
pub use meeting::{Meeting, MeetingKey, MeetingKind, MeetingStatus};
pub use minutes::{Conclusion, Minutes, MinutesItemContent, MinutesStatus, Vote};
pub use proof::{check_in_deadline, proof_for, verify_proof, LATE_SYNC_MS};

use serde::{Deserialize, Serialize};

/// Vietnam's offset from UTC (ICT, no daylight saving).
pub const VN_OFFSET_MS: i64 = 7 * 3600 * 1000;

/// A moment in Vietnam's local time (UTC+7), for "ngày … tháng … năm …" lines and
/// per-month counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct VnDateTime {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

impl VnDateTime {
    /// The local date and time of a Unix millisecond time.
    pub fn from_ms(unix_ms: u64) -> VnDateTime {
        let local = unix_ms as i64 + VN_OFFSET_MS;
        let days = local.div_euclid(86_400_000);
        let in_day = local.rem_euclid(86_400_000) / 60_000;
        // Howard Hinnant's civil-from-days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        VnDateTime {
            year,
            month,
            day,
            hour: (in_day / 60) as u32,
            minute: (in_day % 60) as u32,
        }
    }

    /// `yyyy-mm`, the key of per-month counts.
    pub fn month_key(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// `dd/MM/yyyy HH:mm` as the UI shows it.
    pub fn show(&self) -> String {
        format!(
            "{:02}/{:02}/{:04} {:02}:{:02}",
            self.day, self.month, self.year, self.hour, self.minute
        )
    }
}

/// One agenda item of the minutes, as the export prints it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MinutesItem {
    pub title: String,
    /// What was presented and discussed.
    pub content: String,
    /// Opinions voiced (free text, one per line as written).
    pub opinions: String,
    /// The conclusions on this item, in order.
    pub conclusions: Vec<String>,
}

/// Everything the minutes export (.docx / PDF) needs for one meeting, as plain data:
/// `GetMinutesExport` answers it; `replica::export` turns it into files.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MinutesExport {
    /// The meeting's organisation, e.g. `Chi bộ Thôn Đông`.
    pub org_name: String,
    /// The organisation directly above it (header line), empty at the root.
    pub parent_org_name: String,
    pub kind: MeetingKind,
    pub topic: String,
    pub place: String,
    /// Unix ms (UTC); print with [`VnDateTime::from_ms`].
    pub starts_at: u64,
    pub ends_at: u64,
    pub chair_name: String,
    pub minute_taker_name: String,
    /// Free text, e.g. `Đồng chí Trần Văn Nam, Đảng ủy viên`.
    pub guests: Vec<String>,
    /// Members convened (invited) and present (on time or late), by the attendance rule.
    pub convened: u32,
    pub present: u32,
    pub late: u32,
    pub absent_excused: u32,
    pub absent_unexcused: u32,
    /// More than half of those convened are present.
    pub quorum: bool,
    /// Agenda items in order, with their content.
    pub items: Vec<MinutesItem>,
    pub votes: Vec<Vote>,
    /// Other conclusions of the meeting as a whole (not tied to one item).
    pub general_conclusions: Vec<String>,
    pub approved: bool,
    /// The minutes version exported (1 for the first).
    pub version: u32,
    /// Why this version replaced the previous one (empty for version 1).
    pub version_reason: String,
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod local_time {
    use super::*;

    #[test]
    fn vietnam_local_time() {
        // 2026-12-01T17:30:00Z is 00:30 on 2 December in Hà Nội.
        let t = VnDateTime::from_ms(1_796_146_200_000);
        assert_eq!(
            (t.year, t.month, t.day, t.hour, t.minute),
            (2026, 12, 2, 0, 30)
        );
        assert_eq!(t.month_key(), "2026-12");
        assert_eq!(VnDateTime::from_ms(0).show(), "01/01/1970 07:00");
    }
}
