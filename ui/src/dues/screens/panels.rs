//! The dues book's forms: "Thu đảng phí" (a payment, months ahead pre-filling the
//! amount), "Mức đóng" (a member's category, income and first month) and "Nộp cấp
//! trên" (a remittance, pre-filled with what the month collected). Each is saved on
//! the device at once (offline too) and sent once, however often it is pressed.

use super::{error_texts, errors_html, month_select, this_month};
use crate::dues::form::{
    categories, collected_in, month_state, preview, BasisForm, MonthState, PaymentForm,
    RemittanceForm,
};
use crate::dues::strings::DuesKey;
use crate::format::show_dong;
use crate::hooks::{use_app, use_once};
use sotay_model::api::ApiError;
use sotay_model::dues::api::{CellDues, MemberDues, RuleView};
use sotay_model::dues::{Month, PayMethod};
use sotay_model::ids::Id;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

/// A text field bound to one field of a form kept in a state.
fn input<F: Clone + 'static>(
    form: &UseStateHandle<F>,
    set: fn(&mut F, String),
) -> Callback<InputEvent> {
    let form = form.clone();
    Callback::from(move |e: InputEvent| {
        let mut next = (*form).clone();
        set(
            &mut next,
            e.target_unchecked_into::<HtmlInputElement>().value(),
        );
        form.set(next);
    })
}

fn chosen<F: Clone + 'static>(
    form: &UseStateHandle<F>,
    set: fn(&mut F, String),
) -> Callback<String> {
    let form = form.clone();
    Callback::from(move |v: String| {
        let mut next = (*form).clone();
        set(&mut next, v);
        form.set(next);
    })
}

/// The month a payment starts at by default: the member's first month still owed,
/// else this month (in the year shown), else January.
fn first_owed(d: &MemberDues, now: Month) -> Month {
    d.months
        .iter()
        .find(|l| matches!(month_state(l, now), MonthState::Short))
        .map(|l| l.month)
        .unwrap_or(if now.year() == d.year {
            now
        } else {
            Month::of(d.year, 1)
        })
}

#[derive(Properties, PartialEq)]
pub struct PaymentProps {
    pub member: MemberDues,
    pub on_saved: Callback<()>,
    pub on_cancel: Callback<()>,
}

#[function_component(PaymentPanel)]
pub fn payment_panel(p: &PaymentProps) -> Html {
    let app = use_app();
    let form = {
        let d = p.member.clone();
        use_state(move || PaymentForm::new(d.member_id, first_owed(&d, this_month()), d.monthly))
    };
    let errors = use_state(Vec::<String>::new);
    let once = use_once::<Id>();
    let on_method = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            next.method = match e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .as_str()
            {
                "transfer" => PayMethod::Transfer,
                _ => PayMethod::Cash,
            };
            form.set(next);
        })
    };
    let submit = {
        let (app, form, errors, once, saved) = (
            app.clone(),
            form.clone(),
            errors.clone(),
            once.clone(),
            p.on_saved.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form.to_request() {
                Err(errs) => errors.set(error_texts(&app, errs)),
                Ok(req) => {
                    errors.set(vec![]);
                    let key = format!("{req:?}");
                    let (errors, saved) = (errors.clone(), saved.clone());
                    once.run(key, crate::dues::client::record(req), move |r| match r {
                        Ok(_) => saved.emit(()),
                        Err(e) => errors.set(vec![e.message]),
                    });
                }
            }
        })
    };
    let cancel = p.on_cancel.reform(|_: MouseEvent| ());
    let f = &*form;
    html! {
        <form class="card dues-form" onsubmit={submit} data-testid="dues-pay-form">
            <h3 class="card-title">{ app.tf(DuesKey::CollectFor, &[&p.member.full_name]) }</h3>
            <div class="form-row">
                <label class="field">
                    <span class="field-label">{ app.t(DuesKey::FirstMonth) }</span>
                    { month_select(&app, p.member.year, &f.month, chosen(&form, |f, v| f.month = v), "dues-pay-month") }
                </label>
                <label class="field">
                    <span class="field-label">{ app.t(DuesKey::MonthsCount) }</span>
                    <input class="input mono" type="number" min="1" max="24" inputmode="numeric"
                        value={f.months.clone()} oninput={input(&form, PaymentForm::set_months)} data-testid="dues-pay-months" />
                    <span class="field-hint">{ app.t(DuesKey::MonthsHint) }</span>
                </label>
            </div>
            <div class="form-row">
                <label class="field">
                    <span class="field-label">{ app.t(DuesKey::Amount) }</span>
                    <input class="input mono" inputmode="numeric" value={f.amount.clone()}
                        oninput={input(&form, PaymentForm::set_amount)} data-testid="dues-pay-amount" />
                    <span class="field-hint">{ app.t(DuesKey::AmountHint) }</span>
                </label>
                <label class="field">
                    <span class="field-label">{ app.t(DuesKey::Method) }</span>
                    <select class="input" onchange={on_method} data-testid="dues-pay-method">
                        <option value="cash" selected={f.method == PayMethod::Cash}>{ app.t(DuesKey::Cash) }</option>
                        <option value="transfer" selected={f.method == PayMethod::Transfer}>{ app.t(DuesKey::Transfer) }</option>
                    </select>
                </label>
            </div>
            <div class="form-row">
                <label class="field">
                    <span class="field-label">{ app.t(DuesKey::ReceiptNo) }</span>
                    <input class="input mono" value={f.receipt_no.clone()}
                        oninput={input(&form, |f, v| f.receipt_no = v)} data-testid="dues-pay-receipt" />
                </label>
                <label class="field">
                    <span class="field-label">{ app.t(DuesKey::PaidOn) }</span>
                    <input class="input mono" inputmode="numeric" placeholder={app.t(DuesKey::DateHint)} value={f.paid_on.clone()}
                        oninput={input(&form, |f, v| f.paid_on = v)} data-testid="dues-pay-date" />
                </label>
            </div>
            { errors_html(&errors, "dues-pay-error") }
            <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={once.busy()} aria-busy={once.busy().to_string()}
                    data-testid="dues-pay-submit">{ app.t(DuesKey::Record) }</button>
                <button type="button" class="btn" onclick={cancel}>{ app.t(DuesKey::Cancel) }</button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct BasisProps {
    pub member: MemberDues,
    pub on_saved: Callback<()>,
    pub on_cancel: Callback<()>,
}

/// "Mức đóng" of one member: the categories are the rules that apply to the cell.
#[function_component(BasisPanel)]
pub fn basis_panel(p: &BasisProps) -> Html {
    let app = use_app();
    let rules = use_state(|| None::<Result<Vec<RuleView>, ApiError>>);
    let form = {
        let (id, year) = (p.member.member_id, p.member.year);
        let now = this_month();
        let from = if now.year() == year {
            now
        } else {
            Month::of(year, 1)
        };
        let basis = p.member.basis.clone();
        use_state(move || match basis {
            Some(b) => BasisForm::from_basis(&b, from),
            None => BasisForm::new(id, from),
        })
    };
    let errors = use_state(Vec::<String>::new);
    let once = use_once::<Id>();
    {
        let rules = rules.clone();
        use_effect_with(p.member.cell_id, move |cell| {
            let cell = *cell;
            spawn_local(async move { rules.set(Some(crate::dues::client::rules(cell).await)) });
        });
    }
    let submit = {
        let (app, form, errors, once, saved) = (
            app.clone(),
            form.clone(),
            errors.clone(),
            once.clone(),
            p.on_saved.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form.to_request() {
                Err(errs) => errors.set(error_texts(&app, errs)),
                Ok(req) => {
                    errors.set(vec![]);
                    let key = format!("{req:?}");
                    let (errors, saved) = (errors.clone(), saved.clone());
                    once.run(key, crate::dues::client::set_basis(req), move |r| match r {
                        Ok(_) => saved.emit(()),
                        Err(e) => errors.set(vec![e.message]),
                    });
                }
            }
        })
    };
    let cancel = p.on_cancel.reform(|_: MouseEvent| ());
    let f = &*form;
    let list = match &*rules {
        None => return html! { <p class="muted">{ app.t(DuesKey::Loading) }</p> },
        Some(Err(e)) => return html! { <p class="error-text">{ &e.message }</p> },
        Some(Ok(r)) => r,
    };
    let offered = categories(list);
    let on_category = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            next.category = e.target_unchecked_into::<HtmlSelectElement>().value();
            form.set(next);
        })
    };
    let each = preview(list, &f.category, &f.income);
    html! {
        <form class="card dues-form" onsubmit={submit} data-testid="dues-basis-form">
            <h3 class="card-title">{ app.tf(DuesKey::BasisTitle, &[&p.member.full_name]) }</h3>
            if offered.is_empty() {
                <p class="muted" data-testid="dues-no-rules">{ app.t(DuesKey::NoRulesForCell) }</p>
            }
            <div class="form-row">
                <label class="field">
                    <span class="field-label">{ app.t(DuesKey::Category) }</span>
                    <select class="input" onchange={on_category} data-testid="dues-basis-category">
                        <option value="" selected={f.category.is_empty()}>{ app.t(DuesKey::PickCategory) }</option>
                        { for offered.iter().map(|r| {
                            let rate = crate::dues::form::rate_text(r.rule.per_mille, r.rule.fixed_dong, app.t(DuesKey::OfIncome));
                            html! {
                                <option value={r.rule.category.clone()} selected={r.rule.category == f.category}>
                                    { format!("{} ({rate})", r.rule.name) }
                                </option>
                            }
                        }) }
                    </select>
                </label>
                <label class="field">
                    <span class="field-label">{ app.t(DuesKey::FromMonth) }</span>
                    { month_select(&app, p.member.year, &f.from_month, chosen(&form, |f, v| f.from_month = v), "dues-basis-month") }
                </label>
            </div>
            <label class="field">
                <span class="field-label">{ app.t(DuesKey::Income) }</span>
                <input class="input mono" inputmode="numeric" value={f.income.clone()}
                    oninput={input(&form, |f, v| f.income = v)} data-testid="dues-basis-income" />
                <span class="field-hint">{ app.t(DuesKey::IncomeHint) }</span>
            </label>
            if let Some(each) = each {
                <p class="ok-text" data-testid="dues-basis-preview">{ app.tf(DuesKey::PreviewMonthly, &[&show_dong(each)]) }</p>
            }
            { errors_html(&errors, "dues-basis-error") }
            <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={once.busy()} aria-busy={once.busy().to_string()}
                    data-testid="dues-basis-submit">{ app.t(DuesKey::Save) }</button>
                <button type="button" class="btn" onclick={cancel}>{ app.t(DuesKey::Cancel) }</button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
pub struct RemitProps {
    pub book: CellDues,
    pub on_saved: Callback<()>,
    pub on_cancel: Callback<()>,
}

/// "Nộp cấp trên": a month, its amount pre-filled with what the cell collected for it.
#[function_component(RemitPanel)]
pub fn remit_panel(p: &RemitProps) -> Html {
    let app = use_app();
    let form = {
        let book = p.book.clone();
        let now = this_month();
        let month = if now.year() == book.year {
            now
        } else {
            Month::of(book.year, 12)
        };
        use_state(move || RemittanceForm::new(&book, month))
    };
    let errors = use_state(Vec::<String>::new);
    let once = use_once::<Id>();
    let on_month = {
        let (form, book) = (form.clone(), p.book.clone());
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            next.set_month(v, &book);
            form.set(next);
        })
    };
    let submit = {
        let (app, form, errors, once, saved) = (
            app.clone(),
            form.clone(),
            errors.clone(),
            once.clone(),
            p.on_saved.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form.to_request() {
                Err(errs) => errors.set(error_texts(&app, errs)),
                Ok(req) => {
                    errors.set(vec![]);
                    let key = format!("{req:?}");
                    let (errors, saved) = (errors.clone(), saved.clone());
                    once.run(key, crate::dues::client::remit(req), move |r| match r {
                        Ok(_) => saved.emit(()),
                        Err(e) => errors.set(vec![e.message]),
                    });
                }
            }
        })
    };
    let cancel = p.on_cancel.reform(|_: MouseEvent| ());
    let f = &*form;
    let collected = Month::parse(&f.month).map(|m| collected_in(&p.book, m));
    html! {
        <form class="card dues-form" onsubmit={submit} data-testid="dues-remit-form">
            <h3 class="card-title">{ app.t(DuesKey::RemitTitle) }</h3>
            <div class="form-row">
                <label class="field">
                    <span class="field-label">{ app.t(DuesKey::Month) }</span>
                    { month_select(&app, p.book.year, &f.month, on_month, "dues-remit-month") }
                    if let Some(c) = collected {
                        <span class="field-hint" data-testid="dues-remit-collected">{ app.tf(DuesKey::CollectedIn, &[&show_dong(c)]) }</span>
                    }
                </label>
                <label class="field">
                    <span class="field-label">{ app.t(DuesKey::Amount) }</span>
                    <input class="input mono" inputmode="numeric" value={f.amount.clone()}
                        oninput={input(&form, RemittanceForm::set_amount)} data-testid="dues-remit-amount" />
                </label>
            </div>
            <div class="form-row">
                <label class="field">
                    <span class="field-label">{ app.t(DuesKey::PaidOn) }</span>
                    <input class="input mono" inputmode="numeric" placeholder={app.t(DuesKey::DateHint)} value={f.paid_on.clone()}
                        oninput={input(&form, |f, v| f.paid_on = v)} data-testid="dues-remit-date" />
                </label>
                <label class="field">
                    <span class="field-label">{ app.t(DuesKey::Note) }</span>
                    <input class="input" value={f.note.clone()}
                        oninput={input(&form, |f, v| f.note = v)} data-testid="dues-remit-note" />
                </label>
            </div>
            { errors_html(&errors, "dues-remit-error") }
            <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={once.busy()} aria-busy={once.busy().to_string()}
                    data-testid="dues-remit-submit">{ app.t(DuesKey::Record) }</button>
                <button type="button" class="btn" onclick={cancel}>{ app.t(DuesKey::Cancel) }</button>
            </div>
        </form>
    }
}
