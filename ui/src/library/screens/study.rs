//! Học tập: the documents a member is asked to study ("Tài liệu cần học tập", not yet
//! studied first), their bookmarks, and for a committee who in each cell has read an
//! assignment (StudyProgress); "Giao học tập, quán triệt" in the reader; storage.

use super::storage::StorageCard;
use super::{orgs_allowing, t};
use crate::format::{local_offset_minutes, show_time};
use crate::hooks::use_app;
use crate::library::client as lc;
use crate::library::strings::{ltf, L};
use crate::library::{overdue, study_order};
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::library::{AssignmentInfo, CellReading, DocumentCard};
use sotay_model::permissions::Action as Act;
use sotay_model::vn::{parse_date, show_date};
use sotay_model::Entity;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StudyProps {
    pub rev: u32,
    pub on_open: Callback<Id>,
}

#[function_component(StudyView)]
pub fn study_view(p: &StudyProps) -> Html {
    let app = use_app();
    let list = use_state(|| None::<Result<Vec<AssignmentInfo>, ApiError>>);
    let marks = use_state(|| None::<Result<Vec<DocumentCard>, ApiError>>);
    let progress = use_state(|| None::<(Id, Result<Vec<CellReading>, ApiError>)>);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let (list, marks) = (list.clone(), marks.clone());
        use_effect_with((p.rev, synced), move |_| {
            spawn_local(async move {
                list.set(Some(lc::assignments().await.map(study_order)));
                marks.set(Some(lc::bookmarks().await));
            });
        });
    }
    let watched: Vec<Id> = orgs_allowing(&app, Entity::StudyAssignment, Act::Create)
        .into_iter()
        .map(|o| o.id)
        .collect();
    let today = lc::today();
    let row = |a: &AssignmentInfo| {
        let id = a.document.id;
        let open = p.on_open.reform(move |_| id);
        let show = {
            let (progress, aid) = (progress.clone(), a.id);
            Callback::from(move |_| {
                let progress = progress.clone();
                spawn_local(async move { progress.set(Some((aid, lc::progress(aid).await))) });
            })
        };
        let late = !a.finished_by_me && overdue(&a.due_on, &today);
        html! {
            <li class="study-row" key={a.id.to_string()} data-testid="study-row">
                <button type="button" class="doc-row" onclick={open} data-testid="study-open">
                    <span class="doc-line">
                        <span class="mono doc-number">{ &a.document.number }</span>
                        if a.finished_by_me {
                            <span class="pill pill-ok">{ t(&app, L::Studied) }</span>
                        } else if late {
                            <span class="pill pill-danger">{ t(&app, L::Overdue) }</span>
                        } else {
                            <span class="pill pill-warn">{ t(&app, L::NotStudied) }</span>
                        }
                    </span>
                    <span class="doc-title">{ &a.document.title }</span>
                    <span class="doc-meta">
                        { format!("{} · {}", ltf(app.lang, L::DueOn, &[&show_date(&a.due_on)]), ltf(app.lang, L::AssignedBy, &[&a.org_name])) }
                    </span>
                    if !a.note.is_empty() { <span class="doc-snippet">{ &a.note }</span> }
                </button>
                if watched.contains(&a.org_id) {
                    <button type="button" class="btn btn-small" onclick={show}
                        data-testid="study-progress-open">{ t(&app, L::Progress) }</button>
                }
                if let Some((_, r)) = progress.as_ref().filter(|(x, _)| *x == a.id) {
                    { progress_view(&app, r) }
                }
            </li>
        }
    };
    let assignments = match &*list {
        None => html! { <p class="muted">{ app.t(crate::i18n::Key::Loading) }</p> },
        Some(Err(e)) => html! { <p class="error-text">{ &e.message }</p> },
        Some(Ok(l)) if l.is_empty() => {
            html! { <p class="muted" data-testid="no-study">{ t(&app, L::NoStudy) }</p> }
        }
        Some(Ok(l)) => html! { <ul class="doc-list">{ for l.iter().map(row) }</ul> },
    };
    let bookmarks = match &*marks {
        Some(Ok(l)) if !l.is_empty() => html! {
            <ul class="doc-list">
                { for l.iter().map(|d| super::doc_list::doc_row(&app, d, None, false, &p.on_open)) }
            </ul>
        },
        Some(Err(e)) => html! { <p class="error-text">{ &e.message }</p> },
        _ => html! { <p class="muted">{ t(&app, L::NoBookmarks) }</p> },
    };
    html! {
        <div class="study" data-testid="study">
            <section class="card" data-testid="study-list">
                <h2 class="card-title">{ t(&app, L::StudyTitle) }</h2>
                { assignments }
            </section>
            <div class="study-side">
                <section class="card" data-testid="bookmarks">
                    <h2 class="card-title">{ t(&app, L::BookmarksTitle) }</h2>
                    { bookmarks }
                </section>
                <StorageCard />
            </div>
        </div>
    }
}

fn progress_view(app: &crate::hooks::AppHandle, r: &Result<Vec<CellReading>, ApiError>) -> Html {
    let cells = match r {
        Err(e) => return html! { <p class="error-text small">{ &e.message }</p> },
        Ok(c) if c.is_empty() => return html! { <p class="muted small">{ t(app, L::NoCells) }</p> },
        Ok(c) => c,
    };
    let offset = local_offset_minutes();
    let sum = |f: fn(&CellReading) -> usize| cells.iter().map(f).sum::<usize>().to_string();
    let total = ltf(
        app.lang,
        L::ProgressCell,
        &[
            &sum(|c| c.opened as usize),
            &sum(|c| c.finished as usize),
            &sum(|c| c.members.len()),
        ],
    );
    html! {
        <div class="admin-panel study-progress" data-testid="study-progress">
            <p class="progress-total" data-testid="study-progress-total"><strong>{ total }</strong></p>
            { for cells.iter().map(|c| html! {
                <details class="cell-reading" data-testid="cell-reading">
                    <summary>
                        <strong>{ &c.cell_name }</strong>
                        <span class="muted small cell-counts">{ ltf(app.lang, L::ProgressCell, &[&c.opened.to_string(), &c.finished.to_string(), &c.members.len().to_string()]) }</span>
                    </summary>
                    <ul class="reading-list">
                        { for c.members.iter().map(|m| html! {
                            <li class="reading-row">
                                <span>{ &m.full_name }</span>
                                <span class="muted small">{
                                    match (m.finished_ms, m.opened_ms) {
                                        (Some(f), _) => ltf(app.lang, L::FinishedOn, &[&show_time(f, offset)]),
                                        (None, Some(o)) => ltf(app.lang, L::OpenedOnly, &[&show_time(o, offset)]),
                                        _ => t(app, L::NotOpened).to_string(),
                                    }
                                }</span>
                            </li>
                        }) }
                    </ul>
                </details>
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct AssignProps {
    pub document_id: Id,
    pub on_done: Callback<()>,
}

/// "Giao học tập, quán triệt": shown only where the table lets the user assign.
#[function_component(AssignForm)]
pub fn assign_form(p: &AssignProps) -> Html {
    let app = use_app();
    let orgs = orgs_allowing(&app, Entity::StudyAssignment, Act::Create);
    let org = use_state(|| None::<usize>);
    let due = use_state(String::new);
    let note = use_state(String::new);
    let message = use_state(|| None::<Result<L, String>>);
    // One assignment per form as filled: a double click, or the same form sent again,
    // does not assign twice.
    let once = crate::hooks::use_once::<Id>();
    if orgs.is_empty() {
        return html! {};
    }
    let on_org = {
        let org = org.clone();
        Callback::from(move |e: Event| {
            let i = e
                .target_unchecked_into::<HtmlSelectElement>()
                .selected_index();
            org.set(usize::try_from(i).ok());
        })
    };
    let text = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |e: InputEvent| {
            s.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let submit = {
        let (org, due, note, message) = (org.clone(), due.clone(), note.clone(), message.clone());
        let (orgs, doc, done, once) =
            (orgs.clone(), p.document_id, p.on_done.clone(), once.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(due_on) = parse_date(&due) else {
                message.set(Some(Ok(L::BadDate)));
                return;
            };
            let Some(o) = orgs.get(org.unwrap_or(0)).map(|o| o.id) else {
                return;
            };
            let (message, done, text) = (message.clone(), done.clone(), (*note).clone());
            let key = format!("{o} {doc} {due_on} {text}");
            once.run(key, lc::assign(o, doc, due_on, text), move |r| match r {
                Ok(_) => {
                    message.set(Some(Ok(L::AssignDone)));
                    done.emit(());
                }
                Err(e) => message.set(Some(Err(e.message))),
            });
        })
    };
    html! {
        <details class="reader-section assign" data-testid="assign-study">
            <summary class="sub-title">{ t(&app, L::AssignTitle) }</summary>
            <form class="form-grid" onsubmit={submit}>
                <label class="field">
                    <span class="field-label">{ t(&app, L::AssignOrg) }</span>
                    <select class="input" onchange={on_org} data-testid="assign-study-org">
                        { for orgs.iter().enumerate().map(|(i, o)| html! {
                            <option selected={org.unwrap_or(0) == i}>{ &o.name }</option>
                        }) }
                    </select>
                </label>
                <label class="field">
                    <span class="field-label">{ t(&app, L::AssignDue) }</span>
                    <input class="input" inputmode="numeric" placeholder={t(&app, L::DateHint)} value={(*due).clone()}
                        oninput={text(&due)} data-testid="assign-study-due" />
                </label>
                <label class="field">
                    <span class="field-label">{ t(&app, L::AssignNote) }</span>
                    <input class="input" value={(*note).clone()} oninput={text(&note)} data-testid="assign-study-note" />
                </label>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled={once.busy()} aria-busy={once.busy().to_string()} data-testid="assign-study-submit">{ t(&app, L::AssignSubmit) }</button>
                </div>
                if let Some(Ok(k)) = &*message {
                    <p class={if *k == L::AssignDone { "notice" } else { "error-text" }}
                        data-testid={if *k == L::AssignDone { "assign-study-done" } else { "assign-study-error" }}>{ t(&app, *k) }</p>
                }
                if let Some(Err(m)) = &*message { <p class="error-text">{ m }</p> }
            </form>
        </details>
    }
}
