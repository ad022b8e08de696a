//! "Thêm lịch" / "Sửa lịch": title, place, notes, the date, start and end or all day,
//! how it repeats (weekly on chosen days every n weeks, monthly on the day, on the nth
//! or last weekday) with an end date; for post holders, whose schedule it goes in (the
//! member's own or an organisation's) and, for an organisation, who attends (none: the
//! whole organisation). Sent with problems it names every one at once; it creates once
//! however often the button is pressed.

use super::{error_key, post_orgs, tz};
use crate::components::field::Field;
use crate::hooks::{use_app, use_once};
use crate::i18n::Key;
use crate::schedule::form::{nth_of, parse_date, EntryForm, FormError, RepeatChoice};
use crate::schedule::strings::{ordinal, weekday_long, weekday_short, SKey};
use sotay_model::entities::Member;
use sotay_model::ids::Id;
use sotay_model::schedule::calendar::Date;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FormProps {
    /// `Some`: edit that entry.
    pub editing: Option<Id>,
    /// A new entry's date.
    pub date: Date,
    pub on_done: Callback<String>,
    pub on_cancel: Callback<()>,
}

/// How many member matches the attendee search shows.
const MATCHES: usize = 30;

#[function_component(EntryFormView)]
pub fn entry_form_view(p: &FormProps) -> Html {
    let app = use_app();
    let posts = post_orgs(&app);
    let form = {
        let date = p.date;
        use_state(move || EntryForm::on(date))
    };
    // The zone the form's times are read in: the device's for a new entry, the entry's
    // own for an edited one (its repetition follows that zone).
    let zone = use_state(tz);
    let loaded = use_state(|| p.editing.is_none());
    let members = use_state(Vec::<Member>::new);
    let query = use_state(String::new);
    let errors = use_state(Vec::<String>::new);
    let saving = use_state(|| false);
    let once = use_once::<Id>();
    {
        let (form, zone, loaded, errors) =
            (form.clone(), zone.clone(), loaded.clone(), errors.clone());
        use_effect_with(p.editing, move |editing| {
            if let Some(id) = *editing {
                spawn_local(async move {
                    match crate::schedule::client::get(id).await {
                        Ok(v) => {
                            let names = if v.attendees.is_empty() {
                                vec![]
                            } else {
                                crate::administration::client::list_members(v.org_id)
                                    .await
                                    .unwrap_or_default()
                            };
                            let f = EntryForm::from_view(&v, |id| {
                                names
                                    .iter()
                                    .find(|m| m.id == id)
                                    .map(|m| m.full_name.clone())
                                    .unwrap_or_default()
                            });
                            zone.set(v.timing.tz_offset_min);
                            form.set(f);
                            loaded.set(true);
                        }
                        Err(e) => errors.set(vec![e.message]),
                    }
                });
            }
        });
    }
    {
        let members = members.clone();
        use_effect_with(form.org, move |org| {
            if let Some(org) = *org {
                spawn_local(async move {
                    let list = crate::administration::client::list_members(org).await;
                    members.set(list.unwrap_or_default());
                });
            }
        });
    }
    let set = |f: fn(&mut EntryForm, String)| {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            f(&mut next, v);
            form.set(next);
        })
    };
    let submit = {
        let (form, errors, once, done, app, saving, zone) = (
            form.clone(),
            errors.clone(),
            once.clone(),
            p.on_done.clone(),
            app.clone(),
            saving.clone(),
            zone.clone(),
        );
        let editing = p.editing;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let lang_texts = |errs: Vec<FormError>| -> Vec<String> {
                errs.into_iter()
                    .map(|e| app.t(error_key(e)).to_string())
                    .collect()
            };
            let saved = app.t(SKey::Saved).to_string();
            match editing {
                None => match form.to_new(*zone) {
                    Err(errs) => errors.set(lang_texts(errs)),
                    Ok(new) => {
                        errors.set(vec![]);
                        let (errors, done) = (errors.clone(), done.clone());
                        once.run(
                            format!("{new:?}"),
                            crate::schedule::client::create(new),
                            move |r| match r {
                                Ok(_) => done.emit(saved),
                                Err(e) => errors.set(vec![e.message]),
                            },
                        );
                    }
                },
                Some(id) => match form.to_patch(*zone) {
                    Err(errs) => errors.set(lang_texts(errs)),
                    Ok(patch) => {
                        if *saving {
                            return;
                        }
                        errors.set(vec![]);
                        saving.set(true);
                        let (errors, done, saving) = (errors.clone(), done.clone(), saving.clone());
                        spawn_local(async move {
                            let r = crate::schedule::client::update(id, patch).await;
                            saving.set(false);
                            match r {
                                Ok(()) => done.emit(saved),
                                Err(e) => errors.set(vec![e.message]),
                            }
                        });
                    }
                },
            }
        })
    };
    let f = &*form;
    let date = parse_date(&f.date);
    let repeat_label = |c: RepeatChoice| -> String {
        match (c, date) {
            (RepeatChoice::None, _) => app.t(SKey::RepeatNone).to_string(),
            (RepeatChoice::Weekly, _) => app.t(SKey::RepeatWeekly).to_string(),
            (RepeatChoice::MonthlyDay, d) => app.tf(
                SKey::RepeatMonthlyDay,
                &[&d.map(|d| d.day.to_string()).unwrap_or_else(|| "…".into())],
            ),
            (RepeatChoice::MonthlyNth, Some(d)) => app.tf(
                SKey::RepeatMonthlyNth,
                &[app.t(weekday_long(d.weekday())), app.t(ordinal(nth_of(d)))],
            ),
            (RepeatChoice::MonthlyLast, Some(d)) => {
                app.tf(SKey::RepeatMonthlyLast, &[app.t(weekday_long(d.weekday()))])
            }
            (_, None) => app.t(SKey::RepeatNone).to_string(),
        }
    };
    let on_repeat = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = (*form).clone();
            next.choose_repeat(RepeatChoice::from_slug(&v));
            form.set(next);
        })
    };
    let on_whose = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = (*form).clone();
            next.org = v.parse().ok();
            next.attendees.clear();
            form.set(next);
        })
    };
    let on_all_day = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            next.all_day = e.target_unchecked_into::<HtmlInputElement>().checked();
            form.set(next);
        })
    };
    let on_notes = {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*form).clone();
            next.notes = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            form.set(next);
        })
    };
    let toggle_day = |d: u8| {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            next.toggle_day(d);
            form.set(next);
        })
    };
    let toggle_member = |id: Id, name: String| {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            next.toggle_attendee(id, &name);
            form.set(next);
        })
    };
    let on_query = {
        let query = query.clone();
        Callback::from(move |v: String| query.set(v))
    };
    let found: Vec<&Member> = if query.trim().is_empty() {
        vec![]
    } else {
        crate::roster::visible(&members, &query, MATCHES).0
    };
    let cancel = p.on_cancel.reform(|_: MouseEvent| ());
    let title = if p.editing.is_some() {
        SKey::EditTitle
    } else {
        SKey::Add
    };
    let busy = once.busy() || *saving || !*loaded;
    let editing_committee = p.editing.is_some() && f.org.is_some();
    html! {
        <form class="card sched-form" onsubmit={submit} data-testid="schedule-form" novalidate=true>
            <h2 class="card-title">{ app.t(title) }</h2>
            if p.editing.is_none() && !posts.is_empty() {
                <label class="field">
                    <span class="field-label">{ app.t(SKey::Whose) }</span>
                    <select class="input" onchange={on_whose} data-testid="schedule-whose">
                        <option value="" selected={f.org.is_none()}>{ app.t(SKey::Own) }</option>
                        { for posts.iter().map(|(id, name)| html! {
                            <option value={id.to_string()} selected={f.org == Some(*id)}>{ app.tf(SKey::OrgSchedule, &[name]) }</option>
                        }) }
                    </select>
                </label>
            }
            <Field label={app.t(SKey::EntryTitle)} value={f.title.clone()} on_change={set(|f, v| f.title = v)} testid="schedule-title-input" />
            <Field label={app.t(SKey::Place)} value={f.place.clone()} on_change={set(|f, v| f.place = v)} testid="schedule-place-input" />
            <div class="form-row">
                <Field label={app.t(SKey::Date)} value={f.date.clone()} on_change={set(|f, v| f.date = v)} testid="schedule-date-input"
                    placeholder={app.t(SKey::DateHint)} inputmode="numeric" />
                <label class="field check">
                    <input type="checkbox" checked={f.all_day} onchange={on_all_day} data-testid="schedule-all-day" />
                    <span>{ app.t(SKey::AllDayLabel) }</span>
                </label>
            </div>
            if !f.all_day {
                <div class="form-row">
                    <Field label={app.t(SKey::Start)} value={f.start.clone()} on_change={set(|f, v| f.start = v)} testid="schedule-start-input"
                        placeholder={app.t(SKey::TimeHint)} inputmode="numeric" />
                    <Field label={app.t(SKey::End)} value={f.end.clone()} on_change={set(|f, v| f.end = v)} testid="schedule-end-input"
                        placeholder={app.t(SKey::TimeHint)} hint={app.t(SKey::EndHint)} inputmode="numeric" />
                </div>
            }
            <label class="field">
                <span class="field-label">{ app.t(SKey::Repeat) }</span>
                <select class="input" onchange={on_repeat} data-testid="schedule-repeat">
                    { for RepeatChoice::offered(date).into_iter().map(|c| html! {
                        <option value={c.slug()} selected={f.repeat == c}>{ repeat_label(c) }</option>
                    }) }
                </select>
            </label>
            if f.repeat == RepeatChoice::Weekly {
                <fieldset class="field sched-days" data-testid="schedule-days">
                    <legend class="field-label">{ app.t(SKey::OnDays) }</legend>
                    { for (0..7u8).map(|d| {
                        let on = f.days.contains(&d);
                        html! {
                            <button type="button" class={classes!("seg", on.then_some("active"))} aria-pressed={on.to_string()}
                                onclick={toggle_day(d)} data-testid={format!("schedule-day-{d}")}>{ app.t(weekday_short(d)) }</button>
                        }
                    }) }
                </fieldset>
                <Field label={app.t(SKey::EveryWeeks)} value={f.interval.clone()} on_change={set(|f, v| f.interval = v)} testid="schedule-interval"
                    placeholder="1" inputmode="numeric" />
            }
            if f.repeat != RepeatChoice::None {
                <Field label={app.t(SKey::Until)} value={f.until.clone()} on_change={set(|f, v| f.until = v)} testid="schedule-until"
                    placeholder={app.t(SKey::DateHint)} hint={app.t(SKey::UntilHint)} inputmode="numeric" />
            }
            if f.org.is_some() || editing_committee {
                <fieldset class="field" data-testid="schedule-attendees">
                    <legend class="field-label">{ app.t(SKey::Attendees) }</legend>
                    <p class="muted small">{ app.t(SKey::AttendeesHint) }</p>
                    if !f.attendees.is_empty() {
                        <div class="task-chips">
                            { for f.attendees.iter().map(|(id, name)| html! {
                                <span class="task-chip" data-testid="schedule-attendee">
                                    { name.clone() }
                                    <button type="button" onclick={toggle_member(*id, name.clone())} aria-label={name.clone()}>{ "×" }</button>
                                </span>
                            }) }
                        </div>
                    }
                    <Field label={app.t(crate::i18n::Key::FullName)} value={(*query).clone()} on_change={on_query} testid="schedule-attendee-search" />
                    if !found.is_empty() {
                        <ul class="task-matches">
                            { for found.iter().map(|m| {
                                let chosen = f.attendees.iter().any(|a| a.0 == m.id);
                                html! {
                                    <li key={m.id.to_string()}>
                                        <button type="button" aria-pressed={chosen.to_string()} onclick={toggle_member(m.id, m.full_name.clone())} data-testid="schedule-attendee-match">
                                            { if chosen { "✓ " } else { "+ " } }{ &m.full_name }
                                        </button>
                                    </li>
                                }
                            }) }
                        </ul>
                    }
                </fieldset>
            }
            <label class="field">
                <span class="field-label">{ app.t(SKey::Notes) }</span>
                <textarea class="input" rows="3" value={f.notes.clone()} oninput={on_notes} data-testid="schedule-notes-input" />
            </label>
            if !errors.is_empty() {
                <ul class="error-text" role="alert" data-testid="schedule-form-error">
                    { for errors.iter().map(|e| html! { <li>{ e }</li> }) }
                </ul>
            }
            <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={busy} aria-busy={busy.to_string()} data-testid="schedule-submit">
                    { app.t(if p.editing.is_some() { SKey::Save } else { SKey::Create }) }
                </button>
                <button type="button" class="btn" onclick={cancel} data-testid="schedule-form-cancel">{ app.t(Key::Cancel) }</button>
            </div>
        </form>
    }
}
