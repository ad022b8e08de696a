//! Trang chủ: a greeting with the member's name and cell; what needs them (the next
//! meeting within a month, tasks due keeping its place until tasks arrive, the
//! documents assigned to study (unread first), the announcements not read yet,
//! changes still to send); for a committee, its lower levels with their members and
//! cells; and shortcuts.

use crate::administration::client as admin_client;
use crate::components::icons::{icon, Icon};
use crate::dues::strings::DuesKey;
use crate::exchange::strings::XKey;
use crate::format::{local_offset_minutes, month_of, now_ms};
use crate::hooks::{use_app, use_orgs, AppHandle};
use crate::i18n::{self, Key};
use crate::meetings::client as meetings_client;
use crate::rights::Rights;
use crate::state::{Action, Tab};
use crate::summary::{lower_levels, top_org};
use crate::tree;
use sotay_model::api::ApiError;
use sotay_model::entities::Member;
use sotay_model::ids::Id;
use sotay_model::library::AssignmentInfo;
use sotay_model::meetings::api::{MeetingCard, OrgMeetingStats};
use sotay_model::vn::show_date;
use std::collections::HashMap;
use yew::platform::spawn_local;
use yew::prelude::*;

/// Meetings held and attendance rate per organisation, from a one-month answer.
fn this_month(stats: &[OrgMeetingStats]) -> HashMap<Id, (u32, u32)> {
    stats
        .iter()
        .map(|o| {
            let held = o.months.iter().map(|m| m.held).sum();
            let (present, convened) = o
                .months
                .iter()
                .fold((0, 0), |(p, c), m| (p + m.present, c + m.convened));
            let rate = (present * 100).checked_div(convened).unwrap_or(0);
            (o.org_id, (held, rate))
        })
        .collect()
}

fn need(ic: Icon, title: &str, body: Html, testid: &'static str) -> Html {
    html! {
        <div class="need" data-testid={testid}>
            <span class="tile-icon">{ icon(ic) }</span>
            <div class="need-text">
                <strong>{ title }</strong>
                { body }
            </div>
        </div>
    }
}

/// How far ahead Home looks for the member's next meeting.
const MEETINGS_AHEAD_MS: u64 = 31 * 24 * 3_600_000;

/// The member's own next meeting (or the one in progress, checked into or not), from
/// the same list and the same time-zone rule as Sinh hoạt; tapping it opens it there.
fn meeting_body(app: &AppHandle, cards: &Option<Result<Vec<MeetingCard>, ApiError>>) -> Html {
    use crate::meetings::form::{next_for_me, others_coming, show_when};
    use crate::meetings::strings::{text as mt, MKey};
    match cards {
        None => html! { <p class="muted small">{ app.t(Key::Loading) }</p> },
        // A replica without meetings yet, or none planned: the place stays, quietly
        // (the meetings screen is where their errors are shown).
        Some(Err(_)) => html! { <p class="muted small">{ app.t(Key::NoMeetingYet) }</p> },
        Some(Ok(list)) => {
            let now = now_ms();
            let me = app
                .status
                .as_ref()
                .and_then(|s| s.me.as_ref())
                .map(|m| m.id);
            // The member's own meeting needs them; a committee also sees how many of
            // its lower levels' meetings are coming.
            let others = others_coming(list, me, now, MEETINGS_AHEAD_MS);
            let below = (others > 0).then(|| {
                html! {
                    <p class="muted small" data-testid="home-meetings-below">
                        { app.tf(Key::MeetingsBelow, &[&others.to_string()]) }</p>
                }
            });
            let own = match me.and_then(|me| next_for_me(list, me, now, MEETINGS_AHEAD_MS)) {
                None => html! { <p class="muted small">{ app.t(Key::NoMeetingYet) }</p> },
                Some(c) => {
                    let m = &c.meeting;
                    let (d, id) = (app.dispatcher(), m.id);
                    let onclick = Callback::from(move |_| {
                        crate::meetings::open_on_arrival(id);
                        d.dispatch(Action::Go(Tab::Meetings));
                    });
                    let topic = if m.topic.is_empty() {
                        m.agenda.first().cloned().unwrap_or_default()
                    } else {
                        m.topic.clone()
                    };
                    let in_progress = m.starts_at <= now;
                    html! {
                        <ul class="need-list">
                            <li data-testid="home-meeting" data-meeting-id={id.to_string()}>
                                <button type="button" class="link-button" {onclick}
                                    aria-label={format!("{}: {topic}", mt(app.lang, MKey::OpenMeeting))}
                                    data-testid="home-meeting-open">
                                    <span class="mono">{ show_when(m.starts_at, local_offset_minutes(), mt(app.lang, MKey::VietnamTime)) }</span>
                                    { " " }<span>{ topic }</span>
                                </button>
                                if in_progress {
                                    <span class="tag tag-ok" data-testid="home-meeting-now">{ mt(app.lang, MKey::InProgress) }</span>
                                }
                                <span class="muted">{ format!(" · {}", c.org_name) }</span>
                                if !m.place.is_empty() {
                                    <span class="muted">{ format!(" · {}", m.place) }</span>
                                }
                            </li>
                        </ul>
                    }
                }
            };
            html! { <>{ own }{ for below }</> }
        }
    }
}

/// The documents to study (ListStudyAssignments), not yet studied first; each opens
/// in the library's reader.
fn docs_body(app: &AppHandle, docs: &Option<Result<Vec<AssignmentInfo>, ApiError>>) -> Html {
    use crate::library::strings::{lt, ltf, L};
    match docs {
        None => html! { <p class="muted small">{ app.t(Key::Loading) }</p> },
        Some(Err(e)) => html! { <p class="error-text small">{ &e.message }</p> },
        Some(Ok(list)) if list.is_empty() => {
            html! { <p class="muted small">{ lt(app.lang, L::NoStudy) }</p> }
        }
        Some(Ok(list)) => html! {
            <ul class="need-list">
                { for list.iter().take(3).map(|a| {
                    let (d, id) = (app.dispatcher(), a.document.id);
                    let onclick = Callback::from(move |_| d.dispatch(Action::OpenDocument(id)));
                    let state = if a.finished_by_me { L::Studied } else { L::NotStudied };
                    html! {
                        <li data-testid="home-doc" key={a.id.to_string()}>
                            <button type="button" class="link-button" {onclick}>
                                <span class="mono">{ &a.document.number }</span>{" "}
                                <span>{ &a.document.title }</span>
                            </button>
                            <span class="muted">{ format!(" · {} · {}", ltf(app.lang, L::DueOn, &[&show_date(&a.due_on)]), lt(app.lang, state)) }</span>
                        </li>
                    }
                }) }
            </ul>
        },
    }
}

#[function_component(Home)]
pub fn home() -> Html {
    let app = use_app();
    let inspection = crate::inspection::screens::use_inspection_visible();
    use_orgs();
    let docs = use_state(|| None::<Result<Vec<AssignmentInfo>, ApiError>>);
    let meetings = use_state(|| None::<Result<Vec<MeetingCard>, ApiError>>);
    let subtree = use_state(|| None::<(Id, Result<Vec<Member>, ApiError>)>);
    let stats = use_state(HashMap::<Id, (u32, u32)>::new);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    let positions = app
        .status
        .as_ref()
        .map(|s| s.positions.clone())
        .unwrap_or_default();
    let top = top_org(&positions, app.org_list());
    {
        let (docs, meetings) = (docs.clone(), meetings.clone());
        use_effect_with(synced, move |_| {
            spawn_local(async move {
                let study = crate::library::client::assignments().await;
                docs.set(Some(study.map(crate::library::study_order)));
                meetings.set(Some(meetings_client::list().await));
            });
        });
    }
    {
        let (subtree, stats) = (subtree.clone(), stats.clone());
        use_effect_with((top, synced), move |(top, _)| {
            if let Some(top) = *top {
                spawn_local(async move {
                    subtree.set(Some((top, admin_client::list_members(top).await)));
                    let month = month_of(now_ms(), local_offset_minutes());
                    // Without meeting statistics (an older replica) the rows show
                    // members and cells only.
                    let got = meetings_client::meeting_stats(top, month)
                        .await
                        .unwrap_or_default();
                    stats.set(this_month(&got));
                });
            }
        });
    }
    let status = app.status.clone().unwrap_or_default();
    let me = status.me.clone();
    let cell = me
        .as_ref()
        .and_then(|m| tree::find(app.org_list(), m.cell_id))
        .map(|o| o.name.clone());
    let go = |tab: Tab| {
        let d = app.dispatcher();
        Callback::from(move |_| d.dispatch(Action::Go(tab)))
    };
    let tile = |tab: Tab, ic: Icon, title: Key, hint: Key| {
        html! {
            <button type="button" class="tile" data-testid={format!("shortcut-{}", tab.slug())}
                onclick={go(tab)}>
                <span class="tile-icon">{ icon(ic) }</span>
                <span class="tile-text">
                    <strong>{ app.t(title) }</strong>
                    <small>{ app.t(hint) }</small>
                </span>
            </button>
        }
    };
    let pending = if status.pending_changes > 0 || status.rejected_changes > 0 {
        let mut lines = vec![];
        if status.pending_changes > 0 {
            lines.push(app.tf(Key::PendingChanges, &[&status.pending_changes.to_string()]));
        }
        if status.rejected_changes > 0 {
            lines.push(app.tf(Key::RejectedCount, &[&status.rejected_changes.to_string()]));
        }
        let body = html! { <ul class="need-list">{ for lines.into_iter().map(|l| html! { <li>{ l }</li> }) }</ul> };
        need(Icon::Sync, app.t(Key::PendingHome), body, "home-pending")
    } else {
        html! {}
    };
    let rights = Rights::new(app.status.as_ref(), app.org_list());
    let summary = match (top, &*subtree) {
        (Some(top), Some((key, result))) if rights.is_committee() && *key == top => {
            let top_name = tree::find(app.org_list(), top)
                .map(|o| o.name.clone())
                .unwrap_or_default();
            let body = match result {
                Err(e) => html! { <p class="error-text">{ &e.message }</p> },
                Ok(members) => {
                    let levels = lower_levels(app.org_list(), top, members);
                    if levels.is_empty() {
                        html! { <p class="muted">{ app.t(Key::NoLowerLevels) }</p> }
                    } else {
                        html! {
                            <ul class="summary-list">
                                { for levels.iter().map(|l| {
                                    let (d, id) = (app.dispatcher(), l.org.id);
                                    let onclick = Callback::from(move |_| {
                                        d.dispatch(Action::Go(Tab::Orgs));
                                        d.dispatch(Action::SelectOrg(id));
                                    });
                                    html! {
                                        <li key={id.to_string()}>
                                            <button type="button" class="summary-row" data-testid="summary-row" {onclick}>
                                                <span class="summary-name">{ &l.org.name }
                                                    <span class="kind">{ format!(" · {}", app.t(i18n::org_kind(l.org.kind))) }</span>
                                                </span>
                                                <span class="summary-counts">
                                                    <span>{ app.tf(Key::SummaryMembers, &[&l.members.to_string()]) }</span>
                                                    <span>{ app.tf(Key::SummaryCells, &[&l.cells.to_string()]) }</span>
                                                    if let Some((held, rate)) = stats.get(&id) {
                                                        <span data-testid="summary-meetings">{ app.tf(Key::SummaryMeetings, &[&held.to_string()]) }</span>
                                                        if *held > 0 {
                                                            <span>{ app.tf(Key::SummaryAttendance, &[&rate.to_string()]) }</span>
                                                        }
                                                    }
                                                </span>
                                            </button>
                                        </li>
                                    }
                                }) }
                            </ul>
                        }
                    }
                }
            };
            html! {
                <section class="card" data-testid="home-summary">
                    <h2 class="card-title">{ app.tf(Key::LowerLevelsOf, &[&top_name]) }</h2>
                    <p class="muted small">{ app.t(Key::MeetingsLater) }</p>
                    { body }
                </section>
            }
        }
        _ => html! {},
    };
    html! {
        <div class="page home">
            <section class="hero" data-testid="home-greeting">
                if let Some(m) = &me {
                    <h2 class="hero-title">{ app.tf(Key::Greeting, &[&m.full_name]) }</h2>
                    <p class="hero-sub">
                        if let Some(c) = &cell { <span>{ c }</span>{" · "} }
                        <span>{ app.t(i18n::member_status(m.status)) }</span>
                    </p>
                } else {
                    <h2 class="hero-title">{ app.t(Key::GreetingNoName) }</h2>
                    <p class="hero-sub">{ app.t(Key::MeNotSynced) }</p>
                }
            </section>
            <h2 class="section-title">{ app.t(Key::NeedsYou) }</h2>
            <div class="needs" data-testid="home-needs">
                { need(Icon::Meetings, app.t(Key::NextMeeting), meeting_body(&app, &meetings), "home-next-meeting") }
                { need(Icon::Meetings, app.t(crate::schedule::strings::SKey::TodayAgenda), html! { <crate::schedule::screens::today::TodayAgenda /> }, "home-schedule") }
                { need(Icon::Tasks, app.t(Key::TasksDue), html! { <crate::tasks::screens::due::DueTasks /> }, "home-tasks") }
                { need(Icon::Docs, crate::library::strings::lt(app.lang, crate::library::strings::L::StudyTitle), docs_body(&app, &docs), "home-docs") }
                { need(Icon::Chat, app.t(XKey::UnreadTitle), html! { <crate::exchange::screens::unread::UnreadAnnouncements /> }, "home-announcements") }
                { pending }
            </div>
            { summary }
            <h2 class="section-title">{ app.t(Key::Shortcuts) }</h2>
            <div class="tiles">
                { tile(Tab::Orgs, Icon::Orgs, Key::ShortcutOrgs, Key::ShortcutOrgsHint) }
                { tile(Tab::Docs, Icon::Docs, Key::TabDocs, Key::ShortcutDocsHint) }
                { tile(Tab::Meetings, Icon::Meetings, Key::TabMeetings, Key::ShortcutMeetingsHint) }
                { tile(Tab::Tasks, Icon::Tasks, Key::TabTasks, Key::ShortcutTasksHint) }
                <button type="button" class="tile" data-testid="shortcut-exchange" onclick={go(Tab::Exchange)}>
                    <span class="tile-icon">{ icon(Icon::Chat) }</span>
                    <span class="tile-text">
                        <strong>{ app.t(XKey::TabTitle) }</strong>
                        <small>{ app.t(XKey::TabHint) }</small>
                    </span>
                </button>
                <button type="button" class="tile" data-testid="shortcut-dues" onclick={go(Tab::Dues)}>
                    <span class="tile-icon">{ icon(Icon::Card) }</span>
                    <span class="tile-text">
                        <strong>{ app.t(DuesKey::Title) }</strong>
                        <small>{ app.t(DuesKey::TitleHint) }</small>
                    </span>
                </button>
                if inspection {
                    <button type="button" class="tile" data-testid="shortcut-inspection" onclick={go(Tab::Inspection)}>
                        <span class="tile-icon">{ icon(Icon::Tasks) }</span>
                        <span class="tile-text">
                            <strong>{ app.t(crate::inspection::strings::InsKey::Title) }</strong>
                            <small>{ app.t(crate::inspection::strings::InsKey::TitleHint) }</small>
                        </span>
                    </button>
                }
                if crate::oversight::screens::has_posts(&app) {
                    <button type="button" class="tile" data-testid="shortcut-oversight" onclick={go(Tab::Oversight)}>
                        <span class="tile-icon">{ icon(Icon::Orgs) }</span>
                        <span class="tile-text">
                            <strong>{ app.t(crate::oversight::strings::OvKey::Title) }</strong>
                            <small>{ app.t(crate::oversight::strings::OvKey::TitleHint) }</small>
                        </span>
                    </button>
                }
            </div>
        </div>
    }
}
