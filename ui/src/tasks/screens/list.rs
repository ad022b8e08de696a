//! The task lists: "Của tôi", "Đã giao" grouped by assignment, and a committee's
//! drill-down into one bucket of an organisation's tasks. One row shape for all: title,
//! state, percent bar, due date, overdue marked.

use super::{bucket_key, priority_key, status_key, tt};
use crate::hooks::{use_app, AppHandle};
use crate::tasks::form::{group_assigned, order_mine};
use crate::tasks::strings::TaskKey;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::tasks::api::TaskCard;
use sotay_model::tasks::{Bucket, Priority, TaskStatus};
use sotay_model::vn::show_date;
use yew::platform::spawn_local;
use yew::prelude::*;

type Cards = Option<Result<Vec<TaskCard>, ApiError>>;

/// A status as the wire names it (`in_progress`), for the screens' data attributes.
pub fn status_slug(s: TaskStatus) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The state's tag: overdue wins over the status, since it is what needs acting on.
pub fn state_tag(app: &AppHandle, c: &TaskCard) -> Html {
    let (class, text) = if c.state.overdue {
        ("tag tag-danger", tt(app, TaskKey::Overdue))
    } else {
        let class = match c.state.status {
            TaskStatus::Done => "tag tag-ok",
            TaskStatus::Returned => "tag tag-danger",
            TaskStatus::Submitted => "tag tag-warn",
            _ => "tag",
        };
        (class, tt(app, status_key(c.state.status)))
    };
    html! { <span class={class} data-testid="task-state" data-status={status_slug(c.state.status)}>{ text }</span> }
}

pub fn percent_bar(percent: u8) -> Html {
    html! {
        <span class="task-percent">
            <span class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                aria-valuenow={percent.to_string()}>
                <span class="progress-bar" style={format!("display:block;width:{percent}%")}></span>
            </span>
            <span class="mono small" data-testid="task-percent">{ format!("{percent}%") }</span>
        </span>
    }
}

/// What a row leads with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// The user's own task: its title, and who gave it.
    Mine,
    /// Someone's task (a drill-down, sub-tasks): its title, and to whom.
    Other,
    /// One copy of an assignment shown under its title: to whom.
    InGroup,
}

/// One task in a list; `latest` adds a line about the assignee's latest report.
pub fn task_row(
    app: &AppHandle,
    c: &TaskCard,
    kind: RowKind,
    on_open: &Callback<Id>,
    latest: Option<String>,
) -> Html {
    let id = c.task.id;
    let onclick = on_open.reform(move |_: MouseEvent| id);
    let due = app.tf(TaskKey::DueOn, &[&show_date(&c.task.due_date)]);
    let (head, meta) = match kind {
        RowKind::Mine => (&c.task.title, Some(&c.assigner_org_name)),
        RowKind::Other => (&c.task.title, Some(&c.assignee_name)),
        RowKind::InGroup => (&c.assignee_name, None),
    };
    html! {
        <li key={id.to_string()}>
            <button type="button" class={classes!("meeting-row", "task-row", c.state.overdue.then_some("overdue"))}
                {onclick} data-testid="task-row" data-task-id={id.to_string()}
                data-overdue={c.state.overdue.to_string()}>
                <span class="meeting-topic">{ head }</span>
                <span class="meeting-meta small">
                    { state_tag(app, c) }
                    if matches!(c.task.priority, Priority::High | Priority::Urgent) {
                        <span class="tag tag-warn">{ tt(app, priority_key(c.task.priority)) }</span>
                    }
                    <span class={classes!("mono", if c.state.overdue { "error-text" } else { "muted" })}>{ due }</span>
                    if let Some(m) = meta {
                        <span class="muted" data-testid="task-who">{ format!(" · {m}") }</span>
                    }
                </span>
                { percent_bar(c.state.percent) }
                if let Some(l) = latest {
                    <span class="muted small task-latest" data-testid="task-latest">{ l }</span>
                }
            </button>
        </li>
    }
}

fn loaded(
    app: &AppHandle,
    cards: &Cards,
    empty: TaskKey,
    body: impl FnOnce(&[TaskCard]) -> Html,
) -> Html {
    match cards {
        None => html! { <p class="muted">{ tt(app, TaskKey::Loading) }</p> },
        Some(Err(e)) => html! { <p class="error-text">{ &e.message }</p> },
        Some(Ok(c)) if c.is_empty() => {
            html! { <p class="muted" data-testid="tasks-empty">{ tt(app, empty) }</p> }
        }
        Some(Ok(c)) => body(c),
    }
}

/// Re-read on every sync, so a report or review from another device shows.
#[hook]
fn use_cards<F, Fut>(key: Option<(Id, Bucket)>, fetch: F) -> UseStateHandle<Cards>
where
    F: Fn() -> Fut + 'static,
    Fut: std::future::Future<Output = Result<Vec<TaskCard>, ApiError>> + 'static,
{
    let app = use_app();
    let cards = use_state(|| None as Cards);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    let pending = app.status.as_ref().map(|s| s.pending_changes);
    {
        let cards = cards.clone();
        use_effect_with((synced, pending, key), move |_| {
            let got = fetch();
            spawn_local(async move { cards.set(Some(got.await)) });
        });
    }
    cards
}

#[derive(Properties, PartialEq)]
pub struct OpenProps {
    pub on_open: Callback<Id>,
}

#[function_component(MineList)]
pub fn mine_list(p: &OpenProps) -> Html {
    let app = use_app();
    let cards = use_cards(None, crate::tasks::client::mine);
    loaded(&app, &cards, TaskKey::NoMine, |c| {
        let mut c = c.to_vec();
        order_mine(&mut c);
        html! {
            <ul class="meeting-list task-list" data-testid="tasks-mine-list">
                { for c.iter().map(|c| task_row(&app, c, RowKind::Mine, &p.on_open, None)) }
            </ul>
        }
    })
}

#[function_component(AssignedList)]
pub fn assigned_list(p: &OpenProps) -> Html {
    let app = use_app();
    let cards = use_cards(None, crate::tasks::client::assigned);
    loaded(&app, &cards, TaskKey::NoAssigned, |c| {
        let groups = group_assigned(c.to_vec());
        html! {
            <div class="task-groups" data-testid="tasks-assigned-list">
                { for groups.iter().map(|g| {
                    let t = g.first();
                    html! {
                        <div class="card task-group" key={g.group_id.to_string()} data-testid="task-group">
                            <h3 class="card-title">{ &t.title }</h3>
                            <p class="muted small">
                                { app.tf(TaskKey::DueOn, &[&show_date(&t.due_date)]) }
                                { " · " }{ app.tf(TaskKey::AssigneeCount, &[&g.cards.len().to_string()]) }
                            </p>
                            <ul class="meeting-list task-list">
                                { for g.cards.iter().map(|c| {
                                    let latest = match &c.latest {
                                        Some(r) => {
                                            let said = [&r.done, &r.difficulties, &r.proposals]
                                                .into_iter().find(|s| !s.is_empty()).cloned().unwrap_or_default();
                                            app.tf(TaskKey::LatestReport, &[&r.percent.to_string(), &said])
                                        }
                                        None => tt(&app, TaskKey::NoReport).to_string(),
                                    };
                                    task_row(&app, c, RowKind::InGroup, &p.on_open, Some(latest))
                                }) }
                            </ul>
                        </div>
                    }
                }) }
            </div>
        }
    })
}

#[derive(Properties, PartialEq)]
pub struct DrillProps {
    pub org_id: Id,
    pub org_name: String,
    pub bucket: Bucket,
    pub on_back: Callback<()>,
    pub on_open: Callback<Id>,
}

/// One bucket of an organisation's subtree, from a committee's counts.
#[function_component(DrillList)]
pub fn drill_list(p: &DrillProps) -> Html {
    let app = use_app();
    let (org, bucket) = (p.org_id, p.bucket);
    let cards = use_cards(Some((org, bucket)), move || {
        crate::tasks::client::of_org(org, bucket)
    });
    let back = p.on_back.reform(|_: MouseEvent| ());
    html! {
        <section class="tasks" data-testid="task-drill">
            <button type="button" class="btn btn-small meeting-back" onclick={back} data-testid="task-drill-back">
                { "← " }{ tt(&app, TaskKey::BackToCounts) }
            </button>
            <h2 data-testid="task-drill-title">{ app.tf(TaskKey::DrillTitle, &[&p.org_name, tt(&app, bucket_key(p.bucket))]) }</h2>
            { loaded(&app, &cards, TaskKey::NoneHere, |c| html! {
                <ul class="meeting-list task-list" data-testid="task-drill-list">
                    { for c.iter().map(|c| task_row(&app, c, RowKind::Other, &p.on_open, None)) }
                </ul>
            }) }
        </section>
    }
}
