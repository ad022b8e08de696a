//! "Thông báo": the announcements that reached the member, unread first (marked, and
//! "quá hạn đọc" once the must-read-by date has passed); for those on a committee or
//! office, "Gửi thông báo" and "Đã gửi" with how many of the recipients have read each
//! sending. A tap opens an announcement (which marks it read) or a sending's reads.

use super::announcement::AnnouncementDetail;
use super::reads::ReadsView;
use super::send::SendForm;
use super::when;
use crate::exchange::strings::XKey;
use crate::hooks::{use_app, AppHandle};
use crate::oversight::period::rate;
use sotay_model::api::ApiError;
use sotay_model::exchange::api::{Announcements, ReceivedAnnouncement, SentAnnouncement};
use sotay_model::ids::Id;
use sotay_model::vn::show_date;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
enum View {
    Feed,
    Open(Id),
    Send,
    Reads(Id),
}

#[function_component(AnnouncementsSection)]
pub fn announcements_section() -> Html {
    let app = use_app();
    let list = use_state(|| None::<Result<Announcements, ApiError>>);
    let reload = use_state(|| 0u32);
    let view = use_state(|| match crate::exchange::take_open_on_arrival() {
        Some(id) => View::Open(id),
        None => View::Feed,
    });
    let notice = use_state(|| None::<String>);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let list = list.clone();
        use_effect_with((*reload, synced), move |_| {
            spawn_local(async move {
                list.set(Some(crate::exchange::client::announcements().await));
            });
        });
    }
    let refresh = {
        let reload = reload.clone();
        Callback::from(move |_: ()| reload.set(*reload + 1))
    };
    let go = |v: View| {
        let (view, notice) = (view.clone(), notice.clone());
        Callback::from(move |_: ()| {
            notice.set(None);
            view.set(v.clone());
        })
    };
    let a = match &*list {
        None => return html! { <p class="muted">{ app.t(XKey::Loading) }</p> },
        Some(Err(e)) => {
            return html! { <p class="error-text" data-testid="ann-error">{ &e.message }</p> }
        }
        Some(Ok(a)) => a,
    };
    match (*view).clone() {
        View::Open(id) => match a.received.iter().find(|r| r.announcement.id == id) {
            Some(r) => html! {
                <AnnouncementDetail key={id.to_string()} item={r.clone()} on_back={go(View::Feed)} on_read={refresh} />
            },
            // Not on this device (yet): the feed.
            None => feed(&app, a, &view, &notice),
        },
        View::Send => {
            let done = {
                let (view, notice, refresh) = (view.clone(), notice.clone(), refresh.clone());
                let sent = app.t(XKey::Sent).to_string();
                Callback::from(move |_: Id| {
                    notice.set(Some(sent.clone()));
                    view.set(View::Feed);
                    refresh.emit(());
                })
            };
            html! { <SendForm from={a.may_send_from.clone()} on_done={done} on_cancel={go(View::Feed)} /> }
        }
        View::Reads(batch) => html! {
            <ReadsView key={batch.to_string()} batch_id={batch} on_back={go(View::Feed)} />
        },
        View::Feed => feed(&app, a, &view, &notice),
    }
}

fn feed(
    app: &AppHandle,
    a: &Announcements,
    view: &UseStateHandle<View>,
    notice: &UseStateHandle<Option<String>>,
) -> Html {
    let to = |v: View| {
        let (view, notice) = (view.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            notice.set(None);
            view.set(v.clone());
        })
    };
    let may_send = !a.may_send_from.is_empty();
    html! {
        <div class="x-announcements" data-testid="ann-page">
            <div class="meetings-top">
                <h2>{ app.t(XKey::Announcements) }</h2>
                if may_send {
                    <button type="button" class="btn btn-primary" onclick={to(View::Send)} data-testid="ann-send-open">
                        { app.t(XKey::SendTitle) }</button>
                }
            </div>
            if let Some(n) = &**notice {
                <p class="notice" role="status" data-testid="ann-notice">{ n }</p>
            }
            <section class="card x-card" data-testid="ann-received">
                <h3 class="card-title">{ app.t(XKey::Received) }</h3>
                if a.received.is_empty() {
                    <p class="muted" data-testid="ann-none">{ app.t(XKey::NoAnnouncements) }</p>
                } else {
                    <ul class="x-list" data-testid="ann-feed">
                        { for a.received.iter().map(|r| received_row(app, r, to(View::Open(r.announcement.id)))) }
                    </ul>
                }
            </section>
            if may_send || !a.sent.is_empty() {
                <section class="card x-card" data-testid="ann-sent">
                    <h3 class="card-title">{ app.t(XKey::SentList) }</h3>
                    if a.sent.is_empty() {
                        <p class="muted">{ app.t(XKey::NothingSent) }</p>
                    } else {
                        <ul class="x-list">
                            { for a.sent.iter().map(|s| sent_row(app, s, to(View::Reads(s.batch_id)))) }
                        </ul>
                    }
                </section>
            }
        </div>
    }
}

/// The tags of a received announcement: unread, overdue, the date to read it by.
pub fn state_tags(app: &AppHandle, r: &ReceivedAnnouncement) -> Html {
    html! {
        <span class="x-tags">
            if !r.read {
                <span class="tag tag-warn" data-testid="ann-unread">{ app.t(XKey::Unread) }</span>
            }
            if r.overdue {
                <span class="tag tag-danger" data-testid="ann-overdue">{ app.t(XKey::Overdue) }</span>
            }
            if let Some(d) = &r.announcement.must_read_by {
                <span class="muted small">{ app.tf(XKey::ReadBy, &[&show_date(d)]) }</span>
            }
        </span>
    }
}

fn received_row(app: &AppHandle, r: &ReceivedAnnouncement, onclick: Callback<MouseEvent>) -> Html {
    let a = &r.announcement;
    html! {
        <li key={a.id.to_string()}>
            <button type="button" class={classes!("x-row", (!r.read).then_some("unread"))} {onclick}
                data-testid="ann-item" data-id={a.id.to_string()} data-batch-id={a.batch_id.to_string()}
                data-read={r.read.to_string()} data-overdue={r.overdue.to_string()}>
                <span class="x-row-head">
                    if !r.read { <span class="x-dot" aria-hidden="true"></span> }
                    <strong class="x-row-title">{ &a.title }</strong>
                </span>
                <small class="muted">{ format!("{} · {}", r.sender_org_name, when(a.sent_ms)) }</small>
                <span class="x-row-foot">
                    { state_tags(app, r) }
                    if r.comments > 0 {
                        <span class="muted small" data-testid="ann-comments">{ app.tf(XKey::CommentCount, &[&r.comments.to_string()]) }</span>
                    }
                </span>
            </button>
        </li>
    }
}

fn sent_row(app: &AppHandle, s: &SentAnnouncement, onclick: Callback<MouseEvent>) -> Html {
    let to: Vec<&str> = s.to.iter().map(|(_, n)| n.as_str()).collect();
    let pct = rate(s.readers.into(), s.recipients.into())
        .map(|p| format!(" ({p}%)"))
        .unwrap_or_default();
    html! {
        <li key={s.batch_id.to_string()} class="x-sent" data-testid="ann-sent-item"
            data-batch-id={s.batch_id.to_string()} data-readers={s.readers.to_string()}
            data-recipients={s.recipients.to_string()}>
            <strong class="x-row-title">{ &s.title }</strong>
            <small class="muted">{ when(s.sent_ms) }
                if let Some(d) = &s.must_read_by { { " · " }{ app.tf(XKey::ReadBy, &[&show_date(d)]) } }
            </small>
            <small>{ app.tf(XKey::SentTo, &[&to.join(", ")]) }</small>
            <div class="x-sent-foot">
                <span data-testid="ann-sent-reads">{ app.tf(XKey::ReadCount, &[&s.readers.to_string(), &s.recipients.to_string()]) }{ pct }</span>
                <button type="button" class="btn btn-small" {onclick} data-testid="ann-reads-open">{ app.t(XKey::SeeReads) }</button>
            </div>
        </li>
    }
}
