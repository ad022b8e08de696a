//! Đảng phí (issue 19): "Của tôi" (the member's twelve months, totals and payments),
//! "Sổ thu" (a cell's dues book for its committee and office: every member's months,
//! recording payments, corrections, rates and remittances), "Báo cáo" (an office's
//! report on its level and each one below, drilling down to a cell's book) and "Mức
//! đóng" (a committee's rule table). Everything reads the device's copy; actions the
//! replica says the user may not take (`may_record`) or the permission table denies
//! (`rights`) are hidden, and the server still judges every change at sync.

pub mod book;
pub mod member;
pub mod mine;
pub mod panels;
pub mod report;
pub mod rules;

use crate::components::drill::YearPick;
use crate::dues::form::{months_of, year_choices, FormError};
use crate::dues::strings::DuesKey;
use crate::format::{local_offset_minutes, month_of, now_ms};
use crate::hooks::{use_app, use_orgs, AppHandle};
use crate::rights::Rights;
use sotay_model::dues::Month;
use sotay_model::entities::OrgKind;
use sotay_model::ids::Id;
use sotay_model::permissions::Action as Act;
use sotay_model::Entity;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The current month on this device (the browser's clock: only for what to show).
pub fn this_month() -> Month {
    Month::parse(&month_of(now_ms(), local_offset_minutes())).unwrap_or(Month::of(2026, 1))
}

pub fn error_key(e: FormError) -> DuesKey {
    match e {
        FormError::NeedMonth => DuesKey::NeedMonth,
        FormError::BadMonths => DuesKey::BadMonths,
        FormError::NeedAmount => DuesKey::NeedAmount,
        FormError::BadAmount => DuesKey::BadAmount,
        FormError::BadDate => DuesKey::BadDate,
        FormError::NeedReason => DuesKey::NeedReason,
        FormError::NeedCategory => DuesKey::NeedCategory,
        FormError::BadIncome => DuesKey::BadIncome,
        FormError::NeedCode => DuesKey::NeedCode,
        FormError::NeedName => DuesKey::NeedName,
        FormError::BadPerMille => DuesKey::BadPerMille,
        FormError::BadFixed => DuesKey::BadFixed,
        FormError::NeedRate => DuesKey::NeedRate,
    }
}

/// The texts of form problems in the chosen language.
pub fn error_texts(app: &AppHandle, errs: Vec<FormError>) -> Vec<String> {
    errs.into_iter()
        .map(|e| app.t(error_key(e)).to_string())
        .collect()
}

/// The problems of a form, as the list shown under it.
pub fn errors_html(errs: &[String], testid: &'static str) -> Html {
    if errs.is_empty() {
        return html! {};
    }
    html! {
        <ul class="error-text" role="alert" data-testid={testid}>
            { for errs.iter().map(|e| html! { <li>{ e }</li> }) }
        </ul>
    }
}

/// "12/2026" as a month shows.
pub fn month_label(app: &AppHandle, m: Month) -> String {
    app.tf(
        DuesKey::MonthOf,
        &[&format!("{:02}/{}", m.number(), m.year())],
    )
}

/// A choice of the twelve months of `year`, valued `yyyy-mm`.
pub fn month_select(
    app: &AppHandle,
    year: u32,
    value: &str,
    onchange: Callback<String>,
    testid: &'static str,
) -> Html {
    let onchange =
        onchange.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <select class="input" {onchange} data-testid={testid}>
            { for months_of(year).into_iter().map(|m| {
                let v = m.to_string();
                html! { <option value={v.clone()} selected={v == value}>{ month_label(app, m) }</option> }
            }) }
        </select>
    }
}

#[derive(Properties, PartialEq)]
pub struct YearProps {
    pub year: u32,
    pub on_change: Callback<u32>,
}

/// The year a screen shows.
#[function_component(YearSelect)]
pub fn year_select(p: &YearProps) -> Html {
    let app = use_app();
    html! {
        <YearPick year={p.year} choices={year_choices(this_month(), p.year)} on_change={p.on_change.clone()}
            label={app.t(DuesKey::Year)} testid="dues-year" />
    }
}

/// Organisations where the user's posts give a right, with their names.
fn post_orgs(app: &AppHandle, keep: impl Fn(&Rights, Id, OrgKind) -> bool) -> Vec<(Id, String)> {
    let orgs = app.org_list();
    let rights = Rights::new(app.status.as_ref(), orgs);
    let mut ids: Vec<Id> = rights.positions.iter().map(|p| p.org_id).collect();
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .filter_map(|id| crate::tree::find(orgs, id))
        .filter(|o| keep(&rights, o.id, o.kind))
        .map(|o| (o.id, o.name.clone()))
        .collect()
}

/// The cells whose dues book the user keeps (their committee and office).
pub fn book_cells(app: &AppHandle) -> Vec<(Id, String)> {
    post_orgs(app, |r, id, kind| {
        kind == OrgKind::Cell && r.may(Entity::DuesPayment, Act::Create, id)
    })
}

/// The levels above cells whose dues the user's office reads.
pub fn report_orgs(app: &AppHandle) -> Vec<(Id, String)> {
    post_orgs(app, |r, id, kind| {
        kind != OrgKind::Cell && r.may(Entity::DuesRemittance, Act::Read, id)
    })
}

/// The organisations whose rule table the user's committee sets.
pub fn rule_orgs(app: &AppHandle) -> Vec<(Id, String)> {
    post_orgs(app, |r, id, _| r.may(Entity::DuesRule, Act::Create, id))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Mine,
    Book,
    Report,
    Rules,
}

#[function_component(DuesPage)]
pub fn dues_page() -> Html {
    let app = use_app();
    use_orgs();
    let section = use_state(|| Section::Mine);
    let year = use_state(|| this_month().year());
    let cells = book_cells(&app);
    let reports = report_orgs(&app);
    let rules = rule_orgs(&app);
    let on_year = {
        let year = year.clone();
        Callback::from(move |y: u32| year.set(y))
    };
    let seg = |s: Section, k: DuesKey, testid: &'static str| {
        let onclick = {
            let section = section.clone();
            Callback::from(move |_| section.set(s))
        };
        let on = *section == s;
        html! {
            <button type="button" class={classes!("seg", on.then_some("active"))}
                aria-pressed={on.to_string()} {onclick} data-testid={testid}>{ app.t(k) }</button>
        }
    };
    let offices = !cells.is_empty() || !reports.is_empty() || !rules.is_empty();
    let body = match *section {
        Section::Book if !cells.is_empty() => {
            html! { <book::BookPage cells={cells.clone()} year={*year} on_year={on_year} /> }
        }
        Section::Report if !reports.is_empty() => {
            html! { <report::ReportPage orgs={reports.clone()} year={*year} on_year={on_year} /> }
        }
        Section::Rules if !rules.is_empty() => {
            html! { <rules::RulesPage orgs={rules.clone()} /> }
        }
        _ => html! { <mine::MyDues year={*year} on_year={on_year} /> },
    };
    html! {
        <section class="dues" data-testid="dues">
            if offices {
                <div class="segmented" role="group" data-testid="dues-sections">
                    { seg(Section::Mine, DuesKey::Mine, "dues-mine") }
                    if !cells.is_empty() { { seg(Section::Book, DuesKey::Book, "dues-book") } }
                    if !reports.is_empty() { { seg(Section::Report, DuesKey::Report, "dues-report") } }
                    if !rules.is_empty() { { seg(Section::Rules, DuesKey::Rules, "dues-rules") } }
                </div>
            }
            { body }
        </section>
    }
}
