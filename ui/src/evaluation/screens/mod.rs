//! Đánh giá, xếp loại (issue 19): "Của tôi" (the member's self-assessment for the
//! year and their years), "Chi bộ" (the cell's proposal, for its committee and
//! office) and "Xếp loại" (committees above the cells: organisations' counts and
//! ratings, a cell's members decided). Everything reads the device's copy; what the
//! replica says the user may not do (`may_propose`, `may_decide`) is hidden, and the
//! server still judges every change at sync.

pub mod cell;
pub mod mine;
pub mod rating;

use crate::components::drill::YearPick;
use crate::evaluation::form::{default_year, rating_value, year_choices, FormError, Share};
use crate::evaluation::strings::EvalKey;
use crate::format::{local_offset_minutes, month_of, now_ms};
use crate::hooks::{use_app, use_orgs, AppHandle};
use sotay_model::entities::{OrgKind, PositionTitle};
use sotay_model::evaluation::{Rating, SelfAssessment};
use sotay_model::ids::Id;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// This year and month on this device (the browser's clock: only for what to show).
pub fn this_year_month() -> (u32, u32) {
    let m = month_of(now_ms(), local_offset_minutes());
    let y = m.get(0..4).and_then(|s| s.parse().ok()).unwrap_or(2026);
    let mo = m.get(5..7).and_then(|s| s.parse().ok()).unwrap_or(12);
    (y, mo)
}

pub fn rating_key(r: Rating) -> EvalKey {
    match r {
        Rating::Excellent => EvalKey::Excellent,
        Rating::Good => EvalKey::Good,
        Rating::Completed => EvalKey::Completed,
        Rating::NotCompleted => EvalKey::NotCompleted,
    }
}

pub fn short_key(r: Rating) -> EvalKey {
    match r {
        Rating::Excellent => EvalKey::ExcellentShort,
        Rating::Good => EvalKey::GoodShort,
        Rating::Completed => EvalKey::CompletedShort,
        Rating::NotCompleted => EvalKey::NotCompletedShort,
    }
}

/// A grade as a tag (or "chưa xếp loại").
pub fn rating_tag(app: &AppHandle, r: Option<Rating>, testid: &'static str) -> Html {
    let (class, text, value) = match r {
        Some(Rating::Excellent) => (
            "tag tag-ok eval-excellent",
            app.t(EvalKey::Excellent),
            "excellent",
        ),
        Some(Rating::Good) => ("tag tag-ok", app.t(EvalKey::Good), "good"),
        Some(Rating::Completed) => ("tag tag-plain", app.t(EvalKey::Completed), "completed"),
        Some(Rating::NotCompleted) => (
            "tag tag-danger",
            app.t(EvalKey::NotCompleted),
            "not_completed",
        ),
        None => ("tag tag-warn", app.t(EvalKey::NoGrade), ""),
    };
    html! { <span class={class} data-testid={testid} data-rating={value}>{ text }</span> }
}

/// A choice of the four grades (and "chọn mức" when empty), valued by wire word.
pub fn rating_select(
    app: &AppHandle,
    value: &str,
    onchange: Callback<String>,
    testid: String,
    disabled: bool,
) -> Html {
    let onchange =
        onchange.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <select class="input" {onchange} data-testid={testid} {disabled}>
            <option value="" selected={value.is_empty()}>{ app.t(EvalKey::PickRating) }</option>
            { for Rating::ALL.into_iter().map(|r| {
                let v = rating_value(r);
                html! { <option value={v} selected={v == value}>{ app.t(rating_key(r)) }</option> }
            }) }
        </select>
    }
}

/// "Xuất sắc: 1 / tối đa 1 (20% của 5 tốt)", red when over.
pub fn share_line(app: &AppHandle, s: Share, testid: &'static str) -> Html {
    let text = app.tf(
        EvalKey::ShareLine,
        &[
            &s.excellent.to_string(),
            &s.most.to_string(),
            &s.good.to_string(),
        ],
    );
    html! {
        <p class={classes!("eval-share", if s.ok() { "ok-text" } else { "error-text" })}
            data-testid={testid} data-ok={s.ok().to_string()}>
            { text }
            if !s.ok() { <br /><small>{ app.t(EvalKey::ShareOver) }</small> }
        </p>
    }
}

pub fn error_texts(app: &AppHandle, errs: Vec<FormError>) -> Vec<String> {
    errs.into_iter()
        .map(|e| match e {
            FormError::NeedResults => app.t(EvalKey::NeedResults).to_string(),
            FormError::TooLong => app.t(EvalKey::TooLong).to_string(),
            FormError::NeedOneRating => app.t(EvalKey::NeedOneRating).to_string(),
            FormError::NoteTooLong => app.t(EvalKey::NoteTooLong).to_string(),
            FormError::NeedGrade => app.t(EvalKey::NeedGrade).to_string(),
            // The model's rule words it with the figures, in Vietnamese.
            FormError::OverShare(why) => why,
        })
        .collect()
}

pub fn errors_html(errs: &[String], testid: String) -> Html {
    if errs.is_empty() {
        return html! {};
    }
    html! {
        <ul class="error-text" role="alert" data-testid={testid}>
            { for errs.iter().map(|e| html! { <li>{ e }</li> }) }
        </ul>
    }
}

/// A self-assessment's six sections and the self-rating, to read.
pub fn assessment_view(app: &AppHandle, a: &SelfAssessment) -> Html {
    let section = |k: EvalKey, text: &str| {
        if text.is_empty() {
            return html! {};
        }
        html! { <><dt>{ app.t(k) }</dt><dd>{ text.to_string() }</dd></> }
    };
    html! {
        <dl class="eval-sections" data-testid="eval-assessment">
            { section(EvalKey::Political, &a.political) }
            { section(EvalKey::Ethics, &a.ethics) }
            { section(EvalKey::Lifestyle, &a.lifestyle) }
            { section(EvalKey::Results, &a.results) }
            { section(EvalKey::Shortcomings, &a.shortcomings) }
            { section(EvalKey::Direction, &a.direction) }
            <dt>{ app.t(EvalKey::SelfRating) }</dt>
            <dd>{ rating_tag(app, a.self_rating, "eval-self-rating") }</dd>
        </dl>
    }
}

#[derive(Properties, PartialEq)]
pub struct YearProps {
    pub year: u32,
    pub on_change: Callback<u32>,
}

#[function_component(YearSelect)]
pub fn year_select(p: &YearProps) -> Html {
    let app = use_app();
    html! {
        <YearPick year={p.year} choices={year_choices(this_year_month().0, p.year)} on_change={p.on_change.clone()}
            label={app.t(EvalKey::Year)} testid="eval-year" />
    }
}

/// The organisations where the user holds a post matching `keep`, with their names.
fn post_orgs(app: &AppHandle, keep: impl Fn(PositionTitle, OrgKind) -> bool) -> Vec<(Id, String)> {
    let orgs = app.org_list();
    let mut ids: Vec<Id> = app
        .status
        .as_ref()
        .map(|s| {
            s.positions
                .iter()
                .filter(|p| {
                    crate::tree::find(orgs, p.org_id).is_some_and(|o| keep(p.title, o.kind))
                })
                .map(|p| p.org_id)
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .filter_map(|id| crate::tree::find(orgs, id))
        .map(|o| (o.id, o.name.clone()))
        .collect()
}

/// The cells whose proposal the user's committee or office makes.
pub fn propose_cells(app: &AppHandle) -> Vec<(Id, String)> {
    post_orgs(app, |_, kind| kind == OrgKind::Cell)
}

/// The levels above cells where the user sits on the committee (who decide).
pub fn decide_orgs(app: &AppHandle) -> Vec<(Id, String)> {
    post_orgs(app, |title, kind| {
        kind != OrgKind::Cell && title.on_committee()
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Mine,
    Cell,
    Rating,
}

#[function_component(EvaluationPage)]
pub fn evaluation_page() -> Html {
    let app = use_app();
    use_orgs();
    let section = use_state(|| Section::Mine);
    let year = use_state(|| {
        let (y, m) = this_year_month();
        default_year(y, m)
    });
    let cells = propose_cells(&app);
    let decides = decide_orgs(&app);
    let on_year = {
        let year = year.clone();
        Callback::from(move |y: u32| year.set(y))
    };
    let seg = |s: Section, k: EvalKey, testid: &'static str| {
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
    let body = match *section {
        Section::Cell if !cells.is_empty() => {
            html! { <cell::CellPage cells={cells.clone()} year={*year} on_year={on_year} /> }
        }
        Section::Rating if !decides.is_empty() => {
            html! { <rating::RatingPage orgs={decides.clone()} year={*year} on_year={on_year} /> }
        }
        _ => html! { <mine::MyEvaluation year={*year} on_year={on_year} /> },
    };
    html! {
        <section class="evaluation" data-testid="evaluation">
            if !cells.is_empty() || !decides.is_empty() {
                <div class="segmented" role="group" data-testid="eval-sections">
                    { seg(Section::Mine, EvalKey::Mine, "eval-mine") }
                    if !cells.is_empty() { { seg(Section::Cell, EvalKey::Cell, "eval-cell") } }
                    if !decides.is_empty() { { seg(Section::Rating, EvalKey::Rating, "eval-rating") } }
                </div>
            }
            { body }
        </section>
    }
}
