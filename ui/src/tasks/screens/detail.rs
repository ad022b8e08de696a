//! One task: title, source, who gave it and to whom, dates, priority, state and
//! percent; its reports and reviews, oldest first; fellow assignees, the task it
//! splits and its sub-tasks; the files on the task (the assigning office adds them)
//! and on each report (its author adds them). The assignee reports; the assigning office confirms it
//! done (after a confirmation) or returns it with a reason, edits its title and due
//! date; an organisation given the task splits it.

use super::list::{percent_bar, state_tag, status_slug, task_row, RowKind};
use super::report::ReportPanel;
use super::{error_texts, errors_html, priority_key, tt};
use crate::components::confirm::Confirm;
use crate::components::field::Field;
use crate::hooks::{use_app, use_once, AppHandle};
use crate::i18n::Key;
use crate::library::screens::attachments::Attachments;
use crate::tasks::form::EditForm;
use crate::tasks::strings::TaskKey;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::tasks::api::{TaskEvent, TaskView};
use sotay_model::tasks::{Decision, SourceKind, TaskStatus};
use sotay_model::vn::show_date;
use web_sys::HtmlTextAreaElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DetailProps {
    pub id: Id,
    pub on_back: Callback<()>,
    /// Open another task (a fellow assignee's copy, a sub-task, the parent).
    pub on_open: Callback<Id>,
    /// Split this task: assign a sub-task.
    pub on_split: Callback<Id>,
}

#[derive(Clone, Debug, PartialEq)]
enum Mode {
    View,
    Edit(EditForm),
    Confirm,
    Return(String),
}

fn history(app: &AppHandle, events: &[TaskEvent], me: Option<Id>, rev: u32) -> Html {
    if events.is_empty() {
        return html! { <p class="muted small" data-testid="task-no-history">{ tt(app, TaskKey::NoHistory) }</p> };
    }
    let at = |ms: u64| crate::format::show_time(ms, crate::format::local_offset_minutes());
    html! {
        <ol class="task-events" data-testid="task-history">
            { for events.iter().map(|e| match e {
                TaskEvent::Report { report: r, by, at_ms } => {
                    let line = |k: TaskKey, s: &str| (!s.is_empty()).then(|| html! {
                        <span><strong>{ format!("{}: ", tt(app, k)) }</strong>{ s.to_string() }</span>
                    });
                    html! {
                        <li class="task-event" data-testid="task-event" data-kind="report">
                            <span class="small muted">{ format!("{} · {}", at(*at_ms), app.tf(TaskKey::ReportBy, &[by])) }</span>
                            <span><strong class="mono">{ format!("{}%", r.percent) }</strong>
                                if r.finished { { " " }<span class="tag tag-warn">{ tt(app, TaskKey::FinishedMark) }</span> }
                            </span>
                            { for line(TaskKey::Done, &r.done) }
                            { for line(TaskKey::Difficulties, &r.difficulties) }
                            { for line(TaskKey::Proposals, &r.proposals) }
                            // Files on a report: its author adds them (a photo, a PDF).
                            <Attachments document_id={r.id} rev={rev} compact=true
                                can_attach={me == Some(r.member_id)} />
                        </li>
                    }
                }
                TaskEvent::Review { review: r, by, at_ms } => {
                    let (class, k) = match r.decision {
                        Decision::Confirmed => ("confirmed", TaskKey::ReviewConfirmed),
                        Decision::Returned => ("returned", TaskKey::ReviewReturned),
                    };
                    html! {
                        <li class={classes!("task-event", class)} data-testid="task-event" data-kind={class}>
                            <span class="small muted">{ at(*at_ms) }</span>
                            <strong>{ app.tf(k, &[by]) }</strong>
                            if !r.reason.is_empty() { <span>{ &r.reason }</span> }
                        </li>
                    }
                }
            }) }
        </ol>
    }
}

#[function_component(TaskDetail)]
pub fn task_detail(p: &DetailProps) -> Html {
    let app = use_app();
    let view = use_state(|| None::<Result<TaskView, ApiError>>);
    let reload = use_state(|| 0u32);
    let mode = use_state(|| Mode::View);
    let errors = use_state(Vec::<String>::new);
    let notice = use_state(|| None::<String>);
    let once = use_once::<Id>();
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let view = view.clone();
        use_effect_with((p.id, synced, *reload), move |(id, _, _)| {
            let id = *id;
            spawn_local(async move { view.set(Some(crate::tasks::client::get(id).await)) });
        });
    }
    let saved = {
        let (reload, mode, notice, errors) =
            (reload.clone(), mode.clone(), notice.clone(), errors.clone());
        let text = tt(&app, TaskKey::Reviewed);
        Callback::from(move |_: ()| {
            errors.set(vec![]);
            mode.set(Mode::View);
            notice.set(Some(text.to_string()));
            reload.set(*reload + 1);
        })
    };
    let back = p.on_back.reform(|_: MouseEvent| ());
    let head = html! {
        <button type="button" class="btn btn-small meeting-back" onclick={back} data-testid="task-back">
            { "← " }{ tt(&app, TaskKey::BackToList) }
        </button>
    };
    let v = match &*view {
        None => {
            return html! { <section class="task-detail">{ head }<p class="muted">{ app.t(Key::Loading) }</p></section> }
        }
        Some(Err(e)) => {
            return html! { <section class="task-detail">{ head }<p class="error-text">{ &e.message }</p></section> }
        }
        Some(Ok(v)) => v.clone(),
    };
    let (t, s) = (&v.card.task, &v.card.state);
    let set_mode = |m: Mode| {
        let (mode, errors, notice) = (mode.clone(), errors.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            errors.set(vec![]);
            notice.set(None);
            mode.set(m.clone());
        })
    };
    // One review at a time, even for a double click; the key holds the history's
    // length so a later review of the same kind (after a new report) is sent again.
    let review = {
        let (once, errors, saved, id) = (once.clone(), errors.clone(), saved.clone(), t.id);
        let seen = v.events.len();
        Callback::from(move |(decision, reason): (Decision, String)| {
            let key = format!("{seen} {decision:?} {reason}");
            let (errors, saved) = (errors.clone(), saved.clone());
            once.run(
                key,
                crate::tasks::client::review(id, decision, reason),
                move |r| match r {
                    Ok(_) => saved.emit(()),
                    Err(e) => errors.set(vec![e.message]),
                },
            );
        })
    };
    let cancel = {
        let mode = mode.clone();
        Callback::from(move |_: ()| mode.set(Mode::View))
    };
    let panel = match &*mode {
        Mode::Confirm => {
            let confirm = review.reform(|_: ()| (Decision::Confirmed, String::new()));
            html! {
                <Confirm question={app.tf(TaskKey::ConfirmQuestion, &[&t.title])}
                    confirm_label={tt(&app, TaskKey::Confirm)} cancel_label={app.t(Key::Cancel)}
                    on_confirm={confirm} on_cancel={cancel} busy={once.busy()} testid="task-confirm" />
            }
        }
        Mode::Return(reason) => {
            let send = {
                let (reason, errors, app, review) =
                    (reason.clone(), errors.clone(), app.clone(), review.clone());
                Callback::from(move |_: ()| {
                    if reason.trim().is_empty() {
                        errors.set(vec![tt(&app, TaskKey::NeedReason).to_string()]);
                    } else {
                        review.emit((Decision::Returned, reason.trim().to_string()));
                    }
                })
            };
            let typed = {
                let mode = mode.clone();
                Callback::from(move |e: InputEvent| {
                    mode.set(Mode::Return(
                        e.target_unchecked_into::<HtmlTextAreaElement>().value(),
                    ))
                })
            };
            html! {
                <Confirm question={app.tf(TaskKey::ReturnQuestion, &[&t.title])}
                    confirm_label={tt(&app, TaskKey::Return)} cancel_label={app.t(Key::Cancel)}
                    on_confirm={send} on_cancel={cancel} busy={once.busy()} danger=true testid="task-return">
                    <label class="field">
                        <span class="field-label">{ tt(&app, TaskKey::ReturnReason) }</span>
                        <textarea class="input" rows="2" value={reason.clone()} oninput={typed} data-testid="task-return-reason" />
                    </label>
                </Confirm>
            }
        }
        Mode::Edit(f) => {
            let set = |g: fn(&mut EditForm, String)| {
                let (mode, f) = (mode.clone(), f.clone());
                Callback::from(move |v: String| {
                    let mut next = f.clone();
                    g(&mut next, v);
                    mode.set(Mode::Edit(next));
                })
            };
            let submit = {
                let (f, task, errors, saved, app) = (
                    f.clone(),
                    t.clone(),
                    errors.clone(),
                    saved.clone(),
                    app.clone(),
                );
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    match f.to_patch(&task) {
                        Err(errs) => errors.set(error_texts(&app, errs)),
                        Ok(patch) => {
                            let (errors, saved, id) = (errors.clone(), saved.clone(), task.id);
                            spawn_local(async move {
                                match crate::tasks::client::update(id, patch).await {
                                    Ok(()) => saved.emit(()),
                                    Err(e) => errors.set(vec![e.message]),
                                }
                            });
                        }
                    }
                })
            };
            html! {
                <form class="card task-form" onsubmit={submit} data-testid="task-edit-form">
                    <h3 class="card-title">{ tt(&app, TaskKey::EditTitle) }</h3>
                    <Field label={tt(&app, TaskKey::TaskTitle)} value={f.title.clone()} on_change={set(|f, v| f.title = v)} testid="task-edit-title" />
                    <Field label={tt(&app, TaskKey::Due)} value={f.due.clone()} on_change={set(|f, v| f.due = v)} testid="task-edit-due"
                        placeholder={tt(&app, TaskKey::DateHint)} inputmode="numeric" />
                    { errors_html(&errors, "task-edit-error") }
                    <div class="actions">
                        <button type="submit" class="btn btn-primary" data-testid="task-edit-save">{ app.t(Key::Save) }</button>
                        <button type="button" class="btn" onclick={set_mode(Mode::View)} data-testid="task-edit-cancel">{ app.t(Key::Cancel) }</button>
                    </div>
                </form>
            }
        }
        Mode::View => html! {},
    };
    let source = match (t.source_kind, t.source_text.is_empty()) {
        (_, false) => t.source_text.clone(),
        (SourceKind::Free, true) => tt(&app, TaskKey::NoSource).to_string(),
        (SourceKind::Document, true) => tt(&app, TaskKey::SourceDocument).to_string(),
        (SourceKind::Conclusion, true) => tt(&app, TaskKey::SourceConclusion).to_string(),
        (SourceKind::Inspection, true) => tt(&app, TaskKey::SourceInspection).to_string(),
    };
    let fact = |k: TaskKey, value: Html| html! { <><dt>{ tt(&app, k) }</dt><dd>{ value }</dd></> };
    let not_done = s.status != TaskStatus::Done;
    let reviewing = v.may_review && not_done;
    let cards = |title: TaskKey,
                 list: &[sotay_model::tasks::api::TaskCard],
                 kind: RowKind,
                 testid: &'static str| {
        (!list.is_empty()).then(|| {
            html! {
                <div class="card task-card" data-testid={testid}>
                    <h3 class="card-title">{ tt(&app, title) }</h3>
                    <ul class="meeting-list task-list">
                        { for list.iter().map(|c| task_row(&app, c, kind, &p.on_open, None)) }
                    </ul>
                </div>
            }
        })
    };
    let parent: Vec<_> = v.parent.iter().cloned().collect();
    html! {
        <section class="task-detail printable" data-testid="task-detail" data-task-id={t.id.to_string()}
            data-status={status_slug(s.status)}>
            { head }
            <div class="card task-card">
                <h2 class="card-title" data-testid="task-title">{ &t.title }</h2>
                <div class="meeting-title-row">{ state_tag(&app, &v.card) }</div>
                { percent_bar(s.percent) }
                if let Some(r) = &s.returned_reason {
                    <p class="error-text" data-testid="task-returned-reason">{ app.tf(TaskKey::ReturnedBecause, &[r]) }</p>
                }
                if let Some(d) = &s.done_on {
                    <p class="ok-text" data-testid="task-done-on">{ app.tf(TaskKey::DoneOn, &[&show_date(d)]) }</p>
                }
                <dl class="meeting-facts">
                    { fact(TaskKey::Source, html! { <span data-testid="task-source">{ source }</span> }) }
                    { fact(TaskKey::Assigner, html! { <span data-testid="task-assigner">{ &v.card.assigner_org_name }</span> }) }
                    { fact(TaskKey::Assignees, html! { <span data-testid="task-assignee">{ &v.card.assignee_name }</span> }) }
                    { fact(TaskKey::StartDate, html! { <span class="mono">{ show_date(&t.start_date) }</span> }) }
                    { fact(TaskKey::Due, html! { <span class={classes!("mono", s.overdue.then_some("error-text"))} data-testid="task-due">{ show_date(&t.due_date) }</span> }) }
                    { fact(TaskKey::Priority, html! { <span>{ tt(&app, priority_key(t.priority)) }</span> }) }
                </dl>
                if !t.content.is_empty() {
                    <p class="task-content" data-testid="task-content" style="white-space:pre-wrap">{ &t.content }</p>
                }
                <Attachments document_id={t.id} rev={*reload} can_attach={v.may_edit} />
                if let Some(n) = &*notice {
                    <p class="notice" role="status" data-testid="task-notice">{ n }</p>
                }
                if v.may_edit || reviewing || v.may_split {
                    <div class="actions">
                        if reviewing {
                            <button type="button" class="btn btn-primary" onclick={set_mode(Mode::Confirm)} data-testid="task-confirm-open">{ tt(&app, TaskKey::Confirm) }</button>
                            <button type="button" class="btn" onclick={set_mode(Mode::Return(String::new()))} data-testid="task-return-open">{ tt(&app, TaskKey::Return) }</button>
                        }
                        if v.may_edit {
                            <button type="button" class="btn" onclick={set_mode(Mode::Edit(EditForm::of(t)))} data-testid="task-edit">{ tt(&app, TaskKey::Edit) }</button>
                        }
                        if v.may_split {
                            <button type="button" class="btn" onclick={p.on_split.reform({ let id = t.id; move |_: MouseEvent| id })} data-testid="task-split">{ tt(&app, TaskKey::Split) }</button>
                        }
                    </div>
                }
                { panel }
                if !matches!(*mode, Mode::Edit(_)) {
                    { errors_html(&errors, "task-error") }
                }
            </div>
            if v.may_report && not_done {
                <ReportPanel key={format!("{}-{}", t.id, v.events.len())} task_id={t.id} percent={s.percent} on_saved={saved.clone()} />
            }
            <div class="card task-history">
                <div class="meeting-title-row">
                    <h3 class="card-title">{ tt(&app, TaskKey::History) }</h3>
                    // The task and its reports on paper (`print.css` prints the section).
                    <crate::lists::print::PrintButton testid="task-print" />
                </div>
                { history(&app, &v.events, v.me, *reload) }
            </div>
            { for cards(TaskKey::Parent, &parent, RowKind::Other, "task-parent") }
            { for cards(TaskKey::Siblings, &v.siblings, RowKind::InGroup, "task-siblings") }
            { for cards(TaskKey::Subtasks, &v.subtasks, RowKind::Other, "task-subtasks") }
        </section>
    }
}
