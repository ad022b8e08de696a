//! Thêm văn bản: the office's form for one document (kind, number as written, title,
//! issuing organisation and body, date, status, summary, full text, topics). Shown
//! only where the permission table lets the user issue documents; the server judges
//! at sync. Attaching files needs a file picker, which the app does not have yet.

use super::{orgs_allowing, t};
use crate::hooks::use_app;
use crate::library::client as lc;
use crate::library::strings::{self as lib, L};
use crate::library::DocForm;
use sotay_model::ids::Id;
use sotay_model::library::documents::{DocKind, DocStatus};
use sotay_model::permissions::Action as Act;
use sotay_model::Entity;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

const STATUSES: [DocStatus; 3] = [DocStatus::InForce, DocStatus::Replaced, DocStatus::Expired];

#[derive(Properties, PartialEq)]
pub struct AddProps {
    pub on_done: Callback<Id>,
}

#[function_component(AddDocument)]
pub fn add_document(p: &AddProps) -> Html {
    let app = use_app();
    let orgs = orgs_allowing(&app, Entity::Document, Act::Create);
    let form = use_state(|| DocForm {
        org_id: orgs.first().map(|o| o.id),
        issuer: orgs.first().map(|o| o.name.clone()).unwrap_or_default(),
        ..DocForm::default()
    });
    let errors = use_state(Vec::<L>::new);
    let failed = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let edit = |set: fn(&mut DocForm, String)| {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut f = (*form).clone();
            set(&mut f, v);
            form.set(f);
        })
    };
    let input = |label: L, testid: &'static str, value: &str, on: Callback<String>| {
        let oninput = Callback::from(move |e: InputEvent| {
            on.emit(e.target_unchecked_into::<HtmlInputElement>().value())
        });
        html! {
            <label class="field">
                <span class="field-label">{ t(&app, label) }</span>
                <input class="input" value={value.to_string()} {oninput} data-testid={testid} />
            </label>
        }
    };
    let area = |label: L, testid: &'static str, value: &str, rows: u32, on: Callback<String>| {
        let oninput = Callback::from(move |e: InputEvent| {
            on.emit(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        });
        html! {
            <label class="field wide">
                <span class="field-label">{ t(&app, label) }</span>
                <textarea class="input" rows={rows.to_string()} value={value.to_string()} {oninput} data-testid={testid} />
            </label>
        }
    };
    let pick = |label: L,
                testid: &'static str,
                names: Vec<String>,
                at: usize,
                on: Callback<usize>| {
        let onchange = Callback::from(move |e: Event| {
            let i = e
                .target_unchecked_into::<HtmlSelectElement>()
                .selected_index();
            if let Ok(i) = usize::try_from(i) {
                on.emit(i);
            }
        });
        html! {
            <label class="field">
                <span class="field-label">{ t(&app, label) }</span>
                <select class="input" {onchange} data-testid={testid}>
                    { for names.iter().enumerate().map(|(i, n)| html! { <option selected={i == at}>{ n }</option> }) }
                </select>
            </label>
        }
    };
    let f = (*form).clone();
    let on_kind = {
        let form = form.clone();
        Callback::from(move |i: usize| {
            if let Some(k) = DocKind::ALL.get(i) {
                form.set(DocForm {
                    kind: *k,
                    ..(*form).clone()
                });
            }
        })
    };
    let on_status = {
        let form = form.clone();
        Callback::from(move |i: usize| {
            if let Some(s) = STATUSES.get(i) {
                form.set(DocForm {
                    status: *s,
                    ..(*form).clone()
                });
            }
        })
    };
    let on_org = {
        let (form, orgs) = (form.clone(), orgs.clone());
        Callback::from(move |i: usize| {
            if let Some(o) = orgs.get(i) {
                form.set(DocForm {
                    org_id: Some(o.id),
                    ..(*form).clone()
                });
            }
        })
    };
    let submit = {
        let (form, errors, failed, busy, done) = (
            form.clone(),
            errors.clone(),
            failed.clone(),
            busy.clone(),
            p.on_done.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form.check() {
                Err(list) => errors.set(list),
                Ok(new) => {
                    errors.set(vec![]);
                    busy.set(true);
                    let (failed, busy, done) = (failed.clone(), busy.clone(), done.clone());
                    spawn_local(async move {
                        let r = lc::create(new).await;
                        busy.set(false);
                        match r {
                            Ok(id) => done.emit(id),
                            Err(e) => failed.set(Some(e.message)),
                        }
                    });
                }
            }
        })
    };
    let kind_names = DocKind::ALL
        .iter()
        .map(|k| t(&app, lib::kind(*k)).to_string())
        .collect();
    let kind_at = DocKind::ALL.iter().position(|k| *k == f.kind).unwrap_or(0);
    let status_names = STATUSES
        .iter()
        .map(|s| t(&app, lib::status(*s)).to_string())
        .collect();
    let status_at = STATUSES.iter().position(|s| *s == f.status).unwrap_or(0);
    let org_names = orgs.iter().map(|o| o.name.clone()).collect();
    let org_at = orgs
        .iter()
        .position(|o| Some(o.id) == f.org_id)
        .unwrap_or(0);
    html! {
        <section class="card form-card" data-testid="doc-form">
            <h2 class="card-title">{ t(&app, L::ViewAdd) }</h2>
            <form class="form-grid" onsubmit={submit}>
                { pick(L::FormKind, "doc-kind", kind_names, kind_at, on_kind) }
                <label class="field">
                    <span class="field-label">{ t(&app, L::FormNumber) }</span>
                    <input class="input" value={f.number.clone()} data-testid="doc-number"
                        oninput={ let on = edit(|f, v| f.number = v);
                            Callback::from(move |e: InputEvent| on.emit(e.target_unchecked_into::<HtmlInputElement>().value())) } />
                    <span class="field-hint">{ t(&app, L::FormNumberHint) }</span>
                </label>
                { input(L::FormTitle, "doc-title", &f.title, edit(|f, v| f.title = v)) }
                { pick(L::FormOrg, "doc-org", org_names, org_at, on_org) }
                { input(L::FormIssuer, "doc-issuer", &f.issuer, edit(|f, v| f.issuer = v)) }
                { input(L::FormDate, "doc-date", &f.issued_on, edit(|f, v| f.issued_on = v)) }
                { pick(L::FormStatus, "doc-status", status_names, status_at, on_status) }
                { input(L::FormTopics, "doc-topics", &f.topics, edit(|f, v| f.topics = v)) }
                { area(L::FormSummary, "doc-summary", &f.summary, 3, edit(|f, v| f.summary = v)) }
                { area(L::FormBody, "doc-body", &f.body, 10, edit(|f, v| f.body = v)) }
                if !errors.is_empty() {
                    <ul class="form-errors wide" data-testid="doc-form-errors">
                        { for errors.iter().map(|k| html! { <li>{ t(&app, *k) }</li> }) }
                    </ul>
                }
                if let Some(m) = &*failed { <p class="error-text wide">{ m }</p> }
                <p class="muted small wide">{ t(&app, L::AttachOutOfApp) }</p>
                <div class="form-actions wide">
                    <button type="submit" class="btn btn-primary" disabled={*busy}
                        data-testid="doc-submit">{ t(&app, L::FormSubmit) }</button>
                </div>
            </form>
        </section>
    }
}
