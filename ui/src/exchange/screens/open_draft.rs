//! "Mở lấy ý kiến": which organisation opens it (where the user is on its office),
//! title, introduction, the sections (a number such as "1" or "2.a" that opinions
//! name, a title and the text), the deadline, and whether members see each other's
//! opinions (fixed once opened). Sent with problems, it names every one at once.

use super::submit_once;
use crate::components::field::Field;
use crate::dues::screens::errors_html;
use crate::exchange::form::{DraftForm, SectionRow};
use crate::exchange::strings::XKey;
use crate::hooks::{use_app, use_once};
use crate::i18n::Key;
use sotay_model::ids::Id;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OpenDraftProps {
    pub orgs: Vec<(Id, String)>,
    pub on_done: Callback<Id>,
    pub on_cancel: Callback<()>,
}

#[function_component(OpenDraftForm)]
pub fn open_draft_form(p: &OpenDraftProps) -> Html {
    let app = use_app();
    let form = {
        let first = p.orgs.first().map(|o| o.0);
        use_state(move || DraftForm {
            org: first,
            ..DraftForm::default()
        })
    };
    let errors = use_state(Vec::<String>::new);
    let once = use_once::<Id>();
    let set = |f: fn(&mut DraftForm, String)| {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            f(&mut next, v);
            form.set(next);
        })
    };
    let area = |f: fn(&mut DraftForm, String)| {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*form).clone();
            f(
                &mut next,
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            );
            form.set(next);
        })
    };
    // One field of section `i`.
    let row = |i: usize, f: fn(&mut SectionRow, String)| {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            if let Some(s) = next.sections.get_mut(i) {
                f(s, v);
            }
            form.set(next);
        })
    };
    let on_org = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            next.org = e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse()
                .ok();
            form.set(next);
        })
    };
    let on_visible = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            next.visible = e.target_unchecked_into::<HtmlInputElement>().checked();
            form.set(next);
        })
    };
    let add = {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            next.add_section();
            form.set(next);
        })
    };
    let remove = |i: usize| {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*form).clone();
            next.remove_section(i);
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
            crate::exchange::client::open_draft,
        )
    };
    let f = &*form;
    let cancel = p.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <form class="card x-card x-form" onsubmit={submit} data-testid="draft-form">
            <h2 class="card-title">{ app.t(XKey::OpenDraftTitle) }</h2>
            <label class="field">
                <span class="field-label">{ app.t(XKey::DraftOrg) }</span>
                <select class="input" onchange={on_org} data-testid="draft-org">
                    { for p.orgs.iter().map(|(id, name)| html! {
                        <option value={id.to_string()} selected={f.org == Some(*id)}>{ name }</option>
                    }) }
                </select>
            </label>
            <Field label={app.t(XKey::Title)} value={f.title.clone()} on_change={set(|f, v| f.title = v)} testid="draft-title-input" />
            <label class="field">
                <span class="field-label">{ app.t(XKey::Intro) }</span>
                <textarea class="input" rows="3" value={f.intro.clone()} oninput={area(|f, v| f.intro = v)} data-testid="draft-intro-input" />
            </label>
            <fieldset class="field x-sections" data-testid="draft-sections">
                <legend class="field-label">{ app.t(XKey::Sections) }</legend>
                { for f.sections.iter().enumerate().map(|(i, s)| html! {
                    <div class="x-section-row" data-testid="draft-section-row">
                        <div class="x-section-head">
                            <Field label={app.t(XKey::SectionKey)} value={s.key.clone()} on_change={row(i, |s, v| s.key = v)} testid="draft-section-key" />
                            <Field label={app.t(XKey::SectionTitle)} value={s.title.clone()} on_change={row(i, |s, v| s.title = v)} testid="draft-section-title" />
                        </div>
                        <label class="field">
                            <span class="field-label">{ app.t(XKey::SectionText) }</span>
                            <textarea class="input" rows="4" value={s.text.clone()} data-testid="draft-section-text-input"
                                oninput={row(i, |s, v| s.text = v).reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value())} />
                        </label>
                        if f.sections.len() > 1 {
                            <button type="button" class="btn btn-small" onclick={remove(i)} data-testid="draft-section-remove">
                                { app.t(XKey::RemoveSection) }</button>
                        }
                    </div>
                }) }
                <button type="button" class="btn btn-small" onclick={add} data-testid="draft-section-add">{ app.t(XKey::AddSection) }</button>
            </fieldset>
            <Field label={app.t(XKey::DeadlineLabel)} value={f.deadline.clone()} on_change={set(|f, v| f.deadline = v)}
                testid="draft-deadline" placeholder={app.t(XKey::DateHint)} inputmode="numeric" />
            <label class="x-check">
                <input type="checkbox" checked={f.visible} onchange={on_visible} data-testid="draft-visible" />
                { app.t(XKey::VisibleLabel) }
            </label>
            <p class="muted small">{ app.t(XKey::VisibleHint) }</p>
            { errors_html(&errors, "draft-form-error") }
            <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={once.busy()} data-testid="draft-open-send">
                    { app.t(XKey::OpenDraftSend) }</button>
                <button type="button" class="btn" onclick={cancel} data-testid="draft-cancel">{ app.t(Key::Cancel) }</button>
            </div>
        </form>
    }
}
