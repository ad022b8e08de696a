//! The meeting Api calls the Sinh hoạt screens make (issue 6), each typed by its
//! request, and the delivery of an exported file: the desktop app opens it
//! in the system's viewer, a browser downloads it from the headless host.

use crate::i18n::{self, Key, Lang};
use crate::transport::{ask, carrier, Carrier};
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::ids::Id;
use sotay_model::meetings::api::{
    CheckInCode, MeetingCard, MeetingPatch, MeetingView, MinutesPatch, NewMeeting,
};
use sotay_model::meetings::requests::{
    ApproveMinutes, CancelMeeting, CheckIn, CreateMeeting, CreateMinutes, ExportMinutes,
    GetMeeting, ListMeetings, ListMinutes, MarkAttendance, MeetingStats, OpenExport,
    ShowCheckInCode, UpcomingMeetings, UpdateMeeting, UpdateMinutes,
};
use sotay_model::meetings::{Attendance, Minutes};
use sotay_model::sync::requests::{ListRejected, SyncNow};
use sotay_model::transfer::ExportFormat;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

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

/// How an exported file reached the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivered {
    /// The desktop app opened it in the system's viewer (the file stays on disk).
    Opened,
    /// The browser saved it as a download.
    Downloaded,
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
    let how = match carrier() {
        Carrier::Tauri => {
            ask(OpenExport { name: name.clone() }).await?;
            Delivered::Opened
        }
        Carrier::Http { token } => {
            download(&name, token.as_deref().unwrap_or(""))
                .await
                .map_err(|_| {
                    ApiError::new(
                        ApiErrorKind::Offline,
                        i18n::text(Lang::Vi, Key::ErrTransportOffline),
                    )
                })?;
            Delivered::Downloaded
        }
    };
    Ok((name, how))
}

thread_local! {
    /// The object URL of the last download. The browser reads the blob after the
    /// click returns, so revoking it at once (as before) gave "Đã xuất tệp" and no
    /// file; it is revoked when the next download replaces it.
    static LAST_DOWNLOAD: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Fetch `GET /exports/{name}` with the token header and save it as a download: an
/// `<a download>` in the document, clicked, then removed.
async fn download(name: &str, token: &str) -> Result<(), wasm_bindgen::JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    let headers = web_sys::Headers::new()?;
    headers.set("x-sotay-token", token)?;
    init.set_headers(&headers);
    let req = web_sys::Request::new_with_str_and_init(&format!("/exports/{name}"), &init)?;
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_request(&req))
        .await?
        .dyn_into()?;
    if !resp.ok() {
        return Err("status".into());
    }
    let blob: web_sys::Blob = JsFuture::from(resp.blob()?).await?.dyn_into()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let doc = window.document().ok_or("no document")?;
    let body = doc.body().ok_or("no body")?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.set_attribute("data-testid", "export-download")?;
    a.set_attribute("hidden", "")?;
    body.append_child(&a)?;
    a.click();
    a.remove();
    if let Some(old) = LAST_DOWNLOAD.with(|l| l.borrow_mut().replace(url)) {
        web_sys::Url::revoke_object_url(&old)?;
    }
    Ok(())
}
