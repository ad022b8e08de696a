//! The schedule's Api calls (issue 15), each typed by its request, and the delivery
//! of the `.ics` export: the desktop app opens it, a browser downloads it from the
//! headless host (`GET /exports/{name}` with the token header, as the minutes do).

use crate::i18n::{self, Key, Lang};
use crate::transport::{ask, carrier, Carrier};
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::ids::Id;
use sotay_model::meetings::requests::OpenExport;
use sotay_model::schedule::api::{EntryPatch, EntryView, NewEntry};
use sotay_model::schedule::requests::{
    AgendaReminders, CreateScheduleEntry, DeleteScheduleEntry, ExportAgenda, GetAgenda,
    GetScheduleEntry, UpdateScheduleEntry,
};
use sotay_model::schedule::{AgendaItem, Reminder};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub async fn agenda(from_ms: u64, to_ms: u64) -> Result<Vec<AgendaItem>, ApiError> {
    ask(GetAgenda { from_ms, to_ms }).await
}

pub async fn get(id: Id) -> Result<EntryView, ApiError> {
    ask(GetScheduleEntry { id }).await
}

pub async fn create(new: NewEntry) -> Result<Id, ApiError> {
    ask::<CreateScheduleEntry>(new).await
}

pub async fn update(id: Id, patch: EntryPatch) -> Result<(), ApiError> {
    ask(UpdateScheduleEntry { id, patch }).await
}

/// Cancel the occurrence on `date` (`yyyy-mm-dd`) of a repeating entry.
pub async fn skip(id: Id, date: String) -> Result<(), ApiError> {
    let patch = EntryPatch {
        skip_date: Some(date),
        ..Default::default()
    };
    update(id, patch).await
}

pub async fn delete(id: Id) -> Result<(), ApiError> {
    ask(DeleteScheduleEntry { id }).await
}

/// The reminders of the next 48 hours (the screen's list).
pub async fn coming_reminders(lead_minutes: u32) -> Result<Vec<Reminder>, ApiError> {
    ask(AgendaReminders {
        within_hours: None,
        lead_minutes: Some(lead_minutes),
        after_ms: None,
    })
    .await
}

/// The reminders that came due after `after_ms` (the in-page notices).
pub async fn due_reminders(lead_minutes: u32, after_ms: u64) -> Result<Vec<Reminder>, ApiError> {
    ask(AgendaReminders {
        within_hours: None,
        lead_minutes: Some(lead_minutes),
        after_ms: Some(after_ms),
    })
    .await
}

/// Write the agenda of `[from_ms, to_ms)` as an `.ics` file and deliver it; answers
/// the file's name.
pub async fn export(from_ms: u64, to_ms: u64) -> Result<String, ApiError> {
    let name = ask(ExportAgenda {
        from_ms,
        to_ms,
        meeting_id: None,
    })
    .await?
    .name;
    match carrier() {
        Carrier::Tauri => ask(OpenExport { name: name.clone() }).await?,
        Carrier::Http { token } => download(&name, token.as_deref().unwrap_or(""))
            .await
            .map_err(|_| {
                ApiError::new(
                    ApiErrorKind::Offline,
                    i18n::text(Lang::Vi, Key::ErrTransportOffline),
                )
            })?,
    }
    Ok(name)
}

thread_local! {
    /// The object URL of the last download: the browser reads the blob after the
    /// click returns, so it is revoked only when the next download replaces it.
    static LAST_DOWNLOAD: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Fetch `GET /exports/{name}` with the token header and save it as a download. The
/// minutes' helper of the same shape is private to the meetings feature.
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
    a.set_attribute("data-testid", "schedule-export-download")?;
    a.set_attribute("hidden", "")?;
    body.append_child(&a)?;
    a.click();
    a.remove();
    if let Some(old) = LAST_DOWNLOAD.with(|l| l.borrow_mut().replace(url)) {
        web_sys::Url::revoke_object_url(&old)?;
    }
    Ok(())
}
