//! The published questions and answers this device holds, searched with the library's
//! Vietnamese search (accents optional: "dang phi" finds "đảng phí"); all of them
//! while nothing is typed.

use super::{paragraphs, when};
use crate::components::field::Field;
use crate::exchange::strings::XKey;
use crate::hooks::use_app;
use sotay_model::api::ApiError;
use sotay_model::exchange::FaqEntry;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FaqProps {
    /// Bumped after a write on the page, so the list reads again.
    pub rev: u32,
}

#[function_component(FaqSearch)]
pub fn faq_search(p: &FaqProps) -> Html {
    let app = use_app();
    let query = use_state(String::new);
    // Kept with the query it answers, so a late answer is not shown for a newer one.
    let found = use_state(|| None::<(String, Result<Vec<FaqEntry>, ApiError>)>);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let found = found.clone();
        use_effect_with(((*query).clone(), p.rev, synced), move |(q, _, _)| {
            let q = q.clone();
            spawn_local(async move {
                let r = crate::exchange::client::search_faq(q.trim().to_string()).await;
                found.set(Some((q, r)));
            });
        });
    }
    let on_query = {
        let query = query.clone();
        Callback::from(move |v: String| query.set(v))
    };
    let list = match &*found {
        Some((q, Ok(list))) if *q == *query => {
            if list.is_empty() {
                let none = if query.trim().is_empty() {
                    XKey::FaqEmpty
                } else {
                    XKey::FaqNoMatch
                };
                html! { <p class="muted" data-testid="faq-none">{ app.t(none) }</p> }
            } else {
                html! {
                    <ul class="x-list" data-testid="faq-list">
                        { for list.iter().map(|e| html! {
                            <li key={e.id.to_string()} class="x-faq" data-testid="faq-entry" data-faq-id={e.id.to_string()}>
                                <strong class="x-faq-q" data-testid="faq-question">{ &e.question }</strong>
                                { paragraphs(&e.answer, "faq-answer") }
                                <small class="muted">{ app.tf(XKey::PublishedAt, &[&when(e.published_ms)]) }</small>
                            </li>
                        }) }
                    </ul>
                }
            }
        }
        Some((q, Err(e))) if *q == *query => {
            html! { <p class="error-text" data-testid="faq-error">{ &e.message }</p> }
        }
        _ => html! { <p class="muted">{ app.t(XKey::Loading) }</p> },
    };
    html! {
        <section class="card x-card x-faq-box" data-testid="faq">
            <h3 class="card-title">{ app.t(XKey::Faq) }</h3>
            <Field label={app.t(XKey::FaqSearch)} value={(*query).clone()} on_change={on_query}
                testid="faq-search" input_type="search" placeholder={app.t(XKey::FaqSearchHint)} />
            { list }
        </section>
    }
}
