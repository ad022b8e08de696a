//! "Cấp dưới": for each organisation where the user sits on a committee with levels
//! below it, the tasks of the organisation itself and of each one directly below,
//! counted open, done on time, done late and overdue (TaskStats). A tap on a figure
//! opens those tasks; "Xuất Excel" writes the organisation's tasks and those below it.

use super::{bucket_key, committee_orgs, tt};
use crate::hooks::use_app;
use crate::tasks::strings::TaskKey;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::tasks::api::OrgTaskCounts;
use sotay_model::tasks::Bucket;
use yew::platform::spawn_local;
use yew::prelude::*;

type Stats = Vec<(Id, String, Result<Vec<OrgTaskCounts>, ApiError>)>;

#[derive(Properties, PartialEq)]
pub struct CountsProps {
    /// (organisation, its name, the bucket) of the figure tapped.
    pub on_drill: Callback<(Id, String, Bucket)>,
}

const BUCKETS: [Bucket; 4] = [Bucket::Open, Bucket::OnTime, Bucket::Late, Bucket::Overdue];

fn count(o: &OrgTaskCounts, b: Bucket) -> u32 {
    match b {
        Bucket::Open => o.counts.open,
        Bucket::OnTime => o.counts.on_time,
        Bucket::Late => o.counts.late,
        Bucket::Overdue => o.counts.overdue,
    }
}

fn slug(b: Bucket) -> &'static str {
    match b {
        Bucket::Open => "open",
        Bucket::OnTime => "on_time",
        Bucket::Late => "late",
        Bucket::Overdue => "overdue",
    }
}

#[function_component(BelowCounts)]
pub fn below_counts(p: &CountsProps) -> Html {
    let app = use_app();
    let orgs = committee_orgs(&app);
    let stats = use_state(|| None::<Stats>);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    let pending = app.status.as_ref().map(|s| s.pending_changes);
    {
        let stats = stats.clone();
        use_effect_with((orgs.clone(), synced, pending), move |(orgs, _, _)| {
            let orgs = orgs.clone();
            spawn_local(async move {
                let mut out = vec![];
                for (org, name) in orgs {
                    out.push((org, name, crate::tasks::client::stats(org).await));
                }
                stats.set(Some(out));
            });
        });
    }
    let Some(loaded) = &*stats else {
        return html! { <p class="muted">{ tt(&app, TaskKey::Loading) }</p> };
    };
    let blocks = loaded.iter().map(|(org, name, r)| {
        let rows = match r {
            Err(e) => return html! { <p class="error-text">{ &e.message }</p> },
            Ok(rows) => rows,
        };
        // A list, not a table: four figures side by side fit a 360 px phone under
        // each organisation's name, and sit beside it on a desktop.
        html! {
            <div class="stats-block" key={org.to_string()}>
                <h4>{ name }</h4>
                // The organisation's tasks and those below it, as a workbook.
                <crate::lists::ExportListButton list={sotay_model::lists::ListKind::Tasks} org_id={*org} />
                <ul class="task-stat-list">
                    { for rows.iter().map(|o| html! {
                        <li class="task-stat-row" data-testid="task-stats-row" data-org-id={o.org_id.to_string()}>
                            <span class="task-stat-name">{ &o.org_name }</span>
                            <span class="task-stat-figures">
                                { for BUCKETS.iter().map(|b| {
                                    let n = count(o, *b);
                                    let pick = (o.org_id, o.org_name.clone(), *b);
                                    let onclick = p.on_drill.reform(move |_: MouseEvent| pick.clone());
                                    html! {
                                        <button type="button" class={classes!("task-stat", slug(*b))}
                                            {onclick} disabled={n == 0}
                                            aria-label={format!("{}: {} {n}", o.org_name, tt(&app, bucket_key(*b)))}
                                            data-testid={format!("task-count-{}", slug(*b))}>
                                            <strong class="mono">{ n }</strong>
                                            <small>{ tt(&app, bucket_key(*b)) }</small>
                                        </button>
                                    }
                                }) }
                            </span>
                        </li>
                    }) }
                </ul>
            </div>
        }
    });
    html! {
        <div class="card meeting-section" data-testid="task-stats">
            <h3 class="card-title">{ tt(&app, TaskKey::StatsTitle) }</h3>
            <p class="muted small">{ tt(&app, TaskKey::StatsHint) }</p>
            if loaded.is_empty() {
                <p class="muted small">{ tt(&app, TaskKey::NoStats) }</p>
            } else {
                { for blocks }
            }
        </div>
    }
}
