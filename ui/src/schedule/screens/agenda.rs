//! The agenda: a day (phones), a Monday-first week (desktops) or a month's grid with a
//! count and a dot per kind on each day; previous, today, next; "Thêm lịch"; the
//! visible range exported as `.ics`; the reminders of the next two days and how long
//! before they come.

use super::{item_html, kind_slug, today, tz};
use crate::hooks::use_app;
use crate::schedule::form::{dates, on_day, show_day, step, window, window_ms, Period};
use crate::schedule::strings::{weekday_short, SKey};
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::schedule::calendar::Date;
use sotay_model::schedule::requests::{DEFAULT_REMINDER_LEAD, REMINDER_LEADS as LEADS};
use sotay_model::schedule::{AgendaItem, ItemKind, Reminder};
use web_sys::HtmlSelectElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AgendaProps {
    pub period: Period,
    pub anchor: Date,
    pub on_nav: Callback<(Period, Date)>,
    pub on_entry: Callback<(Id, u64)>,
    pub on_add: Callback<Date>,
    #[prop_or_default]
    pub notice: Option<String>,
}

/// The heading of the shown range: the day, the week's first and last day, the month.
fn range_title(app: &crate::hooks::AppHandle, period: Period, anchor: Date) -> String {
    let (a, b) = window(period, anchor);
    match period {
        Period::Day => format!(
            "{}, {}",
            app.t(crate::schedule::strings::weekday_long(a.weekday())),
            show_day(a)
        ),
        Period::Week => format!(
            "{} – {}",
            show_day(a),
            show_day(crate::schedule::form::add_days(b, -1))
        ),
        Period::Month => format!("{} {:02}/{}", app.t(SKey::Month), anchor.month, anchor.year),
    }
}

#[function_component(Agenda)]
pub fn agenda(p: &AgendaProps) -> Html {
    let app = use_app();
    let items = use_state(|| None::<Result<Vec<AgendaItem>, ApiError>>);
    let reminders = use_state(|| None::<Result<Vec<Reminder>, ApiError>>);
    let lead = use_state(|| DEFAULT_REMINDER_LEAD);
    let export_msg = use_state(|| None::<Result<String, String>>);
    let exporting = use_state(|| false);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    let (from_ms, to_ms) = window_ms(p.period, p.anchor, tz());
    {
        let items = items.clone();
        use_effect_with((from_ms, to_ms, synced), move |&(from, to, _)| {
            spawn_local(async move {
                items.set(Some(crate::schedule::client::agenda(from, to).await));
            });
        });
    }
    {
        // The device's setting, shared with the app's OS notifications.
        let lead = lead.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(m) = crate::schedule::client::lead().await {
                    lead.set(m);
                }
            });
        });
    }
    {
        let reminders = reminders.clone();
        use_effect_with((*lead, synced), move |_| {
            spawn_local(async move {
                reminders.set(Some(crate::schedule::client::coming_reminders().await));
            });
        });
    }
    let nav = |period: Period, anchor: Date| {
        let cb = p.on_nav.clone();
        Callback::from(move |_: MouseEvent| cb.emit((period, anchor)))
    };
    let seg = |period: Period, key: SKey| {
        let active = p.period == period;
        html! {
            <button type="button" class={classes!("seg", active.then_some("active"))}
                aria-pressed={active.to_string()} onclick={nav(period, p.anchor)}
                data-testid={format!("schedule-view-{}", period.slug())}>{ app.t(key) }</button>
        }
    };
    let export = {
        let (export_msg, exporting, app) = (export_msg.clone(), exporting.clone(), app.clone());
        Callback::from(move |_: MouseEvent| {
            if *exporting {
                return;
            }
            exporting.set(true);
            let (export_msg, exporting, app) = (export_msg.clone(), exporting.clone(), app.clone());
            spawn_local(async move {
                let r = crate::schedule::client::export(from_ms, to_ms).await;
                exporting.set(false);
                export_msg.set(Some(match r {
                    Ok(name) => Ok(app.tf(SKey::Exported, &[&name])),
                    Err(e) => Err(e.message),
                }));
            });
        })
    };
    let on_lead = {
        let lead = lead.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(m) = v.parse::<u32>() {
                let lead = lead.clone();
                spawn_local(async move {
                    if crate::schedule::client::set_lead(m).await.is_ok() {
                        lead.set(m);
                    }
                });
            }
        })
    };
    let add = {
        let (cb, anchor) = (p.on_add.clone(), p.anchor);
        Callback::from(move |_: MouseEvent| cb.emit(anchor))
    };
    let body = match &*items {
        None => html! { <p class="muted">{ app.t(crate::i18n::Key::Loading) }</p> },
        Some(Err(e)) => html! { <p class="error-text" role="alert">{ &e.message }</p> },
        Some(Ok(list)) => match p.period {
            Period::Day => day_list(&app, list, p.anchor, &p.on_entry),
            Period::Week => week_columns(&app, list, p.anchor, &p.on_entry, &p.on_nav),
            Period::Month => month_grid(&app, list, p.anchor, &p.on_nav),
        },
    };
    let lead_label = |m: u32| {
        if m >= 60 && m.is_multiple_of(60) {
            app.tf(SKey::LeadHours, &[&(m / 60).to_string()])
        } else {
            app.tf(SKey::LeadMinutes, &[&m.to_string()])
        }
    };
    html! {
        <>
            <div class="sched-bar">
                <div class="segmented sched-views" role="group">
                    { seg(Period::Day, SKey::Day) }
                    { seg(Period::Week, SKey::Week) }
                    { seg(Period::Month, SKey::Month) }
                </div>
                <div class="sched-nav">
                    <button type="button" class="btn" onclick={nav(p.period, step(p.period, p.anchor, -1))}
                        aria-label={app.t(SKey::Previous)} data-testid="schedule-prev">{ "‹" }</button>
                    <button type="button" class="btn" onclick={nav(p.period, today())} data-testid="schedule-today">{ app.t(SKey::Today) }</button>
                    <button type="button" class="btn" onclick={nav(p.period, step(p.period, p.anchor, 1))}
                        aria-label={app.t(SKey::Next)} data-testid="schedule-next">{ "›" }</button>
                </div>
            </div>
            <div class="sched-head">
                <h2 class="card-title" data-testid="schedule-range">{ range_title(&app, p.period, p.anchor) }</h2>
                <div class="actions">
                    <button type="button" class="btn btn-primary" onclick={add} data-testid="schedule-add">{ app.t(SKey::Add) }</button>
                    <button type="button" class="btn" onclick={export} disabled={*exporting} aria-busy={exporting.to_string()}
                        data-testid="schedule-export">{ app.t(SKey::Export) }</button>
                </div>
            </div>
            if let Some(n) = &p.notice {
                <p class="notice" role="status" data-testid="schedule-notice">{ n }</p>
            }
            { match &*export_msg {
                None => html! {},
                Some(Ok(t)) => html! { <p class="notice" role="status" data-testid="schedule-export-done">{ t }</p> },
                Some(Err(e)) => html! { <p class="error-text" role="alert" data-testid="schedule-export-error">{ e }</p> },
            } }
            <section class={classes!("sched-view", format!("view-{}", p.period.slug()))} data-testid={format!("schedule-{}", p.period.slug())}>
                { body }
            </section>
            <section class="card sched-reminders" data-testid="schedule-reminders">
                <div class="sched-head">
                    <h2 class="card-title">{ app.t(SKey::Reminders) }</h2>
                    <label class="field inline">
                        <span class="field-label">{ app.t(SKey::LeadSetting) }</span>
                        <select class="input" onchange={on_lead} data-testid="schedule-lead">
                            { for LEADS.iter().map(|m| html! {
                                <option value={m.to_string()} selected={*lead == *m}>{ lead_label(*m) }</option>
                            }) }
                        </select>
                    </label>
                </div>
                { reminders_list(&app, &reminders) }
            </section>
        </>
    }
}

fn reminders_list(
    app: &crate::hooks::AppHandle,
    reminders: &Option<Result<Vec<Reminder>, ApiError>>,
) -> Html {
    let tz = tz();
    match reminders {
        None => html! {},
        Some(Err(e)) => html! { <p class="error-text">{ &e.message }</p> },
        Some(Ok(l)) if l.is_empty() => {
            html! { <p class="muted small">{ app.t(SKey::NoReminders) }</p> }
        }
        Some(Ok(l)) => html! {
            <ul class="need-list">
                { for l.iter().map(|r| {
                    let at = crate::schedule::form::show_hm(r.remind_at, tz);
                    let day = show_day(crate::schedule::form::day_of(r.remind_at, tz));
                    html! {
                        <li data-testid="schedule-reminder" data-kind={kind_slug(r.item.kind)}>
                            <span class="mono">{ format!("{at} {day}") }</span>{ " " }
                            <span>{ &r.item.title }</span>
                            <span class="muted small">{ format!(" · {}", app.t(super::kind_key(r.item.kind))) }</span>
                        </li>
                    }
                }) }
            </ul>
        },
    }
}

fn day_list(
    app: &crate::hooks::AppHandle,
    list: &[AgendaItem],
    day: Date,
    on_entry: &Callback<(Id, u64)>,
) -> Html {
    let here = on_day(list, day, tz());
    if here.is_empty() {
        return html! { <p class="muted sched-empty" data-testid="schedule-empty">{ app.t(SKey::NothingHere) }</p> };
    }
    html! {
        <ul class="sched-list">
            { for here.into_iter().map(|i| item_html(app, i, on_entry)) }
        </ul>
    }
}

fn week_columns(
    app: &crate::hooks::AppHandle,
    list: &[AgendaItem],
    anchor: Date,
    on_entry: &Callback<(Id, u64)>,
    on_nav: &Callback<(Period, Date)>,
) -> Html {
    let (a, b) = window(Period::Week, anchor);
    let now = today();
    html! {
        <div class="sched-week">
            { for dates(a, b).into_iter().map(|d| {
                let here = on_day(list, d, tz());
                let open_day = {
                    let cb = on_nav.clone();
                    Callback::from(move |_: MouseEvent| cb.emit((Period::Day, d)))
                };
                html! {
                    <div class={classes!("sched-col", (d == now).then_some("today"))} data-testid="schedule-week-day" data-date={d.iso()}>
                        <button type="button" class="sched-col-head" onclick={open_day}>
                            <span>{ app.t(weekday_short(d.weekday())) }</span>
                            <strong>{ format!("{:02}/{:02}", d.day, d.month) }</strong>
                        </button>
                        if here.is_empty() {
                            <p class="muted small sched-none">{ "—" }</p>
                        } else {
                            <ul class="sched-list">{ for here.into_iter().map(|i| item_html(app, i, on_entry)) }</ul>
                        }
                    </div>
                }
            }) }
        </div>
    }
}

fn month_grid(
    app: &crate::hooks::AppHandle,
    list: &[AgendaItem],
    anchor: Date,
    on_nav: &Callback<(Period, Date)>,
) -> Html {
    let (a, b) = window(Period::Month, anchor);
    let now = today();
    let kinds = [
        ItemKind::Own,
        ItemKind::Committee,
        ItemKind::Meeting,
        ItemKind::TaskDue,
        ItemKind::StudyDue,
    ];
    html! {
        <div class="sched-month" role="grid">
            { for (0..7u8).map(|w| html! { <div class="sched-dow" role="columnheader">{ app.t(weekday_short(w)) }</div> }) }
            { for dates(a, b).into_iter().map(|d| {
                let here = on_day(list, d, tz());
                let open_day = {
                    let cb = on_nav.clone();
                    Callback::from(move |_: MouseEvent| cb.emit((Period::Day, d)))
                };
                let outside = d.month != anchor.month;
                let label = if here.is_empty() {
                    show_day(d)
                } else {
                    format!("{} · {}", show_day(d), app.tf(SKey::Items, &[&here.len().to_string()]))
                };
                html! {
                    <button type="button" role="gridcell" onclick={open_day} aria-label={label}
                        class={classes!("sched-cell", outside.then_some("outside"), (d == now).then_some("today"))}
                        data-testid="schedule-month-day" data-date={d.iso()} data-count={here.len().to_string()}>
                        <span class="sched-daynum">{ d.day }</span>
                        if !here.is_empty() {
                            <span class="sched-dots" aria-hidden="true">
                                { for kinds.iter().filter(|k| here.iter().any(|i| i.kind == **k)).map(|k| html! {
                                    <span class={classes!("dot", format!("kind-{}", kind_slug(*k)))}></span>
                                }) }
                            </span>
                            <span class="sched-count">{ here.len() }</span>
                        }
                    </button>
                }
            }) }
        </div>
    }
}
