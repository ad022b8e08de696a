//! "Mức đóng đảng phí": the rules that apply to an organisation whose committee the
//! user sits on, nearest first (ListDuesRules). Its own rules are edited and deleted
//! here; those set above are shown read-only with the organisation that set them.

use super::{error_texts, errors_html};
use crate::components::confirm::Confirm;
use crate::components::drill::OrgPick;
use crate::dues::form::{rate_text, RuleForm};
use crate::dues::strings::DuesKey;
use crate::hooks::{use_app, use_once};
use sotay_model::api::ApiError;
use sotay_model::dues::api::RuleView;
use sotay_model::ids::Id;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RulesPageProps {
    /// The organisations whose rule table the user's committee sets.
    pub orgs: Vec<(Id, String)>,
}

#[function_component(RulesPage)]
pub fn rules_page(p: &RulesPageProps) -> Html {
    let app = use_app();
    let chosen = use_state(|| None::<Id>);
    let org = chosen
        .filter(|c| p.orgs.iter().any(|(id, _)| id == c))
        .or(p.orgs.first().map(|c| c.0));
    let Some(org) = org else {
        return html! {};
    };
    let name = p
        .orgs
        .iter()
        .find(|o| o.0 == org)
        .map(|o| o.1.clone())
        .unwrap_or_default();
    let pick = {
        let chosen = chosen.clone();
        Callback::from(move |id: Id| chosen.set(Some(id)))
    };
    html! {
        <>
            <OrgPick orgs={p.orgs.clone()} value={org} on_change={pick} label={app.t(DuesKey::Org)} testid="dues-rules-org" />
            <RulesTable key={org.to_string()} org_id={org} org_name={name} />
        </>
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Mode {
    View,
    /// The add form, or the edit form of a rule.
    Form,
    Delete(Id),
}

#[derive(Properties, PartialEq)]
pub struct RulesTableProps {
    pub org_id: Id,
    pub org_name: String,
}

#[function_component(RulesTable)]
pub fn rules_table(p: &RulesTableProps) -> Html {
    let app = use_app();
    let rules = use_state(|| None::<Result<Vec<RuleView>, ApiError>>);
    let reload = use_state(|| 0u32);
    let mode = use_state(|| Mode::View);
    let form = use_state(RuleForm::default);
    let errors = use_state(Vec::<String>::new);
    let notice = use_state(|| None::<String>);
    let once = use_once::<Id>();
    let deleting = use_once::<()>();
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let rules = rules.clone();
        use_effect_with((p.org_id, synced, *reload), move |(org, _, _)| {
            let org = *org;
            spawn_local(async move { rules.set(Some(crate::dues::client::rules(org).await)) });
        });
    }
    let done = {
        let (reload, mode, notice, errors) =
            (reload.clone(), mode.clone(), notice.clone(), errors.clone());
        Callback::from(move |text: &'static str| {
            errors.set(vec![]);
            mode.set(Mode::View);
            notice.set(Some(text.to_string()));
            reload.set(*reload + 1);
        })
    };
    let open_form = |f: RuleForm| {
        let (form, mode, errors, notice) =
            (form.clone(), mode.clone(), errors.clone(), notice.clone());
        Callback::from(move |_: MouseEvent| {
            form.set(f.clone());
            errors.set(vec![]);
            notice.set(None);
            mode.set(Mode::Form);
        })
    };
    let typed = |set: fn(&mut RuleForm, String)| {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*form).clone();
            set(
                &mut next,
                e.target_unchecked_into::<HtmlInputElement>().value(),
            );
            form.set(next);
        })
    };
    let submit = {
        let (app, form, errors, once, done, org) = (
            app.clone(),
            form.clone(),
            errors.clone(),
            once.clone(),
            done.clone(),
            p.org_id,
        );
        let saved = app.t(DuesKey::Saved);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form.to_request(org) {
                Err(errs) => errors.set(error_texts(&app, errs)),
                Ok(req) => {
                    errors.set(vec![]);
                    let key = format!("{req:?}");
                    let (errors, done) = (errors.clone(), done.clone());
                    once.run(key, crate::dues::client::set_rule(req), move |r| match r {
                        Ok(_) => done.emit(saved),
                        Err(e) => errors.set(vec![e.message]),
                    });
                }
            }
        })
    };
    let cancel = {
        let mode = mode.clone();
        Callback::from(move |_| mode.set(Mode::View))
    };
    let list = match &*rules {
        None => return html! { <p class="muted">{ app.t(DuesKey::Loading) }</p> },
        Some(Err(e)) => {
            return html! { <p class="error-text" data-testid="dues-error">{ &e.message }</p> }
        }
        Some(Ok(r)) => r,
    };
    let f = &*form;
    let form_html = if *mode == Mode::Form {
        let title = if f.editing {
            app.tf(DuesKey::EditTitle, &[&f.name])
        } else {
            app.t(DuesKey::AddRule).to_string()
        };
        html! {
            <form class="card dues-form" onsubmit={submit} data-testid="dues-rule-form">
                <h3 class="card-title">{ title }</h3>
                <div class="form-row">
                    <label class="field">
                        <span class="field-label">{ app.t(DuesKey::Code) }</span>
                        <input class="input mono" value={f.category.clone()} disabled={f.editing}
                            oninput={typed(|f, v| f.category = v)} data-testid="dues-rule-code" />
                        <span class="field-hint">{ app.t(DuesKey::CodeHint) }</span>
                    </label>
                    <label class="field">
                        <span class="field-label">{ app.t(DuesKey::Name) }</span>
                        <input class="input" value={f.name.clone()}
                            oninput={typed(|f, v| f.name = v)} data-testid="dues-rule-name" />
                    </label>
                </div>
                <div class="form-row">
                    <label class="field">
                        <span class="field-label">{ app.t(DuesKey::PerMille) }</span>
                        <input class="input mono" type="number" min="0" max="100" inputmode="numeric" value={f.per_mille.clone()}
                            oninput={typed(|f, v| f.per_mille = v)} data-testid="dues-rule-per-mille" />
                        <span class="field-hint">{ app.t(DuesKey::PerMilleHint) }</span>
                    </label>
                    <label class="field">
                        <span class="field-label">{ app.t(DuesKey::Fixed) }</span>
                        <input class="input mono" inputmode="numeric" value={f.fixed.clone()}
                            oninput={typed(|f, v| f.fixed = v)} data-testid="dues-rule-fixed" />
                    </label>
                </div>
                { errors_html(&errors, "dues-rule-error") }
                <div class="actions">
                    <button type="submit" class="btn btn-primary" disabled={once.busy()} aria-busy={once.busy().to_string()}
                        data-testid="dues-rule-submit">{ app.t(DuesKey::Save) }</button>
                    <button type="button" class="btn" onclick={cancel.clone()}>{ app.t(DuesKey::Cancel) }</button>
                </div>
            </form>
        }
    } else {
        html! {}
    };
    let of_income = app.t(DuesKey::OfIncome);
    let rows = list.iter().map(|r| {
        let id = r.rule.id;
        let rate = rate_text(r.rule.per_mille, r.rule.fixed_dong, of_income);
        let confirm = if *mode == Mode::Delete(id) {
            let on_confirm = {
                let (deleting, done, errors) = (deleting.clone(), done.clone(), errors.clone());
                let text = app.t(DuesKey::Deleted);
                Callback::from(move |_: ()| {
                    let (done, errors) = (done.clone(), errors.clone());
                    deleting.run(id.to_string(), crate::dues::client::delete_rule(id), move |r| match r {
                        Ok(()) => done.emit(text),
                        Err(e) => errors.set(vec![e.message]),
                    });
                })
            };
            let on_cancel = {
                let mode = mode.clone();
                Callback::from(move |_: ()| mode.set(Mode::View))
            };
            html! {
                <Confirm question={app.tf(DuesKey::DeleteQuestion, &[&r.rule.name])}
                    confirm_label={app.t(DuesKey::DeleteRule)} cancel_label={app.t(DuesKey::Cancel)}
                    {on_confirm} {on_cancel} danger=true busy={deleting.busy()} testid="dues-rule-delete">
                    { errors_html(&errors, "dues-rule-delete-error") }
                </Confirm>
            }
        } else {
            html! {}
        };
        let delete = {
            let (mode, notice, errors) = (mode.clone(), notice.clone(), errors.clone());
            Callback::from(move |_: MouseEvent| {
                errors.set(vec![]);
                notice.set(None);
                mode.set(Mode::Delete(id));
            })
        };
        html! {
            <li key={id.to_string()} class={classes!("dues-rule", r.inherited.then_some("inherited"))}
                data-testid="dues-rule" data-category={r.rule.category.clone()} data-inherited={r.inherited.to_string()}>
                <div class="dues-rule-head">
                    <strong>{ &r.rule.name }</strong>
                    <span class="mono muted small">{ &r.rule.category }</span>
                </div>
                <span class="mono" data-testid="dues-rule-rate">{ rate }</span>
                if r.inherited {
                    <span class="small muted" data-testid="dues-rule-from">{ app.tf(DuesKey::Inherited, &[&r.org_name]) }</span>
                } else {
                    <span class="small ok-text">{ app.t(DuesKey::Own) }</span>
                    if *mode == Mode::View {
                        <div class="actions">
                            <button type="button" class="btn btn-small" onclick={open_form(RuleForm::editing(r))} data-testid="dues-rule-edit">
                                { app.t(DuesKey::EditRule) }</button>
                            <button type="button" class="btn btn-small" onclick={delete} data-testid="dues-rule-delete-open">
                                { app.t(DuesKey::DeleteRule) }</button>
                        </div>
                    }
                }
                { confirm }
            </li>
        }
    });
    html! {
        <div class="dues-rules" data-testid="dues-rules-page" data-org-id={p.org_id.to_string()}>
            <div class="meetings-top">
                <h2>{ app.t(DuesKey::RulesTitle) }{ " · " }{ &p.org_name }</h2>
                if *mode == Mode::View {
                    <button type="button" class="btn btn-primary" onclick={open_form(RuleForm::default())} data-testid="dues-rule-add">
                        { app.t(DuesKey::AddRule) }</button>
                }
            </div>
            if let Some(n) = &*notice {
                <p class="notice" role="status" data-testid="dues-notice">{ n }</p>
            }
            { form_html }
            <section class="card dues-card">
                if list.is_empty() {
                    <p class="muted">{ app.t(DuesKey::NoRules) }</p>
                } else {
                    <ul class="dues-rule-list" data-testid="dues-rule-list">{ for rows }</ul>
                }
            </section>
        </div>
    }
}
