//! One case (cuộc kiểm tra, giám sát): its facts, the team's working schedule, the
//! documents requested and received, the findings (each about a subject, a violation
//! or not), the case's files, the draft conclusion, "Kết luận" (the conclusion with
//! its recommendations, notified to the subjects), the recommendation tasks with their
//! state (a tap opens the task), "Kết thúc theo dõi" and "In".

use super::{error_texts, kind_key, status_key, status_slug, today_shown};
use crate::components::confirm::Confirm;
use crate::components::field::Field;
use crate::hooks::{use_app, use_once, AppHandle};
use crate::i18n::Key;
use crate::inspection::form::{ConcludeForm, NoteForm};
use crate::inspection::strings::InsKey;
use crate::library::screens::attachments::Attachments;
use crate::state::{Action, Tab};
use crate::tasks::screens::errors_html;
use crate::tasks::screens::list::{task_row, RowKind};
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::inspection::api::{InspectionCase, Named};
use sotay_model::inspection::{CaseNote, CaseStatus, NoteKind, SubjectKind};
use sotay_model::vn::show_date;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

/// One change to the conclusion form as typed.
type Edit = Box<dyn Fn(&mut ConcludeForm, String)>;

/// A request on its way, to run once however often its button is pressed.
type Pending = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ApiError>>>>;

#[derive(Properties, PartialEq)]
pub struct CaseProps {
    pub id: Id,
    pub on_back: Callback<()>,
}

#[derive(Clone, Debug, PartialEq)]
enum Mode {
    View,
    Conclude(ConcludeForm),
    Close,
}

fn names(list: &[Named]) -> String {
    if list.is_empty() {
        return "—".into();
    }
    list.iter()
        .map(|n| n.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[function_component(CaseDetail)]
pub fn case_detail(p: &CaseProps) -> Html {
    let app = use_app();
    let view = use_state(|| None::<Result<InspectionCase, ApiError>>);
    let reload = use_state(|| 0u32);
    let mode = use_state(|| Mode::View);
    let errors = use_state(Vec::<String>::new);
    let notice = use_state(|| None::<String>);
    let draft = use_state(|| None::<String>);
    let once = use_once::<()>();
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let view = view.clone();
        use_effect_with((p.id, synced, *reload), move |(id, _, _)| {
            let id = *id;
            spawn_local(async move { view.set(Some(crate::inspection::client::get(id).await)) });
        });
    }
    let done = |text: InsKey| {
        let (reload, mode, notice, errors) =
            (reload.clone(), mode.clone(), notice.clone(), errors.clone());
        let text = app.t(text);
        Callback::from(move |r: Result<(), ApiError>| match r {
            Ok(()) => {
                errors.set(vec![]);
                mode.set(Mode::View);
                notice.set(Some(text.to_string()));
                reload.set(*reload + 1);
            }
            Err(e) => errors.set(vec![e.message]),
        })
    };
    let back = p.on_back.reform(|_: MouseEvent| ());
    let head = html! {
        <button type="button" class="btn btn-small meeting-back" onclick={back} data-testid="inspection-back">
            { "← " }{ app.t(InsKey::Back) }
        </button>
    };
    let v = match &*view {
        None => {
            return html! { <section class="inspection-case">{ head }<p class="muted">{ app.t(InsKey::Loading) }</p></section> }
        }
        Some(Err(e)) => {
            return html! { <section class="inspection-case">{ head }<p class="error-text" role="alert" data-testid="inspection-error">{ &e.message }</p></section> }
        }
        Some(Ok(v)) => v.clone(),
    };
    let i = &v.card.inspection;
    let open_work = matches!(i.status, CaseStatus::Planned | CaseStatus::Working);
    let editing = v.may_edit && open_work;
    let run = {
        let once = once.clone();
        move |key: String, fut: Pending, then: Callback<Result<(), ApiError>>| {
            once.run(key, fut, move |r| then.emit(r))
        }
    };
    let start = {
        let (then, id) = (done(InsKey::Started), i.id);
        let run = run.clone();
        Callback::from(move |_: MouseEvent| {
            run(
                format!("start {id}"),
                Box::pin(crate::inspection::client::start(id)),
                then.clone(),
            )
        })
    };
    let draft_text = (*draft)
        .clone()
        .unwrap_or_else(|| i.draft_conclusion.clone());
    let save_draft = {
        let (then, id, text) = (done(InsKey::DraftSaved), i.id, draft_text.clone());
        let run = run.clone();
        Callback::from(move |_: MouseEvent| {
            run(
                format!("draft {id} {text}"),
                Box::pin(crate::inspection::client::save_draft(id, text.clone())),
                then.clone(),
            )
        })
    };
    let on_draft = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            draft.set(Some(
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            ))
        })
    };
    let set_mode = |m: Mode| {
        let (mode, errors, notice) = (mode.clone(), errors.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            errors.set(vec![]);
            notice.set(None);
            mode.set(m.clone());
        })
    };
    let cancel = {
        let mode = mode.clone();
        Callback::from(move |_: ()| mode.set(Mode::View))
    };
    let subject_orgs: Vec<&Named> = v
        .card
        .subjects
        .iter()
        .filter(|s| s.kind == SubjectKind::Organisation)
        .collect();
    let panel = match &*mode {
        Mode::View => html! {},
        Mode::Close => {
            let (then, id) = (done(InsKey::Closed), i.id);
            let run = run.clone();
            let confirm = Callback::from(move |_: ()| {
                run(
                    format!("close {id}"),
                    Box::pin(crate::inspection::client::close(id)),
                    then.clone(),
                )
            });
            html! {
                <Confirm question={app.t(InsKey::CloseQuestion)} confirm_label={app.t(InsKey::Close)}
                    cancel_label={app.t(Key::Cancel)} on_confirm={confirm} on_cancel={cancel.clone()}
                    busy={once.busy()} testid="inspection-close-confirm" />
            }
        }
        Mode::Conclude(f) => {
            let change = |g: Edit| {
                let (mode, f) = (mode.clone(), f.clone());
                let g = std::rc::Rc::new(g);
                move |v: String| {
                    let mut next = f.clone();
                    g(&mut next, v);
                    mode.set(Mode::Conclude(next));
                }
            };
            let on_text = {
                let c = change(Box::new(|f, v| f.conclusion = v));
                Callback::from(move |e: InputEvent| {
                    c(e.target_unchecked_into::<HtmlTextAreaElement>().value())
                })
            };
            let on_notify = {
                let c = change(Box::new(|f, v| f.notify = v == "on"));
                Callback::from(move |e: Event| {
                    let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                    c(if on { "on".into() } else { String::new() })
                })
            };
            let add_rec = {
                let first = subject_orgs.first().map(|s| s.id);
                let c = change(Box::new(move |f, _| f.add_rec(first)));
                Callback::from(move |_: MouseEvent| c(String::new()))
            };
            let confirm = {
                let (f, errors, app, then, id) = (
                    f.clone(),
                    errors.clone(),
                    app.clone(),
                    done(InsKey::Concluded),
                    i.id,
                );
                let run = run.clone();
                Callback::from(move |_: ()| match f.to_request(id) {
                    Err(errs) => errors.set(error_texts(&app, errs)),
                    Ok(req) => run(
                        format!("conclude {req:?}"),
                        Box::pin(crate::inspection::client::conclude(req)),
                        then.clone(),
                    ),
                })
            };
            html! {
                <Confirm question={app.tf(InsKey::ConcludeQuestion, &[&i.title])} confirm_label={app.t(InsKey::Conclude)}
                    cancel_label={app.t(Key::Cancel)} on_confirm={confirm} on_cancel={cancel.clone()}
                    busy={once.busy()} testid="inspection-conclude">
                    <label class="field">
                        <span class="field-label">{ app.t(InsKey::ConclusionText) }</span>
                        <textarea class="input" rows="4" value={f.conclusion.clone()} oninput={on_text} data-testid="inspection-conclusion-input" />
                    </label>
                    if !subject_orgs.is_empty() {
                        <fieldset class="field" data-testid="inspection-recommendations">
                            <legend class="field-label">{ app.t(InsKey::Recommendations) }</legend>
                            { for f.recs.iter().enumerate().map(|(n, r)| {
                                let org_change = {
                                    let c = change(Box::new(move |f, v| if let Some(r) = f.recs.get_mut(n) { r.org = v.parse().ok() }));
                                    Callback::from(move |e: Event| c(e.target_unchecked_into::<HtmlSelectElement>().value()))
                                };
                                let title_change = {
                                    let c = change(Box::new(move |f, v| if let Some(r) = f.recs.get_mut(n) { r.title = v }));
                                    Callback::from(move |v: String| c(v))
                                };
                                let due_change = {
                                    let c = change(Box::new(move |f, v| if let Some(r) = f.recs.get_mut(n) { r.due = v }));
                                    Callback::from(move |v: String| c(v))
                                };
                                html! {
                                    <div class="inspection-rec" data-testid="inspection-rec">
                                        <label class="field">
                                            <span class="field-label">{ app.t(InsKey::RecOrg) }</span>
                                            <select class="input" onchange={org_change} data-testid="inspection-rec-org">
                                                { for subject_orgs.iter().map(|s| html! {
                                                    <option value={s.id.to_string()} selected={r.org == Some(s.id)}>{ &s.name }</option>
                                                }) }
                                            </select>
                                        </label>
                                        <Field label={app.t(InsKey::RecTitle)} value={r.title.clone()} on_change={title_change} testid="inspection-rec-title" />
                                        <Field label={app.t(InsKey::RecDue)} value={r.due.clone()} on_change={due_change} testid="inspection-rec-due"
                                            placeholder={app.t(InsKey::DateHint)} inputmode="numeric" />
                                    </div>
                                }
                            }) }
                            <button type="button" class="btn btn-small" onclick={add_rec} data-testid="inspection-add-rec">{ app.t(InsKey::AddRecommendation) }</button>
                        </fieldset>
                    }
                    <label class="check">
                        <input type="checkbox" checked={f.notify} onchange={on_notify} data-testid="inspection-notify" />
                        { " " }{ app.t(InsKey::Notify) }
                    </label>
                </Confirm>
            }
        }
    };
    let fact = |k: InsKey, value: Html| html! { <><dt>{ app.t(k) }</dt><dd>{ value }</dd></> };
    let notes = |kind: NoteKind, title: InsKey, testid: &'static str| {
        let list: Vec<CaseNote> = v.notes.iter().filter(|n| n.kind == kind).cloned().collect();
        html! {
            <NotesCard case_id={i.id} {kind} {title} {testid} notes={list}
                subjects={v.card.subjects.clone()} may_add={editing} on_saved={done(InsKey::Added)} />
        }
    };
    let open_task = {
        let d = app.dispatcher();
        Callback::from(move |id: Id| {
            crate::tasks::open_on_arrival(id);
            d.dispatch(Action::Go(Tab::Tasks));
        })
    };
    html! {
        <section class="inspection-case printable" data-testid="inspection-case-detail"
            data-case-id={i.id.to_string()} data-status={status_slug(i.status)}>
            { head }
            <div class="card">
                <div class="meeting-title-row">
                    <h2 class="card-title" data-testid="inspection-case-title">{ &i.title }</h2>
                    <crate::lists::print::PrintButton testid="inspection-print" />
                </div>
                <p><span class="tag" data-testid="inspection-status">{ app.t(status_key(i.status)) }</span></p>
                <dl class="meeting-facts">
                    { fact(InsKey::Kind, html! { { app.t(kind_key(i.kind)) } }) }
                    { fact(InsKey::Inspector, html! { { v.card.org_name.clone() } }) }
                    { fact(InsKey::Subjects, html! { <span data-testid="inspection-subject-names">{ names(&v.card.subjects) }</span> }) }
                    { fact(InsKey::Team, html! { <span data-testid="inspection-team-names">{ names(&v.team) }</span> }) }
                    { fact(InsKey::Period, html! { <span class="mono">{ format!("{} – {}", show_date(&i.from_date), show_date(&i.to_date)) }</span> }) }
                </dl>
                if !i.content.is_empty() {
                    <p style="white-space:pre-wrap">{ &i.content }</p>
                }
                if let Some(n) = &*notice {
                    <p class="notice" role="status" data-testid="inspection-notice-text-ok">{ n }</p>
                }
                if v.may_edit {
                    <div class="actions no-print">
                        if v.may_edit && i.status == CaseStatus::Planned {
                            <button type="button" class="btn" onclick={start} data-testid="inspection-start">{ app.t(InsKey::Start) }</button>
                        }
                        if editing {
                            <button type="button" class="btn btn-primary" onclick={set_mode(Mode::Conclude(ConcludeForm::from_draft(&draft_text)))}
                                data-testid="inspection-conclude-open">{ app.t(InsKey::Conclude) }</button>
                        }
                        // The server closes only once every recommendation is confirmed.
                        if i.status == CaseStatus::Concluded && v.card.follow_up.done == v.card.follow_up.tasks {
                            <button type="button" class="btn" onclick={set_mode(Mode::Close)} data-testid="inspection-close-open">{ app.t(InsKey::Close) }</button>
                        }
                    </div>
                }
                { panel }
                { errors_html(&errors, "inspection-case-error") }
            </div>
            { notes(NoteKind::Schedule, InsKey::Schedule, "inspection-schedule") }
            { notes(NoteKind::Request, InsKey::Requested, "inspection-requested") }
            { notes(NoteKind::Received, InsKey::Received, "inspection-received") }
            { notes(NoteKind::Finding, InsKey::FindingsTitle, "inspection-findings") }
            if editing || !v.files.is_empty() {
                <div class="card" data-testid="inspection-files">
                    <h3 class="card-title">{ app.t(InsKey::Files) }</h3>
                    <Attachments document_id={i.id} rev={*reload} can_attach={editing} compact=true />
                </div>
            }
            if editing {
                <div class="card no-print" data-testid="inspection-draft">
                    <h3 class="card-title">{ app.t(InsKey::Draft) }</h3>
                    <textarea class="input" rows="4" value={draft_text.clone()} oninput={on_draft} data-testid="inspection-draft-input" />
                    <div class="actions">
                        <button type="button" class="btn" onclick={save_draft} disabled={once.busy()} data-testid="inspection-draft-save">{ app.t(InsKey::SaveDraft) }</button>
                    </div>
                </div>
            }
            if !i.conclusion.is_empty() {
                <div class="card" data-testid="inspection-conclusion">
                    <h3 class="card-title">{ app.t(InsKey::Conclusion) }</h3>
                    <p style="white-space:pre-wrap">{ &i.conclusion }</p>
                    if let Some(d) = &i.concluded_on {
                        <p class="small muted">{ app.tf(InsKey::ConcludedOn, &[&show_date(d)]) }</p>
                    }
                    if let Some(d) = &i.notified_on {
                        <p class="small muted" data-testid="inspection-notified-on">{ app.tf(InsKey::NotifiedOn, &[&show_date(d)]) }</p>
                    }
                </div>
            }
            if !v.tasks.is_empty() {
                <div class="card task-card" data-testid="inspection-tasks">
                    <h3 class="card-title">{ app.tf(InsKey::FollowUp, &[&v.card.follow_up.done.to_string(), &v.card.follow_up.tasks.to_string()]) }</h3>
                    <ul class="meeting-list task-list">
                        { for v.tasks.iter().map(|c| task_row(&app, c, RowKind::Other, &open_task, None)) }
                    </ul>
                </div>
            }
            if !v.disciplines.is_empty() {
                <div class="card" data-testid="inspection-case-disciplines">
                    <h3 class="card-title">{ app.t(InsKey::Discipline) }</h3>
                    { for v.disciplines.iter().map(|d| html! {
                        <super::discipline::DisciplineCard key={d.discipline.id.to_string()} view={d.clone()}
                            on_changed={{ let r = reload.clone(); Callback::from(move |_: ()| r.set(*r + 1)) }} />
                    }) }
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct NotesProps {
    case_id: Id,
    kind: NoteKind,
    title: InsKey,
    testid: &'static str,
    notes: Vec<CaseNote>,
    subjects: Vec<Named>,
    may_add: bool,
    on_saved: Callback<Result<(), ApiError>>,
}

fn note_row(app: &AppHandle, n: &CaseNote, subjects: &[Named]) -> Html {
    let about = n
        .subject_id
        .and_then(|s| subjects.iter().find(|x| x.id == s))
        .map(|s| s.name.clone());
    html! {
        <li class="inspection-note" key={n.id.to_string()} data-testid="inspection-note"
            data-violation={n.violation.to_string()}>
            <span class="small muted mono">{ show_date(&n.on_date) }</span>
            if let Some(a) = about { <span class="small">{ format!(" · {a}") }</span> }
            if n.violation { { " " }<span class="tag tag-danger">{ app.t(InsKey::ViolationTag) }</span> }
            <p style="white-space:pre-wrap">{ &n.text }</p>
        </li>
    }
}

/// One kind of the case's work: its entries, oldest first, and the line to add one.
#[function_component(NotesCard)]
fn notes_card(p: &NotesProps) -> Html {
    let app = use_app();
    let form = use_state(|| NoteForm::on(&today_shown()));
    let errors = use_state(Vec::<String>::new);
    let once = use_once::<Id>();
    let finding = p.kind == NoteKind::Finding;
    let submit = {
        let (form, errors, once, saved, app, id, kind) = (
            form.clone(),
            errors.clone(),
            once.clone(),
            p.on_saved.clone(),
            app.clone(),
            p.case_id,
            p.kind,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let fut: std::pin::Pin<Box<dyn std::future::Future<Output = Result<Id, ApiError>>>> =
                if finding {
                    match form.to_finding(id) {
                        Err(errs) => return errors.set(error_texts(&app, errs)),
                        Ok(req) => Box::pin(crate::inspection::client::record_finding(req)),
                    }
                } else {
                    match form.checked() {
                        Err(errs) => return errors.set(error_texts(&app, errs)),
                        Ok((date, text)) => Box::pin(crate::inspection::client::add_note(
                            id,
                            kind,
                            date,
                            text,
                            form.subject,
                        )),
                    }
                };
            errors.set(vec![]);
            let (errors, saved, form) = (errors.clone(), saved.clone(), form.clone());
            once.run(format!("{kind:?} {:?}", *form), fut, move |r| match r {
                Ok(_) => {
                    form.set(NoteForm::on(&today_shown()));
                    saved.emit(Ok(()));
                }
                Err(e) => errors.set(vec![e.message]),
            });
        })
    };
    let set_text = {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*form).clone();
            next.text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            form.set(next);
        })
    };
    let set_date = {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            next.date = v;
            form.set(next);
        })
    };
    let set_subject = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            next.subject = e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse()
                .ok();
            form.set(next);
        })
    };
    let set_violation = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            next.violation = e.target_unchecked_into::<HtmlInputElement>().checked();
            form.set(next);
        })
    };
    let f = &*form;
    html! {
        <div class="card" data-testid={p.testid}>
            <h3 class="card-title">{ app.t(p.title) }</h3>
            if p.notes.is_empty() {
                <p class="muted small">{ app.t(InsKey::NoEntries) }</p>
            } else {
                <ul class="inspection-notes">
                    { for p.notes.iter().map(|n| note_row(&app, n, &p.subjects)) }
                </ul>
            }
            if p.may_add {
                <form class="no-print inspection-note-form" onsubmit={submit} data-testid={format!("{}-form", p.testid)}>
                    <Field label={app.t(InsKey::Date)} value={f.date.clone()} on_change={set_date}
                        testid={format!("{}-date", p.testid)} placeholder={app.t(InsKey::DateHint)} inputmode="numeric" />
                    <label class="field">
                        <span class="field-label">{ app.t(InsKey::Text) }</span>
                        <textarea class="input" rows="2" value={f.text.clone()} oninput={set_text} data-testid={format!("{}-text", p.testid)} />
                    </label>
                    if finding {
                        <label class="field">
                            <span class="field-label">{ app.t(InsKey::Subject) }</span>
                            <select class="input" onchange={set_subject} data-testid={format!("{}-subject", p.testid)}>
                                <option value="" selected={f.subject.is_none()}>{ app.t(InsKey::NoSubject) }</option>
                                { for p.subjects.iter().map(|s| html! {
                                    <option value={s.id.to_string()} selected={f.subject == Some(s.id)}>{ &s.name }</option>
                                }) }
                            </select>
                        </label>
                        <label class="check">
                            <input type="checkbox" checked={f.violation} onchange={set_violation} data-testid={format!("{}-violation", p.testid)} />
                            { " " }{ app.t(InsKey::Violation) }
                        </label>
                    }
                    { errors_html(&errors, "inspection-note-error") }
                    <div class="actions">
                        <button type="submit" class="btn btn-small" disabled={once.busy()} data-testid={format!("{}-add", p.testid)}>{ app.t(InsKey::Add) }</button>
                    </div>
                </form>
            }
        </div>
    }
}
