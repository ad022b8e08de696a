//! The committee view: for each organisation directly below one where the user holds a
//! position, meetings held per month and their attendance rate (MeetingStats), newest
//! month first. Shown only to committee members, and only where there are lower levels.

use super::tm;
use crate::hooks::use_app;
use crate::meetings::strings::MKey;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::meetings::api::OrgMeetingStats;
use yew::platform::spawn_local;
use yew::prelude::*;

type Stats = Vec<(Id, Result<Vec<OrgMeetingStats>, ApiError>)>;

#[function_component(LowerLevelStats)]
pub fn lower_level_stats() -> Html {
    let app = use_app();
    let stats = use_state(|| None::<Stats>);
    let mut orgs: Vec<Id> = app
        .status
        .as_ref()
        .map(|s| s.positions.iter().map(|p| p.org_id).collect())
        .unwrap_or_default();
    orgs.sort();
    orgs.dedup();
    // Only organisations with levels below them have anything to show (not a cell).
    if let Some(Ok(all)) = &app.orgs {
        orgs.retain(|o| all.iter().any(|c| c.parent_id == Some(*o)));
    }
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let stats = stats.clone();
        use_effect_with((orgs.clone(), synced), move |(orgs, _)| {
            let orgs = orgs.clone();
            spawn_local(async move {
                let mut out = vec![];
                for org in orgs {
                    out.push((org, crate::meetings::client::stats(org).await));
                }
                stats.set(Some(out));
            });
        });
    }
    if orgs.is_empty() {
        return html! {};
    }
    let org_name = |id: Id| match &app.orgs {
        Some(Ok(o)) => o.iter().find(|o| o.id == id).map(|o| o.name.clone()),
        _ => None,
    };
    let org_kind = |id: Id| match &app.orgs {
        Some(Ok(o)) => o.iter().find(|o| o.id == id).map(|o| o.kind),
        _ => None,
    };
    let Some(loaded) = &*stats else {
        return html! { <p class="muted" data-testid="meeting-stats">{ app.t(crate::i18n::Key::Loading) }</p> };
    };
    let blocks = loaded.iter().filter_map(|(org, r)| {
        let rows = match r {
            Ok(rows) if !rows.is_empty() => rows,
            _ => return None,
        };
        // The rows are the organisations directly below: cells only under a
        // grassroots committee, districts under a province.
        let kinds: Vec<_> = rows.iter().map(|o| org_kind(o.org_id)).collect();
        let header = if crate::meetings::form::rows_are_cells(&kinds) {
            app.t(crate::i18n::Key::Cell)
        } else {
            tm(&app, MKey::StatsLower)
        };
        Some(html! {
            <div class="stats-block">
                <h4>{ org_name(*org).unwrap_or_default() }</h4>
                <div class="table-scroll">
                    <table class="stats-table">
                        <thead><tr>
                            <th data-testid="stats-lower-header">{ header }</th>
                            <th>{ tm(&app, MKey::StatsMonth) }</th>
                            <th class="num">{ tm(&app, MKey::StatsHeld) }</th>
                            <th class="num">{ tm(&app, MKey::StatsRate) }</th>
                        </tr></thead>
                        <tbody>
                            { for rows.iter().flat_map(|o| {
                                let mut months = o.months.clone();
                                months.reverse();
                                let name = o.org_name.clone();
                                months.into_iter().take(3).map(move |m| {
                                    let (y, mo) = m.month.split_once('-').unwrap_or((&m.month, ""));
                                    html! {
                                        <tr data-testid="stats-row">
                                            <td>{ &name }</td>
                                            <td class="mono">{ format!("{mo}/{y}") }</td>
                                            <td class="num">{ m.held }</td>
                                            <td class="num">{ format!("{}%", m.rate_percent) }</td>
                                        </tr>
                                    }
                                }).collect::<Vec<_>>()
                            }) }
                        </tbody>
                    </table>
                </div>
            </div>
        })
    }).collect::<Vec<_>>();
    html! {
        <div class="card meeting-section" data-testid="meeting-stats">
            <h3 class="card-title">{ tm(&app, MKey::StatsTitle) }</h3>
            if blocks.is_empty() {
                <p class="muted small">{ tm(&app, MKey::NoStats) }</p>
            } else {
                { for blocks }
            }
        </div>
    }
}
