//! The root: owns the state reducer, polls the replica's status, and chooses between
//! start-up, enrollment, the lock screen and the main layout.

use crate::components::shell::Shell;
use crate::components::splash::{Splash, Unreachable};
use crate::devices::screens::enroll::Enroll;
use crate::devices::screens::lock::LockScreen;
use crate::hooks::{use_status_poll, AppHandle};
use crate::state::AppState;
use crate::storage;
use yew::prelude::*;

/// The whole-window screen the state calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Splash,
    Unreachable,
    Enroll,
    /// The PIN is asked before anything else shows: no shell, no sync, no names.
    Locked,
    Shell,
}

pub fn screen(state: &AppState) -> Screen {
    match (&state.status, &state.status_error) {
        (None, None) => Screen::Splash,
        (None, Some(_)) => Screen::Unreachable,
        (Some(s), _) if !s.enrolled || state.first_sync => Screen::Enroll,
        (Some(s), _) if s.locked => Screen::Locked,
        _ => Screen::Shell,
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState {
        lang: storage::load_lang(),
        ..AppState::default()
    });
    let fast = state.syncing || state.status.as_ref().is_some_and(|s| s.progress.is_some());
    use_status_poll(state.dispatcher(), fast);
    use_effect_with(state.lang, |lang| storage::save_lang(*lang));

    let body = match (screen(&state), &state.status_error) {
        (Screen::Splash, _) => html! { <Splash /> },
        (Screen::Unreachable, Some(e)) => html! { <Unreachable error={e.clone()} /> },
        (Screen::Unreachable, None) => html! { <Splash /> },
        (Screen::Enroll, _) => html! { <Enroll /> },
        (Screen::Locked, _) => html! { <LockScreen /> },
        (Screen::Shell, _) => html! { <Shell /> },
    };
    html! {
        <ContextProvider<AppHandle> context={state}>
            { body }
        </ContextProvider<AppHandle>>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sotay_model::sync::Status;

    #[test]
    fn a_locked_app_shows_the_lock_screen_not_home() {
        let status = |locked| Status {
            enrolled: true,
            locked,
            pin_set: true,
            ..Status::default()
        };
        let mut state = AppState {
            status: Some(status(true)),
            ..AppState::default()
        };
        assert_eq!(screen(&state), Screen::Locked);
        state.status = Some(status(false));
        assert_eq!(screen(&state), Screen::Shell);
        // Not enrolled: the enrollment form, whatever the lock says.
        state.status = Some(Status {
            enrolled: false,
            locked: true,
            ..Status::default()
        });
        assert_eq!(screen(&state), Screen::Enroll);
    }
}
