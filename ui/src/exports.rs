//! Delivering a file the replica exported (minutes, the agenda's `.ics`): the desktop
//! app opens it in the system's viewer (`OpenExport`), a browser downloads it from the
//! headless host (`GET /exports/{name}` with the token header). One implementation for
//! every feature that exports.

use crate::i18n::{self, Key, Lang};
use crate::transport::{ask, carrier, Carrier};
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::meetings::requests::OpenExport;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// How an exported file reached the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivered {
    /// The desktop app opened it in the system's viewer (the file stays on disk).
    Opened,
    /// The browser saved it as a download.
    Downloaded,
}

/// Deliver the exported file `name`; `testid` marks the download link for the e2e suite.
pub async fn deliver(name: &str, testid: &str) -> Result<Delivered, ApiError> {
    match carrier() {
        Carrier::Tauri => {
            ask(OpenExport {
                name: name.to_string(),
            })
            .await?;
            Ok(Delivered::Opened)
        }
        Carrier::Http { token } => {
            download(name, token.as_deref().unwrap_or(""), testid)
                .await
                .map_err(|_| {
                    ApiError::new(
                        ApiErrorKind::Offline,
                        i18n::text(Lang::Vi, Key::ErrTransportOffline),
                    )
                })?;
            Ok(Delivered::Downloaded)
        }
    }
}

thread_local! {
    /// The object URL of the last download. The browser reads the blob after the
    /// click returns, so revoking it at once gave "Đã xuất tệp" and no file; it is
    /// revoked when the next download replaces it.
    static LAST_DOWNLOAD: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Fetch `GET /exports/{name}` with the token header and save it as a download: an
/// `<a download>` in the document, clicked, then removed.
async fn download(name: &str, token: &str, testid: &str) -> Result<(), wasm_bindgen::JsValue> {
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
    a.set_attribute("data-testid", testid)?;
    a.set_attribute("hidden", "")?;
    body.append_child(&a)?;
    a.click();
    a.remove();
    if let Some(old) = LAST_DOWNLOAD.with(|l| l.borrow_mut().replace(url)) {
        web_sys::Url::revoke_object_url(&old)?;
    }
    Ok(())
}
