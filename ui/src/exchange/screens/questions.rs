//! "Hỏi đáp": "Đặt câu hỏi" to the committee of the member's cell or one above it
//! (privately: only the asker and that committee hold it), the member's questions with
//! their answers, and for a committee the questions put to it: "Trả lời", then
//! "Công bố" to its published questions and answers (the wording editable, never the
//! asker's name). Beside them, the search of what was published.

use super::faq::FaqSearch;
use super::{error_text, error_texts, paragraphs, when};
use crate::dues::screens::errors_html;
use crate::exchange::form::{answer_body, publish, question_body};
use crate::exchange::strings::XKey;
use crate::hooks::{use_app, use_once, AppHandle};
use crate::i18n::Key;
use sotay_model::api::ApiError;
use sotay_model::exchange::api::{QuestionView, Questions};
use sotay_model::ids::Id;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

fn area(
    value: &str,
    set: &UseStateHandle<String>,
    testid: &'static str,
    rows: &'static str,
) -> Html {
    let oninput = {
        let set = set.clone();
        Callback::from(move |e: InputEvent| {
            set.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    html! { <textarea class="input" {rows} value={value.to_string()} {oninput} data-testid={testid} /> }
}

#[function_component(QuestionsSection)]
pub fn questions_section() -> Html {
    let app = use_app();
    let list = use_state(|| None::<Result<Questions, ApiError>>);
    let reload = use_state(|| 0u32);
    let org = use_state(|| None::<Id>);
    let body = use_state(String::new);
    let errors = use_state(Vec::<String>::new);
    let asked = use_state(|| false);
    let once = use_once::<Id>();
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let list = list.clone();
        use_effect_with((*reload, synced), move |_| {
            spawn_local(async move { list.set(Some(crate::exchange::client::questions().await)) });
        });
    }
    let refresh = {
        let reload = reload.clone();
        Callback::from(move |_: ()| reload.set(*reload + 1))
    };
    let q = match &*list {
        None => return html! { <p class="muted">{ app.t(XKey::Loading) }</p> },
        Some(Err(e)) => {
            return html! { <p class="error-text" data-testid="question-error">{ &e.message }</p> }
        }
        Some(Ok(q)) => q,
    };
    let chosen = (*org)
        .filter(|o| q.may_ask.iter().any(|a| a.0 == *o))
        .or(q.may_ask.first().map(|a| a.0));
    let on_org = {
        let org = org.clone();
        Callback::from(move |e: Event| {
            org.set(
                e.target_unchecked_into::<HtmlSelectElement>()
                    .value()
                    .parse()
                    .ok(),
            )
        })
    };
    let submit = {
        let (app, body, errors, asked, once, refresh) = (
            app.clone(),
            body.clone(),
            errors.clone(),
            asked.clone(),
            once.clone(),
            refresh.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut errs = vec![];
            if chosen.is_none() {
                errs.push(error_text(&app, crate::exchange::form::FormError::NeedOrg));
            }
            let text = question_body(&body).map_err(|e| errs.push(error_text(&app, e)));
            let (Some(org_id), Ok(text), true) = (chosen, text, errs.is_empty()) else {
                return errors.set(errs);
            };
            errors.set(vec![]);
            let (body, errors, asked, refresh) =
                (body.clone(), errors.clone(), asked.clone(), refresh.clone());
            once.run(
                format!("{org_id} {text}"),
                crate::exchange::client::ask_question(org_id, text),
                move |r| match r {
                    Ok(_) => {
                        body.set(String::new());
                        asked.set(true);
                        refresh.emit(());
                    }
                    Err(e) => errors.set(vec![e.message]),
                },
            );
        })
    };
    html! {
        <div class="x-questions" data-testid="question-page">
            <h2>{ app.t(XKey::Questions) }</h2>
            <div class="x-columns">
                <div class="x-column">
                    <form class="card x-card x-form" onsubmit={submit} data-testid="question-form">
                        <h3 class="card-title">{ app.t(XKey::Ask) }</h3>
                        <p class="muted small">{ app.t(XKey::AskHint) }</p>
                        <label class="field">
                            <span class="field-label">{ app.t(XKey::AskWhom) }</span>
                            <select class="input" onchange={on_org} data-testid="question-org">
                                { for q.may_ask.iter().map(|(id, name)| html! {
                                    <option value={id.to_string()} selected={chosen == Some(*id)}>{ name }</option>
                                }) }
                            </select>
                        </label>
                        <label class="field">
                            <span class="field-label">{ app.t(XKey::QuestionText) }</span>
                            { area(&body, &body, "question-input", "4") }
                        </label>
                        { errors_html(&errors, "question-form-error") }
                        if *asked { <p class="notice" role="status" data-testid="question-asked">{ app.t(XKey::Asked) }</p> }
                        <button type="submit" class="btn btn-primary" disabled={once.busy()} data-testid="question-send">
                            { app.t(XKey::SendQuestion) }</button>
                    </form>
                    <section class="card x-card" data-testid="question-mine">
                        <h3 class="card-title">{ app.t(XKey::MyQuestions) }</h3>
                        if q.mine.is_empty() {
                            <p class="muted">{ app.t(XKey::NoQuestions) }</p>
                        } else {
                            <ul class="x-list">{ for q.mine.iter().map(|v| mine_item(&app, v)) }</ul>
                        }
                    </section>
                    if !q.to_answer.is_empty() {
                        <section class="card x-card" data-testid="question-inbox">
                            <h3 class="card-title">{ app.t(XKey::ToAnswer) }</h3>
                            <ul class="x-list">
                                { for q.to_answer.iter().map(|v| html! {
                                    <AnswerItem key={v.question.id.to_string()} view={v.clone()} on_change={refresh.clone()} />
                                }) }
                            </ul>
                        </section>
                    }
                </div>
                <FaqSearch rev={*reload} />
            </div>
        </div>
    }
}

fn mine_item(app: &AppHandle, v: &QuestionView) -> Html {
    let q = &v.question;
    html! {
        <li key={q.id.to_string()} class="x-question" data-testid="question-mine-item"
            data-question-id={q.id.to_string()} data-answered={v.answer.is_some().to_string()}>
            <small class="muted">{ format!("{} · {}", v.org_name, when(q.asked_ms)) }</small>
            <p class="x-question-body">{ &q.body }</p>
            { match &v.answer {
                Some(a) => html! {
                    <div class="x-answer" data-testid="question-answer">
                        <strong>{ app.tf(XKey::AnsweredAt, &[&when(a.answered_ms)]) }</strong>
                        { paragraphs(&a.body, "question-answer-body") }
                    </div>
                },
                None => html! { <span class="tag tag-warn" data-testid="question-unanswered">{ app.t(XKey::NotAnswered) }</span> },
            } }
            if v.faq_id.is_some() {
                <span class="tag tag-ok" data-testid="question-published">{ app.t(XKey::Published) }</span>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct AnswerProps {
    view: QuestionView,
    on_change: Callback<()>,
}

/// One question put to the committee: the answer (again: replaces it), publishing it
/// and taking it down.
#[function_component(AnswerItem)]
fn answer_item(p: &AnswerProps) -> Html {
    let app = use_app();
    let v = &p.view;
    let answer = use_state(|| {
        v.answer
            .as_ref()
            .map(|a| a.body.clone())
            .unwrap_or_default()
    });
    let publishing = use_state(|| false);
    let faq_q = use_state(|| v.question.body.clone());
    let faq_a = use_state(|| {
        v.answer
            .as_ref()
            .map(|a| a.body.clone())
            .unwrap_or_default()
    });
    let errors = use_state(Vec::<String>::new);
    let busy = use_state(|| false);
    // Run a change, then read the questions again.
    let run = {
        let (errors, busy, publishing, done) = (
            errors.clone(),
            busy.clone(),
            publishing.clone(),
            p.on_change.clone(),
        );
        move |fut: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ApiError>>>>| {
            let (errors, busy, publishing, done) = (
                errors.clone(),
                busy.clone(),
                publishing.clone(),
                done.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let r = fut.await;
                busy.set(false);
                match r {
                    Ok(()) => {
                        errors.set(vec![]);
                        publishing.set(false);
                        done.emit(());
                    }
                    Err(e) => errors.set(vec![e.message]),
                }
            });
        }
    };
    let q = &v.question;
    let send_answer = {
        let (app, answer, errors, run, id) = (
            app.clone(),
            answer.clone(),
            errors.clone(),
            run.clone(),
            q.id,
        );
        Callback::from(move |_: MouseEvent| match answer_body(&answer) {
            Err(e) => errors.set(vec![error_text(&app, e)]),
            Ok(body) => run(Box::pin(crate::exchange::client::answer(id, body))),
        })
    };
    let send_publish = {
        let (app, faq_q, faq_a, errors, run, org, id) = (
            app.clone(),
            faq_q.clone(),
            faq_a.clone(),
            errors.clone(),
            run.clone(),
            q.org_id,
            q.id,
        );
        Callback::from(
            move |_: MouseEvent| match publish(org, Some(id), &faq_q, &faq_a) {
                Err(errs) => errors.set(error_texts(&app, errs)),
                Ok(req) => run(Box::pin(async move {
                    crate::exchange::client::publish(req).await.map(drop)
                })),
            },
        )
    };
    let unpublish = v.faq_id.map(|faq| {
        let run = run.clone();
        Callback::from(move |_: MouseEvent| run(Box::pin(crate::exchange::client::unpublish(faq))))
    });
    let toggle_publish = {
        let (publishing, faq_a, answer) = (publishing.clone(), faq_a.clone(), answer.clone());
        Callback::from(move |_: MouseEvent| {
            if faq_a.trim().is_empty() {
                faq_a.set((*answer).clone());
            }
            publishing.set(!*publishing);
        })
    };
    html! {
        <li class="x-question" data-testid="question-inbox-item" data-question-id={q.id.to_string()}
            data-answered={v.answer.is_some().to_string()} data-published={v.faq_id.is_some().to_string()}>
            <small class="muted">{ format!("{} · {} · {}", v.asker_name, v.org_name, when(q.asked_ms)) }</small>
            <p class="x-question-body" data-testid="question-inbox-body">{ &q.body }</p>
            <label class="field">
                <span class="field-label">{ app.t(XKey::AnswerText) }</span>
                { area(&answer, &answer, "question-answer-input", "3") }
            </label>
            <div class="actions">
                <button type="button" class="btn btn-primary btn-small" onclick={send_answer} disabled={*busy}
                    data-testid="question-answer-send">
                    { app.t(if v.answer.is_some() { XKey::EditAnswer } else { XKey::SendAnswer }) }</button>
                if v.answer.is_some() && v.faq_id.is_none() {
                    <button type="button" class="btn btn-small" onclick={toggle_publish} data-testid="question-publish-open">
                        { app.t(XKey::Publish) }</button>
                }
                if let Some(onclick) = unpublish {
                    <span class="tag tag-ok">{ app.t(XKey::Published) }</span>
                    <button type="button" class="btn btn-small" {onclick} disabled={*busy} data-testid="faq-unpublish">
                        { app.t(XKey::Unpublish) }</button>
                }
            </div>
            if *publishing {
                <div class="x-publish" data-testid="faq-publish-form">
                    <p class="muted small">{ app.t(XKey::PublishHint) }</p>
                    <label class="field">
                        <span class="field-label">{ app.t(XKey::FaqQuestion) }</span>
                        { area(&faq_q, &faq_q, "faq-publish-question", "3") }
                    </label>
                    <label class="field">
                        <span class="field-label">{ app.t(XKey::FaqAnswer) }</span>
                        { area(&faq_a, &faq_a, "faq-publish-answer", "4") }
                    </label>
                    <div class="actions">
                        <button type="button" class="btn btn-primary btn-small" onclick={send_publish} disabled={*busy}
                            data-testid="faq-publish-send">{ app.t(XKey::Publish) }</button>
                        <button type="button" class="btn btn-small" onclick={{ let p = publishing.clone(); Callback::from(move |_: MouseEvent| p.set(false)) }}>
                            { app.t(Key::Cancel) }</button>
                    </div>
                </div>
            }
            { errors_html(&errors, "question-inbox-error") }
        </li>
    }
}
