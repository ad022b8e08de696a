//! "Nhập thư mục văn bản" (issue 20): the office of an issuing organisation picks its
//! documents list (.xlsx) together with the files it names (several files, or on
//! desktops a whole folder); the device checks the list against them without writing
//! (`ImportDocuments { upload_ids, dry_run }`) and the panel (`import_panel`, shared
//! with the members sheet) shows row by row what will be created, left as it is or
//! refused and why. Only "Xác nhận nhập" writes; "Hủy" deletes the uploads.

use crate::administration::screens::import_panel::{Check, Import, ImportPanel, Picker};
use crate::hooks::{use_app, AppHandle};
use crate::library::strings::{lt, ltf, L};
use crate::transport::ask;
use sotay_model::ids::Id;
use sotay_model::library::requests::ImportDocuments;
use sotay_model::transfer::{ImportReport, ImportStatus};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ImportDocsProps {
    /// The issuing organisation the documents are imported for.
    pub org_id: Id,
    pub on_close: Callback<()>,
    /// Called once documents were written, so the list reads again.
    pub on_done: Callback<()>,
}

/// Whether a picked file can be part of an import: the list, a full text, or a file
/// the device accepts as an attachment. A whole folder may hold others (Excel's `~$`
/// lock files, notes); sending them would only be refused.
pub fn importable(name: &str) -> bool {
    let lower = name.to_lowercase();
    !name.starts_with("~$")
        && !name.starts_with('.')
        && (lower.ends_with(".xlsx")
            || lower.ends_with(".txt")
            || sotay_model::study::mime_for(name).is_some())
}

fn done(app: &AppHandle, r: &ImportReport) -> String {
    let unchanged = r
        .rows
        .iter()
        .filter(|row| row.status == ImportStatus::Unchanged)
        .count();
    ltf(
        app.lang,
        L::ImportFolderDone,
        &[&r.imported.to_string(), &unchanged.to_string()],
    )
}

#[function_component(ImportDocumentsPanel)]
pub fn import_documents_panel(p: &ImportDocsProps) -> Html {
    let app = use_app();
    let check = use_memo(p.org_id, |org: &Id| -> Check {
        let org_id = *org;
        Rc::new(move |upload_ids: Vec<Id>, dry_run| {
            Box::pin(ask(ImportDocuments {
                folder: String::new(),
                org_id,
                sheet: None,
                upload_ids,
                dry_run,
            }))
        })
    });
    let t = |k: L| lt(app.lang, k).to_string();
    let pick = |label: L, testid, folder| Picker {
        label: t(label),
        testid,
        accept: None,
        multiple: true,
        folder,
    };
    let import = Import {
        testid: "import-docs-panel",
        title: t(L::ImportFolder),
        hint: t(L::ImportFolderHint),
        pickers: vec![
            pick(L::ImportFolderFiles, "import-docs-input", false),
            pick(L::ImportFolderDir, "import-docs-folder", true),
        ],
        keep: importable,
        item_col: t(L::ViewDocs),
        field_label: |_, f| sotay_model::fields::label(f).to_string(),
        check: (*check).clone(),
        done,
    };
    html! { <ImportPanel {import} on_close={p.on_close.clone()} on_done={p.on_done.clone()} /> }
}

#[cfg(test)]
mod tests {
    use super::importable;

    #[test]
    fn a_folder_sends_only_what_an_import_reads() {
        for name in [
            "danh-muc.xlsx",
            "NQ 05.PDF",
            "phu-luc.docx",
            "anh.jpg",
            "nq05.txt",
        ] {
            assert!(importable(name), "{name}");
        }
        for name in ["~$danh-muc.xlsx", ".DS_Store", "Thumbs.db", "ghi-chu.doc"] {
            assert!(!importable(name), "{name}");
        }
    }
}
