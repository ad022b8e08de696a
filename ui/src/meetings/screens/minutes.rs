//! Minutes (biên bản): a draft per agenda item (content, opinions, conclusions) and
//! votes; the chair approves it, after which it is locked and a change is a new version
//! with a reason; export as .docx or PDF (the desktop opens the file, a browser
//! downloads it).

use super::{may, tm, tmf};
use crate::hooks::use_app;
use crate::i18n::Key;
use crate::meetings::strings::MKey;
use sotay_model::api::ApiError;
use sotay_model::meetings::api::{MeetingView, MinutesPatch};
use sotay_model::meetings::{Conclusion, Minutes, MinutesStatus, Vote};
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

fn conclusions_text(c: &[Conclusion]) -> String {
    c.iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn conclusions_of(text: &str, old: &[Conclusion]) -> Vec<Conclusion> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            // Keep the task link of a conclusion whose text did not change.
            old.iter()
                .find(|c| c.text == l)
                .cloned()
                .unwrap_or(Conclusion {
                    text: l.to_string(),
                    ..Default::default()
                })
        })
        .collect()
}

#[function_component(MinutesPanel)]
pub fn minutes_panel(p: &MinutesProps) -> Html {
    let app = use_app();
    let versions = use_state(|| None as Versions);
    let draft = use_state(|| None::<Minutes>);
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
                draft.set(r.as_ref().ok().and_then(|v| v.first().cloned()));
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
        let (outcome, saved) = (outcome.clone(), saved.clone());
        Callback::from(move |_| {
            let (outcome, saved) = (outcome.clone(), saved.clone());
            spawn_local(async move {
                let r = crate::meetings::client::create_minutes(id, None)
                    .await
                    .map(|_| ());
                outcome(r, saved);
            });
        })
    };
    let export = |format: ExportFormat, minutes_id| {
        let message = message.clone();
        let lang = app.lang;
        Callback::from(move |_| {
            let message = message.clone();
            spawn_local(async move {
                match crate::meetings::client::export(id, minutes_id, format).await {
                    Ok(name) => message.set(Some(Ok(crate::meetings::strings::textf(
                        lang,
                        MKey::Exported,
                        &[&name],
                    )))),
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
                    <button type="button" class="btn btn-primary" onclick={start} data-testid="minutes-start">{ tm(&app, MKey::StartMinutes) }</button>
                }
            </>
        },
        (Some(Ok(_)), Some(m)) => {
            let locked = m.status == MinutesStatus::Approved;
            let editable = may_draft && !locked;
            let edit_item = |i: usize, field: u8| {
                let draft = draft.clone();
                Callback::from(move |e: InputEvent| {
                    let v = e.target_unchecked_into::<HtmlTextAreaElement>().value();
                    if let Some(mut d) = (*draft).clone() {
                        if let Some(item) = d.items.get_mut(i) {
                            match field {
                                0 => item.content = v,
                                1 => item.opinions = v,
                                _ => item.conclusions = conclusions_of(&v, &item.conclusions),
                            }
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
                            <textarea class="input" rows="2" value={conclusions_text(&item.conclusions)} oninput={edit_item(i, 2)} data-testid="minutes-conclusions" /></label>
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
                        if let Some(vote) = d.votes.get_mut(i) {
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
                        d.votes.push(Vote::default());
                        draft.set(Some(d));
                    }
                })
            };
            let save = {
                let (draft, outcome, saved) = (draft.clone(), outcome.clone(), saved.clone());
                Callback::from(move |_| {
                    let Some(d) = (*draft).clone() else { return };
                    let (outcome, saved) = (outcome.clone(), saved.clone());
                    let patch = MinutesPatch {
                        items: Some(d.items),
                        conclusions: None,
                        votes: Some(d.votes),
                    };
                    spawn_local(async move {
                        outcome(
                            crate::meetings::client::update_minutes(d.id, patch).await,
                            saved,
                        )
                    });
                })
            };
            let approve = {
                let (outcome, saved, mid) = (outcome.clone(), saved.clone(), m.id);
                Callback::from(move |_| {
                    let (outcome, saved) = (outcome.clone(), saved.clone());
                    spawn_local(async move {
                        outcome(crate::meetings::client::approve_minutes(mid).await, saved)
                    });
                })
            };
            let on_reason = {
                let reason = reason.clone();
                Callback::from(move |e: InputEvent| {
                    reason.set(e.target_unchecked_into::<HtmlInputElement>().value())
                })
            };
            let new_version = {
                let (reason, outcome, saved, message) = (
                    reason.clone(),
                    outcome.clone(),
                    saved.clone(),
                    message.clone(),
                );
                let needed = tm(&app, MKey::ReasonNeeded);
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let why = reason.trim().to_string();
                    if why.is_empty() {
                        message.set(Some(Err(needed.to_string())));
                        return;
                    }
                    let (outcome, saved, reason) = (outcome.clone(), saved.clone(), reason.clone());
                    spawn_local(async move {
                        let r = crate::meetings::client::create_minutes(id, Some(why))
                            .await
                            .map(|_| ());
                        if r.is_ok() {
                            reason.set(String::new());
                        }
                        outcome(r, saved);
                    });
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
                        if p.is_chair && !locked {
                            <button type="button" class="btn" onclick={approve} data-testid="minutes-approve">{ tm(&app, MKey::Approve) }</button>
                        }
                        <button type="button" class="btn" onclick={export(ExportFormat::Docx, Some(m.id))} data-testid="export-docx">{ tm(&app, MKey::ExportDocx) }</button>
                        <button type="button" class="btn" onclick={export(ExportFormat::Pdf, Some(m.id))} data-testid="export-pdf">{ tm(&app, MKey::ExportPdf) }</button>
                    </div>
                    if locked {
                        <p class="muted small" data-testid="minutes-locked">{ tm(&app, MKey::LockedHint) }</p>
                        if may_draft {
                            <form class="inline-form" onsubmit={new_version} data-testid="minutes-new-version">
                                <input class="input" value={(*reason).clone()} oninput={on_reason} placeholder={tm(&app, MKey::NewVersionReason)} aria-label={tm(&app, MKey::NewVersionReason)} data-testid="minutes-new-reason" />
                                <button type="submit" class="btn" data-testid="minutes-new-submit">{ tm(&app, MKey::NewVersion) }</button>
                            </form>
                        }
                    }
                </div>
            }
        }
    };
    html! {
        <div class="card meeting-section minutes-panel" data-testid="minutes-panel">
            <h3 class="card-title">{ tm(&app, MKey::MinutesTitle) }</h3>
            { body }
            if let Some(msg) = &*message {
                { match msg {
                    Ok(t) => html! { <p class="notice" data-testid="minutes-notice">{ t }</p> },
                    Err(t) => html! { <p class="error-text" data-testid="minutes-error">{ t }</p> },
                } }
            }
        </div>
    }
}
