//! The meeting Api calls the Sinh hoạt screens make (issue 6), each typed by its
//! request, and the delivery of an exported file: the desktop app opens it
//! in the system's viewer, a browser downloads it from the headless host.

pub use crate::exports::Delivered;
use crate::transport::ask;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::meetings::api::{
    CheckInCode, MeetingCard, MeetingPatch, MeetingView, MinutesPatch, NewMeeting,
};
use sotay_model::meetings::requests::{
    ApproveMinutes, CancelMeeting, CheckIn, CreateMeeting, CreateMinutes, ExportMinutes,
    GetMeeting, ListMeetings, ListMinutes, MarkAttendance, MeetingStats, ShowCheckInCode,
    UpcomingMeetings, UpdateMeeting, UpdateMinutes,
};
use sotay_model::meetings::{Attendance, Minutes};
use sotay_model::sync::requests::{ListRejected, SyncNow};
use sotay_model::transfer::ExportFormat;

pub async fn list() -> Result<Vec<MeetingCard>, ApiError> {
    ask(ListMeetings::default()).await
}

pub async fn get(id: Id) -> Result<MeetingView, ApiError> {
    Ok(*ask(GetMeeting { id }).await?)
}

pub async fn create(new: NewMeeting) -> Result<Id, ApiError> {
    ask::<CreateMeeting>(new).await
}

pub async fn update(id: Id, patch: MeetingPatch) -> Result<(), ApiError> {
    ask(UpdateMeeting { id, patch }).await
}

pub async fn cancel(id: Id, reason: String) -> Result<(), ApiError> {
    ask(CancelMeeting { id, reason }).await
}

pub async fn show_code(meeting_id: Id) -> Result<CheckInCode, ApiError> {
    ask(ShowCheckInCode { meeting_id }).await
}

pub async fn check_in(meeting_id: Id, code: String) -> Result<Id, ApiError> {
    ask(CheckIn { meeting_id, code }).await
}

/// What the server said of a check-in just made on this device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Accepted: the member is present.
    Confirmed,
    /// Refused, with the server's reason (the device has rolled the check-in back).
    Refused(String),
    /// The server could not be reached: the check-in waits on the device.
    Waiting,
}

/// Push the check-in `row` now and read the server's verdict on it. The code can only
/// be judged by the server (a member's device does not hold the meeting's secret), so
/// online the member learns at once whether it was right.
pub async fn confirm_check_in(row: Id) -> Verdict {
    if ask(SyncNow).await.is_err() {
        return Verdict::Waiting;
    }
    match ask(ListRejected).await {
        Ok(list) => match list.into_iter().find(|r| r.row_id == row) {
            Some(r) => Verdict::Refused(r.message),
            None => Verdict::Confirmed,
        },
        Err(_) => Verdict::Waiting,
    }
}

pub async fn mark(
    meeting_id: Id,
    member_id: Id,
    attendance: Attendance,
    reason: String,
    overrides: Option<Id>,
) -> Result<Id, ApiError> {
    ask(MarkAttendance {
        meeting_id,
        member_id,
        attendance,
        reason,
        overrides,
    })
    .await
}

pub async fn list_minutes(meeting_id: Id) -> Result<Vec<Minutes>, ApiError> {
    ask(ListMinutes { meeting_id }).await
}

pub async fn create_minutes(meeting_id: Id, reason: Option<String>) -> Result<Id, ApiError> {
    ask(CreateMinutes { meeting_id, reason }).await
}

pub async fn update_minutes(id: Id, patch: MinutesPatch) -> Result<(), ApiError> {
    ask(UpdateMinutes { id, patch }).await
}

pub async fn approve_minutes(id: Id) -> Result<(), ApiError> {
    ask(ApproveMinutes { id }).await
}

/// Meetings held and attendance per month for each organisation below `org_id`.
pub async fn stats(
    org_id: Id,
) -> Result<Vec<sotay_model::meetings::api::OrgMeetingStats>, ApiError> {
    ask(MeetingStats {
        org_id,
        from_month: None,
        to_month: None,
    })
    .await
}

/// Planned meetings of the coming `within_hours`, soonest first (Home's next meeting).
pub async fn upcoming_meetings(
    within_hours: u32,
) -> Result<Vec<sotay_model::meetings::api::Reminder>, ApiError> {
    ask(UpcomingMeetings {
        within_hours: Some(within_hours),
        remind_before_minutes: None,
    })
    .await
}

/// For each organisation directly below `org_id`: meetings held and attendance in
/// `month` (`yyyy-mm`), from what this device holds.
pub async fn meeting_stats(
    org_id: Id,
    month: String,
) -> Result<Vec<sotay_model::meetings::api::OrgMeetingStats>, ApiError> {
    ask(MeetingStats {
        org_id,
        from_month: Some(month.clone()),
        to_month: Some(month),
    })
    .await
}

/// Write the minutes as a file and deliver it; answers the file's name and how.
pub async fn export(
    meeting_id: Id,
    minutes_id: Option<Id>,
    format: ExportFormat,
) -> Result<(String, Delivered), ApiError> {
    let req = ExportMinutes {
        meeting_id,
        minutes_id,
        format,
    };
    let name = ask(req).await?.name;
    let how = crate::exports::deliver(&name, "export-download").await?;
    Ok((name, how))
}
