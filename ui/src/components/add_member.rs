//! "Thêm đảng viên": typed dates dd/MM/yyyy, checked here first, then by the replica
//! (whose Vietnamese message is shown as is).

use crate::client;
use crate::components::field::Field;
use crate::components::icons::{icon, Icon};
use crate::effects;
use crate::hooks::use_app;
use crate::i18n::{self, Key};
use crate::member_form::MemberForm;
use crate::state::Action;
use crate::tree;
use sotay_model::entities::{Gender, MemberStatus};
use sotay_model::ids::Id;
use web_sys::HtmlSelectElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[function_component(AddMember)]
pub fn add_member() -> Html {
    let app = use_app();
    let org_id = app.org_view.selected_org;
    let cells = org_id
        .map(|o| tree::cells_under(app.org_list(), o))
        .unwrap_or_default();
    let first_cell = cells.first().map(|c| c.id);
    let form = use_state(|| MemberForm {
        cell_id: first_cell,
        ..MemberForm::default()
    });
    let problems = use_state(Vec::<String>::new);
    let busy = use_state(|| false);

    let edit = |f: fn(&mut MemberForm, String)| {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            f(&mut next, v);
            form.set(next);
        })
    };
    let select = |f: fn(&mut MemberForm, String)| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            f(
                &mut next,
                e.target_unchecked_into::<HtmlSelectElement>().value(),
            );
            form.set(next);
        })
    };
    let cancel = {
        let d = app.dispatcher();
        Callback::from(move |_| d.dispatch(Action::Back))
    };
    let onsubmit = {
        let (form, problems, busy, app) =
            (form.clone(), problems.clone(), busy.clone(), app.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let new = match form.to_new_member(app.lang) {
                Ok(n) => n,
                Err(list) => return problems.set(list),
            };
            problems.set(vec![]);
            busy.set(true);
            let (problems, busy, d) = (problems.clone(), busy.clone(), app.dispatcher());
            let notice = app.t(Key::MemberCreated).to_string();
            spawn_local(async move {
                match client::create_member(new).await {
                    Ok(_) => {
                        d.dispatch(Action::MemberCreated { notice });
                        if let Some(org) = org_id {
                            effects::load_members(d.clone(), org);
                        }
                        effects::refresh_status(&d).await;
                    }
                    Err(e) => problems.set(vec![e.message]),
                }
                busy.set(false);
            });
        })
    };
    let t = |k: Key| AttrValue::Static(app.t(k));
    html! {
        <form class="card form-card" {onsubmit} novalidate=true data-testid="member-form">
            <div class="pane-head">
                <button type="button" class="icon-btn back always" onclick={cancel.clone()}
                    aria-label={app.t(Key::Back)}>{ icon(Icon::Back) }</button>
                <h2 class="card-title">{ app.t(Key::AddMember) }</h2>
            </div>
            <div class="form-grid">
                <Field label={t(Key::FullName)} value={form.full_name.clone()} testid="member-full-name"
                    on_change={edit(|f, v| f.full_name = v)} required=true autocomplete="off" />
                <Field label={t(Key::CardNo)} value={form.card_no.clone()} testid="member-card-no"
                    on_change={edit(|f, v| f.card_no = v)} required=true autocomplete="off" />
                <Field label={t(Key::BirthDate)} value={form.birth_date.clone()} testid="member-birth-date"
                    on_change={edit(|f, v| f.birth_date = v)} placeholder={t(Key::DateHint)}
                    inputmode="numeric" required=true />
                <label class="field">
                    <span class="field-label">{ app.t(Key::Gender) }</span>
                    <select class="input" data-testid="member-gender"
                        onchange={select(|f, v| f.gender = if v == "female" { Gender::Female } else { Gender::Male })}>
                        <option value="male" selected={form.gender == Gender::Male}>{ app.t(Key::GenderMale) }</option>
                        <option value="female" selected={form.gender == Gender::Female}>{ app.t(Key::GenderFemale) }</option>
                    </select>
                </label>
                <Field label={t(Key::JoinedDate)} value={form.joined_date.clone()} testid="member-joined-date"
                    on_change={edit(|f, v| f.joined_date = v)} placeholder={t(Key::DateHint)}
                    inputmode="numeric" required=true />
                <label class="field">
                    <span class="field-label">{ app.t(Key::MemberStatus) }</span>
                    <select class="input" data-testid="member-status"
                        onchange={select(|f, v| f.status = if v == "full" { MemberStatus::Full } else { MemberStatus::Probationary })}>
                        <option value="probationary" selected={form.status == MemberStatus::Probationary}>
                            { app.t(i18n::member_status(MemberStatus::Probationary)) }</option>
                        <option value="full" selected={form.status == MemberStatus::Full}>
                            { app.t(i18n::member_status(MemberStatus::Full)) }</option>
                    </select>
                </label>
                <Field label={t(Key::OfficialDate)} value={form.official_date.clone()} testid="member-official-date"
                    on_change={edit(|f, v| f.official_date = v)} placeholder={t(Key::DateHint)}
                    hint={t(Key::OfficialDateHint)} inputmode="numeric" />
                <label class="field">
                    <span class="field-label">{ app.t(Key::Cell) }</span>
                    if cells.is_empty() {
                        <span class="muted">{ app.t(Key::NoCellHere) }</span>
                    } else {
                        <select class="input" data-testid="member-cell"
                            onchange={select(|f, v| f.cell_id = v.parse::<Id>().ok())}>
                            { for cells.iter().map(|c| html! {
                                <option value={c.id.to_string()} selected={form.cell_id == Some(c.id)}>{ &c.name }</option>
                            }) }
                        </select>
                    }
                </label>
            </div>
            if !problems.is_empty() {
                <ul class="form-errors" role="alert" data-testid="member-form-errors">
                    { for problems.iter().map(|p| html! { <li>{ p }</li> }) }
                </ul>
            }
            <div class="form-actions">
                <button type="button" class="btn btn-ghost" onclick={cancel}>{ app.t(Key::Cancel) }</button>
                <button type="submit" class="btn btn-primary" disabled={*busy} data-testid="member-submit">
                    { if *busy { app.t(Key::Saving) } else { app.t(Key::Save) } }
                </button>
            </div>
        </form>
    }
}
