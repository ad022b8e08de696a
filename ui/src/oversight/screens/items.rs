//! The items behind a dashboard figure (issue 18, item 2): the tasks of one bucket, the
//! meetings held, the months a cell did not meet, as `oversight_items` answers them.
//! A task opens on its own screen and a meeting on its own, here, so that the
//! breadcrumb (the dashboard's trail, the organisation, the figure) still leads back;
//! a month missed opens the cell's dashboard.

use crate::format::local_offset_minutes;
use crate::hooks::{use_app, AppHandle};
use crate::meetings::form::show_when;
use crate::meetings::screens::detail::MeetingDetail;
use crate::meetings::screens::{kind_key, tm, tmf};
use crate::meetings::strings::MKey;
use crate::oversight::strings::OvKey;
use crate::state::{Action, Tab};
use crate::tasks::screens::detail::TaskDetail;
use crate::tasks::screens::list::{task_row, RowKind};
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::oversight::items::{HeldMeeting, MissedMonth};
use sotay_model::oversight::{ItemKind, OversightItemList, Period};
use yew::platform::spawn_local;
use yew::prelude::*;

/// The figure's name (the last step of the breadcrumb).
pub fn kind_label(kind: ItemKind) -> OvKey {
    match kind {
        ItemKind::TasksOpen => OvKey::ItemsTasksOpen,
        ItemKind::TasksOnTime => OvKey::ItemsTasksOnTime,
        ItemKind::TasksLate => OvKey::ItemsTasksLate,
        ItemKind::TasksOverdue => OvKey::ItemsTasksOverdue,
        ItemKind::MeetingsHeld => OvKey::ItemsMeetingsHeld,
        ItemKind::MeetingsMissed => OvKey::ItemsMeetingsMissed,
    }
}

/// The kind as the wire names it (`tasks_overdue`), for test ids.
pub fn kind_slug(kind: ItemKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Open {
    Task(Id),
    Meeting(Id),
}

#[derive(Properties, PartialEq)]
pub struct ItemsProps {
    pub org_id: Id,
    pub period: Period,
    pub kind: ItemKind,
    /// Back to this organisation's dashboard.
    pub on_back: Callback<()>,
    /// To another organisation's dashboard (a crumb above, a cell that did not meet).
    pub on_go: Callback<Id>,
}

type Loaded = Option<(ItemKind, Result<OversightItemList, ApiError>)>;

#[function_component(Items)]
pub fn items(p: &ItemsProps) -> Html {
    let app = use_app();
    let list = use_state(|| None as Loaded);
    let open = use_state(|| None::<Open>);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let list = list.clone();
        use_effect_with(
            (p.org_id, p.period, p.kind, synced),
            move |(org, period, kind, _)| {
                let (org, period, kind) = (*org, *period, *kind);
                spawn_local(async move {
                    let got = crate::oversight::client::items(org, period, kind).await;
                    list.set(Some((kind, got)));
                });
            },
        );
    }
    let r = match &*list {
        Some((k, Ok(r))) if *k == p.kind && r.org_id == p.org_id && r.period == p.period => r,
        Some((k, Err(e))) if *k == p.kind => {
            return html! { <p class="error-text" data-testid="oversight-items-error">{ &e.message }</p> };
        }
        _ => {
            return html! { <p class="muted" data-testid="oversight-loading">{ app.t(OvKey::Loading) }</p> }
        }
    };
    let to_list = {
        let open = open.clone();
        Callback::from(move |_: ()| open.set(None))
    };
    let figure = app.t(kind_label(p.kind));
    let crumbs = html! {
        <nav class="ov-crumbs" aria-label={app.t(OvKey::Crumbs)} data-testid="oversight-items-crumbs">
            { super::trail_crumbs(&r.trail, &p.on_go) }
            <button type="button" class="link-button" onclick={p.on_back.reform(|_: MouseEvent| ())}
                data-testid="oversight-items-org" data-org-id={r.org_id.to_string()}>{ &r.org_name }</button>
            <span class="muted">{ " › " }</span>
            if open.is_some() {
                <button type="button" class="link-button" onclick={to_list.reform(|_: MouseEvent| ())}
                    data-testid="oversight-items-figure">{ figure }</button>
            } else {
                <span class="crumb-here" aria-current="page" data-testid="oversight-items-figure">{ figure }</span>
            }
        </nav>
    };
    match *open {
        Some(Open::Task(id)) => {
            let reopen = {
                let open = open.clone();
                Callback::from(move |id: Id| open.set(Some(Open::Task(id))))
            };
            // A sub-task is assigned from Nhiệm vụ, where the form lives.
            let split = {
                let d = app.dispatcher();
                Callback::from(move |id: Id| {
                    crate::tasks::open_on_arrival(id);
                    d.dispatch(Action::Go(Tab::Tasks));
                })
            };
            return html! {
                <div class="ov-items" data-testid="oversight-items-open">
                    { crumbs }
                    <TaskDetail key={id.to_string()} {id} on_back={to_list} on_open={reopen} on_split={split} />
                </div>
            };
        }
        Some(Open::Meeting(id)) => {
            return html! {
                <div class="ov-items" data-testid="oversight-items-open">
                    { crumbs }
                    <MeetingDetail key={id.to_string()} {id} on_back={to_list} />
                </div>
            };
        }
        None => {}
    }
    let open_task = {
        let open = open.clone();
        Callback::from(move |id: Id| open.set(Some(Open::Task(id))))
    };
    let open_meeting = {
        let open = open.clone();
        Callback::from(move |id: Id| open.set(Some(Open::Meeting(id))))
    };
    let body = if r.count() == 0 {
        html! { <p class="muted" data-testid="oversight-items-empty">{ app.t(OvKey::ItemsNone) }</p> }
    } else {
        html! {
            <ul class="meeting-list ov-item-list" data-testid="oversight-items-list">
                { for r.tasks.iter().map(|c| task_row(&app, c, RowKind::Other, &open_task, None)) }
                { for r.meetings.iter().map(|m| meeting_row(&app, m, &open_meeting)) }
                { for r.missed.iter().map(|m| missed_row(&app, m, &p.on_go)) }
            </ul>
        }
    };
    html! {
        <div class="ov-items card ov-card" data-testid="oversight-items" data-kind={kind_slug(p.kind)}
            data-count={r.count().to_string()}>
            { crumbs }
            <h2 class="ov-title">{ figure }</h2>
            <p class="muted small">
                { format!("{} · {} · ", r.org_name, r.period.label_vi()) }
                { app.tf(OvKey::ItemsCount, &[&r.count().to_string()]) }
            </p>
            { body }
            <div class="actions">
                <button type="button" class="btn" onclick={p.on_back.reform(|_: MouseEvent| ())}
                    data-testid="oversight-items-back">{ app.t(OvKey::ItemsBack) }</button>
            </div>
        </div>
    }
}

fn meeting_row(app: &AppHandle, m: &HeldMeeting, on_open: &Callback<Id>) -> Html {
    let id = m.meeting_id;
    let onclick = on_open.reform(move |_: MouseEvent| id);
    let topic = if m.topic.is_empty() {
        tm(app, kind_key(m.kind)).to_string()
    } else {
        m.topic.clone()
    };
    html! {
        <li key={id.to_string()}>
            <button type="button" class="meeting-row" {onclick} data-testid="oversight-item-meeting"
                data-meeting-id={id.to_string()} aria-label={format!("{}: {topic}", tm(app, MKey::OpenMeeting))}>
                <span class="meeting-when mono">{ show_when(m.starts_at, local_offset_minutes(), tm(app, MKey::VietnamTime)) }</span>
                <span class="meeting-topic">{ topic }</span>
                <span class="meeting-meta muted small">
                    <span class="tag">{ tm(app, kind_key(m.kind)) }</span>
                    { " " }{ &m.org_name }{ " · " }
                    { tmf(app, MKey::Attendees, &[&m.present.to_string(), &m.convened.to_string()]) }
                </span>
            </button>
        </li>
    }
}

fn missed_row(app: &AppHandle, m: &MissedMonth, on_go: &Callback<Id>) -> Html {
    let org = m.org_id;
    let onclick = on_go.reform(move |_: MouseEvent| org);
    // `yyyy-mm` as "10/2026".
    let month = match m.month.split_once('-') {
        Some((y, mo)) => format!("{}/{y}", mo.trim_start_matches('0')),
        None => m.month.clone(),
    };
    html! {
        <li key={format!("{}-{}", m.org_id, m.month)}>
            <button type="button" class="meeting-row" {onclick} data-testid="oversight-item-missed"
                data-org-id={org.to_string()} data-month={m.month.clone()} title={app.t(OvKey::MissedOpen)}>
                <span class="meeting-topic">{ &m.org_name }</span>
                <span class="meeting-meta small">
                    <span class="tag tag-warn">{ app.tf(OvKey::MissedMonth, &[&month]) }</span>
                    <span class="muted">{ " " }{ app.t(OvKey::MissedOpen) }</span>
                </span>
            </button>
        </li>
    }
}
