//! "In": the system's print dialog (`window.print()`) for the text on screen. What is
//! printed is decided by `assets/print.css`: the element marked `.printable` and
//! nothing else (no navigation, sync bar, buttons or forms).

use super::strings::ListsKey;
use crate::hooks::use_app;
use yew::prelude::*;

/// Open the print dialog; a browser without one (or a webview that refuses) leaves
/// the page as it is.
pub fn print_page() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

#[derive(Properties, PartialEq)]
pub struct PrintProps {
    /// Marks the button for the end-to-end suite.
    #[prop_or(AttrValue::Static("print"))]
    pub testid: AttrValue,
}

/// The "In" button; the text it prints is the nearest `.printable` on the page.
#[function_component(PrintButton)]
pub fn print_button(p: &PrintProps) -> Html {
    let app = use_app();
    html! {
        <button type="button" class="btn btn-small no-print" onclick={Callback::from(|_| print_page())}
            title={app.t(ListsKey::PrintHint)} data-testid={p.testid.clone()}>
            { app.t(ListsKey::Print) }
        </button>
    }
}
