//! An item's files (a document's or a sending's attachments, the files on a task or a
//! report): name, size, whether the file is on this
//! device (or how much of a cut download is), "Lưu ngoại tuyến" as a switch, and
//! "Mở" — the desktop's viewer in the app; in a browser a link to an object URL of
//! `/files/{id}`.

use super::attach::AttachPicker;
use super::t;
use crate::hooks::use_app;
use crate::library::client::{self as lc, Opened};
use crate::library::show_size;
use crate::library::strings::{ltf, L};
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::library::{AttachmentInfo, LocalCopy};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AttachmentsProps {
    pub document_id: Id,
    pub rev: u32,
    /// The viewer may add files here ("Đính kèm tệp").
    #[prop_or_default]
    pub can_attach: bool,
    /// Under a progress report: no heading, and nothing at all when there is no file
    /// and none may be added.
    #[prop_or_default]
    pub compact: bool,
}

/// What the last action on one attachment gave.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Busy(Id),
    Fetched {
        id: Id,
        bytes: u64,
        repaired: bool,
        url: Option<String>,
    },
    Failed(Id, String),
}

#[function_component(Attachments)]
pub fn attachments(p: &AttachmentsProps) -> Html {
    let app = use_app();
    let list = use_state(|| None::<Result<Vec<AttachmentInfo>, ApiError>>);
    let outcome = use_state(|| None::<Outcome>);
    let again = use_state(|| 0u32);
    // A sync may upload a file (no longer pending) or bring new attachments.
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let list = list.clone();
        use_effect_with(
            (p.document_id, p.rev, *again, synced),
            move |(id, _, _, _)| {
                let id = *id;
                spawn_local(async move { list.set(Some(lc::attachments(id).await)) });
            },
        );
    }
    let items = match &*list {
        None => return html! {},
        Some(Err(e)) => return html! { <p class="error-text small">{ &e.message }</p> },
        Some(Ok(items)) => items.clone(),
    };
    let lang = app.lang;
    let row = |a: &AttachmentInfo| {
        let id = a.attachment.id;
        let open = {
            let (outcome, again) = (outcome.clone(), again.clone());
            Callback::from(move |_| {
                let (outcome, again) = (outcome.clone(), again.clone());
                outcome.set(Some(Outcome::Busy(id)));
                spawn_local(async move {
                    match lc::open(id).await {
                        Ok((file, opened)) => {
                            // The link is clicked by the user: a window opened after
                            // the download would be a blocked (or background) pop-up.
                            let url = match opened {
                                Opened::Viewer => None,
                                Opened::Url(url) => Some(url),
                            };
                            outcome.set(Some(Outcome::Fetched {
                                id,
                                bytes: file.downloaded_bytes,
                                repaired: file.repaired,
                                url,
                            }));
                        }
                        Err(e) => outcome.set(Some(Outcome::Failed(id, e.message))),
                    }
                    again.set(*again + 1);
                });
            })
        };
        let toggle = {
            let (outcome, again, pinned) = (outcome.clone(), again.clone(), a.pinned);
            Callback::from(move |_| {
                let (outcome, again) = (outcome.clone(), again.clone());
                outcome.set(Some(Outcome::Busy(id)));
                spawn_local(async move {
                    match lc::set_pinned(id, !pinned).await {
                        Ok(None) => outcome.set(None),
                        Ok(Some(f)) => outcome.set(Some(Outcome::Fetched {
                            id,
                            bytes: f.downloaded_bytes,
                            repaired: f.repaired,
                            url: None,
                        })),
                        Err(e) => outcome.set(Some(Outcome::Failed(id, e.message))),
                    }
                    again.set(*again + 1);
                });
            })
        };
        let size = a.attachment.size;
        let local = match a.local {
            LocalCopy::Complete => t(&app, L::OnDevice).to_string(),
            LocalCopy::Missing => t(&app, L::NotOnDevice).to_string(),
            LocalCopy::Partial { bytes } => ltf(
                lang,
                L::PartialCopy,
                &[&show_size(lang, bytes), &show_size(lang, size)],
            ),
        };
        let busy = *outcome == Some(Outcome::Busy(id));
        let note = match &*outcome {
            Some(Outcome::Busy(x)) if *x == id => html! {
                <div class="progress" data-testid="attachment-progress"
                    aria-label={t(&app, L::Opening)}><div class="progress-bar indeterminate"></div></div>
            },
            Some(Outcome::Fetched {
                id: x,
                bytes,
                repaired,
                url,
            }) if *x == id => html! {
                <>
                    if *bytes > 0 { <span class="muted small">{ ltf(lang, L::Fetched, &[&show_size(lang, *bytes)]) }</span> }
                    if *repaired { <span class="muted small">{ t(&app, L::Repaired) }</span> }
                    if let Some(url) = url {
                        <a class="small" href={url.clone()} target="_blank" rel="noopener"
                            data-testid="attachment-link">{ t(&app, L::OpenLink) }</a>
                    }
                </>
            },
            Some(Outcome::Failed(x, m)) if *x == id => {
                html! { <span class="error-text small">{ m }</span> }
            }
            _ => html! {},
        };
        html! {
            <li class="attachment" key={id.to_string()} data-testid="attachment">
                <div class="attachment-main">
                    <span class="attachment-name">{ &a.attachment.name }</span>
                    <span class="muted small">
                        { format!("{} · {}", show_size(lang, size), local) }
                        if a.upload_pending { { format!(" · {}", t(&app, L::UploadPending)) } }
                    </span>
                    if let Some(e) = &a.upload_error { <span class="error-text small">{ e }</span> }
                    { note }
                </div>
                <div class="attachment-actions">
                    // A file waiting for upload stays on this device until it is sent.
                    <label class="switch">
                        <input type="checkbox" checked={a.pinned} disabled={busy || a.upload_pending} onchange={toggle}
                            data-testid="attachment-pin" />
                        <span>{ t(&app, L::KeepOffline) }</span>
                    </label>
                    <button type="button" class="btn btn-small" disabled={busy} onclick={open}
                        data-testid="attachment-open">{ if busy { t(&app, L::Opening) } else { t(&app, L::Open) } }</button>
                </div>
            </li>
        }
    };
    let attached = {
        let again = again.clone();
        Callback::from(move |()| again.set(*again + 1))
    };
    if p.compact && items.is_empty() && !p.can_attach {
        return html! {};
    }
    html! {
        <section class="reader-section" data-testid="attachments">
            if !p.compact {
                <h3 class="sub-title">{ t(&app, L::Attachments) }</h3>
            }
            if items.is_empty() {
                if !p.compact { <p class="muted small">{ t(&app, L::NoAttachments) }</p> }
            } else {
                <ul class="attachment-list">{ for items.iter().map(row) }</ul>
            }
            if p.can_attach {
                <AttachPicker item_id={p.document_id} on_attached={attached} />
            }
        </section>
    }
}
