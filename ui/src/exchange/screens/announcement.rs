//! One announcement as its reader sees it: who sent it and when, the date to read it
//! by, its text and attached files, and its comment thread. Opening it marks it read (once; the receipt
//! flows back to the sender at the next sync).

use super::announcements::state_tags;
use super::comments::CommentThread;
use super::{back_button, paragraphs, when};
use crate::exchange::strings::XKey;
use crate::hooks::use_app;
use crate::library::screens::attachments::Attachments;
use sotay_model::exchange::api::ReceivedAnnouncement;
use sotay_model::exchange::{CommentTarget, TargetKind};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DetailProps {
    pub item: ReceivedAnnouncement,
    pub on_back: Callback<()>,
    /// Marked read: the feed reads again.
    pub on_read: Callback<()>,
}

#[function_component(AnnouncementDetail)]
pub fn announcement_detail(p: &DetailProps) -> Html {
    let app = use_app();
    let error = use_state(|| None::<String>);
    let top = use_node_ref();
    {
        let (id, unread, on_read, error, top) = (
            p.item.announcement.id,
            !p.item.read,
            p.on_read.clone(),
            error.clone(),
            top.clone(),
        );
        use_effect_with(id, move |_| {
            // A phone shows it instead of the feed: start at its top.
            if let Some(el) = top.cast::<web_sys::Element>() {
                el.scroll_into_view();
            }
            if unread {
                spawn_local(async move {
                    match crate::exchange::client::mark_read(id).await {
                        Ok(()) => on_read.emit(()),
                        Err(e) => error.set(Some(e.message)),
                    }
                });
            }
        });
    }
    let r = &p.item;
    let a = &r.announcement;
    let target = CommentTarget {
        kind: TargetKind::Announcement,
        id: a.id,
    };
    html! {
        <div class="x-detail" data-testid="ann-detail" data-id={a.id.to_string()} ref={top}>
            { back_button(&app, &p.on_back, "ann-back") }
            <article class="card x-card">
                <p class="eyebrow">{ &r.sender_org_name }</p>
                <h2 class="card-title" data-testid="ann-title">{ &a.title }</h2>
                <p class="muted small">{ app.tf(XKey::SentAt, &[&when(a.sent_ms)]) }
                    if a.reminders > 0 { { " · " }{ app.tf(XKey::RemindedAt, &[&when(a.reminded_ms)]) } }
                </p>
                { state_tags(&app, r) }
                if let Some(e) = &*error { <p class="error-text small" role="alert">{ e }</p> }
                if a.body.trim().is_empty() {
                    <p class="muted">{ app.t(XKey::NoBody) }</p>
                } else {
                    { paragraphs(&a.body, "ann-body") }
                }
                // Files hang on each copy, as on a document (the library's list).
                <Attachments document_id={a.id} rev={0} />
            </article>
            <CommentThread {target} />
        </div>
    }
}
