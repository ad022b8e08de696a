//! "Chương trình": the organisation's plan for the year (created here when missing, by
//! those allowed), its programmes as cards (kind, subjects, period, state, findings and
//! violations, follow-up x/y) and "Thêm cuộc kiểm tra, giám sát": kind, title,
//! content, subjects (organisations below and members, found by name), the team and
//! the period.

use super::{error_texts, from_slug, kind_key, slug, status_key, status_slug};
use crate::components::field::Field;
use crate::hooks::{use_app, use_once, AppHandle};
use crate::i18n::Key;
use crate::inspection::form::ProgrammeForm;
use crate::inspection::strings::InsKey;
use crate::tasks::form::find_assignees;
use sotay_model::entities::Member;
use sotay_model::ids::Id;
use sotay_model::inspection::api::{CaseCard, InspectionList};
use sotay_model::inspection::InspectionKind;
use sotay_model::vn::show_date;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

/// How many matches a search shows.
const MATCHES: usize = 30;

#[derive(Properties, PartialEq)]
pub struct PaneProps {
    pub org_id: Id,
    pub year: u32,
    pub list: InspectionList,
    pub on_open: Callback<Id>,
    pub on_changed: Callback<()>,
}

#[function_component(ProgrammesPane)]
pub fn programmes_pane(p: &PaneProps) -> Html {
    let app = use_app();
    let adding = use_state(|| false);
    let error = use_state(|| None::<String>);
    let once = use_once::<Id>();
    let plan = p
        .list
        .plans
        .iter()
        .find(|pl| pl.org_id == p.org_id && pl.year == p.year)
        .cloned();
    let create_plan = {
        let (once, error, changed, org, year) = (
            once.clone(),
            error.clone(),
            p.on_changed.clone(),
            p.org_id,
            p.year,
        );
        let title = app.tf(InsKey::PlanTitleDefault, &[&p.year.to_string()]);
        Callback::from(move |_: MouseEvent| {
            let (error, changed) = (error.clone(), changed.clone());
            once.run(
                format!("plan {org} {year}"),
                crate::inspection::client::create_plan(org, year, title.clone()),
                move |r| match r {
                    Ok(_) => changed.emit(()),
                    Err(e) => error.set(Some(e.message)),
                },
            );
        })
    };
    let plan_card = match &plan {
        Some(pl) => html! {
            <div class="card" data-testid="inspection-plan" data-plan-id={pl.id.to_string()}>
                <h3 class="card-title">{ &pl.title }</h3>
                if !pl.note.is_empty() { <p class="small">{ &pl.note }</p> }
            </div>
        },
        None => html! {
            <div class="card" data-testid="inspection-no-plan">
                <p class="muted">{ app.t(InsKey::NoPlan) }</p>
                if p.list.may_plan {
                    <button type="button" class="btn btn-primary" onclick={create_plan} disabled={once.busy()}
                        data-testid="inspection-create-plan">{ app.t(InsKey::CreatePlan) }</button>
                }
            </div>
        },
    };
    if *adding {
        if let Some(pl) = &plan {
            let done = {
                let (adding, changed) = (adding.clone(), p.on_changed.clone());
                Callback::from(move |_: ()| {
                    adding.set(false);
                    changed.emit(());
                })
            };
            let cancel = {
                let adding = adding.clone();
                Callback::from(move |_: ()| adding.set(false))
            };
            return html! { <ProgrammeFormView plan_id={pl.id} org_id={p.org_id} on_done={done} on_cancel={cancel} /> };
        }
    }
    let add = {
        let adding = adding.clone();
        Callback::from(move |_: MouseEvent| adding.set(true))
    };
    html! {
        <div data-testid="inspection-programmes-pane">
            { plan_card }
            if let Some(e) = &*error { <p class="error-text" role="alert">{ e }</p> }
            // Approving the plan is for its leaders; any case writer adds a programme.
            if plan.is_some() && (p.list.may_plan || p.list.may_discipline) {
                <div class="actions">
                    <button type="button" class="btn btn-primary" onclick={add} data-testid="inspection-add">
                        { app.t(InsKey::AddProgramme) }
                    </button>
                </div>
            }
            if p.list.cases.is_empty() {
                <p class="muted" data-testid="inspection-no-cases">{ app.t(InsKey::NoCases) }</p>
            } else {
                <ul class="meeting-list inspection-cases" data-testid="inspection-cases">
                    { for p.list.cases.iter().map(|c| case_card(&app, c, &p.on_open)) }
                </ul>
            }
        </div>
    }
}

/// One programme as a card: a tap opens the case.
pub fn case_card(app: &AppHandle, c: &CaseCard, on_open: &Callback<Id>) -> Html {
    let i = &c.inspection;
    let onclick = on_open.reform({
        let id = i.id;
        move |_: MouseEvent| id
    });
    let subjects = c
        .subjects
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let n = |v: u32| v.to_string();
    html! {
        <li key={i.id.to_string()}>
            <button type="button" class="meeting-row inspection-card" {onclick} data-testid="inspection-case"
                data-case-id={i.id.to_string()} data-status={status_slug(i.status)}>
                <span class="small muted">{ app.t(kind_key(i.kind)) }{ " · " }{ &c.org_name }</span>
                <span class="meeting-topic inspection-card-title">{ &i.title }</span>
                <span class="small">{ format!("{}: {subjects}", app.t(InsKey::Subjects)) }</span>
                <span class="small mono">{ format!("{} – {}", show_date(&i.from_date), show_date(&i.to_date)) }</span>
                <span class="inspection-card-tags">
                    <span class="tag" data-testid="inspection-case-status">{ app.t(status_key(i.status)) }</span>
                    <span class="tag">{ app.tf(InsKey::Findings, &[&n(c.findings)]) }</span>
                    <span class={classes!("tag", (c.violations > 0).then_some("tag-danger"))}>{ app.tf(InsKey::Violations, &[&n(c.violations)]) }</span>
                    if c.follow_up.tasks > 0 {
                        <span class="tag" data-testid="inspection-case-follow-up">{ app.tf(InsKey::FollowUp, &[&n(c.follow_up.done), &n(c.follow_up.tasks)]) }</span>
                    }
                </span>
            </button>
        </li>
    }
}

#[derive(Properties, PartialEq)]
pub struct FormProps {
    pub plan_id: Id,
    /// The inspecting organisation: subjects are below it, the team among its members.
    pub org_id: Id,
    pub on_done: Callback<()>,
    pub on_cancel: Callback<()>,
}

#[function_component(ProgrammeFormView)]
pub fn programme_form(p: &FormProps) -> Html {
    let app = use_app();
    let form = use_state(ProgrammeForm::default);
    let members = use_state(Vec::<Member>::new);
    let query = use_state(String::new);
    let team_query = use_state(String::new);
    let errors = use_state(Vec::<String>::new);
    let once = use_once::<Id>();
    {
        let members = members.clone();
        use_effect_with(p.org_id, move |org| {
            let org = *org;
            spawn_local(async move {
                let list = crate::administration::client::list_members(org).await;
                members.set(list.unwrap_or_default());
            });
        });
    }
    let set = |f: fn(&mut ProgrammeForm, String)| {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            f(&mut next, v);
            form.set(next);
        })
    };
    let toggle = |f: fn(&mut ProgrammeForm, Id, &str), id: Id, name: String| {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            f(&mut next, id, &name);
            form.set(next);
        })
    };
    let submit = {
        let (form, errors, once, done, app, plan) = (
            form.clone(),
            errors.clone(),
            once.clone(),
            p.on_done.clone(),
            app.clone(),
            p.plan_id,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form.to_request(plan) {
                Err(errs) => errors.set(error_texts(&app, errs)),
                Ok(req) => {
                    errors.set(vec![]);
                    let (errors, done) = (errors.clone(), done.clone());
                    once.run(
                        format!("{req:?}"),
                        crate::inspection::client::create(req),
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
    let (found_orgs, found_members) =
        find_assignees(&query, p.org_id, app.org_list(), &members, MATCHES);
    let (_, found_team) = find_assignees(&team_query, p.org_id, &[], &members, MATCHES);
    let chip = |name: &str, onclick: Callback<MouseEvent>, testid: &'static str| {
        html! {
            <span class="task-chip" data-testid={testid}>
                { name.to_string() }
                <button type="button" {onclick} aria-label={app.tf(InsKey::Remove, &[name])}>{ "×" }</button>
            </span>
        }
    };
    let on_query = {
        let query = query.clone();
        Callback::from(move |v: String| query.set(v))
    };
    let on_team_query = {
        let q = team_query.clone();
        Callback::from(move |v: String| q.set(v))
    };
    let kind_change = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = (*form).clone();
            if let Some(k) = from_slug::<InspectionKind>(&v) {
                next.kind = k;
            }
            form.set(next);
        })
    };
    let content = {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*form).clone();
            next.content = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            form.set(next);
        })
    };
    let cancel = p.on_cancel.reform(|_: MouseEvent| ());
    let org_name = |id: Id| {
        crate::tree::find(app.org_list(), id)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    html! {
        <form class="card task-form" onsubmit={submit} data-testid="inspection-form">
            <h2 class="card-title">{ app.t(InsKey::AddProgramme) }</h2>
            <label class="field">
                <span class="field-label">{ app.t(InsKey::Kind) }</span>
                <select class="input" onchange={kind_change} data-testid="inspection-kind">
                    { for InspectionKind::ALL.iter().map(|k| html! {
                        <option value={slug(k)} selected={f.kind == *k}>{ app.t(kind_key(*k)) }</option>
                    }) }
                </select>
            </label>
            <Field label={app.t(InsKey::CaseTitle)} value={f.title.clone()} on_change={set(|f, v| f.title = v)} testid="inspection-title-input" />
            <label class="field">
                <span class="field-label">{ app.t(InsKey::Content) }</span>
                <textarea class="input" rows="3" value={f.content.clone()} oninput={content} data-testid="inspection-content-input" />
            </label>
            <fieldset class="field" data-testid="inspection-subjects">
                <legend class="field-label">{ app.t(InsKey::Subjects) }</legend>
                if !f.orgs.is_empty() || !f.members.is_empty() {
                    <div class="task-chips">
                        { for f.orgs.iter().map(|(id, name)| chip(name, toggle(ProgrammeForm::toggle_org, *id, name.clone()), "inspection-subject-chosen")) }
                        { for f.members.iter().map(|(id, name)| chip(name, toggle(ProgrammeForm::toggle_member, *id, name.clone()), "inspection-subject-chosen")) }
                    </div>
                }
                <Field label={app.t(InsKey::FindSubject)} value={(*query).clone()} on_change={on_query} testid="inspection-subject-search" />
                if !query.trim().is_empty() {
                    if found_orgs.is_empty() && found_members.is_empty() {
                        <p class="muted small">{ app.t(InsKey::NoMatch) }</p>
                    } else {
                        <ul class="task-matches" data-testid="inspection-subject-matches">
                            { for found_orgs.iter().map(|o| {
                                let chosen = f.orgs.iter().any(|x| x.0 == o.id);
                                html! {
                                    <li key={o.id.to_string()}>
                                        <button type="button" aria-pressed={chosen.to_string()} onclick={toggle(ProgrammeForm::toggle_org, o.id, o.name.clone())} data-testid="inspection-match-org" data-org-id={o.id.to_string()}>
                                            { if chosen { "✓ " } else { "+ " } }{ &o.name }
                                            <span class="muted small">{ format!(" · {}", app.t(crate::i18n::org_kind(o.kind))) }</span>
                                        </button>
                                    </li>
                                }
                            }) }
                            { for found_members.iter().map(|m| {
                                let chosen = f.members.iter().any(|x| x.0 == m.id);
                                html! {
                                    <li key={m.id.to_string()}>
                                        <button type="button" aria-pressed={chosen.to_string()} onclick={toggle(ProgrammeForm::toggle_member, m.id, m.full_name.clone())} data-testid="inspection-match-member">
                                            { if chosen { "✓ " } else { "+ " } }{ &m.full_name }
                                            <span class="muted small">{ format!(" · {}", org_name(m.cell_id)) }</span>
                                        </button>
                                    </li>
                                }
                            }) }
                        </ul>
                    }
                }
            </fieldset>
            <fieldset class="field" data-testid="inspection-team">
                <legend class="field-label">{ app.t(InsKey::Team) }</legend>
                if !f.team.is_empty() {
                    <div class="task-chips">
                        { for f.team.iter().map(|(id, name)| chip(name, toggle(ProgrammeForm::toggle_team, *id, name.clone()), "inspection-team-chosen")) }
                    </div>
                }
                <Field label={app.t(InsKey::FindTeam)} value={(*team_query).clone()} on_change={on_team_query} testid="inspection-team-search" />
                if !team_query.trim().is_empty() {
                    <ul class="task-matches">
                        { for found_team.iter().map(|m| {
                            let chosen = f.team.iter().any(|x| x.0 == m.id);
                            html! {
                                <li key={m.id.to_string()}>
                                    <button type="button" aria-pressed={chosen.to_string()} onclick={toggle(ProgrammeForm::toggle_team, m.id, m.full_name.clone())} data-testid="inspection-match-team">
                                        { if chosen { "✓ " } else { "+ " } }{ &m.full_name }
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                }
            </fieldset>
            <div class="form-row">
                <Field label={app.t(InsKey::From)} value={f.from.clone()} on_change={set(|f, v| f.from = v)} testid="inspection-from"
                    placeholder={app.t(InsKey::DateHint)} inputmode="numeric" />
                <Field label={app.t(InsKey::To)} value={f.to.clone()} on_change={set(|f, v| f.to = v)} testid="inspection-to"
                    placeholder={app.t(InsKey::DateHint)} inputmode="numeric" />
            </div>
            { crate::tasks::screens::errors_html(&errors, "inspection-form-error") }
            <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={once.busy()} data-testid="inspection-submit">{ app.t(InsKey::Create) }</button>
                <button type="button" class="btn" onclick={cancel} data-testid="inspection-form-cancel">{ app.t(Key::Cancel) }</button>
            </div>
        </form>
    }
}
