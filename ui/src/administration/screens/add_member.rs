//! "Thêm đảng viên" and "Sửa thông tin đảng viên": one form, typed dates (ngày/tháng/năm),
//! checked here first, then by the replica (whose Vietnamese message is shown as is).
//! An edit sends only the fields that changed; the cell changes by a transfer.

use crate::administration::client as admin_client;
use crate::administration::strings::AdminKey;
use crate::components::field::Field;
use crate::components::icons::{icon, Icon};
use crate::effects;
use crate::hooks::{use_app, use_once};
use crate::i18n::{self, Key};
use crate::member_form::MemberForm;
use crate::state::Action;
use crate::tree;
use sotay_model::entities::{Gender, Member, MemberStatus};
use sotay_model::ids::Id;
use web_sys::HtmlSelectElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MemberFormProps {
    /// The member being edited; `None` adds a new one.
    #[prop_or_default]
    pub edit: Option<Member>,
}

#[function_component(AddMember)]
pub fn add_member() -> Html {
    html! { <MemberFormCard /> }
}

#[function_component(MemberFormCard)]
pub fn member_form_card(props: &MemberFormProps) -> Html {
    let app = use_app();
    let org_id = app.org_view.selected_org;
    let editing = props.edit.clone();
    let cells = org_id
        .map(|o| tree::cells_under(app.org_list(), o))
        .unwrap_or_default();
    let first_cell = cells.first().map(|c| c.id);
    let form = use_state(|| match &editing {
        Some(m) => MemberForm::from_member(m),
        None => MemberForm {
            cell_id: first_cell,
            ..MemberForm::default()
        },
    });
    let problems = use_state(Vec::<String>::new);
    // One request at a time, and the same form sent again makes nothing new (issue 23
    // item 5): a double click reached the replica twice through a render-time `busy`.
    let once = use_once::<Option<Id>>();

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
        let (form, problems, once, app) =
            (form.clone(), problems.clone(), once.clone(), app.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (problems2, d) = (problems.clone(), app.dispatcher());
            let done = move |r: Result<Action, sotay_model::api::ApiError>, member: Option<Id>| {
                spawn_local(async move {
                    match r {
                        Ok(action) => {
                            d.dispatch(action);
                            if let Some(org) = org_id {
                                effects::load_members(d.clone(), org);
                            }
                            if let Some(id) = member {
                                effects::load_member(d.clone(), id);
                            }
                            effects::refresh_status(&d).await;
                        }
                        Err(e) => problems2.set(vec![e.message]),
                    }
                })
            };
            match &editing {
                Some(original) => {
                    let patch = match form.to_patch(original, app.lang) {
                        Ok(p) => p,
                        Err(list) => return problems.set(list),
                    };
                    if patch == sotay_model::administration::MemberPatch::default() {
                        return problems.set(vec![app.t(AdminKey::NothingChanged).to_string()]);
                    }
                    problems.set(vec![]);
                    let (id, notice) = (original.id, app.t(AdminKey::MemberSaved).to_string());
                    let key = format!("{id} {patch:?}");
                    once.run(
                        key,
                        async move { admin_client::update_member(id, patch).await.map(|()| None) },
                        move |r| done(r.map(|_| Action::MemberSaved { notice }), Some(id)),
                    );
                }
                None => {
                    let new = match form.to_new_member(app.lang) {
                        Ok(n) => n,
                        Err(list) => return problems.set(list),
                    };
                    problems.set(vec![]);
                    let notice = app.t(AdminKey::MemberCreated).to_string();
                    let key = format!("{new:?}");
                    once.run(
                        key,
                        async move { admin_client::create_member(new).await.map(Some) },
                        move |r| done(r.map(|_| Action::MemberCreated { notice }), None),
                    );
                }
            }
        })
    };
    let t = |k: AdminKey| AttrValue::Static(app.t(k));
    let tk = |k: Key| AttrValue::Static(app.t(k));
    html! {
        <form class="card form-card" {onsubmit} novalidate=true data-testid="member-form">
            <div class="pane-head">
                <button type="button" class="icon-btn back always" onclick={cancel.clone()}
                    aria-label={app.t(Key::Back)}>{ icon(Icon::Back) }</button>
                <h2 class="card-title">
                    { app.t(if props.edit.is_some() { AdminKey::EditMemberTitle } else { AdminKey::AddMember }) }
                </h2>
            </div>
            <div class="form-grid">
                <Field label={tk(Key::FullName)} value={form.full_name.clone()} testid="member-full-name"
                    on_change={edit(|f, v| f.full_name = v)} required=true autocomplete="off" />
                <Field label={tk(Key::CardNo)} value={form.card_no.clone()} testid="member-card-no"
                    on_change={edit(|f, v| f.card_no = v)} required=true autocomplete="off" />
                <Field label={tk(Key::BirthDate)} value={form.birth_date.clone()} testid="member-birth-date"
                    on_change={edit(|f, v| f.birth_date = v)} placeholder={t(AdminKey::DateHint)}
                    inputmode="numeric" required=true />
                <label class="field">
                    <span class="field-label">{ app.t(AdminKey::Gender) }</span>
                    <select class="input" data-testid="member-gender"
                        onchange={select(|f, v| f.gender = if v == "female" { Gender::Female } else { Gender::Male })}>
                        <option value="male" selected={form.gender == Gender::Male}>{ app.t(AdminKey::GenderMale) }</option>
                        <option value="female" selected={form.gender == Gender::Female}>{ app.t(AdminKey::GenderFemale) }</option>
                    </select>
                </label>
                <Field label={tk(Key::JoinedDate)} value={form.joined_date.clone()} testid="member-joined-date"
                    on_change={edit(|f, v| f.joined_date = v)} placeholder={t(AdminKey::DateHint)}
                    inputmode="numeric" required=true />
                <label class="field">
                    <span class="field-label">{ app.t(Key::MemberStatus) }</span>
                    <select class="input" data-testid="member-status"
                        onchange={select(|f, v| if let Ok(st) = serde_json::from_value(serde_json::Value::String(v)) { f.status = st })}>
                        { for statuses(form.status).into_iter().map(|st| html! {
                            <option value={status_code(st)} selected={form.status == st}>
                                { app.t(i18n::member_status(st)) }</option>
                        }) }
                    </select>
                </label>
                <Field label={tk(Key::OfficialDate)} value={form.official_date.clone()} testid="member-official-date"
                    on_change={edit(|f, v| f.official_date = v)} placeholder={t(AdminKey::DateHint)}
                    hint={t(AdminKey::OfficialDateHint)} inputmode="numeric" />
                if props.edit.is_none() {
                <label class="field">
                    <span class="field-label">{ app.t(Key::Cell) }</span>
                    if cells.is_empty() {
                        <span class="muted">{ app.t(AdminKey::NoCellHere) }</span>
                    } else {
                        <select class="input" data-testid="member-cell"
                            onchange={select(|f, v| f.cell_id = v.parse::<Id>().ok())}>
                            { for cells.iter().map(|c| html! {
                                <option value={c.id.to_string()} selected={form.cell_id == Some(c.id)}>{ &c.name }</option>
                            }) }
                        </select>
                    }
                </label>
                }
            </div>
            if !problems.is_empty() {
                <ul class="form-errors" role="alert" data-testid="member-form-errors">
                    { for problems.iter().map(|p| html! { <li>{ p }</li> }) }
                </ul>
            }
            <div class="form-actions">
                <button type="button" class="btn btn-ghost" onclick={cancel}>{ app.t(Key::Cancel) }</button>
                <button type="submit" class="btn btn-primary" disabled={once.busy()} aria-busy={once.busy().to_string()} data-testid="member-submit">
                    { if once.busy() { app.t(Key::Saving) } else { app.t(Key::Save) } }
                </button>
            </div>
        </form>
    }
}

/// The statuses the form offers: the two active ones, and the record's own when it is
/// left or deceased (those are set by their own actions, not picked here).
fn statuses(current: MemberStatus) -> Vec<MemberStatus> {
    let mut list = vec![MemberStatus::Probationary, MemberStatus::Full];
    if !current.is_active() {
        list.push(current);
    }
    list
}

/// The status's wire word, which is also the `<option>` value.
fn status_code(st: MemberStatus) -> String {
    serde_json::to_value(st)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
