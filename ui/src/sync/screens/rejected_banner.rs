//! Changes the server refused (already rolled back by the replica), each with its
//! Vietnamese reason, until the user dismisses them.

use crate::components::icons::{icon, Icon};
use crate::effects;
use crate::format::{local_offset_minutes, show_time};
use crate::hooks::use_app;
use crate::sync::strings::SyncKey;

use yew::prelude::*;

#[function_component(RejectedBanner)]
pub fn rejected_banner() -> Html {
    let app = use_app();
    if app.rejected.is_empty() {
        return html! {};
    }
    let items = app.rejected.iter().map(|r| {
        let onclick = {
            let (d, id) = (app.dispatcher(), r.change_id);
            Callback::from(move |_| effects::dismiss_rejected(d.clone(), id))
        };
        html! {
            <li class="rejected-item" data-testid="rejected-item" key={r.change_id.to_string()}>
                <div class="rejected-text">
                    <span>{ &r.message }</span>
                    <small class="muted">{ show_time(r.at_ms, local_offset_minutes()) }</small>
                </div>
                <button type="button" class="btn btn-small btn-ghost"
                    data-testid="rejected-dismiss" {onclick}>{ app.t(SyncKey::Dismiss) }</button>
            </li>
        }
    });
    html! {
        <section class="banner warn" role="alert" data-testid="rejected-banner">
            <div class="banner-head">
                { icon(Icon::Alert) }
                <div>
                    <strong>{ app.t(SyncKey::RejectedTitle) }</strong>
                    <p class="muted">{ app.t(SyncKey::RejectedHint) }</p>
                </div>
            </div>
            <ul class="rejected-list">{ for items }</ul>
        </section>
    }
}
