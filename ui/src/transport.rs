//! The one typed transport to the local replica's Api, with two carriers chosen at
//! start-up: inside Tauri the `api` command; in a browser `POST /api` to the headless
//! host with the token the page was opened with. Every failure of the carrier itself
//! becomes an `ApiError` (Offline or Server) with a Vietnamese message.

use crate::i18n::{self, Key, Lang};
use sotay_model::api::{Answer, ApiError, ApiErrorKind, Call, Request, Response};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the session keeps the headless host's token once it is off the URL.
const TOKEN_KEY: &str = "sotay.token";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Carrier {
    /// Inside the Tauri webview: one command named `api`.
    Tauri,
    /// A browser talking to `sotay headless` on loopback.
    Http { token: Option<String> },
}

thread_local! {
    static CARRIER: RefCell<Option<Carrier>> = const { RefCell::new(None) };
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = ["window", "__TAURI_INTERNALS__"], js_name = invoke)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

/// The token in a URL fragment such as `#token=abc` (other `&`-separated pairs allowed).
pub fn token_from_fragment(fragment: &str) -> Option<String> {
    fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// Pick the carrier once, at start-up. In a browser the token moves from the visible
/// URL into sessionStorage, so it is neither bookmarked nor shown over a shoulder.
pub fn init() -> Carrier {
    let carrier = detect();
    CARRIER.with(|c| *c.borrow_mut() = Some(carrier.clone()));
    carrier
}

pub fn carrier() -> Carrier {
    CARRIER
        .with(|c| c.borrow().clone())
        .unwrap_or(Carrier::Http { token: None })
}

fn detect() -> Carrier {
    let Some(window) = web_sys::window() else {
        return Carrier::Http { token: None };
    };
    let in_tauri =
        js_sys::Reflect::has(&window, &JsValue::from_str("__TAURI_INTERNALS__")).unwrap_or(false);
    if in_tauri {
        return Carrier::Tauri;
    }
    let session = window.session_storage().ok().flatten();
    let location = window.location();
    let from_url = location.hash().ok().and_then(|h| token_from_fragment(&h));
    if let Some(token) = from_url {
        if let Some(s) = &session {
            // If storage is refused the token still lives in memory for this page.
            let _ = s.set_item(TOKEN_KEY, &token);
        }
        let clean = format!(
            "{}{}",
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default()
        );
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&clean));
        }
        return Carrier::Http { token: Some(token) };
    }
    let stored = session.and_then(|s| s.get_item(TOKEN_KEY).ok().flatten());
    Carrier::Http { token: stored }
}

/// `replica::host::REFUSED_HEADER`: the replica is not a dependency of the UI.
const REFUSED_HEADER: &str = "x-sotay-refused";

fn err(kind: ApiErrorKind, key: Key, args: &[&str]) -> ApiError {
    // Transport messages are Vietnamese like every ApiError message.
    ApiError::new(kind, i18n::textf(Lang::Vi, key, args))
}

fn bad_response() -> ApiError {
    err(ApiErrorKind::Server, Key::ErrBadResponse, &[])
}

/// Send one typed request and wait for its typed answer.
pub async fn ask<C: Call>(req: C) -> Result<C::Answer, ApiError> {
    C::Answer::from_response(call(req.into()).await?)
}

/// Send one request in its wire form to the replica's Api and wait for its answer.
pub async fn call(req: Request) -> Result<Response, ApiError> {
    match carrier() {
        Carrier::Tauri => call_tauri(&req).await,
        Carrier::Http { token } => call_http(&req, token.as_deref()).await,
    }
}

async fn call_tauri(req: &Request) -> Result<Response, ApiError> {
    let body = serde_json::json!({ "request": req }).to_string();
    let args = js_sys::JSON::parse(&body).map_err(|_| bad_response())?;
    match tauri_invoke("api", args).await {
        Ok(v) => {
            let text = js_sys::JSON::stringify(&v).map_err(|_| bad_response())?;
            serde_json::from_str(&String::from(text)).map_err(|_| bad_response())
        }
        Err(e) => Err(rejection(&e)),
    }
}

/// A rejected invoke carries the ApiError as an object, or as JSON text, or (if the
/// command itself is missing) as a plain message.
fn rejection(e: &JsValue) -> ApiError {
    if let Some(s) = e.as_string() {
        return serde_json::from_str(&s).unwrap_or(ApiError::new(ApiErrorKind::Server, s));
    }
    js_sys::JSON::stringify(e)
        .ok()
        .and_then(|t| serde_json::from_str(&String::from(t)).ok())
        .unwrap_or_else(bad_response)
}

async fn call_http(req: &Request, token: Option<&str>) -> Result<Response, ApiError> {
    let offline = || err(ApiErrorKind::Offline, Key::ErrTransportOffline, &[]);
    let body = serde_json::to_string(req).map_err(|_| bad_response())?;
    let window = web_sys::window().ok_or_else(offline)?;
    let headers = web_sys::Headers::new().map_err(|_| offline())?;
    headers
        .set("content-type", "application/json")
        .map_err(|_| offline())?;
    if let Some(t) = token {
        headers.set("x-sotay-token", t).map_err(|_| offline())?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&body));
    let request = web_sys::Request::new_with_str_and_init("/api", &init).map_err(|_| offline())?;
    let answer = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| offline())?;
    let answer: web_sys::Response = answer.dyn_into().map_err(|_| bad_response())?;
    let text = match answer.text() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()),
        Err(_) => None,
    }
    .unwrap_or_default();
    // The host answers an Api refusal with 200 and this marker (the browser logs every
    // HTTP error status as a console error; a refusal is an expected answer).
    let refused = answer.headers().has(REFUSED_HEADER).unwrap_or(false);
    if answer.ok() && refused {
        return Err(serde_json::from_str::<ApiError>(&text).unwrap_or_else(|_| bad_response()));
    }
    if answer.ok() {
        return serde_json::from_str(&text).map_err(|_| bad_response());
    }
    if let Ok(api_error) = serde_json::from_str::<ApiError>(&text) {
        return Err(api_error);
    }
    let status = answer.status();
    if status == 401 && token.is_none() {
        return Err(err(ApiErrorKind::Unauthorized, Key::ErrNoToken, &[]));
    }
    Err(err(
        ApiErrorKind::Server,
        Key::ErrHttpStatus,
        &[&status.to_string()],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_read_from_the_fragment() {
        assert_eq!(
            token_from_fragment("#token=abc123").as_deref(),
            Some("abc123")
        );
        assert_eq!(
            token_from_fragment("#x=1&token=t-2").as_deref(),
            Some("t-2")
        );
        assert_eq!(token_from_fragment("#token="), None);
        assert_eq!(token_from_fragment(""), None);
        assert_eq!(token_from_fragment("#tokens=zzz"), None);
    }

    #[test]
    fn request_wire_form_is_the_models() {
        let body =
            serde_json::json!({ "request": Request::from(sotay_model::api::requests::Status) })
                .to_string();
        assert_eq!(body, r#"{"request":{"type":"status"}}"#);
    }

    #[test]
    fn transport_errors_are_vietnamese() {
        let e = err(ApiErrorKind::Server, Key::ErrHttpStatus, &["501"]);
        assert_eq!(e.message, "Sổ tay trên máy trả lời lỗi HTTP 501");
    }
}
