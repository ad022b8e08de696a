//! Home's "Thông báo chưa đọc": the first few announcements the member has not read
//! (overdue ones marked); a tap opens one in Trao đổi, where opening marks it read.

use crate::exchange::strings::XKey;
use crate::hooks::use_app;
use crate::state::{Action, Tab};
use sotay_model::api::ApiError;
use sotay_model::exchange::api::Announcements;
use yew::platform::spawn_local;
use yew::prelude::*;

/// How many Home lists.
const SHOWN: usize = 3;

#[function_component(UnreadAnnouncements)]
pub fn unread_announcements() -> Html {
    let app = use_app();
    let list = use_state(|| None::<Result<Announcements, ApiError>>);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let list = list.clone();
        use_effect_with(synced, move |_| {
            spawn_local(async move {
                list.set(Some(crate::exchange::client::announcements().await));
            });
        });
    }
    let unread: Vec<_> = match &*list {
        None => return html! { <p class="muted small">{ app.t(XKey::Loading) }</p> },
        // The feed is where its errors are shown; Home keeps its place quietly.
        Some(Err(_)) => vec![],
        Some(Ok(a)) => a.received.iter().filter(|r| !r.read).collect(),
    };
    if unread.is_empty() {
        return html! { <p class="muted small" data-testid="home-ann-none">{ app.t(XKey::NoUnread) }</p> };
    }
    html! {
        <ul class="need-list">
            { for unread.iter().take(SHOWN).map(|r| {
                let (d, id) = (app.dispatcher(), r.announcement.id);
                let onclick = Callback::from(move |_| {
                    crate::exchange::open_on_arrival(id);
                    d.dispatch(Action::Go(Tab::Exchange));
                });
                html! {
                    <li data-testid="home-ann" data-id={id.to_string()}>
                        <button type="button" class="link-button" {onclick}>{ &r.announcement.title }</button>
                        <span class="muted">{ format!(" · {}", r.sender_org_name) }</span>
                        if r.overdue {
                            { " " }<span class="tag tag-danger">{ app.t(XKey::Overdue) }</span>
                        }
                    </li>
                }
            }) }
            if unread.len() > SHOWN {
                <li class="muted small">{ app.tf(XKey::MoreUnread, &[&(unread.len() - SHOWN).to_string()]) }</li>
            }
        </ul>
    }
}
