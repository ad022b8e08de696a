//! What shows before the replica first answers, and if it cannot be reached at all.

use crate::components::icons::{icon, Icon};
use crate::effects::refresh_status;
use crate::hooks::use_app;
use crate::i18n::Key;
use sotay_model::api::ApiError;
use yew::platform::spawn_local;
use yew::prelude::*;

#[function_component(Splash)]
pub fn splash() -> Html {
    let app = use_app();
    html! {
        <div class="center-screen" data-testid="splash">
            <div class="logo-mark" aria-hidden="true">{"★"}</div>
            <p class="muted">{ app.t(Key::Loading) }</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct UnreachableProps {
    pub error: ApiError,
}

#[function_component(Unreachable)]
pub fn unreachable(props: &UnreachableProps) -> Html {
    let app = use_app();
    let retry = {
        let d = app.dispatcher();
        Callback::from(move |_| {
            let d = d.clone();
            spawn_local(async move { refresh_status(&d).await });
        })
    };
    html! {
        <div class="center-screen" data-testid="unreachable">
            <div class="card narrow">
                <div class="card-icon warn">{ icon(Icon::Alert) }</div>
                <h1 class="title">{ app.t(Key::CannotReachTitle) }</h1>
                <p class="muted">{ app.t(Key::CannotReachHint) }</p>
                <p class="error-text" data-testid="unreachable-error">{ &props.error.message }</p>
                <button class="btn btn-primary" data-testid="retry" onclick={retry}>
                    { app.t(Key::Retry) }
                </button>
            </div>
        </div>
    }
}
