//! Who has read a sending: each receiving organisation and those below it (indented by
//! depth) with readers out of recipients, the members who have not read it, "Nhắc"
//! (their devices notify again), and each receiving copy's comment thread.

use super::back_button;
use super::comments::CommentThread;
use crate::exchange::strings::XKey;
use crate::hooks::use_app;
use crate::library::screens::attachments::Attachments;
use crate::oversight::period::rate;
use sotay_model::api::ApiError;
use sotay_model::exchange::api::AnnouncementReads;
use sotay_model::exchange::{Announcement, CommentTarget, TargetKind};
use sotay_model::ids::Id;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReadsProps {
    pub batch_id: Id,
    pub on_back: Callback<()>,
}

/// How many of those who have not read it are named (the rest counted).
const NAMED: usize = 200;

#[function_component(ReadsView)]
pub fn reads_view(p: &ReadsProps) -> Html {
    let app = use_app();
    let reads = use_state(|| None::<Result<AnnouncementReads, ApiError>>);
    let message = use_state(|| None::<Result<String, String>>);
    let reminding = use_state(|| false);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let reads = reads.clone();
        use_effect_with((p.batch_id, synced), move |(batch, _)| {
            let batch = *batch;
            spawn_local(
                async move { reads.set(Some(crate::exchange::client::reads(batch).await)) },
            );
        });
    }
    let back = back_button(&app, &p.on_back, "ann-reads-back");
    let r = match &*reads {
        None => {
            return html! { <div class="x-detail">{ back }<p class="muted">{ app.t(XKey::Loading) }</p></div> }
        }
        Some(Err(e)) => {
            return html! { <div class="x-detail">{ back }<p class="error-text" data-testid="ann-reads-error">{ &e.message }</p></div> }
        }
        Some(Ok(r)) => r,
    };
    let remind = {
        let (message, reminding, batch, app) =
            (message.clone(), reminding.clone(), p.batch_id, app.clone());
        let n = r.unread.len();
        Callback::from(move |_: MouseEvent| {
            let (message, reminding) = (message.clone(), reminding.clone());
            let done = app.tf(XKey::Reminded, &[&n.to_string()]);
            reminding.set(true);
            spawn_local(async move {
                let r = crate::exchange::client::remind(batch).await;
                message.set(Some(r.map(|()| done).map_err(|e| e.message)));
                reminding.set(false);
            });
        })
    };
    let receivers: Vec<Id> = r
        .orgs
        .iter()
        .filter(|o| o.depth == 0)
        .map(|o| o.org_id)
        .collect();
    html! {
        <div class="x-detail x-reads" data-testid="ann-reads" data-batch-id={p.batch_id.to_string()}>
            { back }
            <section class="card x-card">
                <h2 class="card-title" data-testid="ann-reads-title">{ &r.title }</h2>
                <ul class="x-reads-list">
                    { for r.orgs.iter().map(|o| {
                        let pct = rate(o.readers.into(), o.recipients.into()).unwrap_or(0);
                        html! {
                            <li class={classes!("x-reads-row", (o.depth == 0).then_some("receiver"))}
                                style={format!("padding-left: {}px", u32::from(o.depth.min(5)) * 16)}
                                data-testid="ann-reads-org" data-org-id={o.org_id.to_string()} data-depth={o.depth.to_string()}
                                data-readers={o.readers.to_string()} data-recipients={o.recipients.to_string()}>
                                <span class="x-reads-name">{ &o.org_name }</span>
                                <span class="x-reads-count mono">{ app.tf(XKey::ReadCount, &[&o.readers.to_string(), &o.recipients.to_string()]) }</span>
                                <span class="x-bar" role="img" aria-label={format!("{pct}%")}><span style={format!("width: {}%", pct.min(100))}></span></span>
                            </li>
                        }
                    }) }
                </ul>
            </section>
            // The sender's office adds files to the sending: one copy stands for all
            // (the device writes the file's row on every copy it holds).
            if let Some(first) = receivers.first() {
                <section class="card x-card" data-testid="ann-files">
                    <Attachments document_id={Announcement::row_id(p.batch_id, *first)} rev={0} can_attach=true />
                </section>
            }
            <section class="card x-card" data-testid="ann-unread-members">
                <div class="x-card-head">
                    <h3 class="card-title">{ app.tf(XKey::NotRead, &[&r.unread.len().to_string()]) }</h3>
                    if !r.unread.is_empty() {
                        <button type="button" class="btn btn-primary btn-small" onclick={remind} disabled={*reminding}
                            data-testid="ann-remind">{ app.t(XKey::Remind) }</button>
                    }
                </div>
                { match &*message {
                    Some(Ok(m)) => html! { <p class="notice" role="status" data-testid="ann-reminded">{ m }</p> },
                    Some(Err(m)) => html! { <p class="error-text" role="alert" data-testid="ann-remind-error">{ m }</p> },
                    None => html! {},
                } }
                if r.unread.is_empty() {
                    <p class="muted">{ app.t(XKey::AllRead) }</p>
                } else {
                    <ul class="x-names">
                        { for r.unread.iter().take(NAMED).map(|(id, name, cell)| html! {
                            <li key={id.to_string()} data-testid="ann-unread-member" data-member-id={id.to_string()}>
                                { name }<span class="muted small">{ format!(" · {cell}") }</span>
                            </li>
                        }) }
                    </ul>
                    if r.unread.len() > NAMED {
                        <p class="muted small">{ app.tf(XKey::AndOthers, &[&(r.unread.len() - NAMED).to_string()]) }</p>
                    }
                }
            </section>
            { for receivers.into_iter().map(|org| {
                let name = r.orgs.iter().find(|o| o.org_id == org).map(|o| o.org_name.clone()).unwrap_or_default();
                let target = CommentTarget { kind: TargetKind::Announcement, id: Announcement::row_id(p.batch_id, org) };
                html! {
                    <details class="card x-card x-copy-thread" key={org.to_string()} data-testid="ann-copy-thread">
                        <summary>{ app.tf(XKey::CommentsAt, &[&name]) }</summary>
                        <CommentThread {target} />
                    </details>
                }
            }) }
        </div>
    }
}
