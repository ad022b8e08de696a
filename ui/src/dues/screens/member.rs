//! One member's year of dues, as the member and the cell's book both show it: the
//! twelve months (owed, paid, what the month says), the totals and balance, and the
//! payment history with corrections shown as such. Where the user keeps the book,
//! each counted payment offers "Điều chỉnh" (a reversing entry with a reason).

use super::{error_texts, errors_html};
use crate::components::confirm::Confirm;
use crate::dues::form::{
    month_state, months_span, payment_kind, reversal, MonthState, PaymentKind,
};
use crate::dues::strings::DuesKey;
use crate::format::{show_date, show_dong};
use crate::hooks::{use_app, use_once, AppHandle};
use sotay_model::dues::api::{MemberDues, PaymentLine};
use sotay_model::dues::{Month, PayMethod};
use sotay_model::ids::Id;
use web_sys::HtmlInputElement;
use yew::prelude::*;

pub fn state_key(s: MonthState) -> DuesKey {
    match s {
        MonthState::Paid => DuesKey::StatePaid,
        MonthState::Advance => DuesKey::StateAdvance,
        MonthState::Short => DuesKey::StateShort,
        MonthState::NotDue => DuesKey::StateNotDue,
        MonthState::Unset => DuesKey::StateUnset,
    }
}

pub fn state_class(s: MonthState) -> &'static str {
    match s {
        MonthState::Paid => "tag tag-ok",
        MonthState::Advance => "tag tag-ok tag-ahead",
        MonthState::Short => "tag tag-danger",
        MonthState::NotDue => "tag tag-plain",
        MonthState::Unset => "tag tag-warn",
    }
}

/// The balance in words: owing, overpaid (for the months to date), or paid up.
pub fn balance_text(app: &AppHandle, balance: i64) -> (String, &'static str) {
    match balance {
        b if b < 0 => (
            app.tf(DuesKey::BalanceOwing, &[&show_dong(-b)]),
            "error-text",
        ),
        b if b > 0 => (app.tf(DuesKey::BalanceAhead, &[&show_dong(b)]), "ok-text"),
        _ => (app.t(DuesKey::BalanceEven).to_string(), "ok-text"),
    }
}

/// The twelve months and the totals.
pub fn months_table(app: &AppHandle, d: &MemberDues, now: Month) -> Html {
    let (balance, class) = balance_text(app, d.balance);
    let dash = "—".to_string();
    html! {
        <>
            <dl class="dues-facts" data-testid="dues-totals">
                <dt>{ app.t(DuesKey::Category) }</dt>
                <dd data-testid="dues-category">{ d.category_name.clone().unwrap_or_else(|| app.t(DuesKey::NoBasis).to_string()) }</dd>
                <dt>{ app.t(DuesKey::Monthly) }</dt>
                <dd class="mono" data-testid="dues-monthly">{ d.monthly.map(show_dong).unwrap_or_else(|| dash.clone()) }</dd>
                <dt>{ app.t(DuesKey::ExpectedToDate) }</dt>
                <dd class="mono">{ show_dong(d.expected_to_date) }</dd>
                <dt>{ app.t(DuesKey::PaidInYear) }</dt>
                <dd class="mono" data-testid="dues-paid-in-year">{ show_dong(d.paid_in_year) }</dd>
                <dt>{ app.t(DuesKey::Balance) }</dt>
                <dd class={class} data-testid="dues-balance" data-balance={d.balance.to_string()}>{ balance }</dd>
            </dl>
            <table class="dues-months" data-testid="dues-months">
                <thead><tr>
                    <th scope="col">{ app.t(DuesKey::Month) }</th>
                    <th scope="col" class="num">{ app.t(DuesKey::Owed) }</th>
                    <th scope="col" class="num">{ app.t(DuesKey::Paid) }</th>
                    <th scope="col">{ app.t(DuesKey::State) }</th>
                </tr></thead>
                <tbody>
                    { for d.months.iter().map(|l| {
                        let s = month_state(l, now);
                        html! {
                            <tr data-testid="dues-month" data-month={l.month.to_string()} data-state={s.slug()}
                                class={classes!((l.month == now).then_some("now"))}>
                                <th scope="row">{ format!("{:02}/{}", l.month.number(), l.month.year()) }</th>
                                <td class="num mono">{ l.expected.map(show_dong).unwrap_or_else(|| dash.clone()) }</td>
                                <td class="num mono" data-testid="dues-month-paid">{ if l.paid != 0 { show_dong(l.paid) } else { dash.clone() } }</td>
                                <td><span class={state_class(s)}>{ app.t(state_key(s)) }</span></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </>
    }
}

fn method_key(m: PayMethod) -> DuesKey {
    match m {
        PayMethod::Cash => DuesKey::Cash,
        PayMethod::Transfer => DuesKey::Transfer,
    }
}

fn payment_facts(app: &AppHandle, p: &PaymentLine) -> String {
    let pay = &p.payment;
    let mut parts = vec![
        app.tf(DuesKey::MonthsShown, &[&months_span(pay.month, pay.months)]),
        app.t(method_key(pay.method)).to_string(),
    ];
    if !pay.receipt_no.is_empty() {
        parts.push(app.tf(DuesKey::ReceiptShown, &[&pay.receipt_no]));
    }
    parts.push(app.tf(DuesKey::PaidOnShown, &[&show_date(&pay.paid_on)]));
    parts.push(app.tf(DuesKey::RecordedBy, &[&p.recorded_by_name]));
    parts.join(" · ")
}

#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    pub payments: Vec<PaymentLine>,
    /// The user keeps the book: counted payments offer "Điều chỉnh".
    pub may_record: bool,
    /// A correction was saved.
    #[prop_or_default]
    pub on_saved: Callback<()>,
}

/// The payments, newest first; a correction shows as its own line, with its reason,
/// and the payment it corrected as corrected.
#[function_component(PaymentHistory)]
pub fn payment_history(p: &HistoryProps) -> Html {
    let app = use_app();
    let open = use_state(|| None::<Id>);
    let reason = use_state(String::new);
    let errors = use_state(Vec::<String>::new);
    let once = use_once::<Id>();
    if p.payments.is_empty() {
        return html! { <p class="muted" data-testid="dues-no-payments">{ app.t(DuesKey::NoPayments) }</p> };
    }
    let lines = p.payments.iter().map(|l| {
        let kind = payment_kind(l);
        let id = l.payment.id;
        let (class, slug) = match kind {
            PaymentKind::Counted => ("", "counted"),
            PaymentKind::Reversed => ("reversed", "reversed"),
            PaymentKind::Reversal => ("reversal", "reversal"),
        };
        let adjust = {
            let (open, reason, errors) = (open.clone(), reason.clone(), errors.clone());
            Callback::from(move |_: MouseEvent| {
                reason.set(String::new());
                errors.set(vec![]);
                open.set(Some(id));
            })
        };
        let confirm = if *open == Some(id) {
            let on_confirm = {
                let (app, reason, errors, once, open, saved) = (
                    app.clone(),
                    reason.clone(),
                    errors.clone(),
                    once.clone(),
                    open.clone(),
                    p.on_saved.clone(),
                );
                Callback::from(move |_: ()| match reversal(id, &reason) {
                    Err(errs) => errors.set(error_texts(&app, errs)),
                    Ok(req) => {
                        errors.set(vec![]);
                        let key = format!("{req:?}");
                        let (errors, open, saved) = (errors.clone(), open.clone(), saved.clone());
                        once.run(key, crate::dues::client::reverse(req), move |r| match r {
                            Ok(_) => {
                                open.set(None);
                                saved.emit(());
                            }
                            Err(e) => errors.set(vec![e.message]),
                        });
                    }
                })
            };
            let on_cancel = {
                let open = open.clone();
                Callback::from(move |_: ()| open.set(None))
            };
            let oninput = {
                let reason = reason.clone();
                Callback::from(move |e: InputEvent| {
                    reason.set(e.target_unchecked_into::<HtmlInputElement>().value())
                })
            };
            let question = app.tf(
                DuesKey::AdjustQuestion,
                &[&show_dong(l.payment.amount_dong), &months_span(l.payment.month, l.payment.months)],
            );
            html! {
                <Confirm {question} confirm_label={app.t(DuesKey::Adjust)} cancel_label={app.t(DuesKey::Cancel)}
                    {on_confirm} {on_cancel} danger=true busy={once.busy()} testid="dues-adjust">
                    <label class="field">
                        <span class="field-label">{ app.t(DuesKey::Reason) }</span>
                        <input class="input" value={(*reason).clone()} {oninput} data-testid="dues-adjust-reason" />
                    </label>
                    { errors_html(&errors, "dues-adjust-error") }
                </Confirm>
            }
        } else {
            html! {}
        };
        html! {
            <li key={id.to_string()} class={classes!("dues-payment", class)} data-testid="dues-payment"
                data-kind={slug} data-payment-id={id.to_string()}>
                <div class="dues-payment-head">
                    <strong class="mono" data-testid="dues-payment-amount">{ show_dong(l.payment.amount_dong) }</strong>
                    if kind == PaymentKind::Reversed {
                        <span class="tag tag-plain">{ app.t(DuesKey::ReversedTag) }</span>
                    }
                    if kind == PaymentKind::Reversal {
                        <span class="tag tag-warn">{ app.t(DuesKey::ReversalTag) }</span>
                    }
                    if p.may_record && kind == PaymentKind::Counted && *open != Some(id) {
                        <button type="button" class="btn btn-small" onclick={adjust} data-testid="dues-adjust-open">
                            { app.t(DuesKey::Adjust) }
                        </button>
                    }
                </div>
                <span class="small muted">{ payment_facts(&app, l) }</span>
                if !l.payment.reason.is_empty() {
                    <span class="small" data-testid="dues-payment-reason">{ app.tf(DuesKey::ReasonShown, &[&l.payment.reason]) }</span>
                }
                { confirm }
            </li>
        }
    });
    html! {
        <ol class="dues-payments" data-testid="dues-history">{ for lines }</ol>
    }
}

/// A member's year as a card: name, months, totals and history.
pub fn member_card(
    app: &AppHandle,
    d: &MemberDues,
    now: Month,
    may_record: bool,
    on_saved: Callback<()>,
) -> Html {
    html! {
        <div class="dues-member-cards">
            <section class="card dues-card" data-testid="dues-member" data-member-id={d.member_id.to_string()}>
                <h3 class="card-title">{ &d.full_name }{ " · " }{ d.year }</h3>
                { months_table(app, d, now) }
            </section>
            <section class="card dues-card">
                <h3 class="card-title">{ app.t(DuesKey::History) }</h3>
                <PaymentHistory payments={d.payments.clone()} {may_record} {on_saved} />
            </section>
        </div>
    }
}
