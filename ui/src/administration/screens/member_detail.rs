//! One member's record (GetMember) with the positions they hold, and, for those whose
//! positions cover the member's cell and every post the member holds, the
//! administration panel and their devices.
//! Also the small pieces it shares with Cá nhân.

use crate::administration::client as admin_client;
use crate::administration::screens::add_member::MemberFormCard;
use crate::administration::screens::member_admin::MemberAdmin;
use crate::administration::strings as admin_strings;
use crate::administration::strings::AdminKey;
use crate::components::icons::{icon, Icon};
use crate::devices::screens::devices::DeviceList;
use crate::devices::strings::DeviceKey;
use crate::hooks::{use_app, AppHandle};
use crate::i18n::{self, Key};
use crate::rights::Rights;
use crate::state::Action;
use crate::tree;
use sotay_model::api::ApiError;
use sotay_model::entities::{Member, Organisation, Position};
use sotay_model::ids::Id;
use sotay_model::vn::show_date;
use yew::platform::spawn_local;
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
        return html! { <p class="muted">{ app.t(AdminKey::NoPositions) }</p> };
    }
    html! {
        <ul class="positions" data-testid="positions">
            { for positions.iter().map(|p| {
                let org = tree::find(orgs, p.org_id).map(|o| o.name.clone()).unwrap_or_default();
                html! {
                    <li key={p.id.to_string()}>
                        <strong>{ app.t(admin_strings::position_title(p.title)) }</strong>
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
    let loaded = app
        .member
        .as_ref()
        .filter(|m| m.key == id)
        .and_then(|f| f.result.as_ref().ok())
        .cloned();
    if app.org_view.editing {
        if let Some(m) = loaded {
            return html! { <MemberFormCard edit={Some(m)} /> };
        }
    }
    let body = match app.member.as_ref().filter(|m| m.key == id) {
        None => html! { <p class="muted pad">{ app.t(Key::Loading) }</p> },
        Some(f) => match &f.result {
            Err(e) => html! { <p class="error-text pad">{ &e.message }</p> },
            Ok(m) => {
                let rights = Rights::new(app.status.as_ref(), app.org_list());
                // Narrowed by the member's posts in `MemberPositions` (issue 12).
                let admin = rights.may_keep_members(m.cell_id);
                let cell = tree::find(app.org_list(), m.cell_id)
                    .map(|o| o.name.clone())
                    .unwrap_or_else(|| app.t(Key::Unknown).to_string());
                html! {
                    <>
                        <div class="member-hero">
                            <span class="avatar large">{ crate::administration::screens::member_list::initial(&m.full_name) }</span>
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
                            <Row label={app.t(AdminKey::Gender)} value={app.t(admin_strings::gender(m.gender))} />
                            <Row label={app.t(Key::BirthDate)} value={show_date(&m.birth_date)} />
                            <Row label={app.t(Key::JoinedDate)} value={show_date(&m.joined_date)} />
                            <Row label={app.t(Key::OfficialDate)}
                                value={m.official_date.as_deref().map(show_date).unwrap_or_else(|| "—".into())} />
                        </dl>
                        <MemberPositions member={m.clone()} {admin} />
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
                <h2 class="card-title">{ app.t(AdminKey::MemberDetail) }</h2>
            </div>
            if let Some(n) = &app.notice {
                <p class="notice" role="status" data-testid="notice">{ n }</p>
            }
            { body }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct MemberPositionsProps {
    member: Member,
    /// The user keeps the member's cell: the administration panel and devices follow
    /// the positions, once loaded, if no post of the member is beyond the user's reach.
    admin: bool,
}

/// The positions the member holds in their cell and the levels above it.
#[function_component(MemberPositions)]
fn member_positions(p: &MemberPositionsProps) -> Html {
    let app = use_app();
    let held = use_state(|| None::<Result<Vec<Position>, ApiError>>);
    let chain: Vec<Id> = tree::ancestors(app.org_list(), p.member.cell_id);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let held = held.clone();
        let member = p.member.id;
        use_effect_with((member, chain.clone(), synced), move |_| {
            spawn_local(
                async move { held.set(Some(admin_client::positions_of(member, chain).await)) },
            );
        });
    }
    let list = match &*held {
        None => html! { <p class="muted">{ app.t(Key::Loading) }</p> },
        Some(Err(e)) => html! { <p class="error-text">{ &e.message }</p> },
        Some(Ok(list)) => position_lines(&app, list, app.org_list()),
    };
    let rights = Rights::new(app.status.as_ref(), app.org_list());
    let admin = p.admin
        && matches!(&*held, Some(Ok(list)) if rights.may_administer(p.member.cell_id, list));
    html! {
        <>
            <section class="subsection" data-testid="member-positions">
                <h3 class="sub-title">{ app.t(Key::Positions) }</h3>
                { list }
            </section>
            if admin {
                <MemberAdmin member={p.member.clone()} />
                <section class="subsection">
                    <h3 class="sub-title">{ app.t(DeviceKey::DevicesTitle) }</h3>
                    <DeviceList member_id={Some(p.member.id)} />
                </section>
            }
        </>
    }
}
