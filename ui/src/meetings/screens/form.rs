//! The plan/edit form of a meeting: organisation (where the user may plan), kind,
//! topic, date and times typed ngày/tháng/năm and giờ:phút in the device's zone, place,
//! chair and minute-taker (from the organisation's members), agenda and guests one a
//! line. Sent with problems, it lists every one at once. A new meeting convenes the
//! organisation's members; an edit sends only what changed; "Lưu" sends once.

use super::{plannable_orgs, tm};
use crate::components::field::Field;
use crate::hooks::{use_app, use_once};
use crate::i18n::Key;
use crate::meetings::form::{FormError, MeetingForm};
use crate::meetings::strings::MKey;
use sotay_model::entities::Member;
use sotay_model::ids::Id;
use sotay_model::meetings::{Meeting, MeetingKind};
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FormProps {
    /// `None`: plan a new meeting.
    pub meeting: Option<Meeting>,
    /// The meeting's id once saved.
    pub on_done: Callback<Id>,
    pub on_cancel: Callback<()>,
}

fn error_key(e: FormError) -> MKey {
    match e {
        FormError::NeedDate => MKey::NeedDate,
        FormError::BadDate => MKey::BadDate,
        FormError::NeedStart => MKey::NeedStart,
        FormError::BadStart => MKey::BadStart,
        FormError::NeedEnd => MKey::NeedEnd,
        FormError::BadEnd => MKey::BadEnd,
        FormError::EndBeforeStart => MKey::EndBeforeStart,
        FormError::NeedTopic => MKey::NeedTopic,
        FormError::NeedPlace => MKey::NeedPlace,
    }
}

#[function_component(MeetingFormCard)]
pub fn meeting_form_card(p: &FormProps) -> Html {
    let app = use_app();
    let orgs = plannable_orgs(&app);
    let form = {
        let m = p.meeting.clone();
        let offset_min = crate::format::local_offset_minutes();
        use_state(move || match &m {
            Some(m) => MeetingForm::of(m, offset_min),
            // The usual hours of a cell meeting, as values the user may change.
            None => MeetingForm {
                start: "08:00".into(),
                end: "10:00".into(),
                offset_min,
                ..Default::default()
            },
        })
    };
    let org = {
        let first = p
            .meeting
            .as_ref()
            .map(|m| m.org_id)
            .or(orgs.first().map(|o| o.0));
        use_state(move || first)
    };
    let members = use_state(Vec::<Member>::new);
    let error = use_state(Vec::<String>::new);
    let once = use_once::<Id>();
    {
        let members = members.clone();
        use_effect_with(*org, move |org| {
            if let Some(org) = *org {
                spawn_local(async move {
                    let mut list = crate::administration::client::list_members(org)
                        .await
                        .unwrap_or_default();
                    crate::roster::sort_members(&mut list);
                    members.set(list);
                });
            }
        });
    }
    let set = |f: fn(&mut MeetingForm, String)| {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            f(&mut next, v);
            form.set(next);
        })
    };
    let area = |f: fn(&mut MeetingForm, String)| {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*form).clone();
            f(
                &mut next,
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            );
            form.set(next);
        })
    };
    let pick = |f: fn(&mut MeetingForm, Option<Id>)| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = (*form).clone();
            f(&mut next, v.parse().ok());
            form.set(next);
        })
    };
    let on_org = {
        let org = org.clone();
        Callback::from(move |e: Event| {
            org.set(
                e.target_unchecked_into::<HtmlSelectElement>()
                    .value()
                    .parse()
                    .ok(),
            )
        })
    };
    let on_kind = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            next.kind = Some(
                match e
                    .target_unchecked_into::<HtmlSelectElement>()
                    .value()
                    .as_str()
                {
                    "thematic" => MeetingKind::Thematic,
                    _ => MeetingKind::Regular,
                },
            );
            form.set(next);
        })
    };
    let submit = {
        let (form, org, error, done, meeting, once) = (
            form.clone(),
            org.clone(),
            error.clone(),
            p.on_done.clone(),
            p.meeting.clone(),
            once.clone(),
        );
        let lang = app.lang;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (error, done) = (error.clone(), done.clone());
            let shown = |ks: Vec<FormError>| {
                ks.into_iter()
                    .map(|k| crate::meetings::strings::text(lang, error_key(k)).to_string())
                    .collect::<Vec<_>>()
            };
            let answered = {
                let error = error.clone();
                move |r: Result<Id, sotay_model::api::ApiError>| match r {
                    Ok(id) => done.emit(id),
                    Err(e) => error.set(vec![e.message]),
                }
            };
            match &meeting {
                Some(m) => match form.to_patch(m) {
                    Ok(patch) => {
                        let id = m.id;
                        let key = format!("{id} {patch:?}");
                        once.run(
                            key,
                            async move {
                                crate::meetings::client::update(id, patch)
                                    .await
                                    .map(|()| id)
                            },
                            answered,
                        );
                    }
                    Err(ks) => error.set(shown(ks)),
                },
                None => {
                    let Some(org) = *org else { return };
                    match form.to_new(org) {
                        Ok(new) => {
                            let key = format!("{new:?}");
                            once.run(key, crate::meetings::client::create(new), answered);
                        }
                        Err(ks) => error.set(shown(ks)),
                    }
                }
            }
        })
    };
    let cancel = {
        let cb = p.on_cancel.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let f = &*form;
    let person = |label: MKey, chosen: Option<Id>, on: Callback<Event>, testid: &'static str| {
        html! {
            <label class="field">
                <span class="field-label">{ tm(&app, label) }</span>
                <select class="input" onchange={on} data-testid={testid}>
                    <option value="" selected={chosen.is_none()}>{ tm(&app, MKey::NotSet) }</option>
                    { for members.iter().map(|m| html! {
                        <option value={m.id.to_string()} selected={chosen == Some(m.id)}>{ &m.full_name }</option>
                    }) }
                </select>
            </label>
        }
    };
    let kind = f.kind.unwrap_or(MeetingKind::Regular);
    html! {
        <form class="card meeting-form" onsubmit={submit} data-testid="meeting-form">
            <h2 class="card-title">{ tm(&app, if p.meeting.is_some() { MKey::Edit } else { MKey::Plan }) }</h2>
            if p.meeting.is_none() {
                <label class="field">
                    <span class="field-label">{ tm(&app, MKey::Org) }</span>
                    <select class="input" onchange={on_org} data-testid="meeting-org">
                        { for orgs.iter().map(|(id, name)| html! {
                            <option value={id.to_string()} selected={*org == Some(*id)}>{ name }</option>
                        }) }
                    </select>
                </label>
            }
            <label class="field">
                <span class="field-label">{ tm(&app, MKey::Kind) }</span>
                <select class="input" onchange={on_kind} data-testid="meeting-kind">
                    <option value="regular" selected={kind == MeetingKind::Regular}>{ tm(&app, MKey::Regular) }</option>
                    <option value="thematic" selected={kind == MeetingKind::Thematic}>{ tm(&app, MKey::Thematic) }</option>
                </select>
            </label>
            <Field label={tm(&app, MKey::Topic)} value={f.topic.clone()} on_change={set(|f, v| f.topic = v)} testid="meeting-topic-input" />
            <div class="form-row">
                <Field label={tm(&app, MKey::Date)} value={f.date.clone()} on_change={set(|f, v| f.date = v)} testid="meeting-date" placeholder={tm(&app, MKey::DateHint)} inputmode="numeric" />
                <Field label={tm(&app, MKey::StartTime)} value={f.start.clone()} on_change={set(|f, v| f.start = v)} testid="meeting-start" placeholder={tm(&app, MKey::TimeHint)} inputmode="numeric" />
                <Field label={tm(&app, MKey::EndTime)} value={f.end.clone()} on_change={set(|f, v| f.end = v)} testid="meeting-end" placeholder={tm(&app, MKey::TimeHint)} inputmode="numeric" />
            </div>
            <Field label={tm(&app, MKey::Place)} value={f.place.clone()} on_change={set(|f, v| f.place = v)} testid="meeting-place-input" />
            <div class="form-row">
                { person(MKey::Chair, f.chair_id, pick(|f, v| f.chair_id = v), "meeting-chair-input") }
                { person(MKey::MinuteTaker, f.minute_taker_id, pick(|f, v| f.minute_taker_id = v), "meeting-minute-taker-input") }
            </div>
            <label class="field">
                <span class="field-label">{ tm(&app, MKey::Agenda) }</span>
                <textarea class="input" rows="4" value={f.agenda.clone()} oninput={area(|f, v| f.agenda = v)} data-testid="meeting-agenda-input" />
            </label>
            <label class="field">
                <span class="field-label">{ tm(&app, MKey::Guests) }</span>
                <textarea class="input" rows="2" value={f.guests.clone()} oninput={area(|f, v| f.guests = v)} data-testid="meeting-guests-input" />
            </label>
            if !error.is_empty() {
                <ul class="error-text" role="alert" data-testid="meeting-form-error">
                    { for error.iter().map(|e| html! { <li>{ e }</li> }) }
                </ul>
            }
            <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={once.busy()} aria-busy={once.busy().to_string()} data-testid="meeting-submit">{ app.t(Key::Save) }</button>
                <button type="button" class="btn" onclick={cancel} data-testid="meeting-form-cancel">{ app.t(Key::Cancel) }</button>
            </div>
        </form>
    }
}
