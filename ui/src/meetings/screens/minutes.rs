//! Minutes (biên bản): a draft per agenda item (content, opinions, conclusions) and
//! votes; the chair approves it, after a confirmation naming what is still missing,
//! and then it is locked and a change is a new version with a reason; export as .docx
//! or PDF (the desktop opens the file, a browser downloads it). The draft is held as
//! typed (`MinutesDraft`) and parsed when saved.

use super::{may, tm, tmf};
use crate::components::confirm::Confirm;
use crate::hooks::{use_app, use_once};
use crate::i18n::Key;
use crate::meetings::client::Delivered;
use crate::meetings::form::{missing_for_approval, MinutesDraft};
use crate::meetings::strings::MKey;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::meetings::api::MeetingView;
use sotay_model::meetings::{Minutes, MinutesStatus, Vote};
use sotay_model::permissions::Action;
use sotay_model::transfer::ExportFormat;
use sotay_model::Entity;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MinutesProps {
    pub view: MeetingView,
    pub is_chair: bool,
    pub on_change: Callback<()>,
}

type Versions = Option<Result<Vec<Minutes>, ApiError>>;

#[function_component(MinutesPanel)]
pub fn minutes_panel(p: &MinutesProps) -> Html {
    let app = use_app();
    let versions = use_state(|| None as Versions);
    let draft = use_state(|| None::<MinutesDraft>);
    let confirming = use_state(|| false);
    let approving = use_state(|| false);
    let start_once = use_once::<Id>();
    let version_once = use_once::<Id>();
    let reason = use_state(String::new);
    let message = use_state(|| None::<Result<String, String>>);
    let reload = use_state(|| 0u32);
    let id = p.view.meeting.id;
    let known = p.view.minutes.clone();
    {
        let (versions, draft) = (versions.clone(), draft.clone());
        use_effect_with((id, known, *reload), move |(id, _, _)| {
            let id = *id;
            spawn_local(async move {
                let r = crate::meetings::client::list_minutes(id).await;
                draft.set(
                    r.as_ref()
                        .ok()
                        .and_then(|v| v.first())
                        .map(MinutesDraft::of),
                );
                versions.set(Some(r));
            });
        });
    }
    let may_draft =
        p.view.holds_key || may(&app, Entity::Minutes, Action::Create, p.view.meeting.org_id);
    let outcome = {
        let (message, reload, on_change) = (message.clone(), reload.clone(), p.on_change.clone());
        move |r: Result<(), ApiError>, ok: String| match r {
            Ok(()) => {
                message.set(Some(Ok(ok)));
                reload.set(*reload + 1);
                on_change.emit(());
            }
            Err(e) => message.set(Some(Err(e.message))),
        }
    };
    let saved = tm(&app, MKey::Saved).to_string();
    let start = {
        let (outcome, saved, once) = (outcome.clone(), saved.clone(), start_once.clone());
        Callback::from(move |_| {
            let (outcome, saved) = (outcome.clone(), saved.clone());
            once.run(
                format!("minutes of {id}"),
                crate::meetings::client::create_minutes(id, None),
                move |r| outcome(r.map(|_| ()), saved),
            );
        })
    };
    let export = |format: ExportFormat, minutes_id| {
        let message = message.clone();
        let lang = app.lang;
        Callback::from(move |_| {
            let message = message.clone();
            spawn_local(async move {
                match crate::meetings::client::export(id, minutes_id, format).await {
                    Ok((name, how)) => {
                        let key = match how {
                            Delivered::Opened => MKey::Exported,
                            Delivered::Downloaded => MKey::Downloaded,
                        };
                        message.set(Some(Ok(crate::meetings::strings::textf(
                            lang,
                            key,
                            &[&name],
                        ))))
                    }
                    Err(e) => message.set(Some(Err(e.message))),
                }
            });
        })
    };
    let body = match (&*versions, &*draft) {
        (None, _) => html! { <p class="muted">{ app.t(Key::Loading) }</p> },
        (Some(Err(e)), _) => html! { <p class="error-text">{ &e.message }</p> },
        (Some(Ok(_)), None) => html! {
            <>
                <p class="muted" data-testid="no-minutes">{ tm(&app, MKey::NoMinutes) }</p>
                if may_draft {
                    <button type="button" class="btn btn-primary" onclick={start} disabled={start_once.busy()}
                        aria-busy={start_once.busy().to_string()} data-testid="minutes-start">{ tm(&app, MKey::StartMinutes) }</button>
                }
            </>
        },
        (Some(Ok(_)), Some(d)) => {
            let m = &d.minutes;
            let locked = m.status == MinutesStatus::Approved;
            let editable = may_draft && !locked;
            let edit_item = |i: usize, field: u8| {
                let draft = draft.clone();
                Callback::from(move |e: InputEvent| {
                    let v = e.target_unchecked_into::<HtmlTextAreaElement>().value();
                    if let Some(mut d) = (*draft).clone() {
                        match field {
                            0 | 1 => {
                                if let Some(item) = d.minutes.items.get_mut(i) {
                                    if field == 0 {
                                        item.content = v;
                                    } else {
                                        item.opinions = v;
                                    }
                                }
                            }
                            _ => d.set_conclusions(i, v),
                        }
                        draft.set(Some(d));
                    }
                })
            };
            let items = m.items.iter().enumerate().map(|(i, item)| html! {
                <div class="minutes-item" data-testid="minutes-item">
                    <h4>{ format!("{}. {}", i + 1, item.title) }</h4>
                    if editable {
                        <label class="field"><span class="field-label">{ tm(&app, MKey::Content) }</span>
                            <textarea class="input" rows="3" value={item.content.clone()} oninput={edit_item(i, 0)} data-testid="minutes-content" /></label>
                        <label class="field"><span class="field-label">{ tm(&app, MKey::Opinions) }</span>
                            <textarea class="input" rows="2" value={item.opinions.clone()} oninput={edit_item(i, 1)} data-testid="minutes-opinions" /></label>
                        <label class="field"><span class="field-label">{ tm(&app, MKey::Conclusions) }</span>
                            <textarea class="input" rows="2" value={d.conclusions_text(i).to_string()} oninput={edit_item(i, 2)} data-testid="minutes-conclusions" /></label>
                    } else {
                        <p class="pre">{ &item.content }</p>
                        if !item.opinions.is_empty() { <p class="pre muted">{ &item.opinions }</p> }
                        <ul class="minutes-conclusions">{ for item.conclusions.iter().map(|c| html! { <li>{ &c.text }</li> }) }</ul>
                    }
                </div>
            });
            let edit_vote = |i: usize, field: u8| {
                let draft = draft.clone();
                Callback::from(move |e: InputEvent| {
                    let v = e.target_unchecked_into::<HtmlInputElement>().value();
                    if let Some(mut d) = (*draft).clone() {
                        if let Some(vote) = d.minutes.votes.get_mut(i) {
                            let n = v.trim().parse().unwrap_or(0);
                            match field {
                                0 => vote.question = v,
                                1 => vote.agree = n,
                                2 => vote.disagree = n,
                                _ => vote.abstain = n,
                            }
                        }
                        draft.set(Some(d));
                    }
                })
            };
            let votes = m.votes.iter().enumerate().map(|(i, v)| {
                if editable {
                    html! {
                        <li class="vote-row" data-testid="minutes-vote">
                            <input class="input" value={v.question.clone()} oninput={edit_vote(i, 0)} aria-label={tm(&app, MKey::VoteQuestion)} placeholder={tm(&app, MKey::VoteQuestion)} />
                            <label class="vote-n">{ tm(&app, MKey::Agree) }<input class="input" inputmode="numeric" value={v.agree.to_string()} oninput={edit_vote(i, 1)} /></label>
                            <label class="vote-n">{ tm(&app, MKey::Disagree) }<input class="input" inputmode="numeric" value={v.disagree.to_string()} oninput={edit_vote(i, 2)} /></label>
                            <label class="vote-n">{ tm(&app, MKey::Abstain) }<input class="input" inputmode="numeric" value={v.abstain.to_string()} oninput={edit_vote(i, 3)} /></label>
                        </li>
                    }
                } else {
                    html! { <li data-testid="minutes-vote">{ format!("{}: {} {} · {} {} · {} {}", v.question, tm(&app, MKey::Agree), v.agree, tm(&app, MKey::Disagree), v.disagree, tm(&app, MKey::Abstain), v.abstain) }</li> }
                }
            });
            let add_vote = {
                let draft = draft.clone();
                Callback::from(move |_| {
                    if let Some(mut d) = (*draft).clone() {
                        d.minutes.votes.push(Vote::default());
                        draft.set(Some(d));
                    }
                })
            };
            let save = {
                let (draft, outcome, saved) = (draft.clone(), outcome.clone(), saved.clone());
                Callback::from(move |_| {
                    let Some(d) = (*draft).clone() else { return };
                    let (outcome, saved) = (outcome.clone(), saved.clone());
                    spawn_local(async move {
                        outcome(
                            crate::meetings::client::update_minutes(d.minutes.id, d.to_patch())
                                .await,
                            saved,
                        )
                    });
                })
            };
            // What approving would lock in: judged on the draft as typed now.
            let as_typed = Minutes {
                items: d.items(),
                ..m.clone()
            };
            let missing = missing_for_approval(&as_typed);
            let unsaved = *d != MinutesDraft::of(m);
            let ask_approval = {
                let confirming = confirming.clone();
                Callback::from(move |_| confirming.set(true))
            };
            let keep = {
                let confirming = confirming.clone();
                Callback::from(move |_: ()| confirming.set(false))
            };
            let approve = {
                let (outcome, saved, confirming, approving) = (
                    outcome.clone(),
                    saved.clone(),
                    confirming.clone(),
                    approving.clone(),
                );
                let d = d.clone();
                Callback::from(move |_: ()| {
                    if *approving {
                        return;
                    }
                    approving.set(true);
                    let (outcome, saved, confirming, approving) = (
                        outcome.clone(),
                        saved.clone(),
                        confirming.clone(),
                        approving.clone(),
                    );
                    let d = d.clone();
                    spawn_local(async move {
                        // What the chair saw in the confirmation is what gets locked.
                        let mut r = Ok(());
                        if unsaved {
                            r = crate::meetings::client::update_minutes(d.minutes.id, d.to_patch())
                                .await;
                        }
                        if r.is_ok() {
                            r = crate::meetings::client::approve_minutes(d.minutes.id).await;
                        }
                        approving.set(false);
                        confirming.set(false);
                        outcome(r, saved)
                    });
                })
            };
            let mut warnings: Vec<AttrValue> = missing
                .empty_items
                .iter()
                .map(|t| tmf(&app, MKey::MissingItem, &[t]).into())
                .collect();
            if missing.no_votes {
                warnings.push(tm(&app, MKey::MissingVotes).into());
            }
            if unsaved {
                warnings.push(tm(&app, MKey::UnsavedDraft).into());
            }
            let on_reason = {
                let reason = reason.clone();
                Callback::from(move |e: InputEvent| {
                    reason.set(e.target_unchecked_into::<HtmlInputElement>().value())
                })
            };
            let new_version = {
                let (reason, outcome, saved, message, once) = (
                    reason.clone(),
                    outcome.clone(),
                    saved.clone(),
                    message.clone(),
                    version_once.clone(),
                );
                let needed = tm(&app, MKey::ReasonNeeded);
                let previous = m.id;
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let why = reason.trim().to_string();
                    if why.is_empty() {
                        message.set(Some(Err(needed.to_string())));
                        return;
                    }
                    let (outcome, saved, reason) = (outcome.clone(), saved.clone(), reason.clone());
                    once.run(
                        format!("new version of {previous}: {why}"),
                        crate::meetings::client::create_minutes(id, Some(why)),
                        move |r| {
                            if r.is_ok() {
                                reason.set(String::new());
                            }
                            outcome(r.map(|_| ()), saved);
                        },
                    );
                })
            };
            html! {
                <div data-testid="minutes" data-status={if locked { "approved" } else { "draft" }}>
                    <p class="minutes-version">
                        <span class="tag">{ tmf(&app, MKey::Version, &[&m.version.to_string()]) }</span>
                        <span class={classes!("tag", locked.then_some("tag-ok"))} data-testid="minutes-status">{ tm(&app, if locked { MKey::Approved } else { MKey::Draft }) }</span>
                        if !m.reason.is_empty() { <span class="muted small">{ " " }{ &m.reason }</span> }
                    </p>
                    { for items }
                    <h4>{ tm(&app, MKey::Votes) }</h4>
                    <ul class="minutes-votes">{ for votes }</ul>
                    <div class="actions">
                        if editable {
                            <button type="button" class="btn" onclick={add_vote} data-testid="minutes-add-vote">{ tm(&app, MKey::AddVote) }</button>
                            <button type="button" class="btn btn-primary" onclick={save} data-testid="minutes-save">{ tm(&app, MKey::SaveDraft) }</button>
                        }
                        if p.is_chair && !locked && !*confirming {
                            <button type="button" class="btn" onclick={ask_approval} data-testid="minutes-approve">{ tm(&app, MKey::Approve) }</button>
                        }
                        <button type="button" class="btn" onclick={export(ExportFormat::Docx, Some(m.id))} data-testid="export-docx">{ tm(&app, MKey::ExportDocx) }</button>
                        <button type="button" class="btn" onclick={export(ExportFormat::Pdf, Some(m.id))} data-testid="export-pdf">{ tm(&app, MKey::ExportPdf) }</button>
                        // A draft being edited sits in text boxes, which do not print.
                        if !editable {
                            <crate::lists::print::PrintButton testid="minutes-print" />
                        }
                    </div>
                    if p.is_chair && !locked && *confirming {
                        <Confirm question={tm(&app, MKey::ApproveQuestion)} {warnings}
                            warnings_title={Some(AttrValue::from(tm(&app, MKey::ApproveMissing)))}
                            confirm_label={tm(&app, MKey::ApproveConfirm)} cancel_label={tm(&app, MKey::Back)}
                            on_confirm={approve} on_cancel={keep} busy={*approving}
                            testid="minutes-approve-confirm" />
                    }
                    if locked {
                        <p class="muted small" data-testid="minutes-locked">{ tm(&app, MKey::LockedHint) }</p>
                        if may_draft {
                            <form class="inline-form" onsubmit={new_version} data-testid="minutes-new-version">
                                <input class="input" value={(*reason).clone()} oninput={on_reason} placeholder={tm(&app, MKey::NewVersionReason)} aria-label={tm(&app, MKey::NewVersionReason)} data-testid="minutes-new-reason" />
                                <button type="submit" class="btn" disabled={version_once.busy()} data-testid="minutes-new-submit">{ tm(&app, MKey::NewVersion) }</button>
                            </form>
                        }
                    }
                </div>
            }
        }
    };
    html! {
        <div class="card meeting-section minutes-panel printable" data-testid="minutes-panel">
            <h3 class="card-title">{ tm(&app, MKey::MinutesTitle) }</h3>
            { body }
            if let Some(msg) = &*message {
                { match msg {
                    Ok(t) => html! { <p class="notice no-print" data-testid="minutes-notice">{ t }</p> },
                    Err(t) => html! { <p class="error-text no-print" data-testid="minutes-error">{ t }</p> },
                } }
            }
        </div>
    }
}
