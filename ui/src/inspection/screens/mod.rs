//! "Kiểm tra, giám sát" (issue 17): for a committee or inspection committee post, the
//! organisation's year (chosen like other committee pages): "Chương trình" (the plan and
//! its programmes, and adding one), "Thông báo kết luận" (conclusions notified to the
//! organisation), "Kỷ luật" (records, recording one, appeals) and "Báo cáo" (counts per
//! organisation, "Xuất Excel"); one case with its work. A plain member sees only their
//! own notices and records ("Của tôi"). Actions the replica says the user may not take
//! (`may_*`) are hidden; the server still judges every change at sync.

pub mod case;
pub mod discipline;
pub mod programmes;
pub mod report;

use crate::hooks::{use_app, use_orgs, AppHandle};
use crate::inspection::form::{orgs_where, reads_cases, writes_cases, year_of, FormError};
use crate::inspection::strings::InsKey;
use sotay_model::api::ApiError;
use sotay_model::entities::PositionTitle;
use sotay_model::ids::Id;
use sotay_model::inspection::api::InspectionList;
use sotay_model::inspection::{
    AppealOutcome, CaseStatus, DisciplineForm, InspectionKind, InspectionNotice,
};
use sotay_model::vn::show_date;
use yew::platform::spawn_local;
use yew::prelude::*;

pub fn kind_key(k: InspectionKind) -> InsKey {
    match k {
        InspectionKind::RegularSupervision => InsKey::KindRegular,
        InspectionKind::ThematicSupervision => InsKey::KindThematic,
        InspectionKind::SignsOfViolation => InsKey::KindSigns,
        InspectionKind::LowerInspection => InsKey::KindLower,
        InspectionKind::Dues => InsKey::KindDues,
    }
}

pub fn status_key(s: CaseStatus) -> InsKey {
    match s {
        CaseStatus::Planned => InsKey::StatusPlanned,
        CaseStatus::Working => InsKey::StatusWorking,
        CaseStatus::Concluded => InsKey::StatusConcluded,
        CaseStatus::Closed => InsKey::StatusClosed,
    }
}

pub fn status_slug(s: CaseStatus) -> &'static str {
    match s {
        CaseStatus::Planned => "planned",
        CaseStatus::Working => "working",
        CaseStatus::Concluded => "concluded",
        CaseStatus::Closed => "closed",
    }
}

pub fn form_key(f: DisciplineForm) -> InsKey {
    match f {
        DisciplineForm::Reprimand => InsKey::FormReprimand,
        DisciplineForm::Warning => InsKey::FormWarning,
        DisciplineForm::Dismissal => InsKey::FormDismissal,
        DisciplineForm::Expulsion => InsKey::FormExpulsion,
        DisciplineForm::Dissolution => InsKey::FormDissolution,
    }
}

pub fn outcome_key(o: AppealOutcome) -> InsKey {
    match o {
        AppealOutcome::Upheld => InsKey::OutcomeUpheld,
        AppealOutcome::Reduced => InsKey::OutcomeReduced,
        AppealOutcome::Annulled => InsKey::OutcomeAnnulled,
    }
}

pub fn error_key(e: FormError) -> InsKey {
    match e {
        FormError::NeedTitle => InsKey::NeedTitle,
        FormError::NeedSubject => InsKey::NeedSubject,
        FormError::NeedFrom => InsKey::NeedFrom,
        FormError::NeedTo => InsKey::NeedTo,
        FormError::BadDate => InsKey::BadDate,
        FormError::ToBeforeFrom => InsKey::ToBeforeFrom,
        FormError::NeedText => InsKey::NeedText,
        FormError::NeedConclusion => InsKey::NeedConclusion,
        FormError::NeedRecFields => InsKey::NeedRecFields,
        FormError::NeedDisciplineSubject => InsKey::NeedDisciplineSubject,
        FormError::FormDoesNotFit => InsKey::FormDoesNotFit,
        FormError::NeedViolation => InsKey::NeedViolation,
        FormError::NeedDecidedBy => InsKey::NeedDecidedBy,
        FormError::NeedDecidedOn => InsKey::NeedDecidedOn,
    }
}

pub fn error_texts(app: &AppHandle, errs: Vec<FormError>) -> Vec<String> {
    errs.into_iter()
        .map(|e| app.t(error_key(e)).to_string())
        .collect()
}

/// An enum's serde word, the value of its `<option>`.
pub fn slug<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The enum whose serde word is `s`.
pub fn from_slug<T: serde::de::DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

/// This year on the device (2026 where there is no clock: native tests).
pub fn this_year() -> u32 {
    year_of(crate::format::today_iso().as_deref(), 2026)
}

/// Today shown ngày/tháng/năm, the default of a dated entry.
pub fn today_shown() -> String {
    crate::format::today_iso()
        .map(|d| show_date(&d))
        .unwrap_or_default()
}

/// The organisations where the user's posts pass `allowed`, highest level first.
fn post_orgs(app: &AppHandle, allowed: fn(PositionTitle) -> bool) -> Vec<(Id, String)> {
    let positions = app
        .status
        .as_ref()
        .map(|s| s.positions.clone())
        .unwrap_or_default();
    let all = app.org_list();
    let mut found: Vec<_> = orgs_where(&positions, allowed)
        .into_iter()
        .filter_map(|id| crate::tree::find(all, id))
        .collect();
    found.sort_by_key(|o| (o.kind.depth(), o.name.clone()));
    found.into_iter().map(|o| (o.id, o.name.clone())).collect()
}

/// Where the user reads case material: a committee or inspection committee post.
pub fn reader_orgs(app: &AppHandle) -> Vec<(Id, String)> {
    post_orgs(app, reads_cases)
}

/// Where the user works cases and records decisions.
pub fn writer_orgs(app: &AppHandle) -> Vec<(Id, String)> {
    post_orgs(app, writes_cases)
}

fn holds_reader_post(app: &AppHandle) -> bool {
    app.status
        .as_ref()
        .is_some_and(|s| s.positions.iter().any(|p| reads_cases(p.title)))
}

/// Whether navigation shows the page: to a committee or inspection committee post, or
/// to a member with a notice or a record of their own (asked of the replica after
/// each sync). Office staff and other members never see it.
#[hook]
pub fn use_inspection_visible() -> bool {
    let app = use_app();
    let posts = holds_reader_post(&app);
    let own = use_state(|| false);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    let enrolled = app.enrolled();
    {
        let own = own.clone();
        use_effect_with((posts, enrolled, synced), move |(posts, enrolled, _)| {
            if !*posts && *enrolled {
                spawn_local(async move {
                    let any = crate::inspection::client::mine()
                        .await
                        .is_ok_and(|l| !l.notices.is_empty() || !l.disciplines.is_empty());
                    own.set(any);
                });
            }
        });
    }
    posts || *own
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Programmes,
    Notices,
    Discipline,
    Report,
    Mine,
}

#[function_component(InspectionPage)]
pub fn inspection_page() -> Html {
    let app = use_app();
    use_orgs();
    let orgs = reader_orgs(&app);
    let chosen = use_state(|| None::<Id>);
    let year = use_state(this_year);
    let section = use_state(|| None::<Section>);
    let open = use_state(|| None::<Id>);
    if let Some(id) = *open {
        let back = {
            let open = open.clone();
            Callback::from(move |_: ()| open.set(None))
        };
        return html! { <case::CaseDetail key={id.to_string()} {id} on_back={back} /> };
    }
    let on_open = {
        let open = open.clone();
        Callback::from(move |id: Id| open.set(Some(id)))
    };
    let org = chosen.or_else(|| orgs.first().map(|o| o.0));
    let current = section.unwrap_or(if org.is_some() {
        Section::Programmes
    } else {
        Section::Mine
    });
    let seg = |s: Section, k: InsKey, testid: &'static str| {
        let section = section.clone();
        let onclick = Callback::from(move |_: MouseEvent| section.set(Some(s)));
        html! {
            <button type="button" class={classes!("seg", (s == current).then_some("active"))}
                aria-pressed={(s == current).to_string()} {onclick} data-testid={testid}>
                { app.t(k) }
            </button>
        }
    };
    let pick_org = {
        let (chosen, orgs) = (chosen.clone(), orgs.clone());
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            chosen.set(orgs.iter().map(|o| o.0).find(|id| id.to_string() == v));
        })
    };
    let step = |by: i32, label: &'static str, testid: &'static str| {
        let year = year.clone();
        let onclick = Callback::from(move |_: MouseEvent| year.set(year.saturating_add_signed(by)));
        html! { <button type="button" class="btn ov-step" {onclick} data-testid={testid}>{ label }</button> }
    };
    let body = match (current, org) {
        (Section::Mine, _) | (_, None) => html! { <MineView /> },
        (Section::Report, Some(org)) => {
            html! { <report::ReportPane key={format!("{org}-{}", *year)} org_id={org} year={*year} /> }
        }
        (s, Some(org)) => {
            html! { <OrgView key={format!("{org}-{}", *year)} org_id={org} year={*year} section={s} on_open={on_open} /> }
        }
    };
    html! {
        <section class="inspection" data-testid="inspection">
            <div class="meetings-top">
                <h2>{ app.t(InsKey::Title) }</h2>
            </div>
            if let Some(org) = org {
                if orgs.len() > 1 {
                    <label class="field">
                        <span class="field-label">{ app.t(InsKey::Org) }</span>
                        <select class="input" onchange={pick_org} data-testid="inspection-org">
                            { for orgs.iter().map(|(id, name)| html! {
                                <option value={id.to_string()} selected={*id == org}>{ name }</option>
                            }) }
                        </select>
                    </label>
                }
                <div class="ov-steps" data-testid="inspection-year">
                    { step(-1, "‹", "inspection-year-prev") }
                    <strong class="ov-period-label">{ format!("{} {}", app.t(InsKey::Year), *year) }</strong>
                    { step(1, "›", "inspection-year-next") }
                </div>
                <div class="segmented" role="group" data-testid="inspection-sections">
                    { seg(Section::Programmes, InsKey::Programmes, "inspection-programmes") }
                    { seg(Section::Notices, InsKey::Notices, "inspection-notices") }
                    { seg(Section::Discipline, InsKey::Discipline, "inspection-discipline") }
                    { seg(Section::Report, InsKey::Report, "inspection-report") }
                    { seg(Section::Mine, InsKey::Mine, "inspection-mine") }
                </div>
            }
            { body }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct OrgViewProps {
    org_id: Id,
    year: u32,
    section: Section,
    on_open: Callback<Id>,
}

/// One organisation's year: its list read once per sync, shown by section.
#[function_component(OrgView)]
fn org_view(p: &OrgViewProps) -> Html {
    let app = use_app();
    let list = use_state(|| None::<Result<InspectionList, ApiError>>);
    let reload = use_state(|| 0u32);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let list = list.clone();
        use_effect_with(
            (p.org_id, p.year, synced, *reload),
            move |(org, year, _, _)| {
                let (org, year) = (*org, *year);
                spawn_local(async move {
                    list.set(Some(crate::inspection::client::of_org(org, year).await))
                });
            },
        );
    }
    let l = match &*list {
        None => return html! { <p class="muted">{ app.t(InsKey::Loading) }</p> },
        Some(Err(e)) => {
            return html! { <p class="error-text" role="alert" data-testid="inspection-error">{ &e.message }</p> }
        }
        Some(Ok(l)) => l.clone(),
    };
    let changed = {
        let reload = reload.clone();
        Callback::from(move |_: ()| reload.set(*reload + 1))
    };
    match p.section {
        Section::Notices => notices_html(&app, &l.notices),
        Section::Discipline => html! {
            <discipline::DisciplinePane org_id={p.org_id} list={l.disciplines.clone()}
                may_record={l.may_discipline} on_changed={changed} />
        },
        _ => html! {
            <programmes::ProgrammesPane org_id={p.org_id} year={p.year} list={l}
                on_open={p.on_open.clone()} on_changed={changed} />
        },
    }
}

/// Conclusions notified ("Thông báo kết luận"), newest first.
pub fn notices_html(app: &AppHandle, notices: &[InspectionNotice]) -> Html {
    if notices.is_empty() {
        return html! { <p class="muted" data-testid="inspection-no-notices">{ app.t(InsKey::NoNotices) }</p> };
    }
    let mut notices = notices.to_vec();
    notices.sort_by(|a, b| b.notified_on.cmp(&a.notified_on));
    let orgs = app.org_list();
    html! {
        <ul class="meeting-list inspection-notices" data-testid="inspection-notice-list">
            { for notices.iter().map(|n| {
                let from = crate::tree::find(orgs, n.inspector_org_id).map(|o| o.name.clone()).unwrap_or_default();
                html! {
                    <li class="card inspection-notice" key={n.id.to_string()} data-testid="inspection-notice">
                        <h3 class="card-title">{ &n.title }</h3>
                        <p class="small muted">
                            { app.tf(InsKey::NoticeFrom, &[app.t(kind_key(n.kind)), &from]) }
                            { " · " }{ app.tf(InsKey::NotifiedOn, &[&show_date(&n.notified_on)]) }
                        </p>
                        <p style="white-space:pre-wrap" data-testid="inspection-notice-text">{ &n.conclusion }</p>
                    </li>
                }
            }) }
        </ul>
    }
}

/// "Của tôi": the member's own notices and records, with the appeal they may lodge.
#[function_component(MineView)]
fn mine_view() -> Html {
    let app = use_app();
    let list = use_state(|| None::<Result<InspectionList, ApiError>>);
    let reload = use_state(|| 0u32);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let list = list.clone();
        use_effect_with((synced, *reload), move |_| {
            spawn_local(async move { list.set(Some(crate::inspection::client::mine().await)) });
        });
    }
    let l = match &*list {
        None => return html! { <p class="muted">{ app.t(InsKey::Loading) }</p> },
        Some(Err(e)) => {
            return html! { <p class="error-text" role="alert" data-testid="inspection-error">{ &e.message }</p> }
        }
        Some(Ok(l)) => l.clone(),
    };
    let changed = {
        let reload = reload.clone();
        Callback::from(move |_: ()| reload.set(*reload + 1))
    };
    if l.notices.is_empty() && l.disciplines.is_empty() {
        return html! { <p class="muted" data-testid="inspection-mine-empty">{ app.t(InsKey::NothingHere) }</p> };
    }
    html! {
        <div data-testid="inspection-mine-list">
            if !l.notices.is_empty() {
                <h3 class="section-title">{ app.t(InsKey::Notices) }</h3>
                { notices_html(&app, &l.notices) }
            }
            if !l.disciplines.is_empty() {
                <h3 class="section-title">{ app.t(InsKey::Discipline) }</h3>
                { for l.disciplines.iter().map(|d| html! {
                    <discipline::DisciplineCard key={d.discipline.id.to_string()} view={d.clone()} on_changed={changed.clone()} />
                }) }
            }
        </div>
    }
}
