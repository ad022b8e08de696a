//! Reminders in the page, for a browser on the headless host (the apps show them as
//! OS notifications, src-tauri's reminders): every half minute the UI asks the replica
//! which reminders came due since the last one shown (`after_ms`, kept in local
//! storage so a reload does not show them again) and draws them as notices over
//! whatever screen is open. How long before an item it reminds is the device's
//! setting (`SetReminderLead`, chosen on the schedule screen), which the app's OS
//! notifications read too.

use crate::hooks::use_app;
use crate::schedule::form::{show_day, show_hm, when_line};
use crate::schedule::strings::SKey;
use crate::state::{Action, Tab};
use sotay_model::schedule::calendar::Date;
use sotay_model::schedule::Reminder;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use yew::platform::{spawn_local, time::sleep};
use yew::prelude::*;

const AFTER_KEY: &str = "sotay.schedule.reminded_until";
/// How often the page asks (the exchange notices ask on the same beat).
pub(crate) const PERIOD: Duration = Duration::from_secs(30);

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// A value the page keeps in local storage (the exchange notices keep theirs here too).
pub(crate) fn load(key: &str) -> Option<String> {
    local().and_then(|s| s.get_item(key).ok().flatten())
}

pub(crate) fn save(key: &str, value: &str) {
    if let Some(s) = local() {
        // A refused write only means the setting is forgotten at the next start.
        let _ = s.set_item(key, value);
    }
}

/// The next `after_ms`: the latest reminder shown, never going back.
pub fn advanced(after: u64, shown: &[Reminder]) -> u64 {
    shown.iter().map(|r| r.remind_at).fold(after, u64::max)
}

#[function_component(ReminderNotices)]
pub fn reminder_notices() -> Html {
    let app = use_app();
    let due = use_state(Vec::<Reminder>::new);
    // The desktop and phone apps show these as OS notifications (src-tauri's
    // reminders); only a browser on the headless host shows them in the page.
    let in_browser = matches!(
        crate::transport::carrier(),
        crate::transport::Carrier::Http { .. }
    );
    let enrolled = app.enrolled() && in_browser;
    {
        let due = due.clone();
        use_effect_with(enrolled, move |&enrolled| {
            let alive = Rc::new(Cell::new(enrolled));
            let running = alive.clone();
            spawn_local(async move {
                let mut shown: Vec<Reminder> = vec![];
                while running.get() {
                    // The first start on this device begins from now: what came due
                    // before it was never missed by this page.
                    let after = match load(AFTER_KEY).and_then(|s| s.parse::<u64>().ok()) {
                        Some(a) => a,
                        None => {
                            let now = crate::format::now_ms();
                            save(AFTER_KEY, &now.to_string());
                            now
                        }
                    };
                    if let Ok(list) = crate::schedule::client::due_reminders(after).await {
                        if !list.is_empty() {
                            save(AFTER_KEY, &advanced(after, &list).to_string());
                            shown.extend(list);
                            due.set(shown.clone());
                        }
                    }
                    sleep(PERIOD).await;
                }
            });
            move || alive.set(false)
        });
    }
    if due.is_empty() {
        return html! {};
    }
    let tz = crate::format::local_offset_minutes() as i32;
    let dismiss = {
        let due = due.clone();
        Callback::from(move |_| due.set(vec![]))
    };
    let open = {
        let d = app.dispatcher();
        Callback::from(move |_| d.dispatch(Action::Go(Tab::Schedule)))
    };
    html! {
        <div class="schedule-notices" role="status" aria-live="polite" data-testid="schedule-reminder-notice">
            <strong>{ app.t(SKey::ReminderNotice) }</strong>
            <ul>
                { for due.iter().map(|r| {
                    let i = &r.item;
                    let day: Date = crate::schedule::form::day_of(i.starts_at, tz);
                    html! {
                        <li data-testid="schedule-reminder-item">
                            <span class="mono">{ format!("{} {}", when_line(i, tz, app.t(SKey::AllDay)), show_day(day)) }</span>
                            { " " }<span>{ &i.title }</span>
                            if !i.place.is_empty() { <span class="muted">{ format!(" · {}", i.place) }</span> }
                            <span class="muted small">{ format!(" · {}", app.tf(SKey::RemindAt, &[&show_hm(r.remind_at, tz)])) }</span>
                        </li>
                    }
                }) }
            </ul>
            <div class="actions">
                <button type="button" class="btn" onclick={open} data-testid="schedule-reminder-open">{ app.t(SKey::OpenSchedule) }</button>
                <button type="button" class="btn" onclick={dismiss} data-testid="schedule-reminder-dismiss">{ app.t(SKey::Dismiss) }</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sotay_model::ids::Id;
    use sotay_model::schedule::{AgendaItem, ItemKind};

    fn reminder(remind_at: u64) -> Reminder {
        Reminder {
            item: AgendaItem {
                kind: ItemKind::Own,
                id: Id::from_u128(1),
                title: "x".into(),
                place: String::new(),
                org_name: String::new(),
                starts_at: remind_at + 3_600_000,
                ends_at: remind_at + 7_200_000,
                all_day: false,
                recurring: false,
            },
            remind_at,
        }
    }

    #[test]
    fn the_reminded_mark_moves_to_the_latest_shown_and_never_back() {
        assert_eq!(advanced(100, &[reminder(150), reminder(120)]), 150);
        assert_eq!(advanced(200, &[reminder(150)]), 200);
        assert_eq!(advanced(200, &[]), 200);
    }
}
