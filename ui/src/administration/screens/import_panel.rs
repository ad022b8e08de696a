//! An import from the screen (issue 20), one panel for the members sheet and the
//! documents folder: pick (one sheet, several files or a whole folder), each picked
//! file handed to the device as an upload (one bar over all bytes, "Hủy"), the
//! device's check without writing (`dry_run`) shown by `import_preview`, and only
//! "Xác nhận nhập" writes. "Hủy" or another pick deletes the uploads.

use super::import_preview::{preview, FieldLabel, Shown};
use crate::administration::strings::AdminKey;
use crate::hooks::{use_app, AppHandle};
use crate::library::upload;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::transfer::ImportReport;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The device's import of the uploads, previewed (`true`) or written.
pub type Check =
    Rc<dyn Fn(Vec<Id>, bool) -> Pin<Box<dyn Future<Output = Result<ImportReport, ApiError>>>>>;

/// One "Chọn …" button.
#[derive(Clone, PartialEq)]
pub struct Picker {
    pub label: String,
    pub testid: &'static str,
    pub accept: Option<&'static str>,
    pub multiple: bool,
    /// A whole folder (`webkitdirectory`).
    pub folder: bool,
}

/// What one import is.
#[derive(Clone)]
pub struct Import {
    /// The panel's test id; also what tells two imports apart.
    pub testid: &'static str,
    pub title: String,
    pub hint: String,
    pub pickers: Vec<Picker>,
    /// Which picked files are sent (a folder holds others).
    pub keep: fn(&str) -> bool,
    pub item_col: String,
    pub field_label: FieldLabel,
    pub check: Check,
    /// The notice once written.
    pub done: fn(&AppHandle, &ImportReport) -> String,
}

impl PartialEq for Import {
    fn eq(&self, other: &Self) -> bool {
        self.testid == other.testid
            && self.title == other.title
            && Rc::ptr_eq(&self.check, &other.check)
    }
}

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    pub import: Import,
    pub on_close: Callback<()>,
    /// Called once the import is written.
    pub on_done: Callback<()>,
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Sending {
        label: String,
        received: u64,
        size: u64,
    },
    Checking(String),
    Preview {
        ids: Vec<Id>,
        name: String,
        report: ImportReport,
    },
    Writing,
    /// Written: what the notice says (shown here, since not every page shows the
    /// app's notices).
    Done(String),
    Failed(String),
}

fn forget(ids: Vec<Id>) {
    spawn_local(async move {
        for id in ids {
            let _ = upload::cancel(id).await;
        }
    });
}

/// Send `files` one after another, the bar counting all their bytes; the uploads'
/// ids, or `None` once cancelled (what arrived is deleted).
async fn send_all(
    files: Vec<web_sys::File>,
    unreadable: &str,
    cancel: Rc<Cell<bool>>,
    label: String,
    phase: UseStateHandle<Phase>,
) -> Result<Option<Vec<Id>>, ApiError> {
    let total: u64 = files.iter().map(|f| f.size() as u64).sum();
    let mut ids = Vec::new();
    let mut before = 0u64;
    for file in files {
        let size = file.size() as u64;
        let (shown, label) = (phase.clone(), label.clone());
        let progress = move |received: u64, _| {
            shown.set(Phase::Sending {
                label: label.clone(),
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

/// The picked files as the screen names them: the sheet (the first .xlsx), and how
/// many others came with it.
fn picked_name(app: &AppHandle, names: &[String]) -> String {
    let sheet = names
        .iter()
        .find(|n| n.to_lowercase().ends_with(".xlsx"))
        .or(names.first())
        .cloned()
        .unwrap_or_default();
    match names.len() {
        0 | 1 => sheet,
        n => app.tf(AdminKey::ImportPickedMany, &[&sheet, &(n - 1).to_string()]),
    }
}

#[function_component(ImportPanel)]
pub fn import_panel(p: &PanelProps) -> Html {
    let app = use_app();
    let phase = use_state(|| Phase::Idle);
    let cancel = use_mut_ref(|| Rc::new(Cell::new(false)));
    let im = &p.import;

    let on_pick = {
        let (phase, cancel, app, im) = (phase.clone(), cancel.clone(), app.clone(), im.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(list) = input.files() else {
                return;
            };
            let files: Vec<web_sys::File> = (0..list.length())
                .filter_map(|i| list.get(i))
                .filter(|f| (im.keep)(&f.name()))
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
            let names: Vec<String> = files.iter().map(|f| f.name()).collect();
            let name = picked_name(&app, &names);
            let label = app.tf(AdminKey::ImportSending, &[&name]);
            phase.set(Phase::Sending {
                label: label.clone(),
                received: 0,
                size: files.iter().map(|f| f.size() as u64).sum(),
            });
            let (phase, check) = (phase.clone(), im.check.clone());
            let unreadable = app.t(AdminKey::ImportUnreadable);
            spawn_local(async move {
                let ids = match send_all(files, unreadable, flag, label, phase.clone()).await {
                    Ok(Some(ids)) => ids,
                    Ok(None) => return phase.set(Phase::Idle),
                    Err(e) => return phase.set(Phase::Failed(e.message)),
                };
                phase.set(Phase::Checking(name.clone()));
                match check(ids.clone(), true).await {
                    Ok(report) => phase.set(Phase::Preview { ids, name, report }),
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
        let (phase, app, im, on_done) = (phase.clone(), app.clone(), im.clone(), p.on_done.clone());
        Callback::from(move |_: MouseEvent| {
            let Phase::Preview { ids, .. } = &*phase else {
                return;
            };
            let ids = ids.clone();
            phase.set(Phase::Writing);
            let (phase, app, im, on_done) =
                (phase.clone(), app.clone(), im.clone(), on_done.clone());
            spawn_local(async move {
                match (im.check)(ids.clone(), false).await {
                    Ok(report) if report.rejected == 0 => {
                        phase.set(Phase::Done((im.done)(&app, &report)));
                        on_done.emit(());
                    }
                    // The device changed between the preview and the confirmation:
                    // show the new preview, nothing was written.
                    Ok(report) => phase.set(Phase::Preview {
                        ids,
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
    let body = match &*phase {
        Phase::Idle => html! {},
        Phase::Sending {
            label,
            received,
            size,
        } => crate::library::screens::attach::sending_status(
            label.clone(),
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
        Phase::Done(m) => html! {
            <p class="notice" role="status" data-testid="import-done">{ m }</p>
        },
        Phase::Preview { name, report, .. } => preview(
            &app,
            report,
            Shown {
                name,
                item_col: &im.item_col,
                field_label: im.field_label,
                confirm,
                cancel: close.clone(),
            },
        ),
    };
    let picker = |pk: &Picker| {
        html! {
            <label class={classes!("btn", "btn-small", busy.then_some("disabled"))}>
                { &pk.label }
                <input type="file" class="visually-hidden" disabled={busy} multiple={pk.multiple}
                    webkitdirectory={pk.folder} accept={pk.accept} onchange={on_pick.clone()}
                    data-testid={pk.testid} aria-label={pk.label.clone()} />
            </label>
        }
    };
    html! {
        <div class="admin-panel import-panel" data-testid={im.testid}>
            <p class="sub-title">{ &im.title }</p>
            <p class="muted small">{ &im.hint }</p>
            if !busy {
                <div class="action-row">
                    { for im.pickers.iter().map(picker) }
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
