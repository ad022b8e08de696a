//! First run: enroll this device with a committee's one-time code (typed, or read from
//! its QR code with the camera, which fills the server's address too), then pull the
//! first copy of the data with a progress bar fed by the status poll. A problem shows
//! beside the field it concerns.

use crate::components::field::Field;
use crate::components::icons::{icon, Icon};
use crate::components::qr_scan::QrScan;
use crate::devices::client as devices_client;
use crate::devices::strings::DeviceKey;
use crate::effects;
use crate::hooks::use_app;
use crate::i18n::scan::{self as scan_text, SKey};
use crate::i18n::Key;
use crate::qr;
use crate::state::Action;
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::sync::SyncProgress;
use yew::platform::spawn_local;
use yew::prelude::*;

#[function_component(Enroll)]
pub fn enroll() -> Html {
    let app = use_app();
    let server = use_state(String::new);
    let code = use_state(String::new);
    let device = use_state(String::new);
    // What is wrong, by the field it concerns (`None`: the form as a whole).
    let problems = use_state(Vec::<(Option<EnrollField>, String)>::new);
    let busy = use_state(|| false);
    let scanning = use_state(|| false);
    // What the scanner read last when it was not an enrollment code.
    let scan_problem = use_state(|| None::<AttrValue>);
    // "Đã đọc mã …" after a good scan, so the filled field is explained.
    let scanned = use_state(|| None::<String>);

    if app.first_sync {
        let progress = app.status.as_ref().and_then(|s| s.progress);
        return html! { <FirstSync {progress} /> };
    }

    let setter = |h: &UseStateHandle<String>| {
        let h = h.clone();
        Callback::from(move |v: String| h.set(v))
    };
    let onsubmit = {
        let (server, code, device) = (server.clone(), code.clone(), device.clone());
        let (problems, busy) = (problems.clone(), busy.clone());
        let app = app.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let mut found = vec![];
            for (value, field, key) in [
                (&*server, EnrollField::Server, DeviceKey::ServerRequired),
                (&*code, EnrollField::Code, DeviceKey::CodeRequired),
                (&*device, EnrollField::Device, DeviceKey::DeviceRequired),
            ] {
                if value.trim().is_empty() {
                    found.push((Some(field), app.t(key).to_string()));
                }
            }
            problems.set(found.clone());
            if !found.is_empty() {
                return;
            }
            busy.set(true);
            let (s, c, d) = (
                server.trim().to_string(),
                code.trim().to_string(),
                device.trim().to_string(),
            );
            let (problems, busy, dispatch) = (problems.clone(), busy.clone(), app.dispatcher());
            // The replica pulls the first copy inside Enroll: show the progress view
            // (fed by the fast status poll) from the start.
            dispatch.dispatch(Action::SyncStarted { first: true });
            spawn_local(async move {
                match devices_client::enroll(s, c, d).await {
                    // Then catch up on anything that arrived meanwhile.
                    Ok(()) => effects::sync_now(dispatch, true),
                    Err(e) => {
                        dispatch.dispatch(Action::EnrollFailed);
                        problems.set(vec![(field_of(&e), e.message)]);
                    }
                }
                busy.set(false);
            });
        })
    };
    let toggle_qr = {
        let (scanning, scan_problem) = (scanning.clone(), scan_problem.clone());
        Callback::from(move |_: MouseEvent| {
            scan_problem.set(None);
            scanning.set(!*scanning);
        })
    };
    let close_scan = {
        let scanning = scanning.clone();
        Callback::from(move |()| scanning.set(false))
    };
    // The enrollment card's QR holds the server's address and the code; a good scan
    // fills both (an older QR, the code alone) and closes the camera.
    let on_scan = {
        let (server, code, scanning, scan_problem, scanned, problems) = (
            server.clone(),
            code.clone(),
            scanning.clone(),
            scan_problem.clone(),
            scanned.clone(),
            problems.clone(),
        );
        let lang = app.lang;
        Callback::from(move |text: String| match qr::enrollment(&text) {
            Ok(found) => {
                if let Some(s) = found.server {
                    server.set(s);
                }
                code.set(found.code.clone());
                scanned.set(Some(found.code));
                scan_problem.set(None);
                scanning.set(false);
                problems.set(vec![]);
            }
            Err(e) => {
                scan_problem.set(Some(scan_text::text(lang, scan_text::not_enroll(e)).into()))
            }
        })
    };
    let code_changed = {
        let (code, scanned) = (code.clone(), scanned.clone());
        Callback::from(move |v: String| {
            scanned.set(None);
            code.set(v);
        })
    };

    let field_error = |field: EnrollField| -> Html {
        let here: Vec<&String> = problems
            .iter()
            .filter(|(f, _)| *f == Some(field))
            .map(|(_, m)| m)
            .collect();
        if here.is_empty() {
            return html! {};
        }
        html! {
            <p class="field-error" role="alert" data-testid={format!("enroll-{}-error", field.slug())}>
                { for here.iter().map(|m| html! { <span>{ m.as_str() }</span> }) }
            </p>
        }
    };
    let general: Vec<String> = problems
        .iter()
        .filter(|(f, _)| f.is_none())
        .map(|(_, m)| m.clone())
        .collect();
    html! {
        <div class="enroll-screen">
            <form class="card enroll-card" {onsubmit} novalidate=true data-testid="enroll-form">
                <div class="enroll-head">
                    <div class="logo-mark" aria-hidden="true">{"★"}</div>
                    <div>
                        <p class="eyebrow">{ app.t(Key::AppName) }</p>
                        <h1 class="title">{ app.t(DeviceKey::EnrollTitle) }</h1>
                    </div>
                </div>
                <p class="muted">{ app.t(DeviceKey::EnrollIntro) }</p>
                <Field label={app.t(DeviceKey::ServerLabel)} value={(*server).clone()}
                    on_change={setter(&server)} testid="enroll-server" input_type="url"
                    placeholder={app.t(DeviceKey::ServerPlaceholder)} autocomplete="url" required=true />
                { field_error(EnrollField::Server) }
                <div class="code-row">
                    <Field label={app.t(DeviceKey::CodeLabel)} value={(*code).clone()}
                        on_change={code_changed} testid="enroll-code"
                        hint={app.t(DeviceKey::CodeHint)} autocomplete="one-time-code" required=true />
                    <button type="button" class="btn btn-ghost qr-btn" onclick={toggle_qr}
                        data-testid="enroll-scan-qr" title={app.t(DeviceKey::ScanQr)}
                        aria-pressed={scanning.to_string()}>
                        { icon(Icon::Qr) }<span>{ app.t(DeviceKey::ScanQr) }</span>
                    </button>
                </div>
                { field_error(EnrollField::Code) }
                if *scanning {
                    <QrScan {on_scan} on_close={close_scan} problem={(*scan_problem).clone()} />
                }
                if let Some(c) = &*scanned {
                    <p class="note" data-testid="enroll-scanned">
                        { crate::i18n::fill(scan_text::text(app.lang, SKey::Scanned), &[c]) }
                    </p>
                }
                <Field label={app.t(DeviceKey::DeviceLabel)} value={(*device).clone()}
                    on_change={setter(&device)} testid="enroll-device"
                    placeholder={app.t(DeviceKey::DevicePlaceholder)} required=true />
                { field_error(EnrollField::Device) }
                if !general.is_empty() {
                    <ul class="form-errors" role="alert" data-testid="enroll-error">
                        { for general.iter().map(|p| html! { <li>{ p }</li> }) }
                    </ul>
                }
                <button type="submit" class="btn btn-primary btn-block" disabled={*busy}
                    data-testid="enroll-submit">
                    { if *busy { app.t(DeviceKey::Enrolling) } else { app.t(DeviceKey::EnrollSubmit) } }
                </button>
            </form>
        </div>
    }
}

/// The enrollment form's fields, for errors shown beside the one they concern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnrollField {
    Server,
    Code,
    Device,
}

impl EnrollField {
    pub fn slug(self) -> &'static str {
        match self {
            EnrollField::Server => "server",
            EnrollField::Code => "code",
            EnrollField::Device => "device",
        }
    }
}

/// Which field a refused enrollment concerns: no connection, an untrusted server or a
/// malformed address is the address's; a refused, used or expired code is the code's.
pub fn field_of(e: &ApiError) -> Option<EnrollField> {
    match e.kind {
        ApiErrorKind::Offline | ApiErrorKind::Untrusted => Some(EnrollField::Server),
        ApiErrorKind::Invalid if e.message.contains("máy chủ") || e.message.contains("địa chỉ") => {
            Some(EnrollField::Server)
        }
        ApiErrorKind::Invalid
        | ApiErrorKind::Unauthorized
        | ApiErrorKind::Forbidden
        | ApiErrorKind::NotFound => Some(EnrollField::Code),
        _ => None,
    }
}

#[derive(Properties, PartialEq)]
struct FirstSyncProps {
    progress: Option<SyncProgress>,
}

/// The share of the first pull done, 0–100; `None` until the server says how much remains.
pub fn percent(p: Option<SyncProgress>) -> Option<u64> {
    let p = p?;
    let total = p.pulled + p.remaining;
    if total == 0 {
        return None;
    }
    Some(p.pulled * 100 / total)
}

#[function_component(FirstSync)]
fn first_sync(props: &FirstSyncProps) -> Html {
    let app = use_app();
    let pct = percent(props.progress);
    let bar_class = classes!("progress-bar", pct.is_none().then_some("indeterminate"));
    let style = pct.map(|p| format!("width: {p}%"));
    html! {
        <div class="enroll-screen">
            <div class="card enroll-card" data-testid="enroll-progress">
                <div class="enroll-head">
                    <div class="logo-mark spin" aria-hidden="true">{ icon(Icon::Sync) }</div>
                    <h1 class="title">{ app.t(DeviceKey::FirstSync) }</h1>
                </div>
                <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                    aria-valuenow={pct.map(|p| p.to_string())}>
                    <div class={bar_class} {style}></div>
                </div>
                if let Some(p) = props.progress {
                    <p class="muted" data-testid="enroll-progress-text">
                        { app.tf(DeviceKey::ProgressRows, &[&p.pulled.to_string(), &(p.pulled + p.remaining).to_string()]) }
                    </p>
                } else {
                    <p class="muted">{ app.t(DeviceKey::Enrolling) }</p>
                }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_the_share_pulled() {
        let p = |pulled, remaining| Some(SyncProgress { pulled, remaining });
        assert_eq!(percent(p(25, 75)), Some(25));
        assert_eq!(percent(p(10, 0)), Some(100));
        assert_eq!(percent(p(0, 0)), None);
        assert_eq!(percent(None), None);
    }

    #[test]
    fn a_refused_enrollment_is_shown_by_the_field_it_concerns() {
        let e = |kind, m: &str| ApiError::new(kind, m);
        let offline = e(ApiErrorKind::Offline, "Không kết nối được máy chủ");
        assert_eq!(field_of(&offline), Some(EnrollField::Server));
        let plain = e(
            ApiErrorKind::Invalid,
            "Địa chỉ máy chủ phải dùng https:// (http:// chỉ cho chính máy này)",
        );
        assert_eq!(field_of(&plain), Some(EnrollField::Server));
        let used = e(
            ApiErrorKind::Unauthorized,
            "Mã đăng ký không đúng hoặc đã hết hạn",
        );
        assert_eq!(field_of(&used), Some(EnrollField::Code));
        assert_eq!(field_of(&e(ApiErrorKind::Storage, "đĩa đầy")), None);
    }
}
