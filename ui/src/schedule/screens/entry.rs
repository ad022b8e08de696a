//! One entry: when (in the device's zone), how it repeats, where, notes, whose and who
//! attends; for whoever may edit it: "Sửa", "Xóa lịch" and, on one occurrence of a
//! repeating entry, "Bỏ buổi này" (that date becomes an exception), each confirmed.

use super::{kind_key, kind_slug, repeat_text, tz};
use crate::components::confirm::Confirm;
use crate::hooks::use_app;
use crate::i18n::Key;
use crate::schedule::form::{day_of, show_day, show_hm};
use crate::schedule::strings::SKey;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::schedule::api::EntryView;
use sotay_model::schedule::ItemKind;
use std::collections::HashMap;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EntryProps {
    pub id: Id,
    /// The occurrence opened (its start), for "bỏ buổi này".
    pub at: Option<u64>,
    pub on_back: Callback<()>,
    pub on_edit: Callback<Id>,
    pub on_done: Callback<String>,
}

/// What a confirmed action sends: the entry's id and, for a skip, the date.
type Action = fn(Id, Option<String>) -> Pending;
type Pending = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ApiError>>>>;

#[derive(Clone, Copy, PartialEq)]
enum Asking {
    Nothing,
    Delete,
    Skip,
}

#[function_component(EntryDetail)]
pub fn entry_detail(p: &EntryProps) -> Html {
    let app = use_app();
    let entry = use_state(|| None::<Result<EntryView, ApiError>>);
    let names = use_state(HashMap::<Id, String>::new);
    let asking = use_state(|| Asking::Nothing);
    let busy = use_state(|| false);
    let error = use_state(|| None::<String>);
    {
        let (entry, names) = (entry.clone(), names.clone());
        use_effect_with(p.id, move |&id| {
            spawn_local(async move {
                let got = crate::schedule::client::get(id).await;
                if let Ok(v) = &got {
                    if !v.attendees.is_empty() {
                        if let Ok(ms) = crate::administration::client::list_members(v.org_id).await
                        {
                            names.set(ms.into_iter().map(|m| (m.id, m.full_name)).collect());
                        }
                    }
                }
                entry.set(Some(got));
            });
        });
    }
    let back = p.on_back.reform(|_: MouseEvent| ());
    let head = html! {
        <button type="button" class="btn btn-link back" onclick={back} data-testid="schedule-back">{ format!("‹ {}", app.t(Key::Back)) }</button>
    };
    let v = match &*entry {
        None => return html! { <>{ head }<p class="muted">{ app.t(Key::Loading) }</p></> },
        Some(Err(e)) => {
            return html! { <>{ head }<p class="error-text" role="alert">{ &e.message }</p></> }
        }
        Some(Ok(v)) => v.clone(),
    };
    let tz = tz();
    let t = &v.timing;
    // The occurrence opened, or the first one.
    let at = p.at.unwrap_or(t.starts_at);
    let length = t.ends_at.saturating_sub(t.starts_at);
    let when = if t.all_day {
        format!("{} · {}", show_day(day_of(at, tz)), app.t(SKey::AllDay))
    } else {
        format!(
            "{}–{} {}",
            show_hm(at, tz),
            show_hm(at + length, tz),
            show_day(day_of(at, tz))
        )
    };
    let run = |f: Action, arg: Option<String>, msg: String| {
        let (busy, error, done, id) = (busy.clone(), error.clone(), p.on_done.clone(), v.id);
        Callback::from(move |_: ()| {
            if *busy {
                return;
            }
            busy.set(true);
            let (busy, error, done, msg, arg) = (
                busy.clone(),
                error.clone(),
                done.clone(),
                msg.clone(),
                arg.clone(),
            );
            spawn_local(async move {
                let r = f(id, arg).await;
                busy.set(false);
                match r {
                    Ok(()) => done.emit(msg),
                    Err(e) => error.set(Some(e.message)),
                }
            });
        })
    };
    // The occurrence's date in the entry's own zone: the one its exceptions use.
    let skip_date = day_of(at, t.tz_offset_min).iso();
    let delete = run(
        |id, _| Box::pin(crate::schedule::client::delete(id)),
        None,
        app.t(SKey::Deleted).to_string(),
    );
    let skip = run(
        |id, d| Box::pin(crate::schedule::client::skip(id, d.unwrap_or_default())),
        Some(skip_date.clone()),
        app.tf(SKey::Skipped, &[&show_day(day_of(at, tz))]),
    );
    let ask = |a: Asking| {
        let asking = asking.clone();
        Callback::from(move |_: MouseEvent| asking.set(a))
    };
    let cancel_ask = {
        let asking = asking.clone();
        Callback::from(move |_: ()| asking.set(Asking::Nothing))
    };
    let edit = {
        let (cb, id) = (p.on_edit.clone(), v.id);
        Callback::from(move |_: MouseEvent| cb.emit(id))
    };
    let whose = if v.kind == ItemKind::Committee {
        app.tf(SKey::OrgSchedule, &[&v.org_name])
    } else {
        app.t(SKey::Own).to_string()
    };
    html! {
        <>
            { head }
            <article class="card sched-entry" data-testid="schedule-entry">
                <h2 class="card-title" data-testid="schedule-entry-title">{ &v.title }
                    { " " }<span class={classes!("tag", format!("kind-{}", kind_slug(v.kind)))}>{ app.t(kind_key(v.kind)) }</span>
                </h2>
                <dl class="sched-facts">
                    <dt>{ app.t(SKey::Date) }</dt><dd class="mono" data-testid="schedule-entry-when">{ when }</dd>
                    if let Some(r) = &t.recurrence {
                        <dt>{ app.t(SKey::Repeat) }</dt><dd data-testid="schedule-entry-repeat">{ repeat_text(&app, r) }</dd>
                    }
                    if !v.place.is_empty() {
                        <dt>{ app.t(SKey::Place) }</dt><dd>{ &v.place }</dd>
                    }
                    <dt>{ app.t(SKey::Whose) }</dt><dd>{ whose }</dd>
                    if v.kind == ItemKind::Committee {
                        <dt>{ app.t(SKey::Attendees) }</dt>
                        <dd data-testid="schedule-entry-attendees">
                            if v.attendees.is_empty() {
                                { app.t(SKey::WholeOrg) }
                            } else {
                                { v.attendees.iter().map(|a| names.get(a).cloned().unwrap_or_else(|| app.t(Key::Unknown).to_string())).collect::<Vec<_>>().join(", ") }
                            }
                        </dd>
                    }
                    if !v.notes.is_empty() {
                        <dt>{ app.t(SKey::Notes) }</dt><dd class="pre">{ &v.notes }</dd>
                    }
                </dl>
                if let Some(e) = &*error {
                    <p class="error-text" role="alert" data-testid="schedule-entry-error">{ e }</p>
                }
                if v.may_edit {
                    <div class="actions">
                        <button type="button" class="btn" onclick={edit} data-testid="schedule-edit">{ app.t(SKey::Edit) }</button>
                        if t.recurrence.is_some() {
                            <button type="button" class="btn" onclick={ask(Asking::Skip)} data-testid="schedule-skip">{ app.t(SKey::SkipOne) }</button>
                        }
                        <button type="button" class="btn btn-danger" onclick={ask(Asking::Delete)} data-testid="schedule-delete">{ app.t(SKey::Delete) }</button>
                    </div>
                    if *asking == Asking::Skip {
                        <Confirm question={app.tf(SKey::SkipQuestion, &[&show_day(day_of(at, tz))])}
                            confirm_label={app.t(SKey::SkipConfirm)} cancel_label={app.t(Key::Cancel)}
                            on_confirm={skip} on_cancel={cancel_ask.clone()} busy={*busy} testid="schedule-skip-confirm" />
                    }
                    if *asking == Asking::Delete {
                        <Confirm question={app.t(SKey::DeleteQuestion)} danger=true
                            confirm_label={app.t(SKey::DeleteConfirm)} cancel_label={app.t(Key::Cancel)}
                            on_confirm={delete} on_cancel={cancel_ask} busy={*busy} testid="schedule-delete-confirm" />
                    }
                }
            </article>
        </>
    }
}
