//! Exchange notices in the page, for a browser on the headless host (the apps show
//! them as OS notifications, src-tauri's reminders, on the schedule's timer): every
//! half minute, with the schedule's reminders, the UI asks the replica what arrived
//! (new announcements, reminders to read one, answers to the member's questions,
//! replies to their comments) and draws what it has not shown over whatever screen is
//! open (`form::NoticeMark`). Its mark is kept beside the schedule's, in local
//! storage, so a reload does not show the same again.

use crate::exchange::form::NoticeMark;
use crate::exchange::strings::XKey;
use crate::hooks::use_app;
use crate::schedule::reminders::{load, save, PERIOD};
use crate::state::{Action, Tab};
use sotay_model::exchange::api::{Notice, NoticeKind};
use sotay_model::exchange::TargetKind;
use sotay_model::ids::Id;
use std::cell::Cell;
use std::rc::Rc;
use yew::platform::{spawn_local, time::sleep};
use yew::prelude::*;

const SINCE_KEY: &str = "sotay.exchange.notified_until";

/// Where opening a notice goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Destination {
    Announcement(Id),
    Document(Id),
    Meeting(Id),
    Exchange,
}

/// The item a notice is about: the announcement itself, or what a reply was written
/// under (an older replica's reply without its target opens Trao đổi).
pub fn destination(n: &Notice) -> Destination {
    match (n.kind, n.target) {
        (NoticeKind::Announcement | NoticeKind::Reminder, _) => Destination::Announcement(n.id),
        (NoticeKind::Reply, Some(t)) => match t.kind {
            TargetKind::Announcement => Destination::Announcement(t.id),
            TargetKind::Document => Destination::Document(t.id),
            TargetKind::Meeting => Destination::Meeting(t.id),
        },
        (NoticeKind::Reply | NoticeKind::Answer, _) => Destination::Exchange,
    }
}

pub fn kind_key(k: NoticeKind) -> XKey {
    match k {
        NoticeKind::Announcement => XKey::NoticeAnnouncement,
        NoticeKind::Reminder => XKey::NoticeReminder,
        NoticeKind::Answer => XKey::NoticeAnswer,
        NoticeKind::Reply => XKey::NoticeReply,
    }
}

fn kind_slug(k: NoticeKind) -> &'static str {
    match k {
        NoticeKind::Announcement => "announcement",
        NoticeKind::Reminder => "reminder",
        NoticeKind::Answer => "answer",
        NoticeKind::Reply => "reply",
    }
}

#[function_component(ExchangeNotices)]
pub fn exchange_notices() -> Html {
    let app = use_app();
    // What is on screen; the loop adds to it, "Đóng" empties it.
    let kept = use_mut_ref(Vec::<Notice>::new);
    let shown = use_state(Vec::<Notice>::new);
    let in_browser = matches!(
        crate::transport::carrier(),
        crate::transport::Carrier::Http { .. }
    );
    let enrolled = app.enrolled() && in_browser;
    {
        let (shown, kept) = (shown.clone(), kept.clone());
        use_effect_with(enrolled, move |&enrolled| {
            let alive = Rc::new(Cell::new(enrolled));
            let running = alive.clone();
            spawn_local(async move {
                // The first start on this device begins from now: what arrived with
                // the first sync was never news to this page.
                let since = load(SINCE_KEY)
                    .and_then(|s| s.parse::<u64>().ok())
                    .unwrap_or_else(crate::format::now_ms);
                let mut mark = NoticeMark::new(since);
                while running.get() {
                    if let Ok(n) = crate::exchange::client::notices(mark.ask_from()).await {
                        let fresh = mark.take(n.notices);
                        save(SINCE_KEY, &mark.since.to_string());
                        if !fresh.is_empty() {
                            kept.borrow_mut().extend(fresh);
                            shown.set(kept.borrow().clone());
                        }
                    }
                    sleep(PERIOD).await;
                }
            });
            move || alive.set(false)
        });
    }
    if shown.is_empty() {
        return html! {};
    }
    let dismiss = {
        let (shown, kept) = (shown.clone(), kept.clone());
        Callback::from(move |_| {
            kept.borrow_mut().clear();
            shown.set(vec![]);
        })
    };
    // The newest notice opens its item: an announcement in Trao đổi, a reply under
    // the document, meeting or announcement it was written on; an answer opens Trao đổi.
    let open = {
        let (d, shown, kept) = (app.dispatcher(), shown.clone(), kept.clone());
        let to = shown
            .last()
            .map(destination)
            .unwrap_or(Destination::Exchange);
        Callback::from(move |_| {
            kept.borrow_mut().clear();
            shown.set(vec![]);
            match to {
                Destination::Announcement(id) => {
                    crate::exchange::open_on_arrival(id);
                    d.dispatch(Action::Go(Tab::Exchange));
                }
                Destination::Document(id) => d.dispatch(Action::OpenDocument(id)),
                Destination::Meeting(id) => {
                    crate::meetings::open_on_arrival(id);
                    d.dispatch(Action::Go(Tab::Meetings));
                }
                Destination::Exchange => d.dispatch(Action::Go(Tab::Exchange)),
            }
        })
    };
    html! {
        <div class="schedule-notices" role="status" aria-live="polite" data-testid="exchange-notice">
            <strong>{ app.t(XKey::NoticeTitle) }</strong>
            <ul>
                { for shown.iter().map(|n| html! {
                    <li data-testid="exchange-notice-item" data-kind={kind_slug(n.kind)}>
                        <span class="muted">{ format!("{}: ", app.t(kind_key(n.kind))) }</span>
                        <span>{ &n.title }</span>
                    </li>
                }) }
            </ul>
            <div class="actions">
                <button type="button" class="btn" onclick={open} data-testid="exchange-notice-open">{ app.t(XKey::NoticeOpen) }</button>
                <button type="button" class="btn" onclick={dismiss} data-testid="exchange-notice-dismiss">{ app.t(XKey::Dismiss) }</button>
            </div>
        </div>
    }
}
