//! The chosen organisation's pane: its name and level, the sections the user may see
//! (Đảng viên, Cấp ủy, Nhật ký for committees that may read the audit log, and
//! Chuyển sinh hoạt for the offices that read transfers), a
//! confirmation line, and the section itself. "Thêm đảng viên" and "Nhập danh sách từ
//! Excel" show for those who keep the organisation's member records.

use crate::administration::screens::audit_log::AuditLog;
use crate::administration::screens::committee::Committee;
use crate::administration::screens::import_members::ImportMembersPanel;
use crate::administration::screens::member_list::MemberList;
use crate::administration::strings::AdminKey;
use crate::components::icons::{icon, Icon};
use crate::hooks::use_app;
use crate::i18n::{self, Key};
use crate::lists::ExportListButton;
use crate::rights::Rights;
use crate::state::{Action, OrgSection};
use crate::transfers::screens::TransferSection;
use crate::tree;
use sotay_model::lists::ListKind;
use sotay_model::permissions::Action as RowAction;
use sotay_model::Entity;
use yew::prelude::*;

fn section_label(s: OrgSection) -> AdminKey {
    match s {
        OrgSection::Members => AdminKey::SectionMembers,
        OrgSection::Committee => AdminKey::SectionCommittee,
        OrgSection::Audit => AdminKey::SectionAudit,
        OrgSection::Transfers => AdminKey::SectionTransfers,
    }
}

#[function_component(OrgPane)]
pub fn org_pane() -> Html {
    let app = use_app();
    let importing = use_state(|| false);
    let Some(org_id) = app.org_view.selected_org else {
        return html! {};
    };
    let orgs = app.org_list();
    let org = tree::find(orgs, org_id);
    let rights = Rights::new(app.status.as_ref(), orgs);
    let sections: Vec<OrgSection> = OrgSection::ALL
        .into_iter()
        .filter(|s| *s != OrgSection::Audit || rights.may_read_audit(org_id))
        .filter(|s| {
            *s != OrgSection::Transfers || rights.may(Entity::TransferIn, RowAction::Read, org_id)
        })
        .collect();
    // A section the user may not see here (the log of another branch) shows members.
    let section = Some(app.org_view.section)
        .filter(|s| sections.contains(s))
        .unwrap_or_default();
    let may_add = section == OrgSection::Members && rights.may_keep_members(org_id);
    let back = {
        let d = app.dispatcher();
        Callback::from(move |_| d.dispatch(Action::Back))
    };
    let add = {
        let d = app.dispatcher();
        Callback::from(move |_| d.dispatch(Action::OpenAddMember))
    };
    let tab = |s: OrgSection| {
        let d = app.dispatcher();
        let onclick = Callback::from(move |_| d.dispatch(Action::SetSection(s)));
        html! {
            <button type="button" class={classes!("seg", (section == s).then_some("active"))}
                aria-pressed={(section == s).to_string()}
                data-testid={format!("section-{}", s.slug())} {onclick}>{ app.t(section_label(s)) }</button>
        }
    };
    let open_import = {
        let importing = importing.clone();
        Callback::from(move |_: MouseEvent| importing.set(true))
    };
    let close_import = {
        let importing = importing.clone();
        Callback::from(move |()| importing.set(false))
    };
    let members_actions = html! {
        <div class="action-row list-actions">
            if may_add && !*importing {
                <button type="button" class="btn btn-small" onclick={open_import}
                    data-testid="import-open">{ app.t(AdminKey::ImportAction) }</button>
            }
            <ExportListButton list={ListKind::Members} org_id={org_id} />
        </div>
    };
    let body = match section {
        OrgSection::Members => html! {
            <>
                { members_actions }
                if may_add && *importing {
                    <ImportMembersPanel org_id={org_id} on_close={close_import} />
                }
                <MemberList />
            </>
        },
        OrgSection::Committee => html! { <Committee /> },
        OrgSection::Audit => html! { <AuditLog /> },
        OrgSection::Transfers => html! { <TransferSection org={org_id} /> },
    };
    html! {
        <div class="card list-card" data-testid="org-pane">
            <div class="pane-head">
                <button type="button" class="icon-btn back" onclick={back}
                    data-testid="back" aria-label={app.t(Key::Back)}>{ icon(Icon::Back) }</button>
                <div class="pane-head-text">
                    <h2 class="card-title">{ org.map(|o| o.name.clone()).unwrap_or_default() }</h2>
                    if let Some(o) = org {
                        <span class="kind">{ app.t(i18n::org_kind(o.kind)) }</span>
                    }
                </div>
                if may_add {
                    <button type="button" class="btn btn-primary btn-small" onclick={add}
                        data-testid="add-member">
                        { icon(Icon::Plus) }<span>{ app.t(AdminKey::AddMember) }</span>
                    </button>
                }
            </div>
            <div class="segmented sections" role="group">
                { for sections.iter().map(|s| tab(*s)) }
            </div>
            if let Some(n) = &app.notice {
                <p class="notice" role="status" data-testid="notice">{ n }</p>
            }
            { body }
        </div>
    }
}
