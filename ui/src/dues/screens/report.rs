//! "Báo cáo đảng phí": for an office's organisation and each one directly below it,
//! owed, collected and remitted for the year and by month, and the members without an
//! amount (DuesReport). A tap on an organisation below opens its own report, or a
//! cell's book (read only unless the user keeps it); the breadcrumb goes back up.

use super::book::CellBook;
use super::YearSelect;
use crate::components::drill::{Crumbs, OrgPick};
use crate::dues::strings::DuesKey;
use crate::format::show_dong;
use crate::hooks::{use_app, AppHandle};
use sotay_model::api::ApiError;
use sotay_model::dues::api::OrgDues;
use sotay_model::entities::OrgKind;
use sotay_model::ids::Id;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReportPageProps {
    /// The organisations whose report the user's office reads.
    pub orgs: Vec<(Id, String)>,
    pub year: u32,
    pub on_year: Callback<u32>,
}

#[function_component(ReportPage)]
pub fn report_page(p: &ReportPageProps) -> Html {
    let app = use_app();
    // The way down from the chosen organisation: (id, name), the one shown last.
    let trail = use_state(|| p.orgs.first().cloned().into_iter().collect::<Vec<_>>());
    let Some((current, _)) = trail.last().cloned() else {
        return html! {};
    };
    let root = trail.first().map(|t| t.0).unwrap_or(current);
    let pick = {
        let (trail, orgs) = (trail.clone(), p.orgs.clone());
        Callback::from(move |id: Id| {
            trail.set(orgs.iter().filter(|o| o.0 == id).cloned().collect());
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
        <Crumbs trail={(*trail).clone()} on_back={back} label={app.t(DuesKey::ReportTitle)}
            testid="dues-crumbs" crumb_testid="dues-crumb" />
    };
    let is_cell =
        crate::tree::find(app.org_list(), current).is_some_and(|o| o.kind == OrgKind::Cell);
    let body = if is_cell {
        html! { <CellBook key={current.to_string()} org_id={current} year={p.year} on_year={p.on_year.clone()} /> }
    } else {
        html! { <OrgReport key={current.to_string()} org_id={current} year={p.year} on_year={p.on_year.clone()} on_drill={drill} /> }
    };
    html! {
        <>
            if trail.len() == 1 {
                <OrgPick orgs={p.orgs.clone()} value={root} on_change={pick} label={app.t(DuesKey::Org)} testid="dues-report-org" />
            }
            { crumbs }
            { body }
        </>
    }
}

fn figures(app: &AppHandle, o: &OrgDues) -> Html {
    html! {
        <span class="dues-figures">
            <span><small>{ app.t(DuesKey::Expected) }</small><strong class="mono" data-testid="dues-expected">{ show_dong(o.expected) }</strong></span>
            <span><small>{ app.t(DuesKey::Collected) }</small><strong class="mono" data-testid="dues-collected">{ show_dong(o.collected) }</strong></span>
            <span><small>{ app.t(DuesKey::Remitted) }</small><strong class="mono" data-testid="dues-remitted">{ show_dong(o.remitted) }</strong></span>
        </span>
    }
}

fn counts(app: &AppHandle, o: &OrgDues) -> Html {
    html! {
        <span class="small muted">
            { app.tf(DuesKey::MembersCount, &[&o.members.to_string()]) }
            if o.members_without_amount > 0 {
                { " · " }
                <span class="warn-text" data-testid="dues-without-amount">
                    { app.tf(DuesKey::WithoutAmount, &[&o.members_without_amount.to_string()]) }</span>
            }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct OrgReportProps {
    pub org_id: Id,
    pub year: u32,
    pub on_year: Callback<u32>,
    pub on_drill: Callback<(Id, String)>,
}

#[function_component(OrgReport)]
pub fn org_report(p: &OrgReportProps) -> Html {
    let app = use_app();
    let report = use_state(|| None::<((Id, u32), Result<Vec<OrgDues>, ApiError>)>);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let report = report.clone();
        use_effect_with((p.org_id, p.year, synced), move |(org, year, _)| {
            let key = (*org, *year);
            spawn_local(async move {
                report.set(Some((key, crate::dues::client::report(key.0, key.1).await)));
            });
        });
    }
    let rows = match &*report {
        Some((k, Ok(r))) if *k == (p.org_id, p.year) => r,
        Some((k, Err(e))) if *k == (p.org_id, p.year) => {
            return html! { <p class="error-text" data-testid="dues-error">{ &e.message }</p> }
        }
        _ => return html! { <p class="muted">{ app.t(DuesKey::Loading) }</p> },
    };
    let Some((own, below)) = rows.split_first() else {
        return html! { <p class="muted">{ app.t(DuesKey::NoneBelow) }</p> };
    };
    html! {
        <div class="dues-report" data-testid="dues-report-page" data-org-id={own.org_id.to_string()}>
            <div class="meetings-top">
                <h2>{ app.t(DuesKey::ReportTitle) }{ " · " }{ &own.org_name }</h2>
                <YearSelect year={p.year} on_change={p.on_year.clone()} />
            </div>
            <section class="card dues-card" data-testid="dues-report-own">
                <h3 class="card-title">{ app.t(DuesKey::WholeYear) }{ " " }{ p.year }</h3>
                { figures(&app, own) }
                // The levels below record what they pass up; the sum of their
                // remittances is what this level received.
                if !below.is_empty() {
                    <p class="small" data-testid="dues-received">
                        { app.tf(DuesKey::Received, &[&show_dong(below.iter().map(|o| o.remitted).sum())]) }
                    </p>
                }
                { counts(&app, own) }
                <details class="dues-by-month">
                    <summary>{ app.t(DuesKey::ByMonth) }</summary>
                    <div class="scroll"><table class="dues-months">
                        <thead><tr>
                            <th scope="col">{ app.t(DuesKey::Month) }</th>
                            <th scope="col" class="num">{ app.t(DuesKey::Expected) }</th>
                            <th scope="col" class="num">{ app.t(DuesKey::Collected) }</th>
                            <th scope="col" class="num">{ app.t(DuesKey::Remitted) }</th>
                        </tr></thead>
                        <tbody>
                            { for own.months.iter().map(|m| html! {
                                <tr data-testid="dues-report-month" data-month={m.month.to_string()}>
                                    <th scope="row">{ format!("{:02}/{}", m.month.number(), m.month.year()) }</th>
                                    <td class="num mono">{ show_dong(m.expected) }</td>
                                    <td class="num mono">{ show_dong(m.collected) }</td>
                                    <td class="num mono">{ show_dong(m.remitted) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table></div>
                </details>
            </section>
            <section class="card dues-card" data-testid="dues-report-below">
                <h3 class="card-title">{ app.t(DuesKey::Below) }</h3>
                if below.is_empty() {
                    <p class="muted small">{ app.t(DuesKey::NoneBelow) }</p>
                } else {
                    <p class="muted small">{ app.t(DuesKey::DrillHint) }</p>
                    <ul class="dues-org-list">
                        { for below.iter().map(|o| {
                            let pick = (o.org_id, o.org_name.clone());
                            let onclick = p.on_drill.reform(move |_: MouseEvent| pick.clone());
                            html! {
                                <li key={o.org_id.to_string()}>
                                    <button type="button" class="meeting-row dues-org-row" {onclick}
                                        data-testid="dues-report-row" data-org-id={o.org_id.to_string()}>
                                        <span class="meeting-topic">{ &o.org_name }</span>
                                        { figures(&app, o) }
                                        { counts(&app, o) }
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                }
            </section>
        </div>
    }
}
