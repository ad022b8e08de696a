//! Check-in: on a device holding the meeting's secret (committee, office, chair,
//! minute-taker) the code to show, large, with its QR (the replica's SVG, shown as an
//! `<img>` from a `data:` URL so nothing in it runs), renewed when it changes; for a
//! member convened, a field to type the code, or scan the QR with the camera (`QrScan`;
//! the scanned code fills the field). Only the server can judge a member's code: online
//! the check-in is pushed at once and its verdict shown; offline it is kept on the
//! device and the line says it waits for confirmation (it counts nowhere until then).
//! Once the member has a check-in standing, the form gives way to its state.

use super::{tm, tmf};
use crate::components::qr_scan::QrScan;
use crate::devices::screens::enroll_code::svg_data_url;
use crate::hooks::use_app;
use crate::i18n::scan as scan_text;
use crate::meetings::client::Verdict;
use crate::meetings::form::split_at;
use crate::meetings::strings::MKey;
use sotay_model::meetings::api::{CheckInCode, MeetingView};
use sotay_model::meetings::Attendance;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CheckInProps {
    pub view: MeetingView,
    pub on_change: Callback<()>,
}

pub fn attendance_key(a: Option<Attendance>) -> MKey {
    use sotay_model::meetings::Absence;
    match a {
        Some(Attendance::Present) => MKey::Present,
        Some(Attendance::Late) => MKey::Late,
        Some(Attendance::Absent(Absence::Excused)) => MKey::Excused,
        Some(Attendance::Absent(Absence::Unexcused)) => MKey::Unexcused,
        None => MKey::Unrecorded,
    }
}

#[function_component(CheckInPanel)]
pub fn check_in_panel(p: &CheckInProps) -> Html {
    let app = use_app();
    let code = use_state(|| None::<Result<CheckInCode, String>>);
    let typed = use_state(String::new);
    let message = use_state(|| None::<Result<String, String>>);
    let scanning = use_state(|| false);
    let scan_problem = use_state(|| None::<AttrValue>);
    let once = crate::hooks::use_once::<Verdict>();
    let id = p.view.meeting.id;
    // While shown, ask again when the code's slot ends (a new code replaces it).
    {
        let code = code.clone();
        let until = match &*code {
            Some(Ok(c)) => Some(c.valid_until),
            _ => None,
        };
        use_effect_with(until, move |until| {
            let alive = std::rc::Rc::new(std::cell::Cell::new(true));
            if let Some(u) = *until {
                let running = alive.clone();
                let wait = u
                    .saturating_sub(crate::format::now_ms())
                    .clamp(1_000, 300_000);
                spawn_local(async move {
                    yew::platform::time::sleep(std::time::Duration::from_millis(wait)).await;
                    if running.get() {
                        let r = crate::meetings::client::show_code(id).await;
                        code.set(Some(r.map_err(|e| e.message)));
                    }
                });
            }
            move || alive.set(false)
        });
    }
    let show = {
        let code = code.clone();
        Callback::from(move |_| {
            let code = code.clone();
            spawn_local(async move {
                let r = crate::meetings::client::show_code(id).await;
                code.set(Some(r.map_err(|e| e.message)));
            })
        })
    };
    let hide = {
        let code = code.clone();
        Callback::from(move |_| code.set(None))
    };
    let on_input = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            typed.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let submit = {
        let (typed, message, on_change, once) = (
            typed.clone(),
            message.clone(),
            p.on_change.clone(),
            once.clone(),
        );
        let online = app.status.as_ref().is_some_and(|s| s.online);
        let lang = app.lang;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (typed, message, on_change) = (typed.clone(), message.clone(), on_change.clone());
            let code = typed.trim().to_string();
            let checking = message.clone();
            let made = crate::meetings::client::check_in(id, code.clone());
            // The local write first (its form is checked there), then, online, the
            // server's verdict before anything says "present".
            once.run(
                code,
                async move {
                    let id = made.await?;
                    if online {
                        checking.set(Some(Ok(crate::meetings::strings::text(
                            lang,
                            MKey::Checking,
                        )
                        .into())));
                        Ok::<_, sotay_model::api::ApiError>(
                            crate::meetings::client::confirm_check_in(id).await,
                        )
                    } else {
                        Ok(Verdict::Waiting)
                    }
                },
                move |r| {
                    let t = |k| crate::meetings::strings::text(lang, k).to_string();
                    match r {
                        Ok(Verdict::Confirmed) => {
                            typed.set(String::new());
                            message.set(Some(Ok(t(MKey::CheckedInConfirmed))));
                        }
                        Ok(Verdict::Waiting) => {
                            typed.set(String::new());
                            message.set(Some(Ok(t(MKey::CheckedInPending))));
                        }
                        Ok(Verdict::Refused(why)) => message.set(Some(Err(
                            crate::meetings::strings::textf(lang, MKey::CheckInRefused, &[&why]),
                        ))),
                        Err(e) => message.set(Some(Err(e.message))),
                    }
                    on_change.emit(());
                },
            );
        })
    };
    let toggle_scan = {
        let (scanning, scan_problem) = (scanning.clone(), scan_problem.clone());
        Callback::from(move |_| {
            scan_problem.set(None);
            scanning.set(!*scanning);
        })
    };
    let close_scan = {
        let scanning = scanning.clone();
        Callback::from(move |_: ()| scanning.set(false))
    };
    // A scanned QR fills the field; the member still presses "Điểm danh".
    let on_scan = {
        let (typed, scanning, scan_problem) =
            (typed.clone(), scanning.clone(), scan_problem.clone());
        let lang = app.lang;
        Callback::from(move |text: String| match crate::qr::check_in_code(&text) {
            Ok(code) => {
                typed.set(code);
                scan_problem.set(None);
                scanning.set(false);
            }
            Err(e) => scan_problem.set(Some(
                scan_text::text(lang, scan_text::not_check_in(e)).into(),
            )),
        })
    };
    let me = app
        .status
        .as_ref()
        .and_then(|s| s.me.as_ref())
        .map(|m| m.id);
    let convened = me.is_some_and(|me| p.view.meeting.invited.contains(&me));
    if !p.view.holds_key && !convened {
        return html! {};
    }
    let pending = p.view.my_check_in_pending;
    // A standing check-in (waiting or confirmed) or a mark as present: nothing more to
    // type. Marked absent, a member who arrives may still check in.
    let checked_in = pending
        || matches!(
            p.view.my_attendance,
            Some(Attendance::Present | Attendance::Late)
        );
    let mine = if pending {
        tm(&app, MKey::AwaitingConfirmation)
    } else {
        tm(&app, attendance_key(p.view.my_attendance))
    };
    html! {
        <div class="card meeting-section" data-testid="check-in">
            <h3 class="card-title">{ tm(&app, MKey::CheckInTitle) }</h3>
            if p.view.holds_key {
                { match &*code {
                    Some(Ok(c)) => html! {
                        <div class="code-card checkin-code" data-testid="check-in-code-panel">
                            <div class="code-text-box">
                                <p class="code-big mono" data-testid="check-in-code">{ &c.code }</p>
                                <p class="muted small">{ tmf(&app, MKey::CodeValidUntil, &[&split_at(c.valid_until, crate::format::local_offset_minutes()).1]) }</p>
                                <p class="small">{ tm(&app, MKey::CodeHowTo) }</p>
                                <button type="button" class="btn btn-small" onclick={hide.clone()} data-testid="check-in-code-hide">{ tm(&app, MKey::HideCode) }</button>
                            </div>
                            <img class="qr" src={svg_data_url(&c.qr_svg)} alt={c.code.clone()}
                                data-testid="check-in-qr" width="220" height="220" />
                        </div>
                    },
                    Some(Err(e)) => html! { <p class="error-text" data-testid="check-in-code-error">{ e }</p> },
                    None => html! {
                        <button type="button" class="btn btn-primary" onclick={show} data-testid="show-check-in-code">
                            { tm(&app, MKey::ShowCode) }
                        </button>
                    },
                } }
            }
            if convened {
                <p class="small" data-testid="my-attendance" data-pending={pending.to_string()}>
                    { tmf(&app, MKey::MyAttendance, &[mine]) }
                </p>
                if !checked_in {
                    <form class="inline-form" onsubmit={submit} data-testid="check-in-form">
                        <input class="input mono" value={(*typed).clone()} oninput={on_input}
                            placeholder={tm(&app, MKey::CodePlaceholder)} aria-label={tm(&app, MKey::TypeCode)}
                            autocomplete="off" autocapitalize="characters" data-testid="check-in-input" />
                        <button type="submit" class="btn btn-primary" disabled={once.busy()} aria-busy={once.busy().to_string()}
                            data-testid="check-in-submit">{ tm(&app, MKey::CheckInSubmit) }</button>
                        <button type="button" class="btn" onclick={toggle_scan} aria-pressed={scanning.to_string()}
                            data-testid="check-in-scan">{ scan_text::text(app.lang, scan_text::SKey::Title) }</button>
                    </form>
                    if *scanning {
                        <QrScan {on_scan} on_close={close_scan} problem={(*scan_problem).clone()} />
                    }
                }
            }
            if let Some(msg) = &*message {
                { match msg {
                    Ok(t) => html! { <p class="notice" data-testid="check-in-notice">{ t }</p> },
                    Err(t) => html! { <p class="error-text" data-testid="check-in-error">{ t }</p> },
                } }
            }
        </div>
    }
}
