//! Attendance: present (on time or late) / convened and whether more than half are
//! present; for the secretary (a device holding the meeting's secret, or a role the
//! table lets mark), each member convened with có mặt, đến muộn, vắng có lý do (with a
//! reason), vắng không lý do. Changing a member's own check-in is a correction and
//! needs a reason (the server keeps it in the audit log).

use super::check_in::attendance_key;
use super::{may, tm, tmf};
use crate::hooks::use_app;
use crate::meetings::strings::MKey;
use sotay_model::ids::Id;
use sotay_model::meetings::api::MeetingView;
use sotay_model::meetings::attendance::Source;
use sotay_model::meetings::{Absence, Attendance};
use sotay_model::permissions::Action;
use sotay_model::Entity;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AttendanceProps {
    pub view: MeetingView,
    pub on_change: Callback<()>,
}

const CHOICES: [Attendance; 4] = [
    Attendance::Present,
    Attendance::Late,
    Attendance::Absent(Absence::Excused),
    Attendance::Absent(Absence::Unexcused),
];

fn slug(a: Attendance) -> &'static str {
    match a {
        Attendance::Present => "present",
        Attendance::Late => "late",
        Attendance::Absent(Absence::Excused) => "excused",
        Attendance::Absent(Absence::Unexcused) => "unexcused",
    }
}

/// A mark waiting for its reason: (member, attendance).
type Pending = Option<(Id, Attendance, String)>;

#[function_component(AttendancePanel)]
pub fn attendance_panel(p: &AttendanceProps) -> Html {
    let app = use_app();
    let pending = use_state(|| None as Pending);
    let error = use_state(|| None::<String>);
    let v = &p.view;
    let list = &v.attendance;
    let may_mark = v.holds_key
        || may(
            &app,
            Entity::AttendanceMark,
            Action::Create,
            v.meeting.org_id,
        );
    let meeting = v.meeting.id;
    let send = {
        let (pending, error, on_change) = (pending.clone(), error.clone(), p.on_change.clone());
        move |member: Id, a: Attendance, reason: String, overrides: Option<Id>| {
            let (pending, error, on_change) = (pending.clone(), error.clone(), on_change.clone());
            spawn_local(async move {
                match crate::meetings::client::mark(meeting, member, a, reason, overrides).await {
                    Ok(_) => {
                        pending.set(None);
                        error.set(None);
                        on_change.emit(());
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        }
    };
    let summary = html! {
        <div class="attendance-summary" data-testid="attendance-summary">
            <p class="attendance-count" data-testid="attendance-count">
                { tmf(&app, MKey::Attendees, &[&list.present.to_string(), &list.convened.to_string()]) }
            </p>
            <p class={classes!("small", if list.quorum { "ok-text" } else { "warn-text" })} data-testid="attendance-quorum" data-quorum={list.quorum.to_string()}>
                { tm(&app, if list.quorum { MKey::Quorum } else { MKey::NoQuorum }) }
            </p>
            <p class="muted small">
                { format!("{}: {} · {}: {} · {}: {} · {}: {}",
                    tm(&app, MKey::Late), list.late,
                    tm(&app, MKey::Excused), list.absent_excused,
                    tm(&app, MKey::Unexcused), list.absent_unexcused,
                    tm(&app, MKey::Unrecorded), list.unrecorded) }
            </p>
        </div>
    };
    let name_of = |id: Id| {
        v.invited_names
            .iter()
            .find(|(m, _)| *m == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let row = |r: &sotay_model::meetings::AttendanceRow| {
        let member = r.member_id;
        // A member's own check-in stands unless a correction names it.
        let check_in = match r.source {
            Source::CheckIn => r.event_id,
            Source::Correction => r.overridden_check_in,
            _ => None,
        };
        let buttons = CHOICES.iter().map(|&a| {
            let chosen = r.attendance == Some(a);
            let needs_reason = check_in.is_some() || a == Attendance::Absent(Absence::Excused);
            let onclick = {
                let (pending, send) = (pending.clone(), send.clone());
                Callback::from(move |_| {
                    if needs_reason {
                        pending.set(Some((member, a, String::new())));
                    } else {
                        send(member, a, String::new(), None);
                    }
                })
            };
            html! {
                <button type="button" class={classes!("att-choice", chosen.then_some("chosen"))}
                    aria-pressed={chosen.to_string()} {onclick}
                    data-testid={format!("mark-{}", slug(a))}>{ tm(&app, attendance_key(Some(a))) }</button>
            }
        });
        let reason_form = match &*pending {
            Some((m, a, reason)) if *m == member => {
                let (a, reason) = (*a, reason.clone());
                let on_input = {
                    let pending = pending.clone();
                    Callback::from(move |e: InputEvent| {
                        pending.set(Some((
                            member,
                            a,
                            e.target_unchecked_into::<HtmlInputElement>().value(),
                        )))
                    })
                };
                let submit = {
                    let (send, error, reason) = (send.clone(), error.clone(), reason.clone());
                    let needed = tm(&app, MKey::ReasonNeeded);
                    Callback::from(move |e: SubmitEvent| {
                        e.prevent_default();
                        if reason.trim().is_empty() {
                            error.set(Some(needed.to_string()));
                        } else {
                            send(member, a, reason.trim().to_string(), check_in);
                        }
                    })
                };
                html! {
                    <form class="inline-form att-reason" onsubmit={submit} data-testid="mark-reason-form">
                        if check_in.is_some() {
                            <p class="muted small">{ tm(&app, MKey::CorrectionHint) }</p>
                        }
                        <input class="input" value={reason} oninput={on_input}
                            placeholder={tm(&app, MKey::Reason)} aria-label={tm(&app, MKey::Reason)} data-testid="mark-reason" />
                        <button type="submit" class="btn btn-primary btn-small" data-testid="mark-reason-save">{ app.t(crate::i18n::Key::Save) }</button>
                    </form>
                }
            }
            _ => html! {},
        };
        html! {
            <li class="att-row" data-testid="attendance-row" data-member-id={member.to_string()}
                data-attendance={r.attendance.map(slug).unwrap_or("none")}>
                <div class="att-name">
                    <span>{ name_of(member) }</span>
                    <span class="muted small">
                        { tm(&app, attendance_key(r.attendance)) }
                        if r.source == Source::CheckIn { { " · " }{ tm(&app, MKey::SelfCheckIn) } }
                        if !r.reason.is_empty() { { " · " }{ &r.reason } }
                    </span>
                </div>
                if may_mark {
                    <div class="att-choices">{ for buttons }</div>
                    { reason_form }
                }
            </li>
        }
    };
    html! {
        <div class="card meeting-section" data-testid="attendance">
            <h3 class="card-title">{ tm(&app, MKey::AttendanceTitle) }</h3>
            { summary }
            if let Some(e) = &*error {
                <p class="error-text" data-testid="attendance-error">{ e }</p>
            }
            <ul class="att-list" data-testid="attendance-list">{ for list.rows.iter().map(row) }</ul>
        </div>
    }
}
