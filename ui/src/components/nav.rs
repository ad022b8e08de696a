//! Navigation: the desktop sidebar and the phone's bottom tab bar. Both are always
//! in the tree; CSS shows the one that fits the screen.

use crate::components::icons::{icon, Icon};
use crate::components::shell::tab_label;
use crate::hooks::use_app;
use crate::i18n::Key;
use crate::state::{Action, Tab};
use yew::prelude::*;

pub fn tab_icon(tab: Tab) -> Icon {
    match tab {
        Tab::Home => Icon::Home,
        Tab::Docs => Icon::Docs,
        Tab::Meetings => Icon::Meetings,
        Tab::Tasks => Icon::Tasks,
        Tab::Me => Icon::Me,
        Tab::Orgs => Icon::Orgs,
        Tab::Schedule => Icon::Meetings,
        Tab::Dues => Icon::Card,
        Tab::Evaluation => Icon::Tasks,
        Tab::Oversight => Icon::Orgs,
        Tab::Exchange => Icon::Chat,
        Tab::Inspection => Icon::Tasks,
    }
}

fn item(app: &crate::hooks::AppHandle, tab: Tab, class: &'static str, prefix: &str) -> Html {
    let onclick = {
        let d = app.dispatcher();
        Callback::from(move |_| d.dispatch(Action::Go(tab)))
    };
    let active = app.tab == tab;
    html! {
        <button type="button" class={classes!(class, active.then_some("active"))}
            aria-current={active.then_some("page")}
            data-testid={format!("{prefix}-{}", tab.slug())} {onclick}>
            { icon(tab_icon(tab)) }
            <span class="label">{ tab_label(tab, app.lang) }</span>
        </button>
    }
}

#[function_component(Sidebar)]
pub fn sidebar() -> Html {
    let app = use_app();
    let me = app.status.as_ref().and_then(|s| s.me.as_ref());
    let inspection = crate::inspection::screens::use_inspection_visible();
    html! {
        <nav class="sidebar" aria-label={app.t(Key::MainMenu)}>
            <div class="sidebar-brand">
                <span class="logo-mark" aria-hidden="true">{"★"}</span>
                <span class="brand-name">{ app.t(Key::AppName) }</span>
            </div>
            <div class="sidebar-items">
                // Theo dõi only for those with a post (what oversight_report allows);
                // Kiểm tra, giám sát for case readers and those with their own record.
                { for Tab::SIDEBAR.iter().filter(|&&t| t != Tab::Oversight || crate::oversight::screens::has_posts(&app)).filter(|&&t| t != Tab::Inspection || inspection).map(|&t| item(&app, t, "nav-item", "nav")) }
            </div>
            if let Some(m) = me {
                <div class="sidebar-foot">
                    <span class="avatar small">{ crate::administration::screens::member_list::initial(&m.full_name) }</span>
                    <span class="sidebar-me">{ &m.full_name }</span>
                </div>
            }
        </nav>
    }
}

#[function_component(TabBar)]
pub fn tab_bar() -> Html {
    let app = use_app();
    let administers = app.status.as_ref().is_some_and(|s| !s.positions.is_empty());
    html! {
        <nav class="tabbar" aria-label={app.t(Key::MainMenu)}>
            { for Tab::phone_tabs(administers).into_iter().map(|t| item(&app, t, "tab", "tab")) }
        </nav>
    }
}
