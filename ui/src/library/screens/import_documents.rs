//! "Nhập thư mục văn bản" (issue 20): the office of an issuing organisation picks its
//! documents list (.xlsx) together with the files it names (several files, or on
//! desktops a whole folder); each is handed to the device as an upload, the device
//! checks the list against them without writing (`ImportDocuments { upload_ids,
//! dry_run }`) and the preview (`import_preview`, shared with the members sheet) says
//! row by row what will be created, left as it is or refused and why. Only "Xác nhận
//! nhập" writes; "Hủy" deletes the uploads.

use crate::administration::screens::import_preview::{preview, Shown};
use crate::administration::strings::AdminKey;
use crate::hooks::{use_app, AppHandle};
use crate::library::strings::{ltf, L};
use crate::library::upload;
use crate::state::Action;
use crate::transport::ask;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::library::requests::ImportDocuments;
use sotay_model::transfer::{ImportReport, ImportStatus};
use std::cell::Cell;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Sending {
        files: usize,
        received: u64,
        size: u64,
    },
    Checking,
    Preview {
        ids: Vec<Id>,
        files: usize,
        report: ImportReport,
    },
    Writing,
    Failed(String),
}

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

fn forget(ids: Vec<Id>) {
    spawn_local(async move {
        for id in ids {
            let _ = upload::cancel(id).await;
        }
    });
}

async fn check(org_id: Id, upload_ids: Vec<Id>, dry_run: bool) -> Result<ImportReport, ApiError> {
    ask(ImportDocuments {
        folder: String::new(),
        org_id,
        sheet: None,
        upload_ids,
        dry_run,
    })
    .await
}

/// Send `files` one after another, the bar counting all their bytes; the uploads'
/// ids, or `None` once cancelled (what arrived is deleted).
async fn send_all(
    files: Vec<web_sys::File>,
    unreadable: &str,
    cancel: Rc<Cell<bool>>,
    phase: UseStateHandle<Phase>,
) -> Result<Option<Vec<Id>>, ApiError> {
    let total: u64 = files.iter().map(|f| f.size() as u64).sum();
    let count = files.len();
    let mut ids = Vec::new();
    let mut before = 0u64;
    for file in files {
        let size = file.size() as u64;
        let shown = phase.clone();
        let progress = move |received: u64, _| {
            shown.set(Phase::Sending {
                files: count,
                received: before + received,
                size: total,
            })
        };
        match upload::send(file, unreadable, cancel.clone(), progress).await {
            Ok(Some(id)) => ids.push(id),
            Ok(None) => {
                forget(ids);
                return Ok(None);
            }
            Err(e) => {
                forget(ids);
                return Err(e);
            }
        }
        before += size;
    }
    Ok(Some(ids))
}

fn done_notice(app: &AppHandle, r: &ImportReport) -> String {
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
    let phase = use_state(|| Phase::Idle);
    let cancel = use_mut_ref(|| Rc::new(Cell::new(false)));
    let t = |k: L| crate::library::strings::lt(app.lang, k);

    let on_pick = {
        let (phase, cancel, app, org) = (phase.clone(), cancel.clone(), app.clone(), p.org_id);
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(list) = input.files() else {
                return;
            };
            let files: Vec<web_sys::File> = (0..list.length())
                .filter_map(|i| list.get(i))
                .filter(|f| importable(&f.name()))
                .collect();
            // The same files can be chosen again after a fix.
            input.set_value("");
            if files.is_empty() {
                return;
            }
            if let Phase::Preview { ids, .. } = &*phase {
                forget(ids.clone());
            }
            let flag = Rc::new(Cell::new(false));
            *cancel.borrow_mut() = flag.clone();
            let count = files.len();
            phase.set(Phase::Sending {
                files: count,
                received: 0,
                size: files.iter().map(|f| f.size() as u64).sum(),
            });
            let phase = phase.clone();
            let unreadable = app.t(AdminKey::ImportUnreadable);
            spawn_local(async move {
                let ids = match send_all(files, unreadable, flag, phase.clone()).await {
                    Ok(Some(ids)) => ids,
                    Ok(None) => return phase.set(Phase::Idle),
                    Err(e) => return phase.set(Phase::Failed(e.message)),
                };
                phase.set(Phase::Checking);
                match check(org, ids.clone(), true).await {
                    Ok(report) => phase.set(Phase::Preview {
                        ids,
                        files: count,
                        report,
                    }),
                    Err(e) => {
                        forget(ids);
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
            if let Phase::Preview { ids, .. } = &*phase {
                forget(ids.clone());
            }
            phase.set(Phase::Idle);
            on_close.emit(());
        })
    };
    let confirm = {
        let (phase, app, org, on_done) = (phase.clone(), app.clone(), p.org_id, p.on_done.clone());
        Callback::from(move |_: MouseEvent| {
            let Phase::Preview { ids, files, .. } = &*phase else {
                return;
            };
            let (ids, files) = (ids.clone(), *files);
            phase.set(Phase::Writing);
            let (phase, app, on_done) = (phase.clone(), app.clone(), on_done.clone());
            spawn_local(async move {
                match check(org, ids.clone(), false).await {
                    Ok(report) if report.rejected == 0 => {
                        app.dispatch(Action::Notify(done_notice(&app, &report)));
                        on_done.emit(());
                        phase.set(Phase::Idle);
                    }
                    // The device changed between the preview and the confirmation:
                    // show the new preview, nothing was written.
                    Ok(report) => phase.set(Phase::Preview { ids, files, report }),
                    Err(e) => phase.set(Phase::Failed(e.message)),
                }
            });
        })
    };

    let busy = matches!(
        *phase,
        Phase::Sending { .. } | Phase::Checking | Phase::Writing
    );
    let body = match &*phase {
        Phase::Idle => html! {},
        Phase::Sending {
            files,
            received,
            size,
        } => crate::library::screens::attach::sending_status(
            ltf(app.lang, L::ImportFolderSending, &[&files.to_string()]),
            (*received, *size),
            (app.t(AdminKey::ImportCancel), on_cancel_send),
            "import-send",
        ),
        Phase::Checking => html! {
            <p class="muted small" role="status">{ t(L::ImportFolderChecking) }</p>
        },
        Phase::Writing => html! {
            <p class="muted small" role="status">{ app.t(AdminKey::ImportWriting) }</p>
        },
        Phase::Failed(m) => html! {
            <p class="error-text small" role="alert" data-testid="import-error">{ m }</p>
        },
        Phase::Preview { files, report, .. } => preview(
            &app,
            report,
            Shown {
                name: &ltf(app.lang, L::ImportFolderPicked, &[&files.to_string()]),
                item_col: t(L::ViewDocs),
                field_label: |_, f| sotay_model::fields::label(f).to_string(),
                confirm,
                cancel: close.clone(),
            },
        ),
    };
    let picker = |label: L, testid: &'static str, folder: bool| {
        html! {
            <label class={classes!("btn", "btn-small", busy.then_some("disabled"))}>
                { t(label) }
                if folder {
                    <input type="file" class="visually-hidden" disabled={busy} multiple=true
                        webkitdirectory=true onchange={on_pick.clone()} data-testid={testid}
                        aria-label={t(label)} />
                } else {
                    <input type="file" class="visually-hidden" disabled={busy} multiple=true
                        onchange={on_pick.clone()} data-testid={testid} aria-label={t(label)} />
                }
            </label>
        }
    };
    html! {
        <div class="admin-panel import-panel" data-testid="import-docs-panel">
            <p class="sub-title">{ t(L::ImportFolder) }</p>
            <p class="muted small">{ t(L::ImportFolderHint) }</p>
            if !busy {
                <div class="action-row">
                    { picker(L::ImportFolderFiles, "import-docs-input", false) }
                    { picker(L::ImportFolderDir, "import-docs-folder", true) }
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
