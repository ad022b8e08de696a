//! The progress report form (báo cáo tiến độ) of a task's assignee: percent by slider
//! or number, what was done, difficulties, proposals, and "đã hoàn thành", which asks
//! the assigner to confirm. Saved on the device at once (offline too) and sent once,
//! however often the button is pressed.

use super::{error_texts, errors_html, tt};
use crate::hooks::{use_app, use_once};
use crate::tasks::form::ReportForm;
use crate::tasks::strings::TaskKey;
use sotay_model::ids::Id;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReportProps {
    pub task_id: Id,
    /// The latest percent, where the slider starts.
    pub percent: u8,
    pub on_saved: Callback<()>,
}

#[function_component(ReportPanel)]
pub fn report_panel(p: &ReportProps) -> Html {
    let app = use_app();
    let form = {
        let start = p.percent;
        use_state(move || ReportForm::from_percent(start))
    };
    let errors = use_state(Vec::<String>::new);
    let once = use_once::<Id>();
    let typed = |f: fn(&mut ReportForm, String)| {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*form).clone();
            f(
                &mut next,
                e.target_unchecked_into::<HtmlInputElement>().value(),
            );
            form.set(next);
        })
    };
    let area = |f: fn(&mut ReportForm, String)| {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*form).clone();
            f(
                &mut next,
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            );
            form.set(next);
        })
    };
    let on_finished = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            next.set_finished(e.target_unchecked_into::<HtmlInputElement>().checked());
            form.set(next);
        })
    };
    let submit = {
        let (form, errors, once, saved) = (
            form.clone(),
            errors.clone(),
            once.clone(),
            p.on_saved.clone(),
        );
        let (app, task_id) = (app.clone(), p.task_id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form.to_new(task_id) {
                Err(errs) => errors.set(error_texts(&app, errs)),
                Ok(new) => {
                    errors.set(vec![]);
                    let key = format!("{new:?}");
                    let (errors, form, saved) = (errors.clone(), form.clone(), saved.clone());
                    let percent = new.percent;
                    once.run(key, crate::tasks::client::report(new), move |r| match r {
                        Ok(_) => {
                            form.set(ReportForm::from_percent(percent));
                            saved.emit(());
                        }
                        Err(e) => errors.set(vec![e.message]),
                    });
                }
            }
        })
    };
    let f = &*form;
    let slider = f
        .percent
        .trim()
        .parse::<u8>()
        .unwrap_or(0)
        .min(100)
        .to_string();
    html! {
        <form class="card task-report" onsubmit={submit} data-testid="task-report-form">
            <h3 class="card-title">{ tt(&app, TaskKey::Report) }</h3>
            <label class="field">
                <span class="field-label">{ tt(&app, TaskKey::PercentLabel) }</span>
                <span class="task-percent-input">
                    <input type="range" min="0" max="100" step="5" value={slider}
                        oninput={typed(|f, v| f.percent = v)} aria-label={tt(&app, TaskKey::PercentLabel)}
                        data-testid="task-report-slider" />
                    <input class="input mono" type="number" min="0" max="100" inputmode="numeric"
                        value={f.percent.clone()} oninput={typed(|f, v| f.percent = v)}
                        data-testid="task-report-percent" />
                </span>
            </label>
            <label class="field">
                <span class="field-label">{ tt(&app, TaskKey::Done) }</span>
                <textarea class="input" rows="3" value={f.done.clone()} oninput={area(|f, v| f.done = v)} data-testid="task-report-done" />
            </label>
            <label class="field">
                <span class="field-label">{ tt(&app, TaskKey::Difficulties) }</span>
                <textarea class="input" rows="2" value={f.difficulties.clone()} oninput={area(|f, v| f.difficulties = v)} data-testid="task-report-difficulties" />
            </label>
            <label class="field">
                <span class="field-label">{ tt(&app, TaskKey::Proposals) }</span>
                <textarea class="input" rows="2" value={f.proposals.clone()} oninput={area(|f, v| f.proposals = v)} data-testid="task-report-proposals" />
            </label>
            <label class="check">
                <input type="checkbox" checked={f.finished} onchange={on_finished} data-testid="task-report-finished" />
                <span>{ tt(&app, TaskKey::Finished) }</span>
            </label>
            { errors_html(&errors, "task-report-error") }
            <div class="actions">
                <button type="submit" class="btn btn-primary" disabled={once.busy()} aria-busy={once.busy().to_string()}
                    data-testid="task-report-submit">{ tt(&app, TaskKey::SendReport) }</button>
            </div>
        </form>
    }
}
