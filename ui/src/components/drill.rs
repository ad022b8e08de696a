//! The pieces of the screens that walk the organisation tree year by year (the dues
//! report and book, the ratings): a choice among the user's organisations, a year, and
//! the breadcrumb of a drill-down. Each feature passes its own words and test ids.

use sotay_model::ids::Id;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OrgPickProps {
    pub orgs: Vec<(Id, String)>,
    pub value: Id,
    pub on_change: Callback<Id>,
    pub label: AttrValue,
    pub testid: AttrValue,
}

/// A choice among the user's organisations; nothing drawn when there is one.
#[function_component(OrgPick)]
pub fn org_pick(p: &OrgPickProps) -> Html {
    if p.orgs.len() < 2 {
        return html! {};
    }
    let onchange = {
        let (cb, orgs, shown) = (p.on_change.clone(), p.orgs.clone(), p.value);
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let id = orgs
                .iter()
                .map(|o| o.0)
                .find(|id| id.to_string() == v)
                .unwrap_or(shown);
            cb.emit(id);
        })
    };
    html! {
        <label class="field">
            <span class="field-label">{ p.label.clone() }</span>
            <select class="input" {onchange} data-testid={p.testid.clone()}>
                { for p.orgs.iter().map(|(id, name)| html! {
                    <option value={id.to_string()} selected={*id == p.value}>{ name }</option>
                }) }
            </select>
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct YearPickProps {
    pub year: u32,
    pub choices: Vec<u32>,
    pub on_change: Callback<u32>,
    pub label: AttrValue,
    pub testid: AttrValue,
}

#[function_component(YearPick)]
pub fn year_pick(p: &YearPickProps) -> Html {
    let onchange = {
        let (cb, shown) = (p.on_change.clone(), p.year);
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            cb.emit(v.parse().unwrap_or(shown));
        })
    };
    html! {
        <label class="dues-year">
            <span class="field-label">{ p.label.clone() }</span>
            <select class="input" {onchange} data-testid={p.testid.clone()}>
                { for p.choices.iter().map(|y| html! {
                    <option value={y.to_string()} selected={*y == p.year}>{ y }</option>
                }) }
            </select>
        </label>
    }
}

#[derive(Properties, PartialEq)]
pub struct CrumbsProps {
    /// The way down, (id, name), the organisation shown last.
    pub trail: Vec<(Id, String)>,
    /// Go back up to the organisation at this index of the trail.
    pub on_back: Callback<usize>,
    pub label: AttrValue,
    /// The test id of the bar; each crumb's is `crumb_testid`.
    pub testid: AttrValue,
    pub crumb_testid: AttrValue,
}

/// The breadcrumb of a drill-down; nothing drawn at the top.
#[function_component(Crumbs)]
pub fn crumbs(p: &CrumbsProps) -> Html {
    if p.trail.len() < 2 {
        return html! {};
    }
    let last = p.trail.len() - 1;
    html! {
        <nav class="dues-crumbs" aria-label={p.label.clone()} data-testid={p.testid.clone()}>
            { for p.trail.iter().enumerate().map(|(i, (id, name))| {
                if i == last {
                    html! { <span class="crumb-here" aria-current="page">{ name }</span> }
                } else {
                    let onclick = p.on_back.reform(move |_: MouseEvent| i);
                    html! {
                        <>
                            <button type="button" class="link-button" {onclick}
                                data-testid={p.crumb_testid.clone()}
                                data-org-id={id.to_string()}>{ name }</button>
                            <span class="muted">{ " › " }</span>
                        </>
                    }
                }
            }) }
        </nav>
    }
}
