//! Trao đổi (issue 16): "Thông báo", "Hỏi đáp" and "Góp ý dự thảo", each a section of
//! one page; the comment thread is also drawn under a document and a meeting.
//! Everything reads the device's copy; what the replica says the user may not do
//! (`may_send_from`, `may_hide`, `may_collect`…) is hidden, and the server still judges
//! every change at sync.

pub mod announcement;
pub mod announcements;
pub mod comments;
pub mod draft;
pub mod drafts;
pub mod faq;
pub mod open_draft;
pub mod questions;
pub mod reads;
pub mod send;
pub mod unread;

use crate::exchange::form::FormError;
use crate::exchange::strings::XKey;
use crate::format::{local_offset_minutes, show_time};
use crate::hooks::{use_app, use_orgs, AppHandle, OnceHandle};
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use std::future::Future;
use yew::prelude::*;

/// The texts of form problems in the chosen language.
pub fn error_texts(app: &AppHandle, errs: Vec<FormError>) -> Vec<String> {
    errs.into_iter().map(|e| error_text(app, e)).collect()
}

pub fn error_text(app: &AppHandle, e: FormError) -> String {
    let key = match e {
        FormError::NeedOrg => XKey::NeedOrg,
        FormError::NeedTitle => XKey::NeedTitle,
        FormError::TitleTooLong => XKey::TitleTooLong,
        FormError::BodyTooLong => XKey::BodyTooLong,
        FormError::NeedRecipients => XKey::NeedRecipients,
        FormError::BadDate => XKey::BadDate,
        FormError::PastDate => XKey::PastDate,
        FormError::NeedText => XKey::NeedText,
        FormError::TextTooLong(n) => return app.tf(XKey::TextTooLong, &[&n.to_string()]),
        FormError::NeedReason => XKey::NeedReason,
        FormError::NeedSection => XKey::NeedSection,
        FormError::TooManySections => XKey::TooManySections,
        FormError::SectionKey(n) => return app.tf(XKey::SectionKeyMissing, &[&n.to_string()]),
        FormError::SectionTitle(n) => return app.tf(XKey::SectionTitleMissing, &[&n.to_string()]),
        FormError::SectionTooLong(n) => return app.tf(XKey::SectionTooLong, &[&n.to_string()]),
        FormError::SameKey(k) => return app.tf(XKey::SameKey, &[&k]),
        FormError::NeedDeadline => XKey::NeedDeadline,
        FormError::BadDeadline => XKey::BadDeadline,
        FormError::PastDeadline => XKey::PastDeadline,
        FormError::NeedQuestion => XKey::NeedQuestion,
        FormError::NeedAnswer => XKey::NeedAnswer,
    };
    app.t(key).to_string()
}

/// The submit of a form that creates something: its problems named all at once, or
/// its request (`build`) sent by `send` once however often the button is pressed;
/// `done` gets the new id, a refusal shows as the form's error.
pub fn submit_once<R, Fut>(
    app: &AppHandle,
    errors: &UseStateHandle<Vec<String>>,
    once: &OnceHandle<Id>,
    done: &Callback<Id>,
    build: impl Fn() -> Result<R, Vec<FormError>> + 'static,
    send: impl Fn(R) -> Fut + 'static,
) -> Callback<SubmitEvent>
where
    R: std::fmt::Debug + 'static,
    Fut: Future<Output = Result<Id, ApiError>> + 'static,
{
    let (app, errors, once, done) = (app.clone(), errors.clone(), once.clone(), done.clone());
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        match build() {
            Err(errs) => errors.set(error_texts(&app, errs)),
            Ok(req) => {
                errors.set(vec![]);
                let (errors, done) = (errors.clone(), done.clone());
                once.run(format!("{req:?}"), send(req), move |r| match r {
                    Ok(id) => done.emit(id),
                    Err(e) => errors.set(vec![e.message]),
                });
            }
        }
    })
}

/// A moment as this device's clock shows it: HH:MM dd/MM/yyyy.
pub fn when(ms: u64) -> String {
    show_time(ms, local_offset_minutes())
}

/// Text as paragraphs (blank lines apart), as the library's reader shows it.
pub fn paragraphs(text: &str, testid: &'static str) -> Html {
    html! {
        <div class="x-text" data-testid={testid} lang="vi">
            { for crate::library::paragraphs(text).into_iter().map(|p| html! { <p>{ p }</p> }) }
        </div>
    }
}

/// "← Quay lại" above a detail.
pub fn back_button(app: &AppHandle, on_back: &Callback<()>, testid: &'static str) -> Html {
    let onclick = on_back.reform(|_: MouseEvent| ());
    html! {
        <button type="button" class="btn btn-small x-back" {onclick} data-testid={testid}>
            { "← " }{ app.t(XKey::Back) }</button>
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Announcements,
    Questions,
    Drafts,
}

#[function_component(ExchangePage)]
pub fn exchange_page() -> Html {
    let app = use_app();
    use_orgs();
    let section = use_state(|| Section::Announcements);
    let seg = |s: Section, k: XKey, testid: &'static str| {
        let onclick = {
            let section = section.clone();
            Callback::from(move |_| section.set(s))
        };
        let on = *section == s;
        html! {
            <button type="button" class={classes!("seg", on.then_some("active"))}
                aria-pressed={on.to_string()} {onclick} data-testid={testid}>{ app.t(k) }</button>
        }
    };
    let body = match *section {
        Section::Announcements => html! { <announcements::AnnouncementsSection /> },
        Section::Questions => html! { <questions::QuestionsSection /> },
        Section::Drafts => html! { <drafts::DraftsSection /> },
    };
    html! {
        <section class="exchange" data-testid="exchange">
            <div class="segmented" role="group" data-testid="exchange-sections">
                { seg(Section::Announcements, XKey::Announcements, "exchange-announcements") }
                { seg(Section::Questions, XKey::Questions, "exchange-questions") }
                { seg(Section::Drafts, XKey::Drafts, "exchange-drafts") }
            </div>
            { body }
        </section>
    }
}
