//! "Đánh giá chi bộ": the cell's year for its committee and office: every member with
//! their self-assessment to read, the proposal per member (a grade and a note,
//! pre-filled from the proposal made, else the member's self-rating), the share of
//! "xuất sắc" as it stands while choosing, the year-end meeting it came from, and
//! the committee above's decisions once made. Over the share the proposal is refused
//! before anything is saved.

use super::{
    assessment_view, error_texts, errors_html, rating_select, rating_tag, share_line, YearSelect,
};
use crate::components::drill::OrgPick;
use crate::evaluation::form::{
    draft_share, proposal_draft, proposal_request, year_window_ms, DraftLine,
};
use crate::evaluation::strings::EvalKey;
use crate::format::{local_offset_minutes, show_time};
use crate::hooks::{use_app, use_once};
use sotay_model::api::ApiError;
use sotay_model::evaluation::api::EvaluationList;
use sotay_model::ids::Id;
use sotay_model::meetings::api::MeetingCard;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CellPageProps {
    pub cells: Vec<(Id, String)>,
    pub year: u32,
    pub on_year: Callback<u32>,
}

#[function_component(CellPage)]
pub fn cell_page(p: &CellPageProps) -> Html {
    let app = use_app();
    let chosen = use_state(|| p.cells.first().map(|c| c.0));
    let Some(cell) = *chosen else {
        return html! {};
    };
    let pick = {
        let chosen = chosen.clone();
        Callback::from(move |id: Id| chosen.set(Some(id)))
    };
    let name = p
        .cells
        .iter()
        .find(|c| c.0 == cell)
        .map(|c| c.1.clone())
        .unwrap_or_default();
    html! {
        <div class="eval-cell" data-testid="eval-cell-page" data-org-id={cell.to_string()}>
            <div class="meetings-top">
                <h2>{ app.t(EvalKey::CellTitle) }{ " · " }{ name }</h2>
                <YearSelect year={p.year} on_change={p.on_year.clone()} />
            </div>
            <OrgPick orgs={p.cells.clone()} value={cell} on_change={pick} label={app.t(EvalKey::Org)} testid="eval-cell-org" />
            <CellYear key={format!("{cell}-{}", p.year)} org_id={cell} year={p.year} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct CellYearProps {
    org_id: Id,
    year: u32,
}

#[function_component(CellYear)]
fn cell_year(p: &CellYearProps) -> Html {
    let app = use_app();
    let list = use_state(|| None::<Result<EvaluationList, ApiError>>);
    let meetings = use_state(Vec::<MeetingCard>::new);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let (list, meetings) = (list.clone(), meetings.clone());
        use_effect_with((p.org_id, p.year, synced), move |(org, year, _)| {
            let (org, year) = (*org, *year);
            spawn_local(async move {
                list.set(Some(crate::evaluation::client::year_of(org, year).await));
                let (from, to) = year_window_ms(year);
                // The meeting link is optional: without the list the proposal still saves.
                let found = crate::evaluation::client::meetings(org, from, to)
                    .await
                    .unwrap_or_default();
                meetings.set(found);
            });
        });
    }
    match &*list {
        Some(Ok(l)) => html! {
            <ProposalEditor org_id={p.org_id} year={p.year} list={l.clone()} meetings={(*meetings).clone()} />
        },
        Some(Err(e)) => html! { <p class="error-text" data-testid="eval-error">{ &e.message }</p> },
        None => html! { <p class="muted">{ app.t(EvalKey::Loading) }</p> },
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    org_id: Id,
    year: u32,
    list: EvaluationList,
    meetings: Vec<MeetingCard>,
}

#[function_component(ProposalEditor)]
fn proposal_editor(p: &EditorProps) -> Html {
    let app = use_app();
    let draft = {
        let l = p.list.clone();
        use_state(move || proposal_draft(&l))
    };
    let meeting = use_state(|| None::<Id>);
    let errors = use_state(Vec::<String>::new);
    let saved = use_state(|| false);
    let once = use_once::<Id>();
    let may = p.list.may_propose;
    let set_line = |id: Id, rating: bool| {
        let (draft, saved) = (draft.clone(), saved.clone());
        Callback::from(move |v: String| {
            let mut next: Vec<DraftLine> = (*draft).clone();
            if let Some(l) = next.iter_mut().find(|l| l.member_id == id) {
                if rating {
                    l.rating = v;
                } else {
                    l.note = v;
                }
            }
            draft.set(next);
            saved.set(false);
        })
    };
    let on_meeting = {
        let (meeting, meetings) = (meeting.clone(), p.meetings.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            meeting.set(
                meetings
                    .iter()
                    .map(|m| m.meeting.id)
                    .find(|id| id.to_string() == v),
            );
        })
    };
    let submit = {
        let (app, draft, meeting, errors, once, saved, org, year) = (
            app.clone(),
            draft.clone(),
            meeting.clone(),
            errors.clone(),
            once.clone(),
            saved.clone(),
            p.org_id,
            p.year,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match proposal_request(org, year, *meeting, &draft) {
                Err(errs) => errors.set(error_texts(&app, errs)),
                Ok(req) => {
                    errors.set(vec![]);
                    let key = format!("{req:?}");
                    let (errors, saved) = (errors.clone(), saved.clone());
                    once.run(
                        key,
                        crate::evaluation::client::propose(req),
                        move |r| match r {
                            Ok(_) => saved.set(true),
                            Err(e) => errors.set(vec![e.message]),
                        },
                    );
                }
            }
        })
    };
    if p.list.members.is_empty() {
        return html! { <p class="muted">{ app.t(EvalKey::NoMembers) }</p> };
    }
    let offset = local_offset_minutes();
    let rows = p.list.members.iter().map(|m| {
        let i = m.member_id;
        let line = draft.iter().find(|l| l.member_id == i).cloned();
        let rating = line.as_ref().map(|l| l.rating.clone()).unwrap_or_default();
        let note = line.map(|l| l.note).unwrap_or_default();
        let on_note = set_line(i, false)
            .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
        html! {
            <li class="eval-member" data-testid="eval-propose-row" data-member-id={m.member_id.to_string()}
                key={m.member_id.to_string()}>
                <div class="eval-member-head">
                    <strong>{ &m.full_name }</strong>
                    if let Some(a) = &m.assessment {
                        <span class="small muted">{ app.t(EvalKey::SelfRating) }{ ": " }</span>
                        { rating_tag(&app, a.self_rating, "eval-row-self") }
                    }
                    if m.decided.is_some() {
                        <span class="small muted">{ app.t(EvalKey::Decided) }{ ": " }</span>
                        { rating_tag(&app, m.decided, "eval-row-decided") }
                    }
                </div>
                if let Some(a) = &m.assessment {
                    <details class="eval-read">
                        <summary data-testid="eval-read-open">{ app.t(EvalKey::ReadAssessment) }</summary>
                        { assessment_view(&app, a) }
                    </details>
                } else {
                    <p class="small muted">{ app.t(EvalKey::NotWritten) }</p>
                }
                <div class="form-row eval-pick">
                    <label class="field">
                        <span class="field-label">{ app.t(EvalKey::Proposed) }</span>
                        { rating_select(&app, &rating, set_line(i, true), "eval-propose-rating".into(), !may) }
                    </label>
                    <label class="field">
                        <span class="field-label">{ app.t(EvalKey::Note) }</span>
                        <input class="input" value={note} oninput={on_note} disabled={!may}
                            data-testid="eval-propose-note" />
                    </label>
                </div>
            </li>
        }
    });
    html! {
        <form class="card eval-card" onsubmit={submit} data-testid="eval-proposal">
            if !may { <p class="muted small" data-testid="eval-read-only">{ app.t(EvalKey::ReadOnlyCell) }</p> }
            { share_line(&app, draft_share(&draft), "eval-share") }
            <ul class="eval-members">{ for rows }</ul>
            if !p.meetings.is_empty() {
                <label class="field">
                    <span class="field-label">{ app.t(EvalKey::Meeting) }</span>
                    <select class="input" onchange={on_meeting} disabled={!may} data-testid="eval-meeting">
                        <option value="" selected={meeting.is_none()}>{ app.t(EvalKey::NoMeeting) }</option>
                        { for p.meetings.iter().map(|m| {
                            let id = m.meeting.id;
                            html! {
                                <option value={id.to_string()} selected={*meeting == Some(id)}>
                                    { format!("{} · {}", show_time(m.meeting.starts_at, offset), m.meeting.topic) }
                                </option>
                            }
                        }) }
                    </select>
                </label>
            }
            { errors_html(&errors, "eval-proposal-error".into()) }
            if *saved {
                <p class="notice" role="status" data-testid="eval-notice">{ app.t(EvalKey::ProposalSaved) }</p>
            }
            if may {
                <button type="submit" class="btn btn-primary" disabled={once.busy()} data-testid="eval-propose-submit">
                    { app.t(EvalKey::SaveProposal) }</button>
            }
        </form>
    }
}
