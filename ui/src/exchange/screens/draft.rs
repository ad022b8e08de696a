//! One draft: its introduction and sections, under each the member's opinion (saved
//! offline until the deadline; emptied, it is withdrawn) and, when the draft's
//! opinions are open or for the office collecting them, the others' opinions grouped
//! by section; "Xuất .docx" and "Xuất .xlsx" for the office.

use super::drafts::open_tag;
use super::{back_button, error_text, paragraphs, when};
use crate::exchange::form::opinion;
use crate::exchange::strings::XKey;
use crate::hooks::{use_app, AppHandle};
use sotay_model::api::ApiError;
use sotay_model::exchange::api::{DraftView, SectionOpinions};
use sotay_model::exchange::requests::OpinionFormat;
use sotay_model::exchange::DraftSection;
use sotay_model::ids::Id;
use sotay_model::vn::show_date;
use web_sys::HtmlTextAreaElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DraftProps {
    pub id: Id,
    pub on_back: Callback<()>,
}

#[function_component(DraftDetail)]
pub fn draft_detail(p: &DraftProps) -> Html {
    let app = use_app();
    let view = use_state(|| None::<Result<DraftView, ApiError>>);
    let reload = use_state(|| 0u32);
    let exported = use_state(|| None::<Result<String, String>>);
    let exporting = use_state(|| false);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let view = view.clone();
        use_effect_with((p.id, *reload, synced), move |(id, _, _)| {
            let id = *id;
            spawn_local(async move { view.set(Some(crate::exchange::client::draft(id).await)) });
        });
    }
    let back = back_button(&app, &p.on_back, "draft-back");
    let v = match &*view {
        None => {
            return html! { <div class="x-detail">{ back }<p class="muted">{ app.t(XKey::Loading) }</p></div> }
        }
        Some(Err(e)) => {
            return html! { <div class="x-detail">{ back }<p class="error-text" data-testid="draft-load-error">{ &e.message }</p></div> }
        }
        Some(Ok(v)) => v,
    };
    let c = &v.card;
    let d = &c.draft;
    let export = |format: OpinionFormat| {
        let (exported, exporting, id) = (exported.clone(), exporting.clone(), d.id);
        Callback::from(move |_: MouseEvent| {
            let (exported, exporting) = (exported.clone(), exporting.clone());
            exporting.set(true);
            spawn_local(async move {
                let got = crate::exchange::client::export(id, format).await;
                exported.set(Some(got.map_err(|e| e.message)));
                exporting.set(false);
            });
        })
    };
    let on_saved = {
        let reload = reload.clone();
        Callback::from(move |_: ()| reload.set(*reload + 1))
    };
    // Everyone's opinions are listed for the office, and for readers when open.
    let others_shown = c.may_collect || d.opinions_visible;
    // Members of the draft's organisation give opinions; an office above only reads.
    let my_cell = app
        .status
        .as_ref()
        .and_then(|s| s.me.as_ref())
        .map(|m| m.cell_id);
    let may_give = my_cell
        .is_some_and(|cell| crate::tree::ancestors(app.org_list(), cell).contains(&d.org_id));
    html! {
        <div class="x-detail x-draft" data-testid="draft-detail" data-draft-id={d.id.to_string()} data-open={c.open.to_string()}>
            { back }
            <article class="card x-card">
                <p class="eyebrow">{ &c.org_name }</p>
                <h2 class="card-title" data-testid="draft-title">{ &d.title }</h2>
                <p class="x-row-foot">
                    { open_tag(&app, c.open) }
                    <span class="muted small">{ app.tf(XKey::Deadline, &[&show_date(&d.deadline)]) }</span>
                </p>
                <p class="muted small" data-testid="draft-visibility">
                    { app.t(if d.opinions_visible { XKey::OpinionsVisible } else { XKey::OpinionsPrivate }) }</p>
                if c.may_collect {
                    <div class="actions x-exports">
                        <button type="button" class="btn btn-small" onclick={export(OpinionFormat::Docx)} disabled={*exporting}
                            data-testid="draft-export-docx">{ app.t(XKey::ExportDocx) }</button>
                        <button type="button" class="btn btn-small" onclick={export(OpinionFormat::Xlsx)} disabled={*exporting}
                            data-testid="draft-export-xlsx">{ app.t(XKey::ExportXlsx) }</button>
                    </div>
                    { match &*exported {
                        Some(Ok(name)) => html! { <p class="ok-text small" role="status" data-testid="draft-exported">{ app.tf(XKey::Exported, &[name]) }</p> },
                        Some(Err(m)) => html! { <p class="error-text small" role="alert" data-testid="draft-export-error">{ m }</p> },
                        None => html! {},
                    } }
                }
                if !d.intro.trim().is_empty() { { paragraphs(&d.intro, "draft-intro") } }
            </article>
            { for d.sections.iter().map(|s| {
                let group = v.sections.iter().find(|g| g.key == s.key);
                let shown = Shown { open: c.open, may_give, others: others_shown };
                section(&app, d.id, s, group, shown, &on_saved)
            }) }
        </div>
    }
}

/// What a section shows this member.
#[derive(Clone, Copy)]
struct Shown {
    /// Opinions are still taken.
    open: bool,
    /// The member belongs to the draft's organisation (gives opinions).
    may_give: bool,
    /// The others' opinions are listed.
    others: bool,
}

fn section(
    app: &AppHandle,
    draft_id: Id,
    s: &DraftSection,
    group: Option<&SectionOpinions>,
    shown: Shown,
    on_saved: &Callback<()>,
) -> Html {
    let all = group.map(|g| g.opinions.as_slice()).unwrap_or(&[]);
    let mine = all.iter().find(|o| o.mine).map(|o| o.opinion.body.clone());
    let others: Vec<_> = all.iter().filter(|o| !o.mine).collect();
    let (open, others_shown) = (shown.open, shown.others);
    let heading = if shown.may_give {
        XKey::OthersOpinions
    } else {
        XKey::AllOpinions
    };
    html! {
        <section class="card x-card x-draft-section" key={s.key.clone()} data-testid="draft-section" data-key={s.key.clone()}>
            <h3 class="card-title"><span class="mono">{ format!("{}. ", s.key) }</span>{ &s.title }</h3>
            if !s.text.trim().is_empty() { { paragraphs(&s.text, "draft-section-text") } }
            if shown.may_give || mine.is_some() {
                <OpinionBox {draft_id} section_key={s.key.clone()} initial={mine.unwrap_or_default()} {open}
                    on_saved={on_saved.clone()} />
            }
            if others_shown {
                <div class="x-opinions" data-testid="draft-opinions" data-count={others.len().to_string()}>
                    <h4 class="sub-title">{ app.tf(heading, &[&others.len().to_string()]) }</h4>
                    if others.is_empty() {
                        <p class="muted small">{ app.t(XKey::NoOpinions) }</p>
                    } else {
                        <ul class="x-list">
                            { for others.iter().map(|o| html! {
                                <li key={o.opinion.id.to_string()} class="x-opinion" data-testid="draft-opinion">
                                    <small class="muted">{ format!("{} · {}", o.author_name, when(o.opinion.written_ms)) }</small>
                                    <p>{ &o.opinion.body }</p>
                                </li>
                            }) }
                        </ul>
                    }
                </div>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct OpinionProps {
    draft_id: Id,
    section_key: String,
    initial: String,
    open: bool,
    on_saved: Callback<()>,
}

/// The member's opinion on one section: saved again replaces it, saved empty
/// withdraws it.
#[function_component(OpinionBox)]
fn opinion_box(p: &OpinionProps) -> Html {
    let app = use_app();
    let text = {
        let initial = p.initial.clone();
        use_state(move || initial)
    };
    let message = use_state(|| None::<Result<XKey, String>>);
    let busy = use_state(|| false);
    let oninput = {
        let (text, message) = (text.clone(), message.clone());
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlTextAreaElement>().value());
            message.set(None);
        })
    };
    let save = {
        let (app, text, message, busy, done) = (
            app.clone(),
            text.clone(),
            message.clone(),
            busy.clone(),
            p.on_saved.clone(),
        );
        let (draft, key) = (p.draft_id, p.section_key.clone());
        Callback::from(move |_: MouseEvent| match opinion(draft, &key, &text) {
            Err(e) => message.set(Some(Err(error_text(&app, e)))),
            Ok(req) => {
                let (message, busy, done) = (message.clone(), busy.clone(), done.clone());
                let saved = if req.body.is_empty() {
                    XKey::OpinionWithdrawn
                } else {
                    XKey::OpinionSaved
                };
                busy.set(true);
                spawn_local(async move {
                    let r = crate::exchange::client::give_opinion(req).await;
                    busy.set(false);
                    match r {
                        Ok(_) => {
                            message.set(Some(Ok(saved)));
                            done.emit(());
                        }
                        Err(e) => message.set(Some(Err(e.message))),
                    }
                });
            }
        })
    };
    let label = app.t(XKey::MyOpinion);
    html! {
        <div class="x-opinion-box" data-testid="draft-my-opinion">
            <label class="field">
                <span class="field-label">{ label }</span>
                <textarea class="input" rows="3" value={(*text).clone()} {oninput} disabled={!p.open}
                    placeholder={app.t(XKey::OpinionHint)} data-testid="draft-opinion-input" />
            </label>
            if p.open {
                <div class="actions">
                    <button type="button" class="btn btn-primary btn-small" onclick={save} disabled={*busy}
                        data-testid="draft-opinion-save">{ app.t(XKey::SaveOpinion) }</button>
                    { match &*message {
                        Some(Ok(k)) => html! { <span class="ok-text small" role="status" data-testid="draft-opinion-saved">{ app.t(*k) }</span> },
                        Some(Err(m)) => html! { <span class="error-text small" role="alert" data-testid="draft-opinion-error">{ m }</span> },
                        None => html! {},
                    } }
                </div>
            } else {
                <p class="muted small">{ app.t(XKey::DraftClosedHint) }</p>
            }
        </div>
    }
}
