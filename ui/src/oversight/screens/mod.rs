//! Theo dõi (issue 18): the committee's dashboard. A period (tháng, quý, năm, with the
//! one before and after), the organisation's headline figures, bars per organisation
//! below (attendance and dues collected), lines per month, the traffic-light list of
//! the organisations below with their reasons (a tap opens that organisation's own
//! dashboard), the breadcrumb back up (the answer's `trail`) and "Xuất Excel". The task
//! and meeting figures are buttons that open the items they count ([`items`]). All of
//! it is read from the device's copy.

pub mod charts;
pub mod items;

use crate::dues::screens::this_month;
use crate::format::show_dong;
use crate::hooks::{use_app, use_orgs, AppHandle};
use crate::i18n;
use crate::oversight::period::{as_kind, rate, shift, Kind};
use crate::oversight::strings::OvKey;
use charts::{BarRow, Bars, LinePoint, Lines};
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::oversight::api::OrgFigures;
use sotay_model::oversight::{ItemKind, Light, Oversight, Period};
use sotay_model::transfer::ExportFormat;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The organisations where the user holds a post, highest first (the dashboard opens
/// at the first).
pub fn post_orgs(app: &AppHandle) -> Vec<(Id, String)> {
    let orgs = app.org_list();
    let mut ids: Vec<Id> = app
        .status
        .as_ref()
        .map(|s| s.positions.iter().map(|p| p.org_id).collect())
        .unwrap_or_default();
    ids.sort();
    ids.dedup();
    let mut found: Vec<_> = ids
        .into_iter()
        .filter_map(|id| crate::tree::find(orgs, id))
        .collect();
    found.sort_by_key(|o| (o.kind.depth(), o.name.clone()));
    found.into_iter().map(|o| (o.id, o.name.clone())).collect()
}

/// Whether the user holds any post (who sees Theo dõi).
pub fn has_posts(app: &AppHandle) -> bool {
    app.status.as_ref().is_some_and(|s| !s.positions.is_empty())
}

/// The organisations above, each a button back to its dashboard and a separator: the
/// start of every breadcrumb in Theo dõi (the dashboard's and its item lists').
pub(crate) fn trail_crumbs(trail: &[(Id, String)], on_go: &Callback<Id>) -> Html {
    html! {
        { for trail.iter().map(|(id, name)| {
            let onclick = on_go.reform({ let id = *id; move |_: MouseEvent| id });
            html! {
                <>
                    <button type="button" class="link-button" {onclick} data-testid="oversight-crumb"
                        data-org-id={id.to_string()}>{ name }</button>
                    <span class="muted">{ " › " }</span>
                </>
            }
        }) }
    }
}

fn light_key(l: Light) -> OvKey {
    match l {
        Light::Green => OvKey::Green,
        Light::Amber => OvKey::Amber,
        Light::Red => OvKey::Red,
    }
}

fn light_slug(l: Light) -> &'static str {
    match l {
        Light::Green => "green",
        Light::Amber => "amber",
        Light::Red => "red",
    }
}

fn pct(v: Option<u32>) -> String {
    v.map(|v| format!("{v}%")).unwrap_or_else(|| "—".into())
}

#[function_component(OversightPage)]
pub fn oversight_page() -> Html {
    let app = use_app();
    use_orgs();
    let orgs = post_orgs(&app);
    let chosen = use_state(|| None::<Id>);
    // The figure whose items are shown instead of the dashboard.
    let drill = use_state(|| None::<ItemKind>);
    let period = use_state(|| {
        let m = this_month();
        Period::Month {
            year: m.year(),
            month: m.number(),
        }
    });
    let Some(root) = orgs.first().map(|o| o.0) else {
        return html! {
            <section class="oversight" data-testid="oversight">
                <p class="muted">{ app.t(OvKey::NoPosts) }</p>
            </section>
        };
    };
    let current = chosen.unwrap_or(root);
    let go = {
        let (chosen, drill) = (chosen.clone(), drill.clone());
        Callback::from(move |id: Id| {
            drill.set(None);
            chosen.set(Some(id));
        })
    };
    let on_drill = {
        let drill = drill.clone();
        Callback::from(move |k: ItemKind| drill.set(Some(k)))
    };
    if let Some(kind) = *drill {
        let back = {
            let drill = drill.clone();
            Callback::from(move |_: ()| drill.set(None))
        };
        return html! {
            <section class="oversight" data-testid="oversight">
                <items::Items org_id={current} period={*period} {kind} on_back={back} on_go={go} />
            </section>
        };
    }
    let on_period = {
        let period = period.clone();
        Callback::from(move |p: Period| period.set(p))
    };
    html! {
        <section class="oversight" data-testid="oversight">
            if orgs.len() > 1 {
                <OrgChoice orgs={orgs.clone()} value={current} on_change={go.clone()} />
            }
            <Dashboard key={current.to_string()} org_id={current} period={*period}
                on_period={on_period} on_go={go} {on_drill} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct OrgChoiceProps {
    orgs: Vec<(Id, String)>,
    value: Id,
    on_change: Callback<Id>,
}

#[function_component(OrgChoice)]
fn org_choice(p: &OrgChoiceProps) -> Html {
    let app = use_app();
    let onchange = {
        let (cb, orgs, shown) = (p.on_change.clone(), p.orgs.clone(), p.value);
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            cb.emit(
                orgs.iter()
                    .map(|o| o.0)
                    .find(|id| id.to_string() == v)
                    .unwrap_or(shown),
            );
        })
    };
    html! {
        <label class="field">
            <span class="field-label">{ app.t(OvKey::Org) }</span>
            <select class="input" {onchange} data-testid="oversight-org">
                { for p.orgs.iter().map(|(id, name)| html! {
                    <option value={id.to_string()} selected={*id == p.value}>{ name }</option>
                }) }
            </select>
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct PeriodPickProps {
    pub period: Period,
    pub on_change: Callback<Period>,
}

/// Tháng / Quý / Năm, and the period before and after.
#[function_component(PeriodPick)]
pub fn period_pick(p: &PeriodPickProps) -> Html {
    let app = use_app();
    let kind = Kind::of(p.period);
    let step = |by: i32, key: OvKey, arrow: &'static str, testid: &'static str| {
        let (cb, at) = (p.on_change.clone(), p.period);
        let onclick = Callback::from(move |_: MouseEvent| cb.emit(shift(at, by)));
        html! {
            <button type="button" class="btn ov-step" {onclick} aria-label={app.t(key)}
                title={app.t(key)} data-testid={testid}>{ arrow }</button>
        }
    };
    html! {
        <div class="ov-period" data-testid="oversight-period">
            <div class="segmented" role="group" aria-label={app.t(OvKey::Period)}>
                { for Kind::ALL.iter().map(|&k| {
                    let (cb, at) = (p.on_change.clone(), p.period);
                    let onclick = Callback::from(move |_: MouseEvent| cb.emit(as_kind(at, k)));
                    let label = match k {
                        Kind::Month => OvKey::KindMonth,
                        Kind::Quarter => OvKey::KindQuarter,
                        Kind::Year => OvKey::KindYear,
                    };
                    let on = k == kind;
                    html! {
                        <button type="button" class={classes!("seg", on.then_some("active"))}
                            aria-pressed={on.to_string()} {onclick}
                            data-testid={format!("oversight-kind-{}", k.slug())}>{ app.t(label) }</button>
                    }
                }) }
            </div>
            <div class="ov-steps">
                { step(-1, OvKey::Prev, "‹", "oversight-prev") }
                <strong class="ov-period-label" data-testid="oversight-period-label">{ p.period.label_vi() }</strong>
                { step(1, OvKey::Next, "›", "oversight-next") }
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct DashboardProps {
    pub org_id: Id,
    pub period: Period,
    pub on_period: Callback<Period>,
    pub on_go: Callback<Id>,
    /// Show the items behind a figure.
    pub on_drill: Callback<ItemKind>,
}

type Loaded = Option<((Id, Period), Result<Oversight, ApiError>)>;

#[function_component(Dashboard)]
pub fn dashboard(p: &DashboardProps) -> Html {
    let app = use_app();
    let report = use_state(|| None as Loaded);
    let exported = use_state(|| None::<Result<String, String>>);
    let exporting = use_state(|| false);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let report = report.clone();
        use_effect_with((p.org_id, p.period, synced), move |(org, period, _)| {
            let key = (*org, *period);
            spawn_local(async move {
                report.set(Some((
                    key,
                    crate::oversight::client::report(key.0, key.1).await,
                )));
            });
        });
    }
    let picker = html! { <PeriodPick period={p.period} on_change={p.on_period.clone()} /> };
    let r = match &*report {
        Some((k, Ok(r))) if *k == (p.org_id, p.period) => r,
        Some((k, Err(e))) if *k == (p.org_id, p.period) => {
            return html! {
                <>
                    { picker }
                    <p class="error-text" data-testid="oversight-error">{ &e.message }</p>
                </>
            }
        }
        _ => {
            return html! {
                <>
                    { picker }
                    <p class="muted" data-testid="oversight-loading">{ app.t(OvKey::Loading) }</p>
                </>
            }
        }
    };
    let Some((own, below)) = r.orgs.split_first() else {
        return html! { <>{ picker }<p class="muted">{ app.t(OvKey::NoneBelow) }</p></> };
    };
    // The workbook (`None`) or the committee's report in a document format.
    let export_as = |report: Option<ExportFormat>| {
        let (exported, exporting, org, period) =
            (exported.clone(), exporting.clone(), p.org_id, p.period);
        Callback::from(move |_: MouseEvent| {
            let (exported, exporting) = (exported.clone(), exporting.clone());
            exporting.set(true);
            spawn_local(async move {
                let got = crate::oversight::client::export(org, period, report).await;
                exported.set(Some(got.map_err(|e| e.message)));
                exporting.set(false);
            });
        })
    };
    let crumbs = (!r.trail.is_empty()).then(|| {
        html! {
            <nav class="ov-crumbs" aria-label={app.t(OvKey::Crumbs)} data-testid="oversight-crumbs">
                { trail_crumbs(&r.trail, &p.on_go) }
                <span class="crumb-here" aria-current="page">{ &r.org_name }</span>
            </nav>
        }
    });
    html! {
        <div class="ov-dashboard" data-testid="oversight-dashboard" data-org-id={r.org_id.to_string()}>
            { for crumbs }
            <div class="ov-top">
                <h2 class="ov-title">{ &r.org_name }</h2>
                <div class="ov-exports">
                    <button type="button" class="btn" onclick={export_as(None)} disabled={*exporting}
                        data-testid="oversight-export">
                        { app.t(if *exporting { OvKey::Exporting } else { OvKey::Export }) }
                    </button>
                    <button type="button" class="btn" onclick={export_as(Some(ExportFormat::Docx))}
                        disabled={*exporting} data-testid="oversight-report-docx">
                        { app.t(OvKey::ReportDocx) }
                    </button>
                    <button type="button" class="btn" onclick={export_as(Some(ExportFormat::Pdf))}
                        disabled={*exporting} data-testid="oversight-report-pdf">
                        { app.t(OvKey::ReportPdf) }
                    </button>
                </div>
            </div>
            { picker }
            { match &*exported {
                Some(Ok(name)) => html! { <p class="ok-text small" role="status" data-testid="oversight-exported">{ app.tf(OvKey::Exported, &[name]) }</p> },
                Some(Err(m)) => html! { <p class="error-text small" role="alert" data-testid="oversight-export-error">{ m }</p> },
                None => html! {},
            } }
            { headline(&app, own, r.period, r.cases_visible, &p.on_drill) }
            if !below.is_empty() {
                <section class="card ov-card">
                    <h3 class="card-title">{ app.t(OvKey::BarsTitle) }</h3>
                    <Bars rows={bar_rows(below)} a_label={app.t(OvKey::BarAttendance)}
                        b_label={app.t(OvKey::BarDues)} a_short={app.t(OvKey::ShortAttendance)}
                        b_short={app.t(OvKey::ShortDues)} a_mark={80} b_mark={95} />
                </section>
            }
            <section class="card ov-card">
                <h3 class="card-title">{ app.t(OvKey::LinesTitle) }</h3>
                if r.months.len() > 1 {
                    <Lines points={line_points(r)} a_label={app.t(OvKey::BarAttendance)}
                        b_label={app.t(OvKey::BarDues)} />
                } else {
                    <p class="muted small" data-testid="oversight-lines-hint">{ app.t(OvKey::LinesHint) }</p>
                }
            </section>
            { lights(&app, below, &p.on_go) }
        </div>
    }
}

fn bar_rows(below: &[OrgFigures]) -> Vec<BarRow> {
    below
        .iter()
        .map(|o| BarRow {
            key: o.org_id.to_string(),
            label: o.org_name.clone(),
            a: rate(
                o.figures.meetings.present.into(),
                o.figures.meetings.convened.into(),
            ),
            b: rate(o.figures.dues.collected, o.figures.dues.expected),
        })
        .collect()
}

fn line_points(r: &Oversight) -> Vec<LinePoint> {
    r.months
        .iter()
        .map(|m| LinePoint {
            label: format!(
                "T{}",
                m.month.get(5..).unwrap_or("").trim_start_matches('0')
            ),
            a: rate(m.meetings.present.into(), m.meetings.convened.into()),
            b: rate(m.dues.collected, m.dues.expected),
        })
        .collect()
}

fn tile(title: &str, big: String, lines: Html, testid: &'static str) -> Html {
    html! {
        <div class="ov-tile" data-testid={testid}>
            <small class="ov-tile-title">{ title }</small>
            <strong class="ov-big mono">{ big }</strong>
            <span class="small muted">{ lines }</span>
        </div>
    }
}

/// A figure that opens the items it counts.
fn drill(
    app: &AppHandle,
    kind: ItemKind,
    text: String,
    warn: bool,
    on_drill: &Callback<ItemKind>,
) -> Html {
    let onclick = on_drill.reform(move |_: MouseEvent| kind);
    html! {
        <button type="button" class={classes!("ov-drill", warn.then_some("warn-text"))} {onclick}
            data-testid={format!("oversight-drill-{}", items::kind_slug(kind))}
            aria-label={format!("{}: {text}", app.t(items::kind_label(kind)))}>{ text }</button>
    }
}

fn headline(
    app: &AppHandle,
    own: &OrgFigures,
    period: Period,
    cases: bool,
    on_drill: &Callback<ItemKind>,
) -> Html {
    let f = &own.figures;
    let n = |v: u32| v.to_string();
    let attendance = rate(f.meetings.present.into(), f.meetings.convened.into());
    let dues = rate(f.dues.collected, f.dues.expected);
    let ratings = [
        (OvKey::RatingExcellent, f.ratings[0]),
        (OvKey::RatingGood, f.ratings[1]),
        (OvKey::RatingCompleted, f.ratings[2]),
        (OvKey::RatingNotCompleted, f.ratings[3]),
        (OvKey::RatingNone, f.ratings[4]),
    ];
    html! {
        <section class="card ov-card" data-testid="oversight-headline" data-light={light_slug(own.light)}>
            <h3 class="card-title">
                <span class={classes!("ov-dot", light_slug(own.light))} aria-hidden="true"></span>
                { app.t(OvKey::Headline) }{ " · " }{ period.label_vi() }
            </h3>
            if !own.reasons.is_empty() {
                <p class="small ov-reasons" data-testid="oversight-own-reasons">{ own.reasons.join("; ") }</p>
            }
            <p class="muted small">{ app.t(OvKey::DrillHint) }</p>
            <div class="ov-tiles">
                { tile(app.t(OvKey::Members), n(f.members.full + f.members.probationary), html! {
                    <>{ app.tf(OvKey::MembersLine, &[&n(f.members.full), &n(f.members.probationary)]) }<br />
                    { app.tf(OvKey::JoinedLeft, &[&n(f.members.joined), &n(f.members.left)]) }</>
                }, "oversight-members") }
                { tile(app.t(OvKey::Meetings), n(f.meetings.held), html! {
                    <>{ app.t(OvKey::MeetingsHeld) }<br />
                    { app.tf(OvKey::Attendance, &[&pct(attendance)]) }
                    { app.tf(OvKey::Present, &[&n(f.meetings.present), &n(f.meetings.convened)]) }
                    <span class="ov-drills">
                        { drill(app, ItemKind::MeetingsHeld, app.tf(OvKey::DrillHeld, &[&n(f.meetings.held)]), false, on_drill) }
                        { drill(app, ItemKind::MeetingsMissed, app.t(OvKey::DrillMissed).to_string(), false, on_drill) }
                    </span></>
                }, "oversight-meetings") }
                { tile(app.t(OvKey::Tasks), n(f.tasks.open + f.tasks.on_time + f.tasks.late + f.tasks.overdue), html! {
                    <span class="ov-drills">
                        { drill(app, ItemKind::TasksOpen, app.tf(OvKey::DrillOpen, &[&n(f.tasks.open)]), false, on_drill) }
                        { drill(app, ItemKind::TasksOnTime, app.tf(OvKey::DrillOnTime, &[&n(f.tasks.on_time)]), false, on_drill) }
                        { drill(app, ItemKind::TasksLate, app.tf(OvKey::DrillLate, &[&n(f.tasks.late)]), false, on_drill) }
                        { drill(app, ItemKind::TasksOverdue, app.tf(OvKey::DrillOverdue, &[&n(f.tasks.overdue)]), f.tasks.overdue > 0, on_drill) }
                    </span>
                }, "oversight-tasks") }
                { tile(app.t(OvKey::Study), pct(rate(f.study.finished.into(), f.study.assigned.into())), html! {
                    { app.tf(OvKey::StudyLine, &[&n(f.study.finished), &n(f.study.assigned)]) }
                }, "oversight-study") }
                { tile(app.t(OvKey::Dues), pct(dues), html! {
                    { app.tf(OvKey::DuesLine, &[&show_dong(f.dues.collected), &show_dong(f.dues.expected)]) }
                }, "oversight-dues") }
                // Only for those who may read the cases: office staff would see zeros.
                if cases {
                    { tile(app.t(OvKey::Inspections), n(f.cases.programmes), html! {
                        <>{ app.tf(OvKey::InspectionsLine, &[&n(f.cases.violations), &n(f.cases.disciplines)]) }<br />
                        { app.tf(OvKey::FollowUpLine, &[&n(f.cases.done), &n(f.cases.recommendations)]) }</>
                    }, "oversight-inspections") }
                }
                <div class="ov-tile" data-testid="oversight-ratings">
                    <small class="ov-tile-title">{ app.tf(OvKey::Ratings, &[&period.year().to_string()]) }</small>
                    <ul class="ov-ratings small">
                        { for ratings.iter().map(|(k, v)| html! {
                            <li><span>{ app.t(*k) }</span><strong class="mono">{ v }</strong></li>
                        }) }
                    </ul>
                </div>
            </div>
        </section>
    }
}

fn lights(app: &AppHandle, below: &[OrgFigures], on_go: &Callback<Id>) -> Html {
    html! {
        <section class="card ov-card" data-testid="oversight-lights">
            <h3 class="card-title">{ app.t(OvKey::LightsTitle) }</h3>
            if below.is_empty() {
                <p class="muted small">{ app.t(OvKey::NoneBelow) }</p>
            } else {
                <p class="muted small">{ app.t(OvKey::LightsHint) }</p>
                <ul class="ov-light-list">
                    { for below.iter().map(|o| {
                        let onclick = on_go.reform({ let id = o.org_id; move |_: MouseEvent| id });
                        let slug = light_slug(o.light);
                        html! {
                            <li key={o.org_id.to_string()}>
                                <button type="button" class={classes!("ov-light-row", slug)} {onclick}
                                    data-testid="oversight-row" data-org-id={o.org_id.to_string()} data-light={slug}>
                                    <span class={classes!("ov-dot", slug)} role="img" aria-label={app.t(light_key(o.light))}></span>
                                    <span class="ov-row-text">
                                        <span class="ov-row-name">{ &o.org_name }</span>
                                        <small class="muted">{ app.t(i18n::org_kind(o.kind)) }</small>
                                        <small class="ov-reasons" data-testid="oversight-reasons">
                                            { if o.reasons.is_empty() { app.t(OvKey::AllWell).to_string() } else { o.reasons.join("; ") } }
                                        </small>
                                    </span>
                                    { crate::components::icons::icon(crate::components::icons::Icon::ChevronRight) }
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}
