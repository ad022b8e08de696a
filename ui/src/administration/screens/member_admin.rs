//! What a committee does with one member's record: edit it, issue a transfer to
//! another cell (`crate::transfers`: confirmed by the receiving cell), mark them as left or deceased (or restore them), and issue a one-time
//! enrollment code for their device. Shown only when the permission table lets the
//! user keep the member's cell; the writes are local and judged by the server at the
//! next sync (a refusal comes back in the rejected banner).

use crate::administration::client as admin_client;
use crate::administration::strings::AdminKey;
use crate::devices::client as devices_client;
use crate::devices::screens::enroll_code::EnrollCodeCard;
use crate::effects;
use crate::hooks::{use_app, AppHandle};
use crate::i18n::{self, Key};
use crate::state::Action;
use crate::transfers::screens::IssueTransferPanel;
use sotay_model::api::ApiError;
use sotay_model::devices::EnrollCode;
use sotay_model::entities::{Member, MemberStatus, OrgKind, Organisation};
use sotay_model::ids::Id;
use sotay_model::vn;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
enum Panel {
    Closed,
    Transfer,
    Status(MemberStatus),
    Code(Option<Result<EnrollCode, ApiError>>),
}

#[derive(Properties, PartialEq)]
pub struct MemberAdminProps {
    pub member: Member,
}

/// The cells a transfer may go to: every cell this device holds other than
/// `current`, sorted by name (the receiving cell's committee confirms it; issue 19).
pub fn transfer_targets(orgs: &[Organisation], current: Id) -> Vec<Organisation> {
    let mut cells: Vec<Organisation> = orgs
        .iter()
        .filter(|o| o.kind == OrgKind::Cell && o.id != current)
        .cloned()
        .collect();
    cells.sort_by(|a, b| vn::compare(&a.name, &b.name));
    cells
}

/// After a local write: say so, and read again what it changed.
fn after_write(app: &AppHandle, member: Id, notice: String) {
    let d = app.dispatcher();
    let org = app.org_view.selected_org;
    d.dispatch(Action::Notify(notice));
    effects::load_member(d.clone(), member);
    if let Some(org) = org {
        effects::load_members(d.clone(), org);
    }
    spawn_local(async move { effects::refresh_status(&d).await });
}

#[function_component(MemberAdmin)]
pub fn member_admin(p: &MemberAdminProps) -> Html {
    let app = use_app();
    let panel = use_state(|| Panel::Closed);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let m = &p.member;
    {
        // Another member starts with everything closed.
        let (panel, error) = (panel.clone(), error.clone());
        use_effect_with(m.id, move |_| {
            panel.set(Panel::Closed);
            error.set(None);
        });
    }
    let cells = transfer_targets(app.org_list(), m.cell_id);

    let open = |next: Panel| {
        let (panel, error) = (panel.clone(), error.clone());
        Callback::from(move |_| {
            error.set(None);
            panel.set(next.clone());
        })
    };
    let edit = {
        let d = app.dispatcher();
        Callback::from(move |_| d.dispatch(Action::OpenEditMember))
    };
    let issue = {
        let (panel, error, busy, id) = (panel.clone(), error.clone(), busy.clone(), m.id);
        Callback::from(move |_| {
            error.set(None);
            busy.set(true);
            panel.set(Panel::Code(None));
            let (panel, busy) = (panel.clone(), busy.clone());
            spawn_local(async move {
                panel.set(Panel::Code(Some(
                    devices_client::issue_enroll_code(id).await,
                )));
                busy.set(false);
            });
        })
    };
    let issued = {
        let (app, panel, id) = (app.clone(), panel.clone(), m.id);
        Callback::from(move |notice: String| {
            panel.set(Panel::Closed);
            after_write(&app, id, notice);
        })
    };
    let set_status = |status: MemberStatus| {
        let (app, error, busy, panel, id) = (
            app.clone(),
            error.clone(),
            busy.clone(),
            panel.clone(),
            m.id,
        );
        Callback::from(move |_| {
            busy.set(true);
            let (app, error, busy, panel) =
                (app.clone(), error.clone(), busy.clone(), panel.clone());
            spawn_local(async move {
                match admin_client::set_member_status(id, status).await {
                    Ok(()) => {
                        panel.set(Panel::Closed);
                        after_write(&app, id, app.t(AdminKey::StatusChanged).to_string());
                    }
                    Err(e) => error.set(Some(e.message)),
                }
                busy.set(false);
            });
        })
    };
    let close = {
        let panel = panel.clone();
        Callback::from(move |_| panel.set(Panel::Closed))
    };

    let body = match &*panel {
        Panel::Closed => html! {},
        Panel::Transfer => html! {
            <IssueTransferPanel member={m.clone()} cells={cells.clone()}
                on_close={Callback::from({ let panel = panel.clone(); move |_| panel.set(Panel::Closed) })}
                on_done={issued} />
        },
        Panel::Status(st) => html! {
            <div class="admin-panel" data-testid="status-panel">
                <p class="muted">{ app.t(AdminKey::MarkHint) }</p>
                <div class="form-actions">
                    <button type="button" class="btn btn-ghost" onclick={close.clone()}>{ app.t(Key::Cancel) }</button>
                    <button type="button" class="btn btn-danger" disabled={*busy}
                        data-testid="status-confirm" onclick={set_status(*st)}>
                        { app.tf(AdminKey::MarkConfirm, &[app.t(i18n::member_status(*st))]) }
                    </button>
                </div>
            </div>
        },
        Panel::Code(None) => html! { <p class="muted">{ app.t(AdminKey::IssuingCode) }</p> },
        Panel::Code(Some(Err(e))) => html! { <p class="error-text">{ &e.message }</p> },
        Panel::Code(Some(Ok(code))) => html! {
            <EnrollCodeCard code={code.clone()} name={m.full_name.clone()} on_close={close.clone()} />
        },
    };
    let active = m.status.is_active();
    html! {
        <section class="subsection" data-testid="member-actions">
            <h3 class="sub-title">{ app.t(AdminKey::MemberActions) }</h3>
            <div class="action-row">
                <button type="button" class="btn btn-small" data-testid="edit-member" onclick={edit}>
                    { app.t(AdminKey::EditMember) }</button>
                if active {
                    <button type="button" class="btn btn-small" data-testid="transfer-member"
                        onclick={open(Panel::Transfer)}>{ app.t(AdminKey::TransferMember) }</button>
                    <button type="button" class="btn btn-small" data-testid="issue-code"
                        disabled={*busy} onclick={issue}>{ app.t(AdminKey::IssueCode) }</button>
                    <button type="button" class="btn btn-small btn-ghost-danger" data-testid="mark-left"
                        onclick={open(Panel::Status(MemberStatus::Left))}>{ app.t(AdminKey::MarkLeft) }</button>
                    <button type="button" class="btn btn-small btn-ghost-danger" data-testid="mark-deceased"
                        onclick={open(Panel::Status(MemberStatus::Deceased))}>{ app.t(AdminKey::MarkDeceased) }</button>
                } else {
                    <button type="button" class="btn btn-small" data-testid="restore-member"
                        disabled={*busy} onclick={set_status(MemberStatus::Full)}>{ app.t(AdminKey::Restore) }</button>
                }
            </div>
            { body }
            if let Some(e) = &*error {
                <p class="error-text" role="alert" data-testid="member-admin-error">{ e }</p>
            }
        </section>
    }
}
