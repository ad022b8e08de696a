//! The organisation tree with expandable nodes and kind labels. Nodes of the two top
//! levels start open; a click on the arrow flips a node from its default.

use crate::administration::strings::AdminKey;
use crate::components::icons::{icon, Icon};
use crate::hooks::{use_app, AppHandle};
use crate::i18n::{self, Key};
use crate::state::Action;
use crate::tree::{self, OrgNode};
use sotay_model::ids::Id;
use std::collections::HashSet;
use yew::prelude::*;

/// Levels open by default: the province and its districts, say.
const OPEN_DEPTH: usize = 2;

#[function_component(OrgTree)]
pub fn org_tree() -> Html {
    let app = use_app();
    let flipped = use_state(HashSet::<Id>::new);
    match &app.orgs {
        None => return html! { <p class="muted">{ app.t(Key::Loading) }</p> },
        Some(Err(e)) => return html! { <p class="error-text">{ &e.message }</p> },
        Some(Ok(list)) if list.is_empty() => {
            return html! { <p class="muted" data-testid="no-orgs">{ app.t(AdminKey::NoOrgs) }</p> }
        }
        Some(Ok(_)) => {}
    }
    let roots = tree::build(app.org_list());
    html! {
        <ul class="tree" role="tree" data-testid="org-tree">
            { for roots.iter().map(|n| node(&app, &flipped, n, 0)) }
        </ul>
    }
}

fn node(app: &AppHandle, flipped: &UseStateHandle<HashSet<Id>>, n: &OrgNode, depth: usize) -> Html {
    let id = n.org.id;
    let has_kids = !n.children.is_empty();
    let open = has_kids && ((depth < OPEN_DEPTH) != flipped.contains(&id));
    let toggle = {
        let flipped = flipped.clone();
        Callback::from(move |_| {
            let mut set = (*flipped).clone();
            if !set.remove(&id) {
                set.insert(id);
            }
            flipped.set(set);
        })
    };
    let select = {
        let d = app.dispatcher();
        Callback::from(move |_| d.dispatch(Action::SelectOrg(id)))
    };
    let selected = app.org_view.selected_org == Some(id);
    html! {
        <li class="tree-node" role="treeitem" key={id.to_string()}
            aria-expanded={has_kids.then(|| open.to_string())}
            aria-selected={selected.to_string()}>
            <div class={classes!("tree-row", selected.then_some("selected"))}
                style={format!("--depth: {depth}")}>
                if has_kids {
                    <button type="button" class="twisty" onclick={toggle}
                        data-testid={format!("org-toggle-{id}")}
                        aria-label={app.t(if open { AdminKey::Collapse } else { AdminKey::Expand })}>
                        { icon(if open { Icon::ChevronDown } else { Icon::ChevronRight }) }
                    </button>
                } else {
                    <span class="twisty-space"></span>
                }
                <button type="button" class="tree-label" data-testid={format!("org-{id}")}
                    onclick={select}>
                    <span class="tree-name">{ &n.org.name }</span>
                    <span class={classes!("kind", format!("kind-{:?}", n.org.kind).to_lowercase())}>
                        { app.t(i18n::org_kind(n.org.kind)) }
                    </span>
                </button>
            </div>
            if open {
                <ul role="group">
                    { for n.children.iter().map(|c| node(app, flipped, c, depth + 1)) }
                </ul>
            }
        </li>
    }
}
