//! "Đánh giá của tôi": the member's self-assessment for the year shown (the six
//! sections and the rating they propose for themself; read only once the committee
//! has decided), and every year the device holds: self-rating, the cell's proposal,
//! the committee's decision with its note.

use super::{assessment_view, error_texts, errors_html, rating_select, rating_tag, YearSelect};
use crate::evaluation::form::AssessmentForm;
use crate::evaluation::strings::EvalKey;
use crate::hooks::{use_app, use_once, AppHandle};
use sotay_model::api::ApiError;
use sotay_model::evaluation::api::{EvaluationList, MemberEvaluation};
use sotay_model::ids::Id;
use web_sys::HtmlTextAreaElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MineProps {
    pub year: u32,
    pub on_year: Callback<u32>,
}

#[function_component(MyEvaluation)]
pub fn my_evaluation(p: &MineProps) -> Html {
    let app = use_app();
    let list = use_state(|| None::<Result<EvaluationList, ApiError>>);
    let reload = use_state(|| 0u32);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let list = list.clone();
        use_effect_with((*reload, synced), move |_| {
            spawn_local(async move {
                list.set(Some(crate::evaluation::client::mine().await));
            });
        });
    }
    let years = match &*list {
        Some(Ok(l)) => l.members.clone(),
        Some(Err(e)) => {
            return html! { <p class="error-text" data-testid="eval-error">{ &e.message }</p> }
        }
        None => return html! { <p class="muted">{ app.t(EvalKey::Loading) }</p> },
    };
    let shown = years.iter().find(|m| m.year == p.year).cloned();
    let on_saved = {
        let reload = reload.clone();
        Callback::from(move |_| reload.set(*reload + 1))
    };
    let editor = match &shown {
        Some(m) if m.decided.is_some() => html! {
            <section class="card eval-card" data-testid="eval-closed" data-year={p.year.to_string()}>
                <h3 class="card-title">{ app.tf(EvalKey::FormTitle, &[&p.year.to_string()]) }</h3>
                <p class="notice">{ app.t(EvalKey::Closed) }</p>
                if let Some(a) = &m.assessment { { assessment_view(&app, a) } }
                else { <p class="muted">{ app.t(EvalKey::NotWritten) }</p> }
            </section>
        },
        _ => html! {
            <AssessmentEditor key={p.year.to_string()} year={p.year}
                current={shown.clone()} on_saved={on_saved} />
        },
    };
    html! {
        <div class="eval-mine" data-testid="eval-mine-page">
            <div class="meetings-top">
                <h2>{ app.t(EvalKey::MyTitle) }</h2>
                <YearSelect year={p.year} on_change={p.on_year.clone()} />
            </div>
            <div class="eval-columns">
                { editor }
                <section class="card eval-card" data-testid="eval-history">
                    <h3 class="card-title">{ app.t(EvalKey::History) }</h3>
                    if years.is_empty() {
                        <p class="muted">{ app.t(EvalKey::NoHistory) }</p>
                    } else {
                        <ul class="eval-years">
                            { for years.iter().map(|m| history_year(&app, m)) }
                        </ul>
                    }
                </section>
            </div>
        </div>
    }
}

/// One year of the member's: what they proposed, the cell, the committee.
pub fn history_year(app: &AppHandle, m: &MemberEvaluation) -> Html {
    let note = |n: &str| {
        (!n.is_empty())
            .then(|| html! { <small class="muted">{ app.tf(EvalKey::NoteShown, &[n]) }</small> })
    };
    html! {
        <li class="eval-year" data-testid="eval-history-year" data-year={m.year.to_string()}
            data-member-id={m.member_id.to_string()}
            data-decided={m.decided.map(crate::evaluation::form::rating_value).unwrap_or_default()}>
            <strong class="eval-year-no">{ m.year }</strong>
            <dl class="eval-facts">
                <dt>{ app.t(EvalKey::SelfRating) }</dt>
                <dd>{ rating_tag(app, m.assessment.as_ref().and_then(|a| a.self_rating), "eval-history-self") }</dd>
                <dt>{ app.t(EvalKey::Proposed) }</dt>
                <dd>{ rating_tag(app, m.proposed, "eval-history-proposed") }{ for note(&m.proposal_note) }</dd>
                <dt>{ app.t(EvalKey::Decided) }</dt>
                <dd>{ rating_tag(app, m.decided, "eval-history-decided") }{ for note(&m.decision_note) }</dd>
            </dl>
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    year: u32,
    current: Option<MemberEvaluation>,
    on_saved: Callback<()>,
}

#[function_component(AssessmentEditor)]
fn assessment_editor(p: &EditorProps) -> Html {
    let app = use_app();
    let form = {
        let a = p.current.as_ref().and_then(|m| m.assessment.clone());
        use_state(move || AssessmentForm::from(a.as_ref()))
    };
    let errors = use_state(Vec::<String>::new);
    let saved = use_state(|| false);
    let once = use_once::<Id>();
    let area = |k: EvalKey,
                get: fn(&AssessmentForm) -> &String,
                set: fn(&mut AssessmentForm, String),
                testid: &'static str,
                required: bool| {
        let oninput = {
            let (form, saved) = (form.clone(), saved.clone());
            Callback::from(move |e: InputEvent| {
                let mut next = (*form).clone();
                set(
                    &mut next,
                    e.target_unchecked_into::<HtmlTextAreaElement>().value(),
                );
                form.set(next);
                saved.set(false);
            })
        };
        html! {
            <label class="field">
                <span class="field-label">{ app.t(k) }{ if required { " *" } else { "" } }</span>
                <textarea class="input" rows="3" value={get(&form).clone()} {oninput} data-testid={testid} />
            </label>
        }
    };
    let on_rating = {
        let form = form.clone();
        Callback::from(move |v: String| {
            let mut next = (*form).clone();
            next.self_rating = v;
            form.set(next);
        })
    };
    let submit = {
        let (app, form, errors, once, saved, year, done) = (
            app.clone(),
            form.clone(),
            errors.clone(),
            once.clone(),
            saved.clone(),
            p.year,
            p.on_saved.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form.to_request(year) {
                Err(errs) => errors.set(error_texts(&app, errs)),
                Ok(req) => {
                    errors.set(vec![]);
                    let key = format!("{req:?}");
                    let (errors, saved, done) = (errors.clone(), saved.clone(), done.clone());
                    once.run(
                        key,
                        crate::evaluation::client::submit(req),
                        move |r| match r {
                            Ok(_) => {
                                saved.set(true);
                                done.emit(());
                            }
                            Err(e) => errors.set(vec![e.message]),
                        },
                    );
                }
            }
        })
    };
    html! {
        <form class="card eval-card eval-form" onsubmit={submit} data-testid="eval-form" data-year={p.year.to_string()}>
            <h3 class="card-title">{ app.tf(EvalKey::FormTitle, &[&p.year.to_string()]) }</h3>
            { area(EvalKey::Political, |f| &f.political, |f, v| f.political = v, "eval-political", false) }
            { area(EvalKey::Ethics, |f| &f.ethics, |f, v| f.ethics = v, "eval-ethics", false) }
            { area(EvalKey::Lifestyle, |f| &f.lifestyle, |f, v| f.lifestyle = v, "eval-lifestyle", false) }
            { area(EvalKey::Results, |f| &f.results, |f, v| f.results = v, "eval-results", true) }
            { area(EvalKey::Shortcomings, |f| &f.shortcomings, |f, v| f.shortcomings = v, "eval-shortcomings", false) }
            { area(EvalKey::Direction, |f| &f.direction, |f, v| f.direction = v, "eval-direction", false) }
            <label class="field">
                <span class="field-label">{ app.t(EvalKey::SelfRating) }</span>
                { rating_select(&app, &form.self_rating, on_rating, "eval-self-rating-pick".into(), false) }
            </label>
            { errors_html(&errors, "eval-form-error".into()) }
            if *saved {
                <p class="notice" role="status" data-testid="eval-notice">{ app.t(EvalKey::Saved) }</p>
            }
            <button type="submit" class="btn btn-primary" disabled={once.busy()} data-testid="eval-submit">
                { app.t(EvalKey::Submit) }</button>
        </form>
    }
}
