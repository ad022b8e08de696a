//! Cá nhân: the member's own card, the way to the organisation tree, the language
//! switch, the app PIN and what this device is.

use crate::administration::screens::member_detail::{position_lines, Row};
use crate::components::icons::{icon, Icon};
use crate::devices::screens::devices::DeviceList;
use crate::devices::screens::lock::PinSettings;
use crate::devices::strings::DeviceKey;
use crate::dues::strings::DuesKey;
use crate::evaluation::strings::EvalKey;
use crate::hooks::{use_app, use_orgs};
use crate::i18n::{self, Key, Lang};
use crate::state::{Action, Tab};
use crate::transport::{self, Carrier};
use crate::tree;
use sotay_model::vn::show_date;
use yew::prelude::*;

#[function_component(Profile)]
pub fn profile() -> Html {
    let app = use_app();
    use_orgs();
    let status = app.status.clone().unwrap_or_default();
    let orgs = app.org_list();
    let lang_btn = |lang: Lang, key: Key| {
        let d = app.dispatcher();
        let onclick = Callback::from(move |_| d.dispatch(Action::SetLang(lang)));
        html! {
            <button type="button" class={classes!("seg", (app.lang == lang).then_some("active"))}
                aria-pressed={(app.lang == lang).to_string()}
                data-testid={format!("lang-{}", lang.code())} {onclick}>{ app.t(key) }</button>
        }
    };
    let to_orgs = {
        let d = app.dispatcher();
        Callback::from(move |_| d.dispatch(Action::Go(Tab::Orgs)))
    };
    let to_dues = {
        let d = app.dispatcher();
        Callback::from(move |_| d.dispatch(Action::Go(Tab::Dues)))
    };
    let to_evaluation = {
        let d = app.dispatcher();
        Callback::from(move |_| d.dispatch(Action::Go(Tab::Evaluation)))
    };
    let unknown = app.t(Key::Unknown).to_string();
    let connection = match transport::carrier() {
        Carrier::Tauri => app.t(Key::ConnectionApp),
        Carrier::Http { .. } => app.t(Key::ConnectionBrowser),
    };
    html! {
        <div class="page profile">
            // The database key is in a file beside the data, not the keystore.
            if let Some(w) = &status.key_warning {
                <section class="banner warn" role="alert" data-testid="key-warning"><p>{ w }</p></section>
            }
            if let Some(m) = &status.me {
                <section class="party-card" data-testid="my-card">
                    <div class="party-card-head">
                        <span class="logo-mark small" aria-hidden="true">{"★"}</span>
                        <span>{ app.t(Key::MyCard) }</span>
                    </div>
                    <p class="party-card-name">{ &m.full_name }</p>
                    <p class="party-card-no">{ &m.card_no }</p>
                    <dl class="details on-card">
                        <Row label={app.t(Key::Cell)} value={tree::find(orgs, m.cell_id).map(|o| o.name.clone()).unwrap_or_else(|| unknown.clone())} />
                        <Row label={app.t(Key::MemberStatus)} value={app.t(i18n::member_status(m.status))} />
                        <Row label={app.t(Key::BirthDate)} value={show_date(&m.birth_date)} />
                        <Row label={app.t(Key::JoinedDate)} value={show_date(&m.joined_date)} />
                        if let Some(d) = &m.official_date {
                            <Row label={app.t(Key::OfficialDate)} value={show_date(d)} />
                        }
                    </dl>
                </section>
            } else {
                <section class="card"><p class="muted">{ app.t(Key::MeNotSynced) }</p></section>
            }
            <section class="card">
                <h2 class="card-title">{ app.t(Key::Positions) }</h2>
                { position_lines(&app, &status.positions, orgs) }
            </section>
            <button type="button" class="card link-card" data-testid="me-dues" onclick={to_dues}>
                { icon(Icon::Card) }
                <span>{ app.t(DuesKey::Title) }<small class="muted link-card-hint">{ app.t(DuesKey::TitleHint) }</small></span>
                { icon(Icon::ChevronRight) }
            </button>
            <button type="button" class="card link-card" data-testid="me-evaluation" onclick={to_evaluation}>
                { icon(Icon::Tasks) }
                <span>{ app.t(EvalKey::Title) }<small class="muted link-card-hint">{ app.t(EvalKey::TitleHint) }</small></span>
                { icon(Icon::ChevronRight) }
            </button>
            <button type="button" class="card link-card" data-testid="me-orgs" onclick={to_orgs}>
                { icon(Icon::Orgs) }
                <span>{ app.t(Key::ShortcutOrgs) }</span>
                { icon(Icon::ChevronRight) }
            </button>
            <section class="card">
                <h2 class="card-title">{ app.t(Key::Language) }</h2>
                <div class="segmented" role="group">
                    { lang_btn(Lang::Vi, Key::LangVi) }
                    { lang_btn(Lang::En, Key::LangEn) }
                </div>
            </section>
            <PinSettings />
            <section class="card" data-testid="my-devices">
                <h2 class="card-title">{ app.t(DeviceKey::MyDevices) }</h2>
                <DeviceList />
            </section>
            <crate::library::screens::storage::StorageCard />
            <section class="card" data-testid="device-info">
                <h2 class="card-title">{ app.t(Key::DeviceInfo) }</h2>
                <dl class="details">
                    <Row label={app.t(Key::DeviceId)} value={status.device_id.map(|d| d.to_string()).unwrap_or_else(|| unknown.clone())} mono=true />
                    <Row label={app.t(Key::Server)} value={status.server.clone().unwrap_or(unknown)} mono=true />
                    <Row label={app.t(Key::Connection)} value={connection} />
                </dl>
            </section>
        </div>
    }
}
