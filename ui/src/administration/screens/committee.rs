//! Cấp ủy: the committee of the chosen organisation (ListPositions), by rank, with the
//! holder's name (which opens their record); "Thôi giữ chức vụ" on each and the form
//! to assign a position, for those the permission table lets do so (leaders of the
//! same organisation, committees above it). The assignment is a local write the server judges at the next sync.

use crate::administration::client as admin_client;
use crate::administration::strings as admin_strings;
use crate::administration::strings::AdminKey;
use crate::effects;
use crate::hooks::{use_app, AppHandle};
use crate::i18n::Key;
use crate::rights::Rights;
use crate::roster;
use crate::state::Action;
use sotay_model::api::ApiError;
use sotay_model::entities::{Member, Position, PositionTitle};
use sotay_model::ids::Id;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

const TITLES: [PositionTitle; 7] = PositionTitle::ALL;
/// Candidates offered at once in the member picker; the filter narrows the rest.
const PICK: usize = 50;

type Held = Option<(Id, Result<Vec<Position>, ApiError>)>;

fn load(held: UseStateHandle<Held>, org: Id) {
    spawn_local(async move { held.set(Some((org, admin_client::list_positions(org).await))) });
}

fn members_of(app: &AppHandle, org: Id) -> Vec<Member> {
    match app.members.as_ref().filter(|m| m.key == org) {
        Some(f) => f.result.clone().unwrap_or_default(),
        None => vec![],
    }
}

#[function_component(Committee)]
pub fn committee() -> Html {
    let app = use_app();
    let held = use_state(|| None as Held);
    let error = use_state(|| None::<String>);
    let org_id = app.org_view.selected_org;
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let held = held.clone();
        use_effect_with((org_id, synced), move |(org, _)| {
            if let Some(org) = *org {
                load(held, org);
            }
        });
    }
    let Some(org_id) = org_id else {
        return html! {};
    };
    let rights = Rights::new(app.status.as_ref(), app.org_list());
    let may_remove = rights.may_remove_positions(org_id);
    let may_assign = rights.may_assign_positions(org_id);
    let members = members_of(&app, org_id);
    let name_of = |id: Id| {
        members
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.full_name.clone())
            .unwrap_or_else(|| app.t(AdminKey::HolderUnknown).to_string())
    };
    // The holder's record opens over the pane, like a member of the list.
    let open_member = |id: Id| {
        let d = app.dispatcher();
        Callback::from(move |_| d.dispatch(Action::SelectMember(id)))
    };
    let remove = |id: Id| {
        let (app, held, error) = (app.clone(), held.clone(), error.clone());
        Callback::from(move |_| {
            let (app, held, error) = (app.clone(), held.clone(), error.clone());
            spawn_local(async move {
                match admin_client::remove_position(id).await {
                    Ok(()) => {
                        app.dispatcher()
                            .dispatch(Action::Notify(app.t(AdminKey::PositionRemoved).to_string()));
                        effects::refresh_status(&app.dispatcher()).await;
                    }
                    Err(e) => error.set(Some(e.message)),
                }
                load(held, org_id);
            });
        })
    };
    let list = match &*held {
        Some((key, Ok(list))) if *key == org_id => {
            if list.is_empty() {
                html! { <p class="muted pad" data-testid="no-committee">{ app.t(AdminKey::NoCommittee) }</p> }
            } else {
                html! {
                    <ul class="position-list">
                        { for list.iter().map(|p| html! {
                            <li class="position-row" data-testid="position-row" key={p.id.to_string()}>
                                <button type="button" class="position-main" data-testid="position-holder"
                                    onclick={open_member(p.member_id)}>
                                    <strong>{ app.t(admin_strings::position_title(p.title)) }</strong>
                                    <span class="muted">{ name_of(p.member_id) }</span>
                                </button>
                                if may_remove {
                                    <button type="button" class="btn btn-small btn-ghost-danger"
                                        data-testid="position-remove" onclick={remove(p.id)}>
                                        { app.t(AdminKey::RemovePosition) }</button>
                                }
                            </li>
                        }) }
                    </ul>
                }
            }
        }
        Some((key, Err(e))) if *key == org_id => {
            html! { <p class="error-text pad">{ &e.message }</p> }
        }
        _ => html! { <p class="muted pad">{ app.t(Key::Loading) }</p> },
    };
    let reload = {
        let held = held.clone();
        Callback::from(move |()| load(held.clone(), org_id))
    };
    html! {
        <div data-testid="committee">
            { list }
            if let Some(e) = &*error {
                <p class="error-text" role="alert">{ e }</p>
            }
            if may_assign {
                <AssignForm org_id={org_id} {members} on_done={reload} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct AssignProps {
    org_id: Id,
    members: Vec<Member>,
    on_done: Callback<()>,
}

#[function_component(AssignForm)]
fn assign_form(p: &AssignProps) -> Html {
    let app = use_app();
    let query = use_state(String::new);
    let chosen = use_state(|| None::<Id>);
    let title = use_state(|| PositionTitle::CommitteeMember);
    let problem = use_state(|| None::<String>);
    let (shown, total) = roster::visible(&p.members, &query, PICK);
    // What the select shows is what is chosen: the first match unless one was picked.
    let member = chosen
        .filter(|id| shown.iter().any(|m| m.id == *id))
        .or_else(|| shown.first().map(|m| m.id));
    let on_query = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_member = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            chosen.set(
                e.target_unchecked_into::<HtmlSelectElement>()
                    .value()
                    .parse()
                    .ok(),
            )
        })
    };
    let on_title = {
        let title = title.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(t) = TITLES.into_iter().find(|t| format!("{t:?}") == v) {
                title.set(t);
            }
        })
    };
    let onsubmit = {
        let (app, problem, on_done, org, t) = (
            app.clone(),
            problem.clone(),
            p.on_done.clone(),
            p.org_id,
            *title,
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(member) = member else {
                return problem.set(Some(app.t(AdminKey::ChooseMember).to_string()));
            };
            let (app, problem, on_done) = (app.clone(), problem.clone(), on_done.clone());
            spawn_local(async move {
                match admin_client::assign_position(member, org, t).await {
                    Ok(_) => {
                        problem.set(None);
                        app.dispatcher().dispatch(Action::Notify(
                            app.t(AdminKey::PositionAssigned).to_string(),
                        ));
                        effects::refresh_status(&app.dispatcher()).await;
                    }
                    Err(e) => problem.set(Some(e.message)),
                }
                on_done.emit(());
            });
        })
    };
    html! {
        <form class="subsection assign-form" {onsubmit} data-testid="assign-form">
            <h3 class="sub-title">{ app.t(AdminKey::AssignTitle) }</h3>
            <div class="form-grid">
                <label class="field">
                    <span class="field-label">{ app.t(AdminKey::AssignMember) }</span>
                    <input class="input" type="search" value={(*query).clone()} oninput={on_query}
                        placeholder={app.t(AdminKey::AssignFilter)} data-testid="assign-member-search" />
                    <select class="input" data-testid="assign-member" onchange={on_member}>
                        { for shown.iter().map(|m| html! {
                            <option value={m.id.to_string()} selected={member == Some(m.id)}>
                                { format!("{} · {}", m.full_name, m.card_no) }</option>
                        }) }
                    </select>
                    if total > shown.len() {
                        <span class="field-hint">{ app.tf(AdminKey::MatchesShown, &[&shown.len().to_string(), &total.to_string()]) }</span>
                    }
                </label>
                <label class="field">
                    <span class="field-label">{ app.t(AdminKey::AssignPositionTitle) }</span>
                    <select class="input" data-testid="assign-title" onchange={on_title}>
                        { for TITLES.iter().map(|t| html! {
                            <option value={format!("{t:?}")} selected={*title == *t}>{ app.t(admin_strings::position_title(*t)) }</option>
                        }) }
                    </select>
                </label>
            </div>
            if let Some(e) = &*problem {
                <p class="error-text" role="alert">{ e }</p>
            }
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled={member.is_none()}
                    data-testid="assign-submit">{ app.t(AdminKey::AssignSubmit) }</button>
            </div>
        </form>
    }
}
