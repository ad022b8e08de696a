//! Home's "Lịch hôm nay": today's agenda in the device's zone (own and committee
//! entries, meetings, due dates), each opening its item, and the way into Lịch (on
//! phones, whose bar has no room for another tab, this is the way).

use super::{item_html, open_on_arrival, today, tz};
use crate::hooks::use_app;
use crate::schedule::form::{window_ms, Period};
use crate::schedule::strings::SKey;
use crate::state::{Action, Tab};
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::schedule::AgendaItem;
use yew::platform::spawn_local;
use yew::prelude::*;

/// How many of today's items Home shows.
const SHOWN: usize = 5;

#[function_component(TodayAgenda)]
pub fn today_agenda() -> Html {
    let app = use_app();
    let items = use_state(|| None::<Result<Vec<AgendaItem>, ApiError>>);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    let day = today();
    {
        let items = items.clone();
        use_effect_with((day, synced), move |&(day, _)| {
            let (from, to) = window_ms(Period::Day, day, tz());
            spawn_local(async move {
                items.set(Some(crate::schedule::client::agenda(from, to).await));
            });
        });
    }
    let on_entry = {
        let d = app.dispatcher();
        Callback::from(move |(id, at): (Id, u64)| {
            open_on_arrival(id, at);
            d.dispatch(Action::Go(Tab::Schedule));
        })
    };
    let open = {
        let d = app.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Go(Tab::Schedule)))
    };
    let body = match &*items {
        None => html! { <p class="muted small">{ app.t(crate::i18n::Key::Loading) }</p> },
        // A replica without the schedule yet: the place stays, quietly.
        Some(Err(_)) => html! { <p class="muted small">{ app.t(SKey::NothingToday) }</p> },
        Some(Ok(l)) if l.is_empty() => {
            html! { <p class="muted small" data-testid="home-schedule-empty">{ app.t(SKey::NothingToday) }</p> }
        }
        Some(Ok(l)) => html! {
            <ul class="sched-list compact">
                { for l.iter().take(SHOWN).map(|i| item_html(&app, i, &on_entry)) }
            </ul>
        },
    };
    html! {
        <>
            { body }
            <button type="button" class="link-button small" onclick={open} data-testid="home-schedule-open">
                { format!("{} ›", app.t(SKey::OpenSchedule)) }
            </button>
        </>
    }
}
