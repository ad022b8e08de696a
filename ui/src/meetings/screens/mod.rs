//! Sinh hoạt (issue 6): the meetings on this device, upcoming first and cancelled ones
//! marked; one meeting with its check-in, attendance and minutes; the plan/edit form;
//! for a committee, its lower levels' meetings per month. Actions the permission table
//! would refuse are hidden (`rights`); the server still judges every change at sync and
//! a refusal shows in the banner with its reason.

pub mod attendance;
pub mod check_in;
pub mod detail;
pub mod form;
pub mod minutes;
pub mod stats;

use crate::hooks::{use_app, use_orgs, AppHandle};
use crate::meetings::form::{order, show_when};
use crate::meetings::strings::{text, textf, MKey};
use crate::rights::Rights;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::meetings::api::MeetingCard;
use sotay_model::meetings::MeetingKind;
use sotay_model::permissions::Action;
use sotay_model::Entity;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The text of a meetings key in the chosen language.
pub fn tm(app: &AppHandle, key: MKey) -> &'static str {
    text(app.lang, key)
}

pub fn tmf(app: &AppHandle, key: MKey, args: &[&str]) -> String {
    textf(app.lang, key, args)
}

pub fn kind_key(kind: MeetingKind) -> MKey {
    match kind {
        MeetingKind::Regular => MKey::Regular,
        MeetingKind::Thematic => MKey::Thematic,
    }
}

/// The organisations where the user may plan meetings (their committees and offices).
pub fn plannable_orgs(app: &AppHandle) -> Vec<(Id, String)> {
    let orgs = match &app.orgs {
        Some(Ok(o)) => o.as_slice(),
        _ => &[],
    };
    let rights = Rights::new(app.status.as_ref(), orgs);
    orgs.iter()
        .filter(|o| rights.may(Entity::Meeting, Action::Create, o.id))
        .map(|o| (o.id, o.name.clone()))
        .collect()
}

/// Whether the table lets the user do `action` on `entity` rows of `org`.
pub fn may(app: &AppHandle, entity: Entity, action: Action, org: Id) -> bool {
    let orgs = match &app.orgs {
        Some(Ok(o)) => o.as_slice(),
        _ => &[],
    };
    Rights::new(app.status.as_ref(), orgs).may(entity, action, org)
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum View {
    List,
    Plan,
    Meeting(Id),
}

type Cards = Option<Result<Vec<MeetingCard>, ApiError>>;

#[function_component(MeetingsPage)]
pub fn meetings_page() -> Html {
    let app = use_app();
    use_orgs();
    let view = use_state(|| {
        crate::meetings::take_open_on_arrival()
            .map(View::Meeting)
            .unwrap_or(View::List)
    });
    let cards = use_state(|| None as Cards);
    let reload = use_state(|| 0u32);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let cards = cards.clone();
        use_effect_with((synced, *reload), move |_| {
            spawn_local(async move { cards.set(Some(crate::meetings::client::list().await)) });
        });
    }
    let to_list = {
        let (view, reload) = (view.clone(), reload.clone());
        Callback::from(move |_: ()| {
            view.set(View::List);
            reload.set(*reload + 1);
        })
    };
    match *view {
        View::Plan => {
            let opened = {
                let (view, reload) = (view.clone(), reload.clone());
                Callback::from(move |id: Id| {
                    reload.set(*reload + 1);
                    view.set(View::Meeting(id));
                })
            };
            return html! {
                <form::MeetingFormCard meeting={None::<sotay_model::meetings::Meeting>}
                    on_done={opened} on_cancel={to_list} />
            };
        }
        View::Meeting(id) => {
            return html! { <detail::MeetingDetail {id} on_back={to_list} /> };
        }
        View::List => {}
    }
    let committees = plannable_orgs(&app);
    let plannable = !committees.is_empty();
    let plan = {
        let view = view.clone();
        Callback::from(move |_| view.set(View::Plan))
    };
    let now = crate::format::now_ms();
    let offset = crate::format::local_offset_minutes();
    let list = match &*cards {
        None => html! { <p class="muted">{ app.t(crate::i18n::Key::Loading) }</p> },
        Some(Err(e)) => html! { <p class="error-text">{ &e.message }</p> },
        Some(Ok(c)) if c.is_empty() => {
            html! { <p class="muted" data-testid="no-meetings">{ tm(&app, MKey::NoMeetings) }</p> }
        }
        Some(Ok(c)) => {
            let mut c = c.clone();
            order(&mut c, now);
            let split = c
                .iter()
                .position(|m| m.meeting.ends_at <= now)
                .unwrap_or(c.len());
            let row = |m: &MeetingCard| {
                let id = m.meeting.id;
                let open = {
                    let view = view.clone();
                    Callback::from(move |_| view.set(View::Meeting(id)))
                };
                let topic = if m.meeting.topic.is_empty() {
                    m.meeting.agenda.first().cloned().unwrap_or_default()
                } else {
                    m.meeting.topic.clone()
                };
                html! {
                    <li>
                        <button type="button" class={classes!("meeting-row", m.cancelled().then_some("cancelled"))}
                            onclick={open} data-testid="meeting-row" data-meeting-id={id.to_string()}>
                            <span class="meeting-when mono">{ show_when(m.meeting.starts_at, offset, tm(&app, MKey::VietnamTime)) }</span>
                            <span class="meeting-topic">{ topic }</span>
                            <span class="meeting-meta muted small">
                                <span class="tag">{ tm(&app, kind_key(m.meeting.kind)) }</span>
                                if m.cancelled() {
                                    <span class="tag tag-danger" data-testid="meeting-cancelled">{ tm(&app, MKey::Cancelled) }</span>
                                }
                                { " " }{ &m.org_name }{ " · " }{ &m.meeting.place }
                                { " · " }{ tmf(&app, MKey::Attendees, &[&m.present.to_string(), &m.convened.to_string()]) }
                            </span>
                        </button>
                    </li>
                }
            };
            html! {
                <>
                    <h3 class="meetings-heading">{ tm(&app, MKey::Upcoming) }</h3>
                    <ul class="meeting-list" data-testid="meetings-upcoming">{ for c[..split].iter().map(row) }</ul>
                    if split < c.len() {
                        <h3 class="meetings-heading">{ tm(&app, MKey::Past) }</h3>
                        <ul class="meeting-list" data-testid="meetings-past">{ for c[split..].iter().map(row) }</ul>
                    }
                </>
            }
        }
    };
    html! {
        <section class="meetings" data-testid="meetings">
            <div class="meetings-top">
                <h2>{ tm(&app, MKey::Title) }</h2>
                if plannable {
                    <button type="button" class="btn btn-primary" onclick={plan} data-testid="meeting-plan">
                        { tm(&app, MKey::Plan) }
                    </button>
                }
            </div>
            // The meetings of the user's (first) committee and those below it, to Excel.
            if let Some((org, _)) = committees.first() {
                <div class="action-row list-actions">
                    <crate::lists::ExportListButton list={sotay_model::lists::ListKind::Meetings} org_id={*org} />
                </div>
            }
            { list }
            <stats::LowerLevelStats />
        </section>
    }
}
