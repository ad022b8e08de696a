//! "Xếp loại" for committees above the cells: for an organisation and year, its own
//! counts per grade and rating, and those directly below it with theirs (a committee
//! rates them: grade and note). A tap drills into a level below, down to a cell: each
//! member with self-rating, the cell's proposal and the decision, decided one by one
//! (pre-filled with the proposal) or all as proposed, the share of "xuất sắc" shown
//! and a decision over it refused with the figures. A breadcrumb leads back up.

use super::{
    assessment_view, error_texts, errors_html, rating_select, rating_tag, share_line, short_key,
    YearSelect,
};
use crate::components::drill::{Crumbs, OrgPick};
use crate::evaluation::form::{
    as_proposed, decided_share, decision_prefill, parse_rating, rating_value,
};
use crate::evaluation::strings::EvalKey;
use crate::hooks::{use_app, use_once, AppHandle};
use sotay_model::api::ApiError;
use sotay_model::entities::OrgKind;
use sotay_model::evaluation::api::{EvaluationList, MemberEvaluation, OrgEvaluation};
use sotay_model::evaluation::requests::RateOrg;
use sotay_model::evaluation::Rating;
use sotay_model::ids::Id;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RatingPageProps {
    /// The organisations where the user sits on the committee.
    pub orgs: Vec<(Id, String)>,
    pub year: u32,
    pub on_year: Callback<u32>,
}

#[function_component(RatingPage)]
pub fn rating_page(p: &RatingPageProps) -> Html {
    let app = use_app();
    // The way down from the chosen organisation: (id, name), the one shown last.
    let trail = use_state(|| p.orgs.first().cloned().into_iter().collect::<Vec<_>>());
    let Some((current, current_name)) = trail.last().cloned() else {
        return html! {};
    };
    let root = trail.first().map(|t| t.0).unwrap_or(current);
    let pick = {
        let (trail, orgs) = (trail.clone(), p.orgs.clone());
        Callback::from(move |id: Id| {
            trail.set(orgs.iter().filter(|o| o.0 == id).cloned().collect())
        })
    };
    let drill = {
        let trail = trail.clone();
        Callback::from(move |(id, name): (Id, String)| {
            let mut t = (*trail).clone();
            t.push((id, name));
            trail.set(t);
        })
    };
    let back = {
        let trail = trail.clone();
        Callback::from(move |i: usize| {
            let mut t = (*trail).clone();
            t.truncate(i + 1);
            trail.set(t);
        })
    };
    let crumbs = html! {
        <Crumbs trail={(*trail).clone()} on_back={back} label={app.t(EvalKey::RatingTitle)}
            testid="eval-crumbs" crumb_testid="eval-crumb" />
    };
    let is_cell =
        crate::tree::find(app.org_list(), current).is_some_and(|o| o.kind == OrgKind::Cell);
    let key = format!("{current}-{}", p.year);
    let body = if is_cell {
        html! { <CellDecisions key={key} org_id={current} year={p.year} /> }
    } else {
        html! { <OrgYear key={key} org_id={current} year={p.year} on_drill={drill} /> }
    };
    html! {
        <div class="eval-rating" data-testid="eval-rating-page" data-org-id={current.to_string()}>
            <div class="meetings-top">
                <h2>{ app.t(EvalKey::RatingTitle) }{ " · " }{ current_name }</h2>
                <YearSelect year={p.year} on_change={p.on_year.clone()} />
            </div>
            if trail.len() == 1 {
                <OrgPick orgs={p.orgs.clone()} value={root} on_change={pick} label={app.t(EvalKey::Org)} testid="eval-rating-org" />
            }
            { crumbs }
            { body }
        </div>
    }
}

/// "Xuất sắc 1 · Tốt 5 · …" of an organisation's subtree.
fn counts(app: &AppHandle, o: &OrgEvaluation) -> Html {
    let grades = Rating::ALL
        .into_iter()
        .map(short_key)
        .chain([EvalKey::UndecidedShort]);
    html! {
        <span class="eval-counts" data-testid="eval-counts"
            data-counts={o.counts.iter().map(u32::to_string).collect::<Vec<_>>().join(",")}>
            { for grades.zip(o.counts.iter()).map(|(k, n)| html! {
                <span class="eval-count"><small>{ app.t(k) }</small><strong class="mono">{ *n }</strong></span>
            }) }
        </span>
    }
}

fn org_rating(app: &AppHandle, o: &OrgEvaluation) -> Html {
    match &o.rating {
        Some(r) => html! {
            <span class="eval-org-rating" data-testid="eval-org-rating" data-rating={rating_value(r.rating)}>
                { rating_tag(app, Some(r.rating), "eval-org-grade") }
                if !r.note.is_empty() { <small class="muted">{ app.tf(EvalKey::NoteShown, &[&r.note]) }</small> }
            </span>
        },
        None => html! {
            <span class="small muted" data-testid="eval-org-rating" data-rating="">{ app.t(EvalKey::OrgNotRated) }</span>
        },
    }
}

#[derive(Properties, PartialEq)]
struct OrgYearProps {
    org_id: Id,
    year: u32,
    on_drill: Callback<(Id, String)>,
}

#[function_component(OrgYear)]
fn org_year(p: &OrgYearProps) -> Html {
    let app = use_app();
    let list = use_state(|| None::<Result<EvaluationList, ApiError>>);
    let reload = use_state(|| 0u32);
    let rating = use_state(|| None::<Id>);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let list = list.clone();
        use_effect_with(
            (p.org_id, p.year, synced, *reload),
            move |(org, year, _, _)| {
                let (org, year) = (*org, *year);
                spawn_local(async move {
                    list.set(Some(crate::evaluation::client::year_of(org, year).await));
                });
            },
        );
    }
    let l = match &*list {
        Some(Ok(l)) => l,
        Some(Err(e)) => {
            return html! { <p class="error-text" data-testid="eval-error">{ &e.message }</p> }
        }
        None => return html! { <p class="muted">{ app.t(EvalKey::Loading) }</p> },
    };
    let Some((own, below)) = l.orgs.split_first() else {
        return html! { <p class="muted">{ app.t(EvalKey::NoneBelow) }</p> };
    };
    let on_saved = {
        let (reload, rating) = (reload.clone(), rating.clone());
        Callback::from(move |_| {
            rating.set(None);
            reload.set(*reload + 1);
        })
    };
    html! {
        <div class="eval-org" data-testid="eval-org-page" data-org-id={own.org_id.to_string()}>
            <section class="card eval-card" data-testid="eval-org-own">
                <h3 class="card-title">{ &own.org_name }{ " · " }{ p.year }</h3>
                { counts(&app, own) }
                { org_rating(&app, own) }
            </section>
            <section class="card eval-card" data-testid="eval-org-below">
                <h3 class="card-title">{ app.t(EvalKey::Below) }</h3>
                if below.is_empty() {
                    <p class="muted small">{ app.t(EvalKey::NoneBelow) }</p>
                } else {
                    <p class="muted small">{ app.t(EvalKey::DrillHint) }</p>
                    <ul class="eval-org-list">
                        { for below.iter().map(|o| {
                            let pick = (o.org_id, o.org_name.clone());
                            let onclick = p.on_drill.reform(move |_: MouseEvent| pick.clone());
                            let open = {
                                let (rating, id) = (rating.clone(), o.org_id);
                                Callback::from(move |_: MouseEvent| rating.set(Some(id)))
                            };
                            let editing = *rating == Some(o.org_id);
                            let cancel = {
                                let rating = rating.clone();
                                Callback::from(move |_| rating.set(None))
                            };
                            html! {
                                <li key={o.org_id.to_string()} class="eval-org-item" data-testid="eval-org-item"
                                    data-org-id={o.org_id.to_string()}>
                                    <button type="button" class="meeting-row eval-org-row" {onclick}
                                        data-testid="eval-org-row" data-org-id={o.org_id.to_string()}>
                                        <span class="meeting-topic">{ &o.org_name }</span>
                                        { counts(&app, o) }
                                    </button>
                                    <div class="eval-org-foot">
                                        { org_rating(&app, o) }
                                        if l.may_decide && !editing {
                                            <button type="button" class="btn btn-small" onclick={open}
                                                data-testid="eval-rate-org-open">{ app.t(EvalKey::RateOrg) }</button>
                                        }
                                    </div>
                                    if editing {
                                        <RateOrgForm org={o.clone()} on_saved={on_saved.clone()} on_cancel={cancel} />
                                    }
                                </li>
                            }
                        }) }
                    </ul>
                }
            </section>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct RateOrgProps {
    org: OrgEvaluation,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
}

#[function_component(RateOrgForm)]
fn rate_org_form(p: &RateOrgProps) -> Html {
    let app = use_app();
    let grade = {
        let g = p
            .org
            .rating
            .as_ref()
            .map(|r| rating_value(r.rating))
            .unwrap_or_default();
        use_state(move || g.to_string())
    };
    let note = {
        let n = p
            .org
            .rating
            .as_ref()
            .map(|r| r.note.clone())
            .unwrap_or_default();
        use_state(move || n)
    };
    let errors = use_state(Vec::<String>::new);
    let once = use_once::<Id>();
    let on_grade = {
        let grade = grade.clone();
        Callback::from(move |v: String| grade.set(v))
    };
    let on_note = {
        let note = note.clone();
        Callback::from(move |e: InputEvent| {
            note.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let submit = {
        let (app, grade, note, errors, once, saved, org, year) = (
            app.clone(),
            grade.clone(),
            note.clone(),
            errors.clone(),
            once.clone(),
            p.on_saved.clone(),
            p.org.org_id,
            p.org.year,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(rating) = parse_rating(&grade) else {
                errors.set(vec![app.t(EvalKey::NeedGrade).to_string()]);
                return;
            };
            let req = RateOrg {
                org_id: org,
                year,
                rating,
                note: note.trim().to_string(),
            };
            let (errors, saved) = (errors.clone(), saved.clone());
            once.run(
                format!("{req:?}"),
                crate::evaluation::client::rate_org(req),
                move |r| match r {
                    Ok(_) => saved.emit(()),
                    Err(e) => errors.set(vec![e.message]),
                },
            );
        })
    };
    html! {
        <form class="eval-rate-org" onsubmit={submit} data-testid="eval-rate-org">
            <strong>{ app.tf(EvalKey::RateOrgTitle, &[&p.org.org_name]) }</strong>
            <div class="form-row">
                <label class="field">
                    <span class="field-label">{ app.t(EvalKey::Rating) }</span>
                    { rating_select(&app, &grade, on_grade, "eval-rate-org-grade".into(), false) }
                </label>
                <label class="field">
                    <span class="field-label">{ app.t(EvalKey::Note) }</span>
                    <input class="input" value={(*note).clone()} oninput={on_note} data-testid="eval-rate-org-note" />
                </label>
            </div>
            { errors_html(&errors, "eval-rate-org-error".into()) }
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled={once.busy()} data-testid="eval-rate-org-submit">
                    { app.t(EvalKey::Save) }</button>
                <button type="button" class="btn" onclick={p.on_cancel.reform(|_: MouseEvent| ())}>{ app.t(EvalKey::Cancel) }</button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct CellDecisionsProps {
    org_id: Id,
    year: u32,
}

#[function_component(CellDecisions)]
fn cell_decisions(p: &CellDecisionsProps) -> Html {
    let app = use_app();
    let list = use_state(|| None::<Result<EvaluationList, ApiError>>);
    let reload = use_state(|| 0u32);
    let bulk_error = use_state(|| None::<String>);
    let bulk_busy = use_state(|| false);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let list = list.clone();
        use_effect_with(
            (p.org_id, p.year, synced, *reload),
            move |(org, year, _, _)| {
                let (org, year) = (*org, *year);
                spawn_local(async move {
                    list.set(Some(crate::evaluation::client::year_of(org, year).await));
                });
            },
        );
    }
    let l = match &*list {
        Some(Ok(l)) => l.clone(),
        Some(Err(e)) => {
            return html! { <p class="error-text" data-testid="eval-error">{ &e.message }</p> }
        }
        None => return html! { <p class="muted">{ app.t(EvalKey::Loading) }</p> },
    };
    let on_saved = {
        let reload = reload.clone();
        Callback::from(move |_| reload.set(*reload + 1))
    };
    let pending = as_proposed(&l.members);
    let decide_all = {
        let (pending, on_saved, bulk_error, bulk_busy) = (
            pending.clone(),
            on_saved.clone(),
            bulk_error.clone(),
            bulk_busy.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if *bulk_busy {
                return;
            }
            bulk_busy.set(true);
            bulk_error.set(None);
            let (pending, on_saved, bulk_error, bulk_busy) = (
                pending.clone(),
                on_saved.clone(),
                bulk_error.clone(),
                bulk_busy.clone(),
            );
            spawn_local(async move {
                // One at a time, in the order that keeps each within the share.
                for req in pending {
                    if let Err(e) = crate::evaluation::client::rate_member(req).await {
                        bulk_error.set(Some(e.message));
                        break;
                    }
                }
                bulk_busy.set(false);
                on_saved.emit(());
            });
        })
    };
    if l.members.is_empty() {
        return html! { <p class="muted">{ app.t(EvalKey::NoMembers) }</p> };
    }
    html! {
        <section class="card eval-card" data-testid="eval-decisions" data-org-id={p.org_id.to_string()}>
            { share_line(&app, decided_share(&l.members, None), "eval-share") }
            if !l.may_decide { <p class="muted small" data-testid="eval-read-only">{ app.t(EvalKey::ReadOnlyDecide) }</p> }
            if l.may_decide && !pending.is_empty() {
                <button type="button" class="btn" onclick={decide_all} disabled={*bulk_busy}
                    data-testid="eval-decide-all">{ app.tf(EvalKey::DecideAll, &[&pending.len().to_string()]) }</button>
            }
            if let Some(e) = &*bulk_error {
                <p class="error-text" role="alert" data-testid="eval-decide-all-error">{ e }</p>
            }
            <ul class="eval-members">
                { for l.members.iter().map(|m| html! {
                    <DecideRow key={m.member_id.to_string()} member={m.clone()} may={l.may_decide} on_saved={on_saved.clone()} />
                }) }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DecideRowProps {
    member: MemberEvaluation,
    may: bool,
    on_saved: Callback<()>,
}

#[function_component(DecideRow)]
fn decide_row(p: &DecideRowProps) -> Html {
    let app = use_app();
    let m = &p.member;
    let grade = {
        let g = decision_prefill(m);
        use_state(move || g)
    };
    let note = {
        let n = if m.decided.is_some() {
            m.decision_note.clone()
        } else {
            m.proposal_note.clone()
        };
        use_state(move || n)
    };
    let errors = use_state(Vec::<String>::new);
    let once = use_once::<Id>();
    let on_grade = {
        let (grade, errors) = (grade.clone(), errors.clone());
        Callback::from(move |v: String| {
            grade.set(v);
            errors.set(vec![]);
        })
    };
    let on_note = {
        let note = note.clone();
        Callback::from(move |e: InputEvent| {
            note.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let submit = {
        let (app, grade, note, errors, once, saved, member) = (
            app.clone(),
            grade.clone(),
            note.clone(),
            errors.clone(),
            once.clone(),
            p.on_saved.clone(),
            m.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match crate::evaluation::form::decision_request(&member, &grade, &note) {
                Err(errs) => errors.set(error_texts(&app, errs)),
                Ok(req) => {
                    errors.set(vec![]);
                    let (errors, saved) = (errors.clone(), saved.clone());
                    once.run(
                        format!("{req:?}"),
                        crate::evaluation::client::rate_member(req),
                        move |r| match r {
                            Ok(_) => saved.emit(()),
                            Err(e) => errors.set(vec![e.message]),
                        },
                    );
                }
            }
        })
    };
    let note_of = |n: &str| {
        (!n.is_empty())
            .then(|| html! { <small class="muted">{ app.tf(EvalKey::NoteShown, &[n]) }</small> })
    };
    html! {
        <li class="eval-member" data-testid="eval-decide-row" data-member-id={m.member_id.to_string()}
            data-decided={m.decided.map(rating_value).unwrap_or_default()}>
            <div class="eval-member-head"><strong>{ &m.full_name }</strong></div>
            <dl class="eval-facts">
                <dt>{ app.t(EvalKey::SelfRating) }</dt>
                <dd>
                    if let Some(a) = &m.assessment { { rating_tag(&app, a.self_rating, "eval-row-self") } }
                    else { <span class="small muted">{ app.t(EvalKey::NotWritten) }</span> }
                </dd>
                <dt>{ app.t(EvalKey::Proposed) }</dt>
                <dd>{ rating_tag(&app, m.proposed, "eval-row-proposed") }{ for note_of(&m.proposal_note) }</dd>
                <dt>{ app.t(EvalKey::Decided) }</dt>
                <dd>{ rating_tag(&app, m.decided, "eval-row-decided") }{ for note_of(&m.decision_note) }</dd>
            </dl>
            if let Some(a) = &m.assessment {
                <details class="eval-read">
                    <summary>{ app.t(EvalKey::ReadAssessment) }</summary>
                    { assessment_view(&app, a) }
                </details>
            }
            if p.may {
                <form class="form-row eval-pick" onsubmit={submit} data-testid="eval-decide-form">
                    <label class="field">
                        <span class="field-label">{ app.t(EvalKey::Rating) }</span>
                        { rating_select(&app, &grade, on_grade, "eval-decide-rating".into(), false) }
                    </label>
                    <label class="field">
                        <span class="field-label">{ app.t(EvalKey::Note) }</span>
                        <input class="input" value={(*note).clone()} oninput={on_note} data-testid="eval-decide-note" />
                    </label>
                    <button type="submit" class="btn btn-primary" disabled={once.busy()} data-testid="eval-decide-submit">
                        { app.t(EvalKey::Decide) }</button>
                </form>
                { errors_html(&errors, "eval-decide-error".into()) }
            }
        </li>
    }
}
