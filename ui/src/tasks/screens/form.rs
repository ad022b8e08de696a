//! "Giao nhiệm vụ": the assigning organisation (where the user holds a post, or the
//! organisation splitting its own task), title, content, source (written, or a
//! document of the library), start and due dates typed ngày/tháng/năm, priority, and
//! the assignees found by name: members of the organisation and below, and the
//! organisations below it. Sent with problems, it names every one at once; it assigns
//! once however often the button is pressed.

use super::{error_texts, errors_html, my_post_orgs, priority_key, tt};
use crate::components::field::Field;
use crate::hooks::{use_app, use_once};
use crate::i18n::Key;
use crate::tasks::form::{find_assignees, SourceChoice, TaskForm};
use crate::tasks::strings::TaskKey;
use sotay_model::entities::Member;
use sotay_model::ids::Id;
use sotay_model::library::DocumentCard;
use sotay_model::tasks::Priority;
use sotay_model::vn::show_date;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FormProps {
    /// `Some`: split this organisation task into a sub-task.
    pub parent: Option<Id>,
    pub on_done: Callback<()>,
    pub on_cancel: Callback<()>,
}

/// How many matches the assignee search shows.
const MATCHES: usize = 30;

#[function_component(AssignForm)]
pub fn assign_form(p: &FormProps) -> Html {
    let app = use_app();
    let posts = my_post_orgs(&app);
    let form = {
        let first = posts.first().map(|o| o.0);
        let parent = p.parent;
        use_state(move || TaskForm {
            assigner: if parent.is_some() { None } else { first },
            parent_id: parent,
            ..Default::default()
        })
    };
    let members = use_state(Vec::<Member>::new);
    let documents = use_state(|| None::<Vec<DocumentCard>>);
    let query = use_state(String::new);
    let errors = use_state(Vec::<String>::new);
    let once = use_once::<Id>();
    {
        // A split is assigned by the organisation the task was given to.
        let form = form.clone();
        use_effect_with(p.parent, move |parent| {
            if let Some(parent) = *parent {
                spawn_local(async move {
                    if let Ok(v) = crate::tasks::client::get(parent).await {
                        let mut next = (*form).clone();
                        next.assigner = Some(v.card.task.org_id);
                        next.due = show_date(&v.card.task.due_date);
                        form.set(next);
                    }
                });
            }
        });
    }
    {
        let members = members.clone();
        use_effect_with(form.assigner, move |org| {
            if let Some(org) = *org {
                spawn_local(async move {
                    let list = crate::administration::client::list_members(org).await;
                    members.set(list.unwrap_or_default());
                });
            }
        });
    }
    {
        let documents = documents.clone();
        use_effect_with(form.source, move |source| {
            if *source == SourceChoice::Document && documents.is_none() {
                spawn_local(async move {
                    documents.set(Some(
                        crate::tasks::client::documents().await.unwrap_or_default(),
                    ));
                });
            }
        });
    }
    let set = |f: fn(&mut TaskForm, String)| {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            f(&mut next, v);
            form.set(next);
        })
    };
    let area = |f: fn(&mut TaskForm, String)| {
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
    let select = |f: fn(&mut TaskForm, String)| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            f(
                &mut next,
                e.target_unchecked_into::<HtmlSelectElement>().value(),
            );
            form.set(next);
        })
    };
    let toggle_member = |id: Id, name: String| {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            next.toggle_member(id, &name);
            form.set(next);
        })
    };
    let toggle_org = |id: Id, name: String| {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            next.toggle_org(id, &name);
            form.set(next);
        })
    };
    let submit = {
        let (form, errors, once, done, app) = (
            form.clone(),
            errors.clone(),
            once.clone(),
            p.on_done.clone(),
            app.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form.to_new() {
                Err(errs) => errors.set(error_texts(&app, errs)),
                Ok(new) => {
                    errors.set(vec![]);
                    let (errors, done) = (errors.clone(), done.clone());
                    once.run(
                        format!("{new:?}"),
                        crate::tasks::client::create(new),
                        move |r| match r {
                            Ok(_) => done.emit(()),
                            Err(e) => errors.set(vec![e.message]),
                        },
                    );
                }
            }
        })
    };
    let f = &*form;
    let (found_orgs, found_members) = match f.assigner {
        Some(a) => find_assignees(&query, a, app.org_list(), &members, MATCHES),
        None => (vec![], vec![]),
    };
    let on_query = {
        let query = query.clone();
        Callback::from(move |v: String| query.set(v))
    };
    let chip = |name: &str, onclick: Callback<MouseEvent>| {
        html! {
            <span class="task-chip" data-testid="task-chosen">
                { name.to_string() }
                <button type="button" {onclick} aria-label={app.tf(TaskKey::Remove, &[name])}>{ "×" }</button>
            </span>
        }
    };
    let cancel = p.on_cancel.reform(|_: MouseEvent| ());
    let title = if p.parent.is_some() {
        TaskKey::SplitTitle
    } else {
        TaskKey::Assign
    };
    html! {
        <form class="card task-form" onsubmit={submit} data-testid="task-form">
            <h2 class="card-title">{ tt(&app, title) }</h2>
            if p.parent.is_none() {
                <label class="field">
                    <span class="field-label">{ tt(&app, TaskKey::AssigningOrg) }</span>
                    <select class="input" onchange={select(|f, v| { f.assigner = v.parse().ok(); f.members.clear(); f.orgs.clear(); })} data-testid="task-org">
                        { for posts.iter().map(|(id, name)| html! {
                            <option value={id.to_string()} selected={f.assigner == Some(*id)}>{ name }</option>
                        }) }
                    </select>
                </label>
            }
            <Field label={tt(&app, TaskKey::TaskTitle)} value={f.title.clone()} on_change={set(|f, v| f.title = v)} testid="task-title-input" />
            <label class="field">
                <span class="field-label">{ tt(&app, TaskKey::Content) }</span>
                <textarea class="input" rows="3" value={f.content.clone()} oninput={area(|f, v| f.content = v)} data-testid="task-content-input" />
            </label>
            <label class="field">
                <span class="field-label">{ tt(&app, TaskKey::Source) }</span>
                <select class="input" onchange={select(|f, v| f.source = if v == "document" { SourceChoice::Document } else { SourceChoice::Free })} data-testid="task-source-kind">
                    <option value="free" selected={f.source == SourceChoice::Free}>{ tt(&app, TaskKey::SourceFree) }</option>
                    <option value="document" selected={f.source == SourceChoice::Document}>{ tt(&app, TaskKey::SourceDocument) }</option>
                </select>
            </label>
            if f.source == SourceChoice::Free {
                <Field label={tt(&app, TaskKey::SourceFree)} value={f.source_text.clone()} on_change={set(|f, v| f.source_text = v)} testid="task-source-text" />
            } else {
                <label class="field">
                    <span class="field-label">{ tt(&app, TaskKey::PickDocument) }</span>
                    <select class="input" data-testid="task-source-document" onchange={{
                        let (form, docs) = (form.clone(), documents.clone());
                        Callback::from(move |e: Event| {
                            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
                            let mut next = (*form).clone();
                            next.document = docs.as_ref().and_then(|d| d.iter().find(|d| d.id.to_string() == v))
                                .map(|d| (d.id, format!("{} {}", d.number, d.title)));
                            form.set(next);
                        })
                    }}>
                        <option value="" selected={f.document.is_none()}>{ tt(&app, TaskKey::PickDocument) }</option>
                        { for documents.iter().flatten().map(|d| html! {
                            <option value={d.id.to_string()} selected={f.document.as_ref().map(|x| x.0) == Some(d.id)}>
                                { format!("{} · {}", d.number, d.title) }
                            </option>
                        }) }
                    </select>
                </label>
            }
            <div class="form-row">
                <Field label={tt(&app, TaskKey::StartDate)} value={f.start.clone()} on_change={set(|f, v| f.start = v)} testid="task-start"
                    placeholder={tt(&app, TaskKey::DateHint)} hint={tt(&app, TaskKey::StartHint)} inputmode="numeric" />
                <Field label={tt(&app, TaskKey::Due)} value={f.due.clone()} on_change={set(|f, v| f.due = v)} testid="task-due-input"
                    placeholder={tt(&app, TaskKey::DateHint)} inputmode="numeric" />
            </div>
            <label class="field">
                <span class="field-label">{ tt(&app, TaskKey::Priority) }</span>
                <select class="input" onchange={select(|f, v| f.priority = serde_json::from_value(serde_json::Value::String(v)).unwrap_or_default())} data-testid="task-priority">
                    { for Priority::ALL.iter().map(|p| {
                        let v = serde_json::to_value(p).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
                        html! { <option value={v} selected={f.priority == *p}>{ tt(&app, priority_key(*p)) }</option> }
                    }) }
                </select>
            </label>
            <fieldset class="field" data-testid="task-assignees">
                <legend class="field-label">{ tt(&app, TaskKey::Assignees) }</legend>
                if !f.members.is_empty() || !f.orgs.is_empty() {
                    <div class="task-chips">
                        { for f.orgs.iter().map(|(id, name)| chip(name, toggle_org(*id, name.clone()))) }
                        { for f.members.iter().map(|(id, name)| chip(name, toggle_member(*id, name.clone()))) }
                    </div>
                }
                <Field label={tt(&app, TaskKey::FindAssignee)} value={(*query).clone()} on_change={on_query} testid="task-assignee-search" />
                if !query.trim().is_empty() {
                    if found_orgs.is_empty() && found_members.is_empty() {
                        <p class="muted small">{ tt(&app, TaskKey::NoMatch) }</p>
                    } else {
                        <ul class="task-matches" data-testid="task-matches">
                            { for found_orgs.iter().map(|o| {
                                let chosen = f.orgs.iter().any(|x| x.0 == o.id);
                                html! {
                                    <li key={o.id.to_string()}>
                                        <button type="button" aria-pressed={chosen.to_string()} onclick={toggle_org(o.id, o.name.clone())} data-testid="task-match-org">
                                            { if chosen { "✓ " } else { "+ " } }{ &o.name }
                                            <span class="muted small">{ format!(" · {}", app.t(crate::i18n::org_kind(o.kind))) }</span>
                                        </button>
                                    </li>
                                }
                            }) }
                            { for found_members.iter().map(|m| {
                                let chosen = f.members.iter().any(|x| x.0 == m.id);
                                let cell = crate::tree::find(app.org_list(), m.cell_id).map(|c| c.name.clone()).unwrap_or_default();
                                html! {
                                    <li key={m.id.to_string()}>
                                        <button type="button" aria-pressed={chosen.to_string()} onclick={toggle_member(m.id, m.full_name.clone())} data-testid="task-match-member">
                                            { if chosen { "✓ " } else { "+ " } }{ &m.full_name }
                                            <span class="muted small">{ format!(" · {cell}") }</span>
                                        </button>
                                    </li>
                                }
                            }) }
                        </ul>
                    }
                }
            </fieldset>
            { errors_html(&errors, "task-form-error") }
            <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={once.busy()} aria-busy={once.busy().to_string()} data-testid="task-submit">{ tt(&app, TaskKey::Create) }</button>
                <button type="button" class="btn" onclick={cancel} data-testid="task-form-cancel">{ app.t(Key::Cancel) }</button>
            </div>
        </form>
    }
}
