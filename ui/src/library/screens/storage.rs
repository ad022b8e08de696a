//! Storage used by attachment files on this device (BlobStorage) and "Giải phóng":
//! free the files opened once; with the box ticked, the offline ones too.

use super::t;
use crate::hooks::use_app;
use crate::library::client as lc;
use crate::library::show_size;
use crate::library::strings::{ltf, L};
use sotay_model::api::ApiError;
use sotay_model::library::BlobStorage;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

#[function_component(StorageCard)]
pub fn storage_card() -> Html {
    let app = use_app();
    let used = use_state(|| None::<Result<BlobStorage, ApiError>>);
    let pinned_too = use_state(|| false);
    let freed = use_state(|| false);
    {
        let used = used.clone();
        use_effect_with((), move |_| {
            spawn_local(async move { used.set(Some(lc::storage(None).await)) });
        });
    }
    let free = {
        let (used, pinned_too, freed) = (used.clone(), pinned_too.clone(), freed.clone());
        Callback::from(move |_| {
            let (used, freed, pinned) = (used.clone(), freed.clone(), *pinned_too);
            spawn_local(async move {
                let r = lc::storage(Some(pinned)).await;
                freed.set(r.is_ok());
                used.set(Some(r));
            });
        })
    };
    let tick = {
        let pinned_too = pinned_too.clone();
        Callback::from(move |e: Event| {
            pinned_too.set(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    let lang = app.lang;
    let body = match &*used {
        None => html! { <p class="muted">{ app.t(crate::i18n::Key::Loading) }</p> },
        Some(Err(e)) => html! { <p class="error-text">{ &e.message }</p> },
        Some(Ok(s)) => html! {
            <>
                <ul class="storage-lines" data-testid="storage-used">
                    <li>{ ltf(lang, L::StoragePinned, &[&s.pinned_files.to_string(), &show_size(lang, s.pinned_bytes)]) }</li>
                    <li>{ ltf(lang, L::StorageCached, &[&s.cached_files.to_string(), &show_size(lang, s.cached_bytes)]) }</li>
                    if s.partial_bytes > 0 {
                        <li>{ ltf(lang, L::StoragePartial, &[&show_size(lang, s.partial_bytes)]) }</li>
                    }
                </ul>
                <label class="switch">
                    <input type="checkbox" checked={*pinned_too} onchange={tick} data-testid="storage-free-pinned" />
                    <span>{ t(&app, L::FreeAll) }</span>
                </label>
                <div class="action-row">
                    <button type="button" class="btn btn-small" onclick={free} data-testid="storage-free">
                        { t(&app, L::Free) }</button>
                    if *freed { <span class="muted small" data-testid="storage-freed">{ t(&app, L::Freed) }</span> }
                </div>
            </>
        },
    };
    html! {
        <section class="card storage-card" data-testid="storage">
            <h2 class="card-title">{ t(&app, L::StorageTitle) }</h2>
            { body }
        </section>
    }
}
