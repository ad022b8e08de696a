//! "Góp ý dự thảo": the drafts the member may give opinions on or the office collects
//! opinions for, open ones first, each with its deadline and how many sections the
//! member has answered; "Mở lấy ý kiến" for an office that may open one.

use super::draft::DraftDetail;
use super::open_draft::OpenDraftForm;
use crate::exchange::strings::XKey;
use crate::hooks::{use_app, AppHandle};
use sotay_model::api::ApiError;
use sotay_model::exchange::api::{DraftCard, Drafts};
use sotay_model::ids::Id;
use sotay_model::vn::show_date;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
enum View {
    List,
    Open(Id),
    New,
}

#[function_component(DraftsSection)]
pub fn drafts_section() -> Html {
    let app = use_app();
    let list = use_state(|| None::<Result<Drafts, ApiError>>);
    let reload = use_state(|| 0u32);
    let view = use_state(|| View::List);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let list = list.clone();
        use_effect_with((*reload, synced), move |_| {
            spawn_local(async move { list.set(Some(crate::exchange::client::drafts().await)) });
        });
    }
    let go = |v: View| {
        let (view, reload) = (view.clone(), reload.clone());
        Callback::from(move |_: ()| {
            reload.set(*reload + 1);
            view.set(v.clone());
        })
    };
    let d = match &*list {
        None => return html! { <p class="muted">{ app.t(XKey::Loading) }</p> },
        Some(Err(e)) => {
            return html! { <p class="error-text" data-testid="draft-error">{ &e.message }</p> }
        }
        Some(Ok(d)) => d,
    };
    match (*view).clone() {
        View::Open(id) => {
            html! { <DraftDetail key={id.to_string()} {id} on_back={go(View::List)} /> }
        }
        View::New => {
            let done = {
                let (view, reload) = (view.clone(), reload.clone());
                Callback::from(move |id: Id| {
                    reload.set(*reload + 1);
                    view.set(View::Open(id));
                })
            };
            html! { <OpenDraftForm orgs={d.may_open_at.clone()} on_done={done} on_cancel={go(View::List)} /> }
        }
        View::List => {
            let mut cards: Vec<&DraftCard> = d.drafts.iter().collect();
            // Open first, the nearest deadline first among them; closed, latest first.
            cards.sort_by(|a, b| {
                b.open.cmp(&a.open).then_with(|| {
                    if a.open {
                        a.draft.deadline.cmp(&b.draft.deadline)
                    } else {
                        b.draft.deadline.cmp(&a.draft.deadline)
                    }
                })
            });
            let new = {
                let view = view.clone();
                Callback::from(move |_: MouseEvent| view.set(View::New))
            };
            html! {
                <div class="x-drafts" data-testid="draft-page">
                    <div class="meetings-top">
                        <h2>{ app.t(XKey::Drafts) }</h2>
                        if !d.may_open_at.is_empty() {
                            <button type="button" class="btn btn-primary" onclick={new} data-testid="draft-new">
                                { app.t(XKey::OpenDraftTitle) }</button>
                        }
                    </div>
                    <section class="card x-card">
                        if cards.is_empty() {
                            <p class="muted" data-testid="draft-none">{ app.t(XKey::NoDrafts) }</p>
                        } else {
                            <ul class="x-list" data-testid="draft-list">
                                { for cards.into_iter().map(|c| card(&app, c, &view)) }
                            </ul>
                        }
                    </section>
                </div>
            }
        }
    }
}

/// "Đang lấy ý kiến" or "Đã hết hạn".
pub fn open_tag(app: &AppHandle, open: bool) -> Html {
    if open {
        html! { <span class="tag tag-ok" data-testid="draft-open">{ app.t(XKey::DraftOpen) }</span> }
    } else {
        html! { <span class="tag tag-plain" data-testid="draft-closed">{ app.t(XKey::DraftClosed) }</span> }
    }
}

fn card(app: &AppHandle, c: &DraftCard, view: &UseStateHandle<View>) -> Html {
    let d = &c.draft;
    let onclick = {
        let (view, id) = (view.clone(), d.id);
        Callback::from(move |_: MouseEvent| view.set(View::Open(id)))
    };
    html! {
        <li key={d.id.to_string()}>
            <button type="button" class="x-row" {onclick} data-testid="draft-item" data-draft-id={d.id.to_string()}
                data-open={c.open.to_string()}>
                <strong class="x-row-title">{ &d.title }</strong>
                <small class="muted">{ format!("{} · {}", c.org_name, app.tf(XKey::Deadline, &[&show_date(&d.deadline)])) }</small>
                <span class="x-row-foot">
                    { open_tag(app, c.open) }
                    <span class="muted small" data-testid="draft-mine-count">
                        { app.tf(XKey::MyOpinions, &[&c.my_opinions.to_string(), &d.sections.len().to_string()]) }</span>
                    if c.may_collect || d.opinions_visible {
                        <span class="muted small" data-testid="draft-opinion-count">{ app.tf(XKey::OpinionCount, &[&c.opinions.to_string()]) }</span>
                    }
                </span>
            </button>
        </li>
    }
}
