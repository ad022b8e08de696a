//! Tổ chức: the organisation tree, the chosen organisation's pane (members, committee,
//! audit log), one member (or its edit form), or the add form. Desktops show the tree beside the other pane; phones show one pane
//! at a time with a back button (the `pane-*` class tells CSS which).

use crate::administration::screens::add_member::AddMember;
use crate::administration::screens::member_detail::MemberDetail;
use crate::administration::screens::org_pane::OrgPane;
use crate::administration::screens::org_tree::OrgTree;
use crate::administration::strings::AdminKey;
use crate::components::icons::{icon, Icon};
use crate::effects;
use crate::hooks::{use_app, use_orgs};

use yew::prelude::*;

#[function_component(OrgsPage)]
pub fn orgs_page() -> Html {
    let app = use_app();
    use_orgs();
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    let view = app.org_view.clone();
    {
        let d = app.dispatcher();
        use_effect_with((view.selected_org, synced), move |(org, _)| {
            if let Some(org) = *org {
                effects::load_members(d, org);
            }
        });
    }
    {
        let d = app.dispatcher();
        use_effect_with((view.selected_member, synced), move |(member, _)| {
            if let Some(id) = *member {
                effects::load_member(d, id);
            }
        });
    }
    let detail = if view.adding {
        html! { <AddMember /> }
    } else if view.selected_member.is_some() {
        html! { <MemberDetail /> }
    } else if view.selected_org.is_some() {
        html! { <OrgPane /> }
    } else {
        html! {
            <div class="empty-state slim">
                <div class="empty-icon">{ icon(Icon::Orgs) }</div>
                <p class="muted">{ app.t(AdminKey::SelectOrg) }</p>
            </div>
        }
    };
    html! {
        <div class={classes!("orgs", app.org_pane())}>
            <section class="pane pane-tree-box card">
                <h2 class="card-title">{ app.t(AdminKey::OrgsTitle) }</h2>
                <OrgTree />
            </section>
            <section class="pane pane-detail-box">{ detail }</section>
        </div>
    }
}
