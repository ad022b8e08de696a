//! Home's "Nhiệm vụ đến hạn": the user's own tasks not done that are overdue or due
//! within a week, overdue first; each opens in Nhiệm vụ.

use super::tt;
use crate::hooks::use_app;
use crate::state::{Action, Tab};
use crate::tasks::form::due_soon;
use crate::tasks::strings::TaskKey;
use sotay_model::api::ApiError;
use sotay_model::tasks::api::TaskCard;
use sotay_model::vn::show_date;
use yew::platform::spawn_local;
use yew::prelude::*;

/// How far ahead Home looks, in days.
const DAYS_AHEAD: i64 = 7;
/// At most this many lines on Home.
const SHOWN: usize = 4;

#[function_component(DueTasks)]
pub fn due_tasks() -> Html {
    let app = use_app();
    let cards = use_state(|| None::<Result<Vec<TaskCard>, ApiError>>);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let cards = cards.clone();
        use_effect_with(synced, move |_| {
            spawn_local(async move { cards.set(Some(crate::tasks::client::mine().await)) });
        });
    }
    match &*cards {
        None => html! { <p class="muted small">{ tt(&app, TaskKey::Loading) }</p> },
        // Home stays quiet about errors: Nhiệm vụ is where they are shown.
        Some(Err(_)) => html! { <p class="muted small">{ tt(&app, TaskKey::DueSoonNone) }</p> },
        Some(Ok(list)) => {
            let today = crate::format::today_iso().unwrap_or_default();
            let due = due_soon(list.clone(), &today, DAYS_AHEAD);
            if due.is_empty() {
                return html! { <p class="muted small" data-testid="home-tasks-none">{ tt(&app, TaskKey::DueSoonNone) }</p> };
            }
            html! {
                <ul class="need-list">
                    { for due.iter().take(SHOWN).map(|c| {
                        let (d, id) = (app.dispatcher(), c.task.id);
                        let onclick = Callback::from(move |_| {
                            crate::tasks::open_on_arrival(id);
                            d.dispatch(Action::Go(Tab::Tasks));
                        });
                        html! {
                            <li key={id.to_string()} data-testid="home-task" data-task-id={id.to_string()}>
                                <button type="button" class="link-button" {onclick}
                                    aria-label={format!("{}: {}", tt(&app, TaskKey::OpenTask), c.task.title)}
                                    data-testid="home-task-open">{ &c.task.title }</button>
                                if c.state.overdue {
                                    { " " }<span class="tag tag-danger">{ tt(&app, TaskKey::Overdue) }</span>
                                }
                                <span class={if c.state.overdue { "error-text" } else { "muted" }}>
                                    { format!(" · {} · {}%", app.tf(TaskKey::DueOn, &[&show_date(&c.task.due_date)]), c.state.percent) }
                                </span>
                            </li>
                        }
                    }) }
                </ul>
            }
        }
    }
}
