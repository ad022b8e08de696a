//! The Api's meeting types (issue 6): what the meeting requests carry and what they
//! answer. The requests themselves are in [`super::requests`].

use super::{Attendance, AttendanceList, Meeting, MeetingKind, MeetingStatus};
use crate::ids::Id;
use serde::{Deserialize, Serialize};

/// A new meeting. With `invited` empty, the organisation's active members are convened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewMeeting {
    pub org_id: Id,
    pub kind: MeetingKind,
    pub topic: String,
    /// Unix ms.
    pub starts_at: u64,
    pub ends_at: u64,
    pub place: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair_id: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minute_taker_id: Option<Id>,
    #[serde(default)]
    pub agenda: Vec<String>,
    #[serde(default)]
    pub materials: Vec<Id>,
    #[serde(default)]
    pub invited: Vec<Id>,
    #[serde(default)]
    pub guests: Vec<String>,
}

/// Only the fields present change (the organisation never does). `Some(None)` clears
/// the chair or minute-taker.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MeetingPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<MeetingKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair_id: Option<Option<Id>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minute_taker_id: Option<Option<Id>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub materials: Option<Vec<Id>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invited: Option<Vec<Id>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guests: Option<Vec<String>>,
}

/// A meeting in a list, with the organisation's name and the counts of its attendance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingCard {
    pub meeting: Meeting,
    pub org_name: String,
    pub convened: u32,
    pub present: u32,
}

/// A planned meeting to remind of: the UI (or the Tauri shell) notifies at `remind_at`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reminder {
    pub meeting_id: Id,
    pub org_name: String,
    pub topic: String,
    pub place: String,
    pub starts_at: u64,
    /// Unix ms: `starts_at` minus the reminder lead time.
    pub remind_at: u64,
    /// Whether the device's member is convened.
    pub invited: bool,
}

/// One meeting as a screen shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingView {
    pub meeting: Meeting,
    pub org_name: String,
    pub chair_name: String,
    pub minute_taker_name: String,
    /// (member id, full name) of those convened, sorted the Vietnamese way.
    pub invited_names: Vec<(Id, String)>,
    pub attendance: AttendanceList,
    /// This device's member: their line, if convened.
    pub my_attendance: Option<Attendance>,
    /// This device's member checked in here and the server has not yet confirmed it
    /// (the check-in then counts nowhere: not in `attendance`, not in `my_attendance`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub my_check_in_pending: bool,
    /// This device holds the check-in secret (it can show and verify codes).
    pub holds_key: bool,
    /// Minutes versions held, newest first: (id, version, approved).
    pub minutes: Vec<(Id, u32, bool)>,
}

/// The code to show now, as text and QR, and until when it is shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckInCode {
    pub meeting_id: Id,
    /// Written `ABCD-EFGH`.
    pub code: String,
    /// A complete `<svg …>` document of the code (without the dash).
    pub qr_svg: String,
    /// The next code replaces this one at this Unix ms.
    pub valid_until: u64,
}

/// Changes to a draft; only present fields change.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MinutesPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<super::MinutesItemContent>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conclusions: Option<Vec<super::Conclusion>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub votes: Option<Vec<super::Vote>>,
}

/// One month of one organisation in the committee view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthStats {
    /// `yyyy-mm` (Vietnam time).
    pub month: String,
    /// Meetings held (planned, not cancelled, already started).
    pub held: u32,
    pub convened: u32,
    pub present: u32,
    /// present / convened in percent (0 when none convened).
    pub rate_percent: u32,
}

/// An organisation below the one asked about, with its months (oldest first).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgMeetingStats {
    pub org_id: Id,
    pub org_name: String,
    pub months: Vec<MonthStats>,
}

impl MeetingCard {
    pub fn cancelled(&self) -> bool {
        self.meeting.status == MeetingStatus::Cancelled
    }
}
