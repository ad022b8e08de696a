//! The meetings feature's requests (issue 6): local reads and writes, judged by the
//! server at sync.

use super::api::{
    CheckInCode, MeetingCard, MeetingPatch, MeetingView, MinutesPatch, NewMeeting, OrgMeetingStats,
    Reminder,
};
use super::{Attendance, AttendanceList, Minutes, MinutesExport};
use crate::call;
use crate::ids::Id;
use crate::transfer::{ExportFormat, ExportedFile};
use serde::{Deserialize, Serialize};

/// Plan a meeting of `org_id` (its committee or office). With no `invited`, the
/// organisation's active members are convened. The device also makes the meeting's
/// check-in secret (and copies for the chair and minute-taker).
pub type CreateMeeting = NewMeeting;
call!(CreateMeeting, "create_meeting" => Id);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UpdateMeeting {
    pub id: Id,
    pub patch: MeetingPatch,
}
call!(UpdateMeeting, "update_meeting" => ());

/// Cancel a meeting; its members see it cancelled at their next sync.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CancelMeeting {
    pub id: Id,
    #[serde(default)]
    pub reason: String,
}
call!(CancelMeeting, "cancel_meeting" => ());

/// Meetings held on this device, soonest first. `org_id`: exactly that
/// organisation; `from_ms`/`to_ms`: start time in `[from, to)`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListMeetings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_ms: Option<u64>,
}
call!(ListMeetings, "list_meetings" => Vec<MeetingCard>);

/// Planned meetings starting within `within_hours` (default 48) from now, soonest
/// first, each with when to remind (`remind_before_minutes`, default 60).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UpcomingMeetings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within_hours: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remind_before_minutes: Option<u32>,
}
call!(UpcomingMeetings, "upcoming_meetings" => Vec<Reminder>);

/// One meeting with names, reconciled attendance and minutes versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GetMeeting {
    pub id: Id,
}
call!(GetMeeting, "get_meeting" => Box<MeetingView>);

/// The check-in code to show now, with its QR (needs the meeting's secret, which
/// only the committee, office, chair and minute-taker hold).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShowCheckInCode {
    pub meeting_id: Id,
}
call!(ShowCheckInCode, "show_check_in_code" => CheckInCode);

/// Check this device's member in with a typed or scanned code, offline. The server
/// checks the code at sync and, if it refuses, the check-in is rolled back and
/// listed in `ListRejected` with the reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    pub meeting_id: Id,
    pub code: String,
}
call!(CheckIn, "check_in" => Id);

/// Check a code on the secretary's device (needs the secret): done, or an
/// `Invalid` error saying why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VerifyCheckInCode {
    pub meeting_id: Id,
    pub code: String,
}
call!(VerifyCheckInCode, "verify_check_in_code" => ());

/// A mark by the committee, office, chair or minute-taker. `overrides` names the
/// member's check-in it corrects (a reason is then needed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarkAttendance {
    pub meeting_id: Id,
    pub member_id: Id,
    pub attendance: Attendance,
    #[serde(default)]
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<Id>,
}
call!(MarkAttendance, "mark_attendance" => Id);

/// The reconciled attendance list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GetAttendance {
    pub meeting_id: Id,
}
call!(GetAttendance, "get_attendance" => AttendanceList);

/// Start the minutes: version 1 from the agenda, or the next version from the
/// latest one (then `reason` is required).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreateMinutes {
    pub meeting_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}
call!(CreateMinutes, "create_minutes" => Id);

/// Change a draft (refused once approved).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UpdateMinutes {
    pub id: Id,
    pub patch: MinutesPatch,
}
call!(UpdateMinutes, "update_minutes" => ());

/// The chair approves a draft; it is locked from then on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApproveMinutes {
    pub id: Id,
}
call!(ApproveMinutes, "approve_minutes" => ());

/// Every version of a meeting's minutes, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListMinutes {
    pub meeting_id: Id,
}
call!(ListMinutes, "list_minutes" => Vec<Minutes>);

/// What the .docx/PDF export prints, for the latest version or `minutes_id`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GetMinutesExport {
    pub meeting_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_id: Option<Id>,
}
call!(GetMinutesExport, "get_minutes_export" => Box<MinutesExport>);

/// Write the minutes as a file under `HOME/exports/` (built from what
/// `GetMinutesExport` answers). A desktop opens it with `OpenExport`; a browser
/// fetches `GET /exports/{name}` from the headless host (same `x-sotay-token`
/// header as `/api`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportMinutes {
    pub meeting_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_id: Option<Id>,
    pub format: ExportFormat,
}
call!(ExportMinutes, "export_minutes" => ExportedFile);

/// Open a file made by `ExportMinutes` (its `name`) in the desktop's viewer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpenExport {
    pub name: String,
}
call!(OpenExport, "open_export" => ());

/// Committee view: for each organisation directly below `org_id`, meetings held per
/// month and attendance rates over its subtree, from what this device holds. Months
/// `yyyy-mm`, inclusive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingStats {
    pub org_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_month: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_month: Option<String>,
}
call!(MeetingStats, "meeting_stats" => Vec<OrgMeetingStats>);
