//! "Nhập danh sách từ Excel" (issue 20): pick the office's .xlsx list, the device
//! checks it without writing (`ImportMembers { dry_run }`) and the screen shows row by
//! row what will be created, changed, left as it is or refused and why; only "Xác nhận
//! nhập" writes, and only when no row is refused (the import is all or nothing).
//! "Hủy" deletes the picked file from the device. The panel is `import_panel`'s.

use super::import_panel::{Check, Import, ImportPanel, Picker};
use super::import_preview::counts;
use crate::administration::client as admin_client;
use crate::administration::strings::AdminKey;
use crate::effects;
use crate::hooks::{use_app, AppHandle};
use crate::i18n::Key;
use sotay_model::ids::Id;
use sotay_model::transfer::ImportReport;
use std::rc::Rc;
use yew::prelude::*;

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

fn done(app: &AppHandle, report: &ImportReport) -> String {
    let [new, changed, unchanged, _] = counts(report);
    app.tf(
        AdminKey::ImportDone,
        &[
            &new.to_string(),
            &changed.to_string(),
            &unchanged.to_string(),
        ],
    )
}

#[function_component(ImportMembersPanel)]
pub fn import_members_panel(p: &ImportProps) -> Html {
    let app = use_app();
    // One sheet a pick: its single upload.
    let check = use_memo((), |_| -> Check {
        Rc::new(|ids: Vec<Id>, dry_run| {
            Box::pin(async move {
                let Some(id) = ids.first() else {
                    return Ok(ImportReport::default());
                };
                admin_client::import_members(*id, dry_run).await
            })
        })
    });
    let import = Import {
        testid: "import-panel",
        title: app.t(AdminKey::ImportAction).to_string(),
        hint: app.t(AdminKey::ImportHint).to_string(),
        pickers: vec![Picker {
            label: app.t(AdminKey::ImportChoose).to_string(),
            testid: "import-input",
            accept: Some(".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            multiple: false,
            folder: false,
        }],
        keep: |_| true,
        item_col: app.t(AdminKey::ImportColMember).to_string(),
        field_label,
        check: (*check).clone(),
        done,
    };
    let on_done = {
        let (d, org) = (app.dispatcher(), p.org_id);
        Callback::from(move |_: ()| effects::load_members(d.clone(), org))
    };
    html! { <ImportPanel {import} on_close={p.on_close.clone()} {on_done} /> }
}
