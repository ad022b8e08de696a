//! "Gửi thông báo": from which organisation (where the user sits on the committee or
//! office), to its whole subtree or to organisations chosen below it (those directly
//! below listed, any deeper one found by name), title, text and the date to read it
//! by. Sent with problems, it names every one at once; it sends once however often
//! the button is pressed.

use super::submit_once;
use crate::components::field::Field;
use crate::dues::screens::errors_html;
use crate::exchange::form::AnnouncementForm;
use crate::exchange::strings::XKey;
use crate::hooks::{use_app, use_once};
use crate::i18n::{self, Key};
use sotay_model::entities::Organisation;
use sotay_model::ids::Id;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SendProps {
    /// The organisations the user may send from, with their names.
    pub from: Vec<(Id, String)>,
    pub on_done: Callback<Id>,
    pub on_cancel: Callback<()>,
}

/// How many organisations a search lists.
const MATCHES: usize = 30;

#[function_component(SendForm)]
pub fn send_form(p: &SendProps) -> Html {
    let app = use_app();
    let form = {
        let first = p.from.first().map(|o| o.0);
        use_state(move || AnnouncementForm {
            from: first,
            ..AnnouncementForm::default()
        })
    };
    let query = use_state(String::new);
    let errors = use_state(Vec::<String>::new);
    let once = use_once::<Id>();
    let set = |f: fn(&mut AnnouncementForm, String)| {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            f(&mut next, v);
            form.set(next);
        })
    };
    let on_body = {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*form).clone();
            next.body = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            form.set(next);
        })
    };
    let on_from = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = (*form).clone();
            next.set_from(v.parse().ok());
            form.set(next);
        })
    };
    let whole = |w: bool| {
        let form = form.clone();
        Callback::from(move |_: Event| {
            let mut next = (*form).clone();
            next.whole = w;
            form.set(next);
        })
    };
    let toggle = |id: Id, name: String| {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            next.toggle(id, &name);
            form.set(next);
        })
    };
    let submit = {
        let form = form.clone();
        submit_once(
            &app,
            &errors,
            &once,
            &p.on_done,
            move || form.to_request(crate::format::today_iso().as_deref()),
            crate::exchange::client::send,
        )
    };
    let f = &*form;
    let orgs = app.org_list();
    // Those directly below while nothing is typed; any below matching the name else.
    let offered: Vec<&Organisation> = match f.from {
        None => vec![],
        Some(from) if query.trim().is_empty() => {
            orgs.iter().filter(|o| o.parent_id == Some(from)).collect()
        }
        Some(from) => crate::tasks::form::find_assignees(&query, from, orgs, &[], MATCHES).0,
    };
    let on_query = {
        let query = query.clone();
        Callback::from(move |v: String| query.set(v))
    };
    let cancel = p.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <form class="card x-card x-form" onsubmit={submit} data-testid="ann-form">
            <h2 class="card-title">{ app.t(XKey::SendTitle) }</h2>
            <label class="field">
                <span class="field-label">{ app.t(XKey::From) }</span>
                <select class="input" onchange={on_from} data-testid="ann-from">
                    { for p.from.iter().map(|(id, name)| html! {
                        <option value={id.to_string()} selected={f.from == Some(*id)}>{ name }</option>
                    }) }
                </select>
            </label>
            <fieldset class="field x-to" data-testid="ann-to">
                <legend class="field-label">{ app.t(XKey::To) }</legend>
                <label class="x-check">
                    <input type="radio" name="ann-to" checked={f.whole} onchange={whole(true)} data-testid="ann-to-whole" />
                    { app.t(XKey::ToWhole) }
                </label>
                <label class="x-check">
                    <input type="radio" name="ann-to" checked={!f.whole} onchange={whole(false)} data-testid="ann-to-chosen" />
                    { app.t(XKey::ToChosen) }
                </label>
                if !f.whole {
                    if !f.to.is_empty() {
                        <div class="task-chips" data-testid="ann-to-chips">
                            { for f.to.iter().map(|(id, name)| html! {
                                <span class="task-chip" data-testid="ann-to-chosen-org" data-org-id={id.to_string()}>
                                    { name.clone() }
                                    <button type="button" onclick={toggle(*id, name.clone())}
                                        aria-label={app.tf(XKey::Remove, &[name])}>{ "×" }</button>
                                </span>
                            }) }
                        </div>
                    }
                    <Field label={app.t(XKey::FindOrg)} value={(*query).clone()} on_change={on_query} testid="ann-to-search" />
                    if offered.is_empty() {
                        <p class="muted small">{ app.t(XKey::NoOrgMatch) }</p>
                    } else {
                        <ul class="task-matches" data-testid="ann-to-orgs">
                            { for offered.iter().map(|o| {
                                let chosen = f.to.iter().any(|x| x.0 == o.id);
                                html! {
                                    <li key={o.id.to_string()}>
                                        <button type="button" aria-pressed={chosen.to_string()} onclick={toggle(o.id, o.name.clone())}
                                            data-testid="ann-to-org" data-org-id={o.id.to_string()}>
                                            { if chosen { "✓ " } else { "+ " } }{ &o.name }
                                            <span class="muted small">{ format!(" · {}", app.t(i18n::org_kind(o.kind))) }</span>
                                        </button>
                                    </li>
                                }
                            }) }
                        </ul>
                    }
                }
            </fieldset>
            <Field label={app.t(XKey::Title)} value={f.title.clone()} on_change={set(|f, v| f.title = v)} testid="ann-title-input" />
            <label class="field">
                <span class="field-label">{ app.t(XKey::Body) }</span>
                <textarea class="input" rows="6" value={f.body.clone()} oninput={on_body} data-testid="ann-body-input" />
            </label>
            <Field label={app.t(XKey::MustReadBy)} value={f.must_read_by.clone()} on_change={set(|f, v| f.must_read_by = v)}
                testid="ann-read-by" placeholder={app.t(XKey::DateHint)} hint={app.t(XKey::MustReadByHint)} inputmode="numeric" />
            { errors_html(&errors, "ann-form-error") }
            <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={once.busy()} aria-busy={once.busy().to_string()}
                    data-testid="ann-send">{ app.t(XKey::Send) }</button>
                <button type="button" class="btn" onclick={cancel} data-testid="ann-cancel">{ app.t(Key::Cancel) }</button>
            </div>
        </form>
    }
}
