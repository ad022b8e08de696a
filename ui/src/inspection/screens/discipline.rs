//! "Kỷ luật": the records this device may read (an organisation's subtree, or the
//! member's own), "Ghi quyết định kỷ luật" (a member or an organisation, only the forms
//! that fit it, decided by an organisation where the user works cases), the member's
//! appeal (khiếu nại) and the decision on it by a body above.

use super::{error_texts, form_key, from_slug, outcome_key, slug, today_shown, writer_orgs};
use crate::components::field::Field;
use crate::hooks::{use_app, use_once};
use crate::i18n::Key;
use crate::inspection::form::DisciplineDraft;
use crate::inspection::strings::InsKey;
use crate::tasks::screens::errors_html;
use sotay_model::entities::{Member, MemberStatus};
use sotay_model::ids::Id;
use sotay_model::inspection::api::DisciplineView;
use sotay_model::inspection::{AppealOutcome, DisciplineForm, SubjectKind};
use sotay_model::vn::{fold, show_date};
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PaneProps {
    pub org_id: Id,
    pub list: Vec<DisciplineView>,
    pub may_record: bool,
    pub on_changed: Callback<()>,
}

#[function_component(DisciplinePane)]
pub fn discipline_pane(p: &PaneProps) -> Html {
    let app = use_app();
    let adding = use_state(|| false);
    if *adding {
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
        return html! { <RecordForm org_id={p.org_id} on_done={done} on_cancel={cancel} /> };
    }
    let add = {
        let adding = adding.clone();
        Callback::from(move |_: MouseEvent| adding.set(true))
    };
    html! {
        <div data-testid="inspection-discipline-pane">
            if p.may_record {
                <div class="actions">
                    <button type="button" class="btn btn-primary" onclick={add} data-testid="discipline-add">
                        { app.t(InsKey::RecordDiscipline) }
                    </button>
                </div>
            }
            if p.list.is_empty() {
                <p class="muted" data-testid="discipline-none">{ app.t(InsKey::NoDisciplines) }</p>
            }
            { for p.list.iter().map(|d| html! {
                <DisciplineCard key={d.discipline.id.to_string()} view={d.clone()} on_changed={p.on_changed.clone()} />
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CardProps {
    pub view: DisciplineView,
    pub on_changed: Callback<()>,
}

#[function_component(DisciplineCard)]
pub fn discipline_card(p: &CardProps) -> Html {
    let app = use_app();
    let appeal_text = use_state(|| None::<String>);
    let outcome = use_state(|| AppealOutcome::Upheld);
    let note = use_state(String::new);
    let deciders = writer_orgs(&app);
    let decider = use_state(|| None::<Id>);
    let error = use_state(|| None::<String>);
    let once = use_once::<()>();
    let d = &p.view.discipline;
    let open_appeal = p.view.appeals.iter().find(|a| a.outcome.is_none()).cloned();
    let lodge = {
        let (text, error, changed, id, once, app) = (
            appeal_text.clone(),
            error.clone(),
            p.on_changed.clone(),
            d.id,
            once.clone(),
            app.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let t = text.as_deref().unwrap_or("").trim().to_string();
            if t.is_empty() {
                return error.set(Some(app.t(InsKey::NeedText).to_string()));
            }
            let (error, changed, text) = (error.clone(), changed.clone(), text.clone());
            let fut = async move {
                crate::inspection::client::lodge_appeal(id, t)
                    .await
                    .map(|_| ())
            };
            once.run(format!("appeal {id}"), fut, move |r| match r {
                Ok(()) => {
                    text.set(None);
                    changed.emit(());
                }
                Err(e) => error.set(Some(e.message)),
            });
        })
    };
    let decide = open_appeal.as_ref().map(|a| {
        let (error, changed, once, app, outcome, note, decider) = (
            error.clone(),
            p.on_changed.clone(),
            once.clone(),
            app.clone(),
            *outcome,
            (*note).clone(),
            decider.or_else(|| deciders.first().map(|o| o.0)),
        );
        let id = a.id;
        Callback::from(move |_: MouseEvent| {
            let Some(by) = decider else {
                return error.set(Some(app.t(InsKey::NeedDecidedBy).to_string()));
            };
            let (error, changed) = (error.clone(), changed.clone());
            let fut = crate::inspection::client::decide_appeal(id, outcome, note.clone(), by);
            once.run(format!("decide {id}"), fut, move |r| match r {
                Ok(()) => changed.emit(()),
                Err(e) => error.set(Some(e.message)),
            });
        })
    });
    let subject_kind = if d.subject_kind() == SubjectKind::Member {
        InsKey::SubjectMember
    } else {
        InsKey::SubjectOrg
    };
    html! {
        <div class="card inspection-discipline" data-testid="discipline" data-discipline-id={d.id.to_string()}>
            <h3 class="card-title">
                <span data-testid="discipline-subject">{ &p.view.subject_name }</span>
                { " · " }<span class="tag tag-danger" data-testid="discipline-form">{ app.t(form_key(d.form)) }</span>
            </h3>
            <p class="small muted">{ app.t(subject_kind) }</p>
            <p style="white-space:pre-wrap">{ &d.violation }</p>
            <p class="small">
                { format!("{}: {}", app.t(InsKey::DecidedBy), p.view.decided_by_name) }
                { " · " }<span class="mono">{ show_date(&d.decided_on) }</span>
                if !d.decision_no.is_empty() { { " · " }<span class="mono">{ &d.decision_no }</span> }
            </p>
            if !p.view.appeals.is_empty() {
                <h4 class="small">{ app.t(InsKey::Appeals) }</h4>
                <ul class="inspection-appeals">
                    { for p.view.appeals.iter().map(|a| html! {
                        <li key={a.id.to_string()} data-testid="discipline-appeal">
                            <span class="small muted mono">{ app.tf(InsKey::LodgedOn, &[&show_date(&a.lodged_on)]) }</span>
                            <p style="white-space:pre-wrap">{ &a.text }</p>
                            { match a.outcome {
                                None => html! { <span class="tag tag-warn">{ app.t(InsKey::AppealOpen) }</span> },
                                Some(o) => html! {
                                    <span class="tag" data-testid="discipline-appeal-outcome">{ app.t(outcome_key(o)) }
                                        if !a.outcome_note.is_empty() { { format!(" · {}", a.outcome_note) } }</span>
                                },
                            } }
                        </li>
                    }) }
                </ul>
            }
            if p.view.may_appeal && open_appeal.is_none() {
                if let Some(t) = &*appeal_text {
                    <label class="field">
                        <span class="field-label">{ app.t(InsKey::AppealText) }</span>
                        <textarea class="input" rows="3" value={t.clone()} data-testid="discipline-appeal-text"
                            oninput={{ let s = appeal_text.clone(); Callback::from(move |e: InputEvent| s.set(Some(e.target_unchecked_into::<HtmlTextAreaElement>().value()))) }} />
                    </label>
                    <div class="actions">
                        <button type="button" class="btn btn-primary" onclick={lodge} disabled={once.busy()} data-testid="discipline-appeal-send">{ app.t(InsKey::LodgeAppeal) }</button>
                        <button type="button" class="btn" onclick={{ let s = appeal_text.clone(); Callback::from(move |_: MouseEvent| s.set(None)) }}>{ app.t(Key::Cancel) }</button>
                    </div>
                } else {
                    <div class="actions">
                        <button type="button" class="btn" data-testid="discipline-appeal-open"
                            onclick={{ let s = appeal_text.clone(); Callback::from(move |_: MouseEvent| s.set(Some(String::new()))) }}>
                            { app.t(InsKey::LodgeAppeal) }
                        </button>
                    </div>
                }
            }
            if let (true, Some(decide)) = (p.view.may_decide_appeal, decide) {
                <fieldset class="field" data-testid="discipline-decide">
                    <legend class="field-label">{ app.t(InsKey::DecideAppeal) }</legend>
                    <label class="field">
                        <span class="field-label">{ app.t(InsKey::Outcome) }</span>
                        <select class="input" data-testid="discipline-outcome" onchange={{
                            let o = outcome.clone();
                            Callback::from(move |e: Event| if let Some(v) = from_slug(&e.target_unchecked_into::<HtmlSelectElement>().value()) { o.set(v) })
                        }}>
                            { for [AppealOutcome::Upheld, AppealOutcome::Reduced, AppealOutcome::Annulled].iter().map(|o| html! {
                                <option value={slug(o)} selected={*outcome == *o}>{ app.t(outcome_key(*o)) }</option>
                            }) }
                        </select>
                    </label>
                    if deciders.len() > 1 {
                        <label class="field">
                            <span class="field-label">{ app.t(InsKey::DecidedBy) }</span>
                            <select class="input" data-testid="discipline-decider" onchange={{
                                let dc = decider.clone();
                                Callback::from(move |e: Event| dc.set(e.target_unchecked_into::<HtmlSelectElement>().value().parse().ok()))
                            }}>
                                { for deciders.iter().map(|(id, name)| html! { <option value={id.to_string()}>{ name }</option> }) }
                            </select>
                        </label>
                    }
                    <Field label={app.t(InsKey::OutcomeNote)} value={(*note).clone()} testid="discipline-outcome-note"
                        on_change={{ let n = note.clone(); Callback::from(move |v: String| n.set(v)) }} />
                    <div class="actions">
                        <button type="button" class="btn btn-primary" onclick={decide} disabled={once.busy()} data-testid="discipline-decide-send">{ app.t(InsKey::DecideAppeal) }</button>
                    </div>
                </fieldset>
            }
            if let Some(e) = &*error { <p class="error-text" role="alert">{ e }</p> }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct FormProps {
    /// The organisation whose page it is: the deciding body by default when the user
    /// works cases there.
    pub org_id: Id,
    pub on_done: Callback<()>,
    pub on_cancel: Callback<()>,
}

/// How many members the search shows.
const MATCHES: usize = 30;

#[function_component(RecordForm)]
pub fn record_form(p: &FormProps) -> Html {
    let app = use_app();
    let deciders = writer_orgs(&app);
    let form = {
        let first = deciders
            .iter()
            .map(|o| o.0)
            .find(|id| *id == p.org_id)
            .or_else(|| deciders.first().map(|o| o.0));
        use_state(move || DisciplineDraft {
            decided_on: today_shown(),
            ..DisciplineDraft::new(first)
        })
    };
    let members = use_state(Vec::<Member>::new);
    let query = use_state(String::new);
    let errors = use_state(Vec::<String>::new);
    let once = use_once::<Id>();
    {
        let members = members.clone();
        use_effect_with(form.decided_by, move |org| {
            if let Some(org) = *org {
                spawn_local(async move {
                    members.set(
                        crate::administration::client::list_members(org)
                            .await
                            .unwrap_or_default(),
                    );
                });
            }
        });
    }
    let update = |f: fn(&mut DisciplineDraft, String)| {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            f(&mut next, v);
            form.set(next);
        })
    };
    let select = |f: fn(&mut DisciplineDraft, String)| {
        let cb = update(f);
        Callback::from(move |e: Event| {
            cb.emit(e.target_unchecked_into::<HtmlSelectElement>().value())
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
            match form.to_request() {
                Err(errs) => errors.set(error_texts(&app, errs)),
                Ok(req) => {
                    errors.set(vec![]);
                    let (errors, done) = (errors.clone(), done.clone());
                    once.run(
                        format!("{req:?}"),
                        crate::inspection::client::record_discipline(req),
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
    let all = app.org_list();
    let below: Vec<_> = f
        .decided_by
        .map(|by| {
            all.iter()
                .filter(|o| o.id != by && crate::tree::ancestors(all, o.id).contains(&by))
                .collect()
        })
        .unwrap_or_default();
    let q = fold(query.trim());
    let found: Vec<&Member> = if q.is_empty() {
        vec![]
    } else {
        members
            .iter()
            .filter(|m| matches!(m.status, MemberStatus::Full | MemberStatus::Probationary))
            .filter(|m| fold(&m.full_name).contains(&q))
            .take(MATCHES)
            .collect()
    };
    let pick_member = |m: &Member| {
        let (form, query, id, name) = (form.clone(), query.clone(), m.id, m.full_name.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            next.member = Some((id, name.clone()));
            form.set(next);
            query.set(String::new());
        })
    };
    let area = {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*form).clone();
            next.violation = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            form.set(next);
        })
    };
    let cancel = p.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <form class="card task-form" onsubmit={submit} data-testid="discipline-form">
            <h2 class="card-title">{ app.t(InsKey::RecordDiscipline) }</h2>
            <label class="field">
                <span class="field-label">{ app.t(InsKey::DecidedBy) }</span>
                <select class="input" data-testid="discipline-decided-by"
                    onchange={select(|f, v| { f.decided_by = v.parse().ok(); f.member = None; f.org = None; })}>
                    { for deciders.iter().map(|(id, name)| html! {
                        <option value={id.to_string()} selected={f.decided_by == Some(*id)}>{ name }</option>
                    }) }
                </select>
            </label>
            <div class="segmented" role="group">
                { for [(SubjectKind::Member, InsKey::SubjectMember, "discipline-subject-member"), (SubjectKind::Organisation, InsKey::SubjectOrg, "discipline-subject-org")].into_iter().map(|(k, label, testid)| {
                    let form = form.clone();
                    let onclick = Callback::from(move |_: MouseEvent| { let mut next = (*form).clone(); next.set_subject(k); form.set(next); });
                    html! {
                        <button type="button" class={classes!("seg", (f.subject == k).then_some("active"))}
                            aria-pressed={(f.subject == k).to_string()} {onclick} data-testid={testid}>{ app.t(label) }</button>
                    }
                }) }
            </div>
            if f.subject == SubjectKind::Member {
                if let Some((_, name)) = &f.member {
                    <p data-testid="discipline-member-chosen"><strong>{ name }</strong></p>
                }
                <Field label={app.t(InsKey::FindMember)} value={(*query).clone()} testid="discipline-member-search"
                    on_change={{ let q = query.clone(); Callback::from(move |v: String| q.set(v)) }} />
                if !found.is_empty() {
                    <ul class="task-matches">
                        { for found.iter().map(|m| html! {
                            <li key={m.id.to_string()}>
                                <button type="button" onclick={pick_member(m)} data-testid="discipline-match-member">{ "+ " }{ &m.full_name }</button>
                            </li>
                        }) }
                    </ul>
                }
            } else {
                <label class="field">
                    <span class="field-label">{ app.t(InsKey::PickOrg) }</span>
                    <select class="input" data-testid="discipline-org" onchange={select(|f, v| f.org = v.parse().ok())}>
                        <option value="" selected={f.org.is_none()}>{ app.t(InsKey::PickOrg) }</option>
                        { for below.iter().map(|o| html! {
                            <option value={o.id.to_string()} selected={f.org == Some(o.id)}>{ &o.name }</option>
                        }) }
                    </select>
                </label>
            }
            <label class="field">
                <span class="field-label">{ app.t(InsKey::Form) }</span>
                <select class="input" data-testid="discipline-form-kind"
                    onchange={select(|f, v| if let Some(k) = from_slug::<DisciplineForm>(&v) { f.form = k })}>
                    { for f.forms().iter().map(|k| html! {
                        <option value={slug(k)} selected={f.form == *k}>{ app.t(form_key(*k)) }</option>
                    }) }
                </select>
            </label>
            <label class="field">
                <span class="field-label">{ app.t(InsKey::ViolationText) }</span>
                <textarea class="input" rows="3" value={f.violation.clone()} oninput={area} data-testid="discipline-violation" />
            </label>
            <div class="form-row">
                <Field label={app.t(InsKey::DecidedOn)} value={f.decided_on.clone()} on_change={update(|f, v| f.decided_on = v)}
                    testid="discipline-decided-on" placeholder={app.t(InsKey::DateHint)} inputmode="numeric" />
                <Field label={app.t(InsKey::DecisionNo)} value={f.decision_no.clone()} on_change={update(|f, v| f.decision_no = v)}
                    testid="discipline-decision-no" />
            </div>
            { errors_html(&errors, "discipline-form-error") }
            <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={once.busy()} data-testid="discipline-submit">{ app.t(InsKey::Save) }</button>
                <button type="button" class="btn" onclick={cancel}>{ app.t(Key::Cancel) }</button>
            </div>
        </form>
    }
}
