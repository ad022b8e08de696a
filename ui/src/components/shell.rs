//! The main layout: sidebar (desktop) or top bar + bottom tabs (phone), the sync
//! status always in view, and the current section's page.

use crate::administration::screens::orgs_page::OrgsPage;
use crate::components::home::Home;
use crate::components::nav::{Sidebar, TabBar};
use crate::components::profile::Profile;
use crate::hooks::use_app;
use crate::i18n::{Key, Lang, Text};
use crate::library::screens::LibraryPage;
use crate::meetings::screens::MeetingsPage;
use crate::state::Tab;
use crate::sync::screens::rejected_banner::RejectedBanner;
use crate::sync::screens::sync_bar::{SyncBar, SyncChip};
use crate::tasks::screens::TasksPage;
use yew::prelude::*;

/// A section's name in `lang` (Đảng phí's is in its feature's catalog).
pub fn tab_label(tab: Tab, lang: Lang) -> &'static str {
    let key = match tab {
        Tab::Home => Key::TabHome,
        Tab::Docs => Key::TabDocs,
        Tab::Meetings => Key::TabMeetings,
        Tab::Tasks => Key::TabTasks,
        Tab::Me => Key::TabMe,
        Tab::Orgs => Key::NavOrgs,
        Tab::Schedule => Key::TabSchedule,
        Tab::Dues => return crate::dues::strings::DuesKey::Title.text(lang),
        Tab::Evaluation => return crate::evaluation::strings::EvalKey::Title.text(lang),
        Tab::Oversight => return crate::oversight::strings::OvKey::Title.text(lang),
        Tab::Exchange => return crate::exchange::strings::XKey::TabTitle.text(lang),
        Tab::Inspection => return crate::inspection::strings::InsKey::Title.text(lang),
    };
    key.text(lang)
}

#[function_component(Shell)]
pub fn shell() -> Html {
    let app = use_app();
    let content = use_node_ref();
    {
        // One scrolling area serves every section: a new section or pane starts at
        // its top instead of where the last one was left.
        let content = content.clone();
        let v = &app.org_view;
        let place = (
            app.tab,
            app.org_pane(),
            v.section,
            v.selected_org,
            v.selected_member,
            app.doc_open,
            app.tab_reset,
        );
        use_effect_with(place, move |_| {
            if let Some(el) = content.cast::<web_sys::Element>() {
                el.set_scroll_top(0);
            }
        });
    }
    // Keyed on the taps of the tab already shown: another tap starts the page again.
    let key = app.tab_reset.to_string();
    let page = match app.tab {
        Tab::Home => html! { <Home key={key} /> },
        Tab::Orgs => html! { <OrgsPage key={key} /> },
        Tab::Me => html! { <Profile key={key} /> },
        Tab::Docs => html! { <LibraryPage key={key} /> },
        Tab::Meetings => html! { <MeetingsPage key={key} /> },
        Tab::Schedule => html! { <crate::schedule::screens::SchedulePage key={key} /> },
        Tab::Tasks => html! { <TasksPage key={key} /> },
        Tab::Dues => html! { <crate::dues::screens::DuesPage key={key} /> },
        Tab::Evaluation => html! { <crate::evaluation::screens::EvaluationPage key={key} /> },
        Tab::Oversight => html! { <crate::oversight::screens::OversightPage key={key} /> },
        Tab::Exchange => html! { <crate::exchange::screens::ExchangePage key={key} /> },
        Tab::Inspection => html! { <crate::inspection::screens::InspectionPage key={key} /> },
    };
    html! {
        <div class={classes!("shell", format!("at-{}", app.tab.slug()))}>
            <Sidebar />
            <div class="main">
                <header class="topbar">
                    <div class="brand">
                        <span class="logo-mark small" aria-hidden="true">{"★"}</span>
                        <span class="brand-name">{ app.t(Key::AppName) }</span>
                    </div>
                    <h1 class="page-title">{ tab_label(app.tab, app.lang) }</h1>
                    <SyncChip />
                </header>
                <SyncBar />
                <main class="content" ref={content} data-testid={format!("page-{}", app.tab.slug())}>
                    <RejectedBanner />
                    <crate::schedule::reminders::ReminderNotices />
                    <crate::exchange::notices::ExchangeNotices />
                    { page }
                </main>
            </div>
            <TabBar />
        </div>
    }
}
