//! One meeting: kind, topic, time (dd/MM/yyyy HH:mm), place, chair, minute-taker,
//! agenda, materials and guests; "Sửa" and "Hủy cuộc họp" (with a reason) for those the
//! table lets change it; then its check-in, attendance and minutes.

use super::{check_in, kind_key, may, minutes, tm};
use crate::components::confirm::Confirm;
use crate::hooks::use_app;
use crate::i18n::Key;
use crate::meetings::form::{show_when, split_at};
use crate::meetings::screens::attendance::AttendancePanel;
use crate::meetings::screens::form::MeetingFormCard;
use crate::meetings::strings::MKey;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::meetings::api::MeetingView;
use sotay_model::meetings::MeetingStatus;
use sotay_model::permissions::Action;
use sotay_model::Entity;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DetailProps {
    pub id: Id,
    pub on_back: Callback<()>,
}

#[derive(Clone, Debug, PartialEq)]
enum Mode {
    View,
    Edit,
    Cancel(String),
}

#[function_component(MeetingDetail)]
pub fn meeting_detail(p: &DetailProps) -> Html {
    let app = use_app();
    let view = use_state(|| None::<Result<MeetingView, ApiError>>);
    let reload = use_state(|| 0u32);
    let mode = use_state(|| Mode::View);
    let message = use_state(|| None::<Result<String, String>>);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let view = view.clone();
        use_effect_with((p.id, synced, *reload), move |(id, _, _)| {
            let id = *id;
            spawn_local(async move { view.set(Some(crate::meetings::client::get(id).await)) });
        });
    }
    let refresh = {
        let reload = reload.clone();
        Callback::from(move |_: ()| reload.set(*reload + 1))
    };
    let back = {
        let cb = p.on_back.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let head = html! {
        <button type="button" class="btn btn-small meeting-back" onclick={back} data-testid="meeting-back">
            { "← " }{ tm(&app, MKey::BackToList) }
        </button>
    };
    let v = match &*view {
        None => {
            return html! { <section class="meeting-detail">{ head }<p class="muted">{ app.t(Key::Loading) }</p></section> }
        }
        Some(Err(e)) => {
            return html! { <section class="meeting-detail">{ head }<p class="error-text">{ &e.message }</p></section> }
        }
        Some(Ok(v)) => v.clone(),
    };
    let m = &v.meeting;
    if *mode == Mode::Edit {
        let done = {
            let (mode, refresh, message) = (mode.clone(), refresh.clone(), message.clone());
            let saved = tm(&app, MKey::Saved);
            Callback::from(move |_: Id| {
                mode.set(Mode::View);
                message.set(Some(Ok(saved.to_string())));
                refresh.emit(());
            })
        };
        let cancel = {
            let mode = mode.clone();
            Callback::from(move |_: ()| mode.set(Mode::View))
        };
        return html! { <MeetingFormCard meeting={Some(m.clone())} on_done={done} on_cancel={cancel} /> };
    }
    let cancelled = m.status == MeetingStatus::Cancelled;
    let offset = crate::format::local_offset_minutes();
    let may_edit = !cancelled && may(&app, Entity::Meeting, Action::Edit, m.org_id);
    let me = app
        .status
        .as_ref()
        .and_then(|s| s.me.as_ref())
        .map(|me| me.id);
    let is_chair = me.is_some() && me == m.chair_id;
    let start_edit = {
        let mode = mode.clone();
        Callback::from(move |_| mode.set(Mode::Edit))
    };
    let start_cancel = {
        let mode = mode.clone();
        Callback::from(move |_| mode.set(Mode::Cancel(String::new())))
    };
    let cancel_panel = match &*mode {
        Mode::Cancel(reason) => {
            let on_input = {
                let mode = mode.clone();
                Callback::from(move |e: InputEvent| {
                    mode.set(Mode::Cancel(
                        e.target_unchecked_into::<HtmlInputElement>().value(),
                    ))
                })
            };
            let confirm = {
                let (mode, refresh, message, reason, id) = (
                    mode.clone(),
                    refresh.clone(),
                    message.clone(),
                    reason.clone(),
                    m.id,
                );
                let saved = tm(&app, MKey::Saved);
                let needed = tm(&app, MKey::ReasonNeeded);
                Callback::from(move |_: ()| {
                    if reason.trim().is_empty() {
                        message.set(Some(Err(needed.to_string())));
                        return;
                    }
                    let (mode, refresh, message, reason) = (
                        mode.clone(),
                        refresh.clone(),
                        message.clone(),
                        reason.clone(),
                    );
                    spawn_local(async move {
                        match crate::meetings::client::cancel(id, reason.trim().to_string()).await {
                            Ok(()) => {
                                mode.set(Mode::View);
                                message.set(Some(Ok(saved.to_string())));
                                refresh.emit(());
                            }
                            Err(e) => message.set(Some(Err(e.message))),
                        }
                    });
                })
            };
            let keep = {
                let mode = mode.clone();
                Callback::from(move |_: ()| mode.set(Mode::View))
            };
            html! {
                <div class="meeting-panel" data-testid="meeting-cancel-panel">
                    <Confirm question={tm(&app, MKey::CancelQuestion)} confirm_label={tm(&app, MKey::CancelConfirm)}
                        cancel_label={tm(&app, MKey::Keep)} on_confirm={confirm} on_cancel={keep} danger=true
                        testid="meeting-cancel-confirm-panel">
                        <label class="field">
                            <span class="field-label">{ tm(&app, MKey::CancelReason) }</span>
                            <input class="input" value={reason.clone()} oninput={on_input} data-testid="meeting-cancel-reason" />
                        </label>
                    </Confirm>
                </div>
            }
        }
        _ => html! {},
    };
    let list = |items: &[String], testid: &'static str| {
        html! { <ol class="meeting-items" data-testid={testid}>{ for items.iter().map(|i| html! { <li>{ i }</li> }) }</ol> }
    };
    let name_or = |n: &str| {
        if n.is_empty() {
            tm(&app, MKey::NotSet).to_string()
        } else {
            n.to_string()
        }
    };
    html! {
        <section class="meeting-detail" data-testid="meeting-detail">
            { head }
            <div class="card meeting-card">
                <div class="meeting-title-row">
                    <span class="tag">{ tm(&app, kind_key(m.kind)) }</span>
                    if cancelled {
                        <span class="tag tag-danger" data-testid="meeting-cancelled">{ tm(&app, MKey::Cancelled) }</span>
                    }
                </div>
                <h2 class="card-title" data-testid="meeting-topic">{ &m.topic }</h2>
                <p class="muted">{ &v.org_name }</p>
                if cancelled && !m.note.is_empty() {
                    <p class="error-text">{ &m.note }</p>
                }
                <dl class="meeting-facts">
                    <dt>{ tm(&app, MKey::Time) }</dt>
                    <dd class="mono" data-testid="meeting-time">{ show_when(m.starts_at, offset, tm(&app, MKey::VietnamTime)) }{ " – " }{ split_at(m.ends_at, offset).1 }</dd>
                    <dt>{ tm(&app, MKey::Place) }</dt><dd data-testid="meeting-place">{ &m.place }</dd>
                    <dt>{ tm(&app, MKey::Chair) }</dt><dd data-testid="meeting-chair">{ name_or(&v.chair_name) }</dd>
                    <dt>{ tm(&app, MKey::MinuteTaker) }</dt><dd data-testid="meeting-minute-taker">{ name_or(&v.minute_taker_name) }</dd>
                    <dt>{ tm(&app, MKey::Convened) }</dt><dd>{ v.invited_names.len() }</dd>
                </dl>
                <h3 class="meetings-heading">{ tm(&app, MKey::AgendaTitle) }</h3>
                { list(&m.agenda, "meeting-agenda") }
                <h3 class="meetings-heading">{ tm(&app, MKey::Materials) }</h3>
                if m.materials.is_empty() {
                    <p class="muted small">{ tm(&app, MKey::NoMaterials) }</p>
                } else {
                    <p class="small" data-testid="meeting-materials">{ m.materials.len() }</p>
                }
                if !m.guests.is_empty() {
                    <h3 class="meetings-heading">{ tm(&app, MKey::GuestsTitle) }</h3>
                    { list(&m.guests, "meeting-guests") }
                }
                if may_edit {
                    <div class="actions" data-testid="meeting-actions">
                        <button type="button" class="btn" onclick={start_edit} data-testid="meeting-edit">{ tm(&app, MKey::Edit) }</button>
                        <button type="button" class="btn btn-danger" onclick={start_cancel} data-testid="meeting-cancel">{ tm(&app, MKey::Cancel) }</button>
                    </div>
                }
                { cancel_panel }
                if let Some(msg) = &*message {
                    { match msg {
                        Ok(t) => html! { <p class="notice" data-testid="meeting-notice">{ t }</p> },
                        Err(t) => html! { <p class="error-text" data-testid="meeting-error">{ t }</p> },
                    } }
                }
            </div>
            if !cancelled {
                <check_in::CheckInPanel view={v.clone()} on_change={refresh.clone()} />
                <AttendancePanel view={v.clone()} on_change={refresh.clone()} />
            }
            <minutes::MinutesPanel view={v.clone()} {is_chair} on_change={refresh} />
            <crate::exchange::screens::comments::CommentThread target={sotay_model::exchange::CommentTarget { kind: sotay_model::exchange::TargetKind::Meeting, id: m.id }} />
        </section>
    }
}
