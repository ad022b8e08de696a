//! "Nhập danh sách từ Excel" (issue 20): pick the office's .xlsx list, the device
//! checks it without writing (`ImportMembers { dry_run }`) and the screen shows row by
//! row what will be created, changed, left as it is or refused and why; only "Xác nhận
//! nhập" writes, and only when no row is refused (the import is all or nothing).
//! "Hủy" deletes the picked file from the device. The preview is `import_preview`'s.

use super::import_preview::{counts, preview, Shown};
use crate::administration::client as admin_client;
use crate::administration::strings::AdminKey;
use crate::effects;
use crate::hooks::{use_app, AppHandle};
use crate::i18n::Key;
use crate::library::upload;
use crate::state::Action;
use sotay_model::ids::Id;
use sotay_model::transfer::ImportReport;
use std::cell::Cell;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Sending {
        name: String,
        received: u64,
        size: u64,
    },
    Checking(String),
    Preview {
        upload_id: Id,
        name: String,
        report: ImportReport,
    },
    Writing,
    Failed(String),
}

#[derive(Properties, PartialEq)]
pub struct ImportProps {
    /// The organisation whose list reads again once the import is written.
    pub org_id: Id,
    pub on_close: Callback<()>,
}

fn field_label(app: &AppHandle, field: &str) -> String {
    let key = match field {
        "full_name" => Key::FullName,
        "birth_date" => Key::BirthDate,
        "joined_date" => Key::JoinedDate,
        "official_date" => Key::OfficialDate,
        "status" => Key::MemberStatus,
        "gender" => return app.t(AdminKey::Gender).to_string(),
        other => return sotay_model::fields::label(other).to_string(),
    };
    app.t(key).to_string()
}

#[function_component(ImportMembersPanel)]
pub fn import_members_panel(p: &ImportProps) -> Html {
    let app = use_app();
    let phase = use_state(|| Phase::Idle);
    let cancel = use_mut_ref(|| Rc::new(Cell::new(false)));

    let on_pick = {
        let (phase, cancel, app) = (phase.clone(), cancel.clone(), app.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            // The same file can be chosen again after a fix.
            input.set_value("");
            if let Phase::Preview { upload_id, .. } = &*phase {
                let old = *upload_id;
                spawn_local(async move {
                    let _ = upload::cancel(old).await;
                });
            }
            let flag = Rc::new(Cell::new(false));
            *cancel.borrow_mut() = flag.clone();
            let name = file.name();
            phase.set(Phase::Sending {
                name: name.clone(),
                received: 0,
                size: file.size() as u64,
            });
            let phase = phase.clone();
            let unreadable = app.t(AdminKey::ImportUnreadable);
            spawn_local(async move {
                let shown = phase.clone();
                let n = name.clone();
                let progress = move |received, size| {
                    shown.set(Phase::Sending {
                        name: n.clone(),
                        received,
                        size,
                    })
                };
                let upload_id = match upload::send(file, unreadable, flag, progress).await {
                    Ok(Some(id)) => id,
                    Ok(None) => return phase.set(Phase::Idle),
                    Err(e) => return phase.set(Phase::Failed(e.message)),
                };
                phase.set(Phase::Checking(name.clone()));
                match admin_client::import_members(upload_id, true).await {
                    Ok(report) => phase.set(Phase::Preview {
                        upload_id,
                        name,
                        report,
                    }),
                    Err(e) => {
                        let _ = upload::cancel(upload_id).await;
                        phase.set(Phase::Failed(e.message));
                    }
                }
            });
        })
    };
    let on_cancel_send = {
        let cancel = cancel.clone();
        Callback::from(move |_: MouseEvent| cancel.borrow().set(true))
    };
    let close = {
        let (phase, on_close) = (phase.clone(), p.on_close.clone());
        Callback::from(move |_: MouseEvent| {
            if let Phase::Preview { upload_id, .. } = &*phase {
                let id = *upload_id;
                spawn_local(async move {
                    let _ = upload::cancel(id).await;
                });
            }
            phase.set(Phase::Idle);
            on_close.emit(());
        })
    };
    let confirm = {
        let (phase, app, org) = (phase.clone(), app.clone(), p.org_id);
        Callback::from(move |_: MouseEvent| {
            let Phase::Preview { upload_id, .. } = &*phase else {
                return;
            };
            let upload_id = *upload_id;
            phase.set(Phase::Writing);
            let (phase, app) = (phase.clone(), app.clone());
            spawn_local(async move {
                match admin_client::import_members(upload_id, false).await {
                    Ok(report) if report.rejected == 0 => {
                        let [new, changed, unchanged, _] = counts(&report);
                        let notice = app.tf(
                            AdminKey::ImportDone,
                            &[
                                &new.to_string(),
                                &changed.to_string(),
                                &unchanged.to_string(),
                            ],
                        );
                        effects::load_members(app.dispatcher(), org);
                        app.dispatch(Action::Notify(notice));
                        phase.set(Phase::Idle);
                    }
                    // The device changed between the preview and the confirmation:
                    // show the new preview, nothing was written.
                    Ok(report) => phase.set(Phase::Preview {
                        upload_id,
                        name: String::new(),
                        report,
                    }),
                    Err(e) => phase.set(Phase::Failed(e.message)),
                }
            });
        })
    };

    let busy = matches!(
        *phase,
        Phase::Sending { .. } | Phase::Checking(_) | Phase::Writing
    );
    let picker = html! {
        <label class={classes!("btn", "btn-small", busy.then_some("disabled"))}>
            { app.t(AdminKey::ImportChoose) }
            <input type="file" class="visually-hidden" disabled={busy}
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onchange={on_pick} data-testid="import-input" aria-label={app.t(AdminKey::ImportAction)} />
        </label>
    };
    let body = match &*phase {
        Phase::Idle => html! {},
        Phase::Sending {
            name,
            received,
            size,
        } => crate::library::screens::attach::sending_status(
            app.tf(AdminKey::ImportSending, &[name]),
            (*received, *size),
            (app.t(AdminKey::ImportCancel), on_cancel_send),
            "import-send",
        ),
        Phase::Checking(name) => html! {
            <p class="muted small" role="status">{ app.tf(AdminKey::ImportChecking, &[name]) }</p>
        },
        Phase::Writing => html! {
            <p class="muted small" role="status">{ app.t(AdminKey::ImportWriting) }</p>
        },
        Phase::Failed(m) => html! {
            <p class="error-text small" role="alert" data-testid="import-error">{ m }</p>
        },
        Phase::Preview { name, report, .. } => preview(
            &app,
            report,
            Shown {
                name,
                item_col: app.t(AdminKey::ImportColMember),
                field_label,
                confirm,
                cancel: close.clone(),
            },
        ),
    };
    let show_picker = matches!(
        *phase,
        Phase::Idle | Phase::Failed(_) | Phase::Preview { .. }
    );
    html! {
        <div class="admin-panel import-panel" data-testid="import-panel">
            <p class="sub-title">{ app.t(AdminKey::ImportAction) }</p>
            <p class="muted small">{ app.t(AdminKey::ImportHint) }</p>
            if show_picker {
                <div class="action-row">
                    { picker }
                    if !matches!(*phase, Phase::Preview { .. }) {
                        <button type="button" class="btn btn-small" onclick={close}
                            data-testid="import-close">{ app.t(AdminKey::ImportClose) }</button>
                    }
                </div>
            }
            { body }
        </div>
    }
}
