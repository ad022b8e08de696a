//! The reader: one document's full text at a comfortable line length, its summary,
//! topics and attachments; opening it sets the first-read mark; "Đã học xong",
//! the bookmark, the private study note and (for its committee) "Giao học tập".

use super::attachments::Attachments;
use super::study::AssignForm;
use super::t;
use crate::components::icons::{icon, Icon};
use crate::format::{local_offset_minutes, show_time};
use crate::hooks::use_app;
use crate::i18n::Key;
use crate::library::client as lc;
use crate::library::paragraphs;
use crate::library::strings::{self as lib, ltf, L};
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::library::documents::Document;
use sotay_model::library::MyStudy;
use sotay_model::vn::show_date;
use web_sys::HtmlTextAreaElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReaderProps {
    pub id: Id,
    pub rev: u32,
    pub on_changed: Callback<()>,
    pub on_back: Callback<()>,
}

#[function_component(Reader)]
pub fn reader(p: &ReaderProps) -> Html {
    let app = use_app();
    let doc = use_state(|| None::<Result<Document, ApiError>>);
    let study = use_state(|| None::<MyStudy>);
    let note = use_state(String::new);
    let message = use_state(|| None::<Result<L, String>>);
    let top = use_node_ref();
    {
        let (doc, study, note, id, top) =
            (doc.clone(), study.clone(), note.clone(), p.id, top.clone());
        use_effect_with(id, move |_| {
            // A phone shows the reader instead of the list: start at its top.
            if let Some(el) = top.cast::<web_sys::Element>() {
                el.scroll_into_view();
            }
            spawn_local(async move {
                doc.set(Some(lc::get(id).await));
                // Opening is the first read mark (the replica keeps the first time).
                // (No list shows read marks, so nothing needs reading again.)
                if let Ok(s) = lc::mark_read(id, false).await {
                    note.set(s.note.clone());
                    study.set(Some(s));
                }
            });
        });
    }
    // `finish`: "Đã học xong"; otherwise the bookmark flips.
    let my_write = |finish: bool| {
        let (study, message, changed, id) =
            (study.clone(), message.clone(), p.on_changed.clone(), p.id);
        Callback::from(move |_| {
            let (study, message, changed) = (study.clone(), message.clone(), changed.clone());
            spawn_local(async move {
                let r = if finish {
                    lc::mark_read(id, true).await
                } else {
                    let now = study.as_ref().is_some_and(|s| s.bookmarked);
                    lc::set_bookmark(id, !now).await
                };
                match r {
                    Ok(s) => {
                        study.set(Some(s));
                        changed.emit(());
                    }
                    Err(e) => message.set(Some(Err(e.message))),
                }
            });
        })
    };
    let on_finish = my_write(true);
    let on_bookmark = my_write(false);
    let on_note = {
        let note = note.clone();
        Callback::from(move |e: InputEvent| {
            note.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())
        })
    };
    let save_note = {
        let (note, study, message, id) = (note.clone(), study.clone(), message.clone(), p.id);
        Callback::from(move |_| {
            let (text, study, message) = ((*note).clone(), study.clone(), message.clone());
            spawn_local(async move {
                match lc::save_note(id, text).await {
                    Ok(s) => {
                        study.set(Some(s));
                        message.set(Some(Ok(L::NoteSaved)));
                    }
                    Err(e) => message.set(Some(Err(e.message))),
                }
            });
        })
    };
    let back = p.on_back.reform(|_| ());
    let head = html! {
        <div class="pane-head reader-back">
            <button type="button" class="btn btn-ghost back" onclick={back} data-testid="reader-back">
                { icon(Icon::Back) }{ app.t(Key::Back) }</button>
        </div>
    };
    let d = match &*doc {
        None => {
            return html! { <article class="card reader" ref={top}>{ head }<p class="muted">{ app.t(Key::Loading) }</p></article> }
        }
        Some(Err(e)) => {
            return html! { <article class="card reader" ref={top}>{ head }<p class="error-text">{ &e.message }</p></article> }
        }
        Some(Ok(d)) => d.clone(),
    };
    // Files hang on a document like its text: its committee adds them.
    let can_attach = crate::rights::Rights::new(app.status.as_ref(), app.org_list()).may(
        sotay_model::Entity::Attachment,
        sotay_model::permissions::Action::Create,
        d.org_id,
    );
    let offset = local_offset_minutes();
    let s = (*study).clone();
    let bookmarked = s.as_ref().is_some_and(|s| s.bookmarked);
    let finished = s.as_ref().and_then(|s| s.finished_ms);
    let marks = html! {
        <div class="reader-marks" data-testid="read-marks">
            if let Some(ms) = s.as_ref().and_then(|s| s.opened_ms) {
                <span class="muted small" data-testid="first-opened">{ ltf(app.lang, L::FirstOpened, &[&show_time(ms, offset)]) }</span>
            }
            if let Some(ms) = finished {
                <span class="pill pill-ok" data-testid="finished">{ ltf(app.lang, L::FinishedOn, &[&show_time(ms, offset)]) }</span>
            }
        </div>
    };
    html! {
        // "In" prints this article's text (assets/print.css): what is not the text sits
        // in `.no-print`.
        <article class="card reader printable" data-testid="reader" ref={top}>
            <div class="no-print">{ head }</div>
            <header class="reader-head">
                <p class="eyebrow">
                    <span>{ t(&app, lib::kind(d.kind)) }</span>{" "}
                    <span class="mono" data-testid="reader-number">{ &d.number }</span>
                </p>
                <h2 class="reader-title" data-testid="reader-title">{ &d.title }</h2>
                <p class="muted">{ ltf(app.lang, L::IssuedBy, &[&d.issuer, &show_date(&d.issued_on)]) }</p>
                <p><span class={super::doc_list::status_class(d.status)}>{ t(&app, lib::status(d.status)) }</span></p>
                <div class="no-print">{ marks }</div>
                <div class="action-row">
                    <crate::lists::print::PrintButton testid="reader-print" />
                    <button type="button" class={classes!("btn", "btn-small", bookmarked.then_some("on"))}
                        aria-pressed={bookmarked.to_string()} onclick={on_bookmark} data-testid="bookmark">
                        { if bookmarked { t(&app, L::Bookmarked) } else { t(&app, L::Bookmark) } }</button>
                    if finished.is_none() {
                        <button type="button" class="btn btn-small btn-primary" onclick={on_finish}
                            data-testid="mark-finished">{ t(&app, L::MarkFinished) }</button>
                    }
                </div>
                if let Some(Err(m)) = &*message { <p class="error-text small">{ m }</p> }
            </header>
            if !d.summary.is_empty() {
                <section class="reader-section">
                    <h3 class="sub-title">{ t(&app, L::Summary) }</h3>
                    <p class="reader-summary" data-testid="reader-summary">{ &d.summary }</p>
                </section>
            }
            if !d.topics.is_empty() {
                <ul class="topic-list" aria-label={t(&app, L::Topics)}>
                    { for d.topics.iter().map(|x| html! { <li class="topic">{ x }</li> }) }
                </ul>
            }
            <div class="no-print">
                <Attachments document_id={d.id} rev={p.rev} can_attach={can_attach} />
            </div>
            <section class="reader-section">
                <h3 class="sub-title">{ t(&app, L::FullText) }</h3>
                if d.body.trim().is_empty() {
                    <p class="muted">{ t(&app, L::NoBody) }</p>
                } else {
                    <div class="reader-body" data-testid="reader-body" lang="vi">
                        { for paragraphs(&d.body).into_iter().map(|para| html! { <p>{ para }</p> }) }
                    </div>
                }
            </section>
            <section class="reader-section note-box no-print" data-testid="study-note">
                <h3 class="sub-title">{ t(&app, L::NoteTitle) }</h3>
                <textarea class="input note-input" rows="4" value={(*note).clone()} oninput={on_note}
                    placeholder={t(&app, L::NotePlaceholder)} aria-label={t(&app, L::NoteTitle)}
                    data-testid="study-note-input" />
                <div class="action-row">
                    <button type="button" class="btn btn-small" onclick={save_note}
                        data-testid="study-note-save">{ t(&app, L::NoteSave) }</button>
                    if let Some(Ok(m)) = &*message { <span class="muted small" data-testid="study-note-saved">{ t(&app, *m) }</span> }
                </div>
            </section>
            <div class="no-print">
                <AssignForm document_id={d.id} on_done={p.on_changed.clone()} />
                <crate::exchange::screens::comments::CommentThread target={sotay_model::exchange::CommentTarget { kind: sotay_model::exchange::TargetKind::Document, id: d.id }} />
            </div>
        </article>
    }
}
