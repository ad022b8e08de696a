//! The sections still to be built (Tài liệu, Sinh hoạt, Nhiệm vụ): a tidy empty state.

use crate::components::icons::{icon, Icon};
use crate::hooks::use_app;
use crate::i18n::Key;
use crate::state::Tab;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ComingSoonProps {
    pub tab: Tab,
}

#[function_component(ComingSoon)]
pub fn coming_soon(p: &ComingSoonProps) -> Html {
    let app = use_app();
    let (ic, title, text) = match p.tab {
        Tab::Meetings => (Icon::Meetings, Key::TabMeetings, Key::ComingSoonMeetings),
        Tab::Tasks => (Icon::Tasks, Key::TabTasks, Key::ComingSoonTasks),
        _ => (Icon::Docs, Key::TabDocs, Key::ComingSoonDocs),
    };
    html! {
        <div class="empty-state" data-testid="coming-soon">
            <div class="empty-icon">{ icon(ic) }</div>
            <h2>{ app.t(title) }</h2>
            <span class="badge">{ app.t(Key::ComingSoon) }</span>
            <p class="muted">{ app.t(text) }</p>
        </div>
    }
}
