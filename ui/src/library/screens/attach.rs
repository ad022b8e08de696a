//! "Đính kèm tệp": choose a file or drop it on the zone, watch it go to the device
//! piece by piece, cancel it. Used under a document (its committee) and under a
//! sending (its sender's office); the list above reads again once a file is attached.

use super::t;
use crate::hooks::use_app;
use crate::library::show_size;
use crate::library::strings::{ltf, L};
use crate::library::upload::{self, Attached};
use sotay_model::ids::Id;
use std::cell::Cell;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AttachProps {
    /// The document, or one copy of the sending.
    pub item_id: Id,
    pub on_attached: Callback<()>,
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Sending {
        name: String,
        received: u64,
        size: u64,
    },
    Done(String),
    Cancelled(String),
    Failed(String),
}

/// A picked file on its way to the device: what it says, the bar, and "Hủy" (the
/// attach picker's and the members import's); `testid` prefixes `-progress`, `-cancel`.
pub fn sending_status(
    label: String,
    (received, size): (u64, u64),
    (cancel_label, on_cancel): (&str, Callback<MouseEvent>),
    testid: &str,
) -> Html {
    let pct = (received * 100).checked_div(size).unwrap_or(0);
    html! {
        <div class="attach-status" role="status" data-testid={format!("{testid}-progress")}
            data-received={received.to_string()} data-size={size.to_string()}>
            <span class="small">{ label }</span>
            <div class="progress"><div class="progress-bar" style={format!("width: {pct}%")}></div></div>
            <button type="button" class="btn btn-small" onclick={on_cancel}
                data-testid={format!("{testid}-cancel")}>{ cancel_label.to_string() }</button>
        </div>
    }
}

#[function_component(AttachPicker)]
pub fn attach_picker(p: &AttachProps) -> Html {
    let app = use_app();
    let phase = use_state(|| Phase::Idle);
    let cancel = use_mut_ref(|| Rc::new(Cell::new(false)));
    let over = use_state(|| false);
    let sending = matches!(*phase, Phase::Sending { .. });

    let start = {
        let (phase, cancel, item, done, app) = (
            phase.clone(),
            cancel.clone(),
            p.item_id,
            p.on_attached.clone(),
            app.clone(),
        );
        Rc::new(move |file: web_sys::File| {
            let flag = Rc::new(Cell::new(false));
            *cancel.borrow_mut() = flag.clone();
            let name = file.name();
            phase.set(Phase::Sending {
                name: name.clone(),
                received: 0,
                size: file.size() as u64,
            });
            let (phase, done) = (phase.clone(), done.clone());
            let unreadable = t(&app, L::AttachUnreadable);
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
                match upload::attach(item, file, unreadable, flag, progress).await {
                    Ok(Attached::Done(_)) => {
                        phase.set(Phase::Done(name));
                        done.emit(());
                    }
                    Ok(Attached::Cancelled) => phase.set(Phase::Cancelled(name)),
                    Err(e) => phase.set(Phase::Failed(e.message)),
                }
            });
        })
    };
    let on_pick = {
        let start = start.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                start(file);
            }
            // The same file can be chosen again after a cancel.
            input.set_value("");
        })
    };
    let on_drag_over = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            // Without this the browser opens the file instead of dropping it here.
            e.prevent_default();
            over.set(true);
        })
    };
    let on_drag_leave = {
        let over = over.clone();
        Callback::from(move |_: DragEvent| over.set(false))
    };
    let on_drop = {
        let (over, start) = (over.clone(), start.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(false);
            let file = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0));
            if let (Some(file), false) = (file, sending) {
                start(file);
            }
        })
    };
    let on_cancel = {
        let cancel = cancel.clone();
        Callback::from(move |_: MouseEvent| cancel.borrow().set(true))
    };
    let lang = app.lang;
    let status = match &*phase {
        Phase::Idle => html! {},
        Phase::Sending {
            name,
            received,
            size,
        } => sending_status(
            ltf(
                lang,
                L::AttachSending,
                &[name, &show_size(lang, *received), &show_size(lang, *size)],
            ),
            (*received, *size),
            (t(&app, L::AttachCancel), on_cancel),
            "attach",
        ),
        Phase::Done(name) => html! {
            <p class="notice small" role="status" data-testid="attach-done">{ ltf(lang, L::AttachDone, &[name]) }</p>
        },
        Phase::Cancelled(name) => html! {
            <p class="muted small" role="status" data-testid="attach-cancelled">{ ltf(lang, L::AttachCancelled, &[name]) }</p>
        },
        Phase::Failed(m) => html! {
            <p class="error-text small" role="alert" data-testid="attach-error">{ m }</p>
        },
    };
    html! {
        <div class={classes!("attach-zone", (*over).then_some("over"))} data-testid="attach-zone"
            ondragover={on_drag_over} ondragleave={on_drag_leave} ondrop={on_drop}>
            <label class={classes!("btn", "btn-small", sending.then_some("disabled"))}>
                { t(&app, L::AttachChoose) }
                <input type="file" class="visually-hidden" disabled={sending}
                    accept=".pdf,.docx,.jpg,.jpeg,.png,.webp,.gif,application/pdf,image/*"
                    onchange={on_pick} data-testid="attach-input" aria-label={t(&app, L::AttachTitle)} />
            </label>
            <span class="muted small">{ t(&app, L::AttachDrop) }</span>
            { status }
        </div>
    }
}
