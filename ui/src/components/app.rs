//! The root: owns the state reducer, polls the replica's status, and chooses between
//! start-up, enrollment and the main layout.

use crate::components::shell::Shell;
use crate::components::splash::{Splash, Unreachable};
use crate::devices::screens::enroll::Enroll;
use crate::hooks::{use_status_poll, AppHandle};
use crate::state::AppState;
use crate::storage;
use yew::prelude::*;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState {
        lang: storage::load_lang(),
        ..AppState::default()
    });
    let fast = state.syncing || state.status.as_ref().is_some_and(|s| s.progress.is_some());
    use_status_poll(state.dispatcher(), fast);
    use_effect_with(state.lang, |lang| storage::save_lang(*lang));

    let body = match (&state.status, &state.status_error) {
        (None, None) => html! { <Splash /> },
        (None, Some(e)) => html! { <Unreachable error={e.clone()} /> },
        (Some(s), _) if !s.enrolled || state.first_sync => html! { <Enroll /> },
        _ => html! { <Shell /> },
    };
    html! {
        <ContextProvider<AppHandle> context={state}>
            { body }
        </ContextProvider<AppHandle>>
    }
}
