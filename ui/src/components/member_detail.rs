//! One member's record (GetMember), and the small pieces it shares with Cá nhân.

use crate::components::icons::{icon, Icon};
use crate::hooks::{use_app, AppHandle};
use crate::i18n::{self, Key};
use crate::state::Action;
use crate::tree;
use sotay_model::entities::{Organisation, Position};
use sotay_model::vn::show_date;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RowProps {
    pub label: AttrValue,
    pub value: AttrValue,
    #[prop_or_default]
    pub mono: bool,
}

/// One label/value line of a details list.
#[function_component(Row)]
pub fn row(p: &RowProps) -> Html {
    html! {
        <div class="detail-row">
            <dt>{ &p.label }</dt>
            <dd class={classes!(p.mono.then_some("mono"))}>{ &p.value }</dd>
        </div>
    }
}

/// Committee positions as "Bí thư — Chi bộ Thôn An" lines.
pub fn position_lines(app: &AppHandle, positions: &[Position], orgs: &[Organisation]) -> Html {
    if positions.is_empty() {
        return html! { <p class="muted">{ app.t(Key::NoPositions) }</p> };
    }
    html! {
        <ul class="positions" data-testid="positions">
            { for positions.iter().map(|p| {
                let org = tree::find(orgs, p.org_id).map(|o| o.name.clone()).unwrap_or_default();
                html! {
                    <li key={p.id.to_string()}>
                        <strong>{ app.t(i18n::position_title(p.title)) }</strong>
                        <span class="muted">{ org }</span>
                    </li>
                }
            }) }
        </ul>
    }
}

#[function_component(MemberDetail)]
pub fn member_detail() -> Html {
    let app = use_app();
    let Some(id) = app.org_view.selected_member else {
        return html! {};
    };
    let back = {
        let d = app.dispatcher();
        Callback::from(move |_| d.dispatch(Action::Back))
    };
    let body = match app.member.as_ref().filter(|m| m.key == id) {
        None => html! { <p class="muted pad">{ app.t(Key::Loading) }</p> },
        Some(f) => match &f.result {
            Err(e) => html! { <p class="error-text pad">{ &e.message }</p> },
            Ok(m) => {
                let cell = tree::find(app.org_list(), m.cell_id)
                    .map(|o| o.name.clone())
                    .unwrap_or_else(|| app.t(Key::Unknown).to_string());
                html! {
                    <>
                        <div class="member-hero">
                            <span class="avatar large">{ crate::components::member_list::initial(&m.full_name) }</span>
                            <div>
                                <p class="member-hero-name" data-testid="member-name">{ &m.full_name }</p>
                                <span class={classes!("pill", (m.status == sotay_model::entities::MemberStatus::Probationary).then_some("pill-warn"))}>
                                    { app.t(i18n::member_status(m.status)) }
                                </span>
                            </div>
                        </div>
                        <dl class="details">
                            <Row label={app.t(Key::CardNo)} value={m.card_no.clone()} mono=true />
                            <Row label={app.t(Key::Cell)} value={cell} />
                            <Row label={app.t(Key::Gender)} value={app.t(i18n::gender(m.gender))} />
                            <Row label={app.t(Key::BirthDate)} value={show_date(&m.birth_date)} />
                            <Row label={app.t(Key::JoinedDate)} value={show_date(&m.joined_date)} />
                            <Row label={app.t(Key::OfficialDate)}
                                value={m.official_date.as_deref().map(show_date).unwrap_or_else(|| "—".into())} />
                        </dl>
                    </>
                }
            }
        },
    };
    html! {
        <div class="card" data-testid="member-detail">
            <div class="pane-head">
                <button type="button" class="icon-btn back always" onclick={back}
                    data-testid="back" aria-label={app.t(Key::Back)}>{ icon(Icon::Back) }</button>
                <h2 class="card-title">{ app.t(Key::MemberDetail) }</h2>
            </div>
            { body }
        </div>
    }
}
