//! "Sổ thu đảng phí": a cell's members for a year, each month's state at a glance (a
//! grid on a desktop, a list with each member's totals on a phone), one member's
//! months and payments with "Thu đảng phí", "Mức đóng" and "Điều chỉnh", and the
//! cell's remittances with "Nộp cấp trên". The same book opens read-only from an
//! office's report when the answer says the user does not keep it (`may_record`).

use super::member::{balance_text, member_card, state_key};
use super::panels::{BasisPanel, PaymentPanel, RemitPanel};
use super::{this_month, YearSelect};
use crate::components::drill::OrgPick;
use crate::dues::form::{book_totals, month_state, owing_first, MonthState};
use crate::dues::strings::DuesKey;
use crate::format::{show_date, show_dong};
use crate::hooks::{use_app, AppHandle};
use sotay_model::api::ApiError;
use sotay_model::dues::api::{CellDues, MemberDues};
use sotay_model::dues::Month;
use sotay_model::ids::Id;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BookPageProps {
    /// The cells whose book the user keeps.
    pub cells: Vec<(Id, String)>,
    pub year: u32,
    pub on_year: Callback<u32>,
}

/// The book of the user's cell (a choice when they keep several).
#[function_component(BookPage)]
pub fn book_page(p: &BookPageProps) -> Html {
    let app = use_app();
    let chosen = use_state(|| None::<Id>);
    let org = chosen
        .filter(|c| p.cells.iter().any(|(id, _)| id == c))
        .or(p.cells.first().map(|c| c.0));
    let Some(org) = org else {
        return html! {};
    };
    let pick = {
        let chosen = chosen.clone();
        Callback::from(move |id: Id| chosen.set(Some(id)))
    };
    html! {
        <>
            <OrgPick orgs={p.cells.clone()} value={org} on_change={pick} label={app.t(DuesKey::Org)} testid="dues-book-cell" />
            <CellBook key={org.to_string()} org_id={org} year={p.year} on_year={p.on_year.clone()} />
        </>
    }
}

/// A month's mark in the grid: one character, the state in words for readers.
fn mark(s: MonthState) -> &'static str {
    match s {
        MonthState::Paid => "✓",
        MonthState::Advance => "»",
        MonthState::Short => "✗",
        MonthState::NotDue => "·",
        MonthState::Unset => "?",
    }
}

fn grid(app: &AppHandle, book: &CellDues, now: Month, open: &Callback<Id>) -> Html {
    let months = crate::dues::form::months_of(book.year);
    html! {
        <div class="dues-grid-wrap">
            <table class="dues-grid" data-testid="dues-grid">
                <thead><tr>
                    <th scope="col" class="name">{ app.t(DuesKey::Members) }</th>
                    { for months.iter().map(|m| html! { <th scope="col">{ app.tf(DuesKey::MonthShort, &[&m.number().to_string()]) }</th> }) }
                    <th scope="col" class="num">{ app.t(DuesKey::ExpectedToDate) }</th>
                    <th scope="col" class="num">{ app.t(DuesKey::PaidInYear) }</th>
                    <th scope="col" class="num">{ app.t(DuesKey::Balance) }</th>
                </tr></thead>
                <tbody>
                    { for book.members.iter().map(|d| {
                        let id = d.member_id;
                        let onclick = open.reform(move |_: MouseEvent| id);
                        let (balance, class) = balance_text(app, d.balance);
                        html! {
                            <tr key={id.to_string()} data-testid="dues-grid-row" data-member-id={id.to_string()}>
                                <th scope="row" class="name">
                                    <button type="button" class="link-button" {onclick}>{ &d.full_name }</button>
                                </th>
                                { for d.months.iter().map(|l| {
                                    let s = month_state(l, now);
                                    let title = format!("{:02}/{}: {}", l.month.number(), l.month.year(), app.t(state_key(s)));
                                    html! {
                                        <td class={classes!("dues-cell", s.slug())} title={title.clone()} aria-label={title}
                                            data-month={l.month.to_string()} data-state={s.slug()}>{ mark(s) }</td>
                                    }
                                }) }
                                <td class="num mono">{ show_dong(d.expected_to_date) }</td>
                                <td class="num mono">{ show_dong(d.paid_in_year) }</td>
                                <td class={classes!("num", class)}>{ balance }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <p class="small muted dues-legend">
                { for [MonthState::Paid, MonthState::Advance, MonthState::Short, MonthState::NotDue, MonthState::Unset].into_iter().map(|s| html! {
                    <span class={classes!("dues-cell", s.slug())}>{ format!("{} {}", mark(s), app.t(state_key(s))) }</span>
                }) }
            </p>
        </div>
    }
}

fn list(app: &AppHandle, book: &CellDues, open: &Callback<Id>) -> Html {
    html! {
        <ul class="dues-list" data-testid="dues-list">
            { for owing_first(&book.members).into_iter().map(|d| {
                let id = d.member_id;
                let onclick = open.reform(move |_: MouseEvent| id);
                let (balance, class) = balance_text(app, d.balance);
                html! {
                    <li key={id.to_string()}>
                        <button type="button" class="meeting-row dues-row" {onclick}
                            data-testid="dues-member-row" data-member-id={id.to_string()} data-balance={d.balance.to_string()}>
                            <span class="meeting-topic">{ &d.full_name }</span>
                            <span class="small muted">{ d.category_name.clone().unwrap_or_else(|| app.t(DuesKey::NoBasis).to_string()) }</span>
                            <span class="small">
                                <span class="nowrap">{ format!("{} {}", app.t(DuesKey::ExpectedToDate), show_dong(d.expected_to_date)) }</span>
                                { " · " }
                                <span class="nowrap">{ format!("{} {}", app.t(DuesKey::PaidInYear), show_dong(d.paid_in_year)) }</span>
                            </span>
                            <span class={classes!("small", class)}>{ balance }</span>
                        </button>
                    </li>
                }
            }) }
        </ul>
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Panel {
    None,
    Pay,
    Basis,
}

#[derive(Properties, PartialEq)]
pub struct CellBookProps {
    pub org_id: Id,
    pub year: u32,
    pub on_year: Callback<u32>,
}

#[function_component(CellBook)]
pub fn cell_book(p: &CellBookProps) -> Html {
    let app = use_app();
    let book = use_state(|| None::<((Id, u32), Result<CellDues, ApiError>)>);
    let reload = use_state(|| 0u32);
    let member = use_state(|| None::<Id>);
    let panel = use_state(|| Panel::None);
    let remit = use_state(|| false);
    let notice = use_state(|| None::<String>);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let book = book.clone();
        use_effect_with(
            (p.org_id, p.year, synced, *reload),
            move |(org, year, _, _)| {
                let key = (*org, *year);
                spawn_local(async move {
                    book.set(Some((key, crate::dues::client::cell(key.0, key.1).await)));
                });
            },
        );
    }
    let saved = {
        let (reload, panel, remit, notice) =
            (reload.clone(), panel.clone(), remit.clone(), notice.clone());
        let text = app.t(DuesKey::Saved);
        Callback::from(move |_: ()| {
            panel.set(Panel::None);
            remit.set(false);
            notice.set(Some(text.to_string()));
            reload.set(*reload + 1);
        })
    };
    let b = match &*book {
        Some((k, Ok(b))) if *k == (p.org_id, p.year) => b,
        Some((k, Err(e))) if *k == (p.org_id, p.year) => {
            return html! { <p class="error-text" data-testid="dues-error">{ &e.message }</p> }
        }
        _ => return html! { <p class="muted">{ app.t(DuesKey::Loading) }</p> },
    };
    let now = this_month();
    let notice_html = match &*notice {
        Some(n) => html! { <p class="notice" role="status" data-testid="dues-notice">{ n }</p> },
        None => html! {},
    };
    let set_panel = |to: Panel| {
        let (panel, notice) = (panel.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            notice.set(None);
            panel.set(to);
        })
    };
    let close = {
        let panel = panel.clone();
        Callback::from(move |_: ()| panel.set(Panel::None))
    };
    // One member's page.
    if let Some(d) = member.and_then(|id| b.members.iter().find(|m| m.member_id == id)) {
        let back = {
            let (member, panel, notice) = (member.clone(), panel.clone(), notice.clone());
            Callback::from(move |_: MouseEvent| {
                panel.set(Panel::None);
                notice.set(None);
                member.set(None);
            })
        };
        let form = match *panel {
            Panel::Pay => html! {
                <PaymentPanel member={d.clone()} on_saved={saved.clone()} on_cancel={close.clone()} />
            },
            Panel::Basis => html! {
                <BasisPanel member={d.clone()} on_saved={saved.clone()} on_cancel={close.clone()} />
            },
            Panel::None => html! {},
        };
        return html! {
            <div class="dues-book" data-testid="dues-book-member">
                <button type="button" class="btn btn-small meeting-back" onclick={back} data-testid="dues-member-back">
                    { "← " }{ app.t(DuesKey::BackToBook) }{ " · " }{ &b.org_name }
                </button>
                { notice_html }
                if b.may_record && *panel == Panel::None {
                    <div class="actions">
                        <button type="button" class="btn btn-primary" onclick={set_panel(Panel::Pay)} data-testid="dues-pay-open">
                            { app.t(DuesKey::Collect) }</button>
                        <button type="button" class="btn" onclick={set_panel(Panel::Basis)} data-testid="dues-basis-open">
                            { app.t(DuesKey::BasisButton) }</button>
                    </div>
                }
                { form }
                { member_card(&app, d, now, b.may_record, saved.clone()) }
            </div>
        };
    }
    let open = {
        let (member, notice) = (member.clone(), notice.clone());
        Callback::from(move |id: Id| {
            notice.set(None);
            member.set(Some(id));
        })
    };
    let (owed, paid) = book_totals(b);
    let remit_open = {
        let (remit, notice) = (remit.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            notice.set(None);
            remit.set(true);
        })
    };
    let remit_close = {
        let remit = remit.clone();
        Callback::from(move |_: ()| remit.set(false))
    };
    let members: &[MemberDues] = &b.members;
    html! {
        <div class="dues-book" data-testid="dues-book-page" data-org-id={b.org_id.to_string()}>
            <div class="meetings-top">
                <h2>{ app.t(DuesKey::BookTitle) }{ " · " }{ &b.org_name }</h2>
                <YearSelect year={p.year} on_change={p.on_year.clone()} />
            </div>
            if !b.may_record {
                <p class="muted small" data-testid="dues-read-only">{ app.t(DuesKey::ReadOnly) }</p>
            }
            { notice_html }
            <section class="card dues-card" data-testid="dues-book">
                <p class="small" data-testid="dues-book-totals">{ app.tf(DuesKey::BookTotals, &[&show_dong(owed), &show_dong(paid)]) }</p>
                if members.is_empty() {
                    <p class="muted">{ app.t(DuesKey::NoMembers) }</p>
                } else {
                    { grid(&app, b, now, &open) }
                    { list(&app, b, &open) }
                }
            </section>
            <section class="card dues-card" data-testid="dues-remittances">
                <div class="meetings-top">
                    <h3 class="card-title">{ app.t(DuesKey::Remittances) }</h3>
                    if b.may_record && !*remit {
                        <button type="button" class="btn btn-small" onclick={remit_open} data-testid="dues-remit-open">
                            { app.t(DuesKey::Remit) }</button>
                    }
                </div>
                if *remit {
                    <RemitPanel book={b.clone()} on_saved={saved.clone()} on_cancel={remit_close} />
                }
                if b.remittances.is_empty() {
                    <p class="muted small">{ app.t(DuesKey::NoRemittances) }</p>
                } else {
                    <ul class="dues-remit-list">
                        { for b.remittances.iter().map(|r| html! {
                            <li key={r.id.to_string()} data-testid="dues-remittance" data-month={r.month.to_string()}>
                                <strong>{ super::month_label(&app, r.month) }</strong>
                                <span class="mono">{ format!(" · {}", show_dong(r.amount_dong)) }</span>
                                <span class="muted small">{ format!(" · {}", app.tf(DuesKey::PaidOnShown, &[&show_date(&r.paid_on)])) }</span>
                                if !r.note.is_empty() { <span class="muted small">{ format!(" · {}", r.note) }</span> }
                            </li>
                        }) }
                    </ul>
                }
            </section>
        </div>
    }
}
