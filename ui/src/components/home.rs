//! Trang chủ: a greeting with the member's name and cell, and shortcuts.

use crate::components::icons::{icon, Icon};
use crate::hooks::{use_app, use_orgs};
use crate::i18n::{self, Key};
use crate::state::{Action, Tab};
use crate::tree;
use yew::prelude::*;

#[function_component(Home)]
pub fn home() -> Html {
    let app = use_app();
    use_orgs();
    let me = app.status.as_ref().and_then(|s| s.me.clone());
    let cell = me
        .as_ref()
        .and_then(|m| tree::find(app.org_list(), m.cell_id))
        .map(|o| o.name.clone());
    let go = |tab: Tab| {
        let d = app.dispatcher();
        Callback::from(move |_| d.dispatch(Action::Go(tab)))
    };
    let tile = |tab: Tab, ic: Icon, title: Key, hint: Key| {
        html! {
            <button type="button" class="tile" data-testid={format!("shortcut-{}", tab.slug())}
                onclick={go(tab)}>
                <span class="tile-icon">{ icon(ic) }</span>
                <span class="tile-text">
                    <strong>{ app.t(title) }</strong>
                    <small>{ app.t(hint) }</small>
                </span>
            </button>
        }
    };
    html! {
        <div class="page home">
            <section class="hero" data-testid="home-greeting">
                if let Some(m) = &me {
                    <h2 class="hero-title">{ app.tf(Key::Greeting, &[&m.full_name]) }</h2>
                    <p class="hero-sub">
                        if let Some(c) = &cell { <span>{ c }</span>{" · "} }
                        <span>{ app.t(i18n::member_status(m.status)) }</span>
                    </p>
                } else {
                    <h2 class="hero-title">{ app.t(Key::GreetingNoName) }</h2>
                    <p class="hero-sub">{ app.t(Key::MeNotSynced) }</p>
                }
            </section>
            <h2 class="section-title">{ app.t(Key::Shortcuts) }</h2>
            <div class="tiles">
                { tile(Tab::Orgs, Icon::Orgs, Key::ShortcutOrgs, Key::ShortcutOrgsHint) }
                { tile(Tab::Docs, Icon::Docs, Key::TabDocs, Key::ShortcutDocsHint) }
                { tile(Tab::Meetings, Icon::Meetings, Key::TabMeetings, Key::ShortcutMeetingsHint) }
                { tile(Tab::Tasks, Icon::Tasks, Key::TabTasks, Key::ShortcutTasksHint) }
            </div>
        </div>
    }
}
