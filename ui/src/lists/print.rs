//! "In": printing the text on screen, marked `.printable`. A browser shows its own
//! print dialog (`window.print()`; `assets/print.css` prints that text and nothing
//! else). The desktop app cannot count on its webview's dialog (WebKitGTK under the
//! app showed none, macOS's webview has none), so there the text as shown (without
//! buttons and forms) becomes a PDF on the device (`PrintText`), opened in the
//! system's viewer to print, like every export.

use super::strings::ListsKey;
use crate::exports::Delivered;
use crate::hooks::use_app;
use crate::transport::{carrier, Carrier};
use sotay_model::api::ApiError;
use sotay_model::lists::requests::{PrintBlock, PrintText};
use sotay_model::transfer::ExportedFile;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

/// Open the browser's print dialog; a browser without one leaves the page as it is.
pub fn print_page() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// The text of `printable` as the screen shows it, without what printing hides:
/// `print.css` hides the same controls (buttons, forms, attachments) under the class
/// `pdf-printing`, set only while the text is read, within one turn of the page.
/// A line that is one of its headings is a heading; the first heading is the title.
pub fn text_of(printable: &web_sys::HtmlElement) -> PrintText {
    let classes = printable.class_list();
    let _ = classes.add_1("pdf-printing");
    let shown = printable.inner_text();
    let mut headings = Vec::new();
    if let Ok(list) = printable.query_selector_all("h1, h2, h3, h4") {
        for i in 0..list.length() {
            if let Some(h) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let t = h.inner_text().trim().to_string();
                if !t.is_empty() {
                    headings.push(t);
                }
            }
        }
    }
    let _ = classes.remove_1("pdf-printing");
    blocks(&shown, &headings)
}

/// Lines to blocks: `headings` mark headings, the first of them titles the text (or,
/// with none, its first line); the title's own line is not repeated below it.
fn blocks(shown: &str, headings: &[String]) -> PrintText {
    let lines: Vec<&str> = shown
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let title = headings
        .first()
        .map(String::as_str)
        .or(lines.first().copied())
        .unwrap_or_default()
        .to_string();
    let at = lines.iter().position(|l| *l == title);
    let blocks = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != at)
        .map(|(_, l)| match headings.iter().any(|h| h == l) {
            true => PrintBlock::Heading(l.to_string()),
            false => PrintBlock::Paragraph(l.to_string()),
        })
        .collect();
    PrintText { title, blocks }
}

/// Make the PDF of `printable` and open it.
async fn print_as_pdf(
    text: PrintText,
) -> Result<(ExportedFile, Result<Delivered, String>), ApiError> {
    let file = crate::transport::ask(text).await?;
    let delivered = crate::exports::deliver(&file.name, "print-download")
        .await
        .map_err(|e| e.message);
    Ok((file, delivered))
}

#[derive(Properties, PartialEq)]
pub struct PrintProps {
    /// Marks the button for the end-to-end suite (its outcome: `{testid}-done`).
    #[prop_or(AttrValue::Static("print"))]
    pub testid: AttrValue,
}

/// The "In" button; the text it prints is the nearest `.printable` around it.
#[function_component(PrintButton)]
pub fn print_button(p: &PrintProps) -> Html {
    let app = use_app();
    let busy = use_state(|| false);
    let done = use_state(|| None::<Result<(ExportedFile, Result<Delivered, String>), String>>);
    let onclick = {
        let (busy, done) = (busy.clone(), done.clone());
        Callback::from(move |e: MouseEvent| {
            if !matches!(carrier(), Carrier::Tauri) {
                print_page();
                return;
            }
            let printable = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|b| b.closest(".printable").ok().flatten())
                .and_then(|p| p.dyn_into::<web_sys::HtmlElement>().ok());
            let Some(printable) = printable else { return };
            if *busy {
                return;
            }
            busy.set(true);
            let text = text_of(&printable);
            let (busy, done) = (busy.clone(), done.clone());
            spawn_local(async move {
                done.set(Some(print_as_pdf(text).await.map_err(|e| e.message)));
                busy.set(false);
            });
        })
    };
    let outcome = format!("{}-done", p.testid);
    html! {
        <span class="no-print">
            <button type="button" class="btn btn-small no-print" {onclick} disabled={*busy}
                title={app.t(ListsKey::PrintHint)} data-testid={p.testid.clone()}>
                { app.t(if *busy { ListsKey::Printing } else { ListsKey::Print }) }
            </button>
            { match &*done {
                Some(Ok((file, Ok(_)))) => html! {
                    <span class="ok-text small" role="status" data-testid={outcome}>
                        { app.tf(ListsKey::PrintedAt, &[&file.path]) }</span>
                },
                Some(Ok((file, Err(why)))) => html! {
                    <span class="error-text small" role="alert" data-testid={outcome}>
                        { app.tf(ListsKey::PrintNotOpened, &[&file.path, why]) }</span>
                },
                Some(Err(m)) => html! {
                    <span class="error-text small" role="alert" data-testid={outcome}>{ m }</span>
                },
                None => html! {},
            } }
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_a_title_headings_and_paragraphs() {
        let shown = "Nghị quyết 05-NQ/TU\nVề chuyển đổi số\n\nI. MỤC TIÊU\n  Nâng cao chất lượng.  \nII. NHIỆM VỤ\nMột.\n";
        let heads = ["Về chuyển đổi số", "I. MỤC TIÊU", "II. NHIỆM VỤ"].map(String::from);
        let t = blocks(shown, &heads);
        assert_eq!(t.title, "Về chuyển đổi số");
        assert_eq!(
            t.blocks,
            vec![
                PrintBlock::Paragraph("Nghị quyết 05-NQ/TU".into()),
                PrintBlock::Heading("I. MỤC TIÊU".into()),
                PrintBlock::Paragraph("Nâng cao chất lượng.".into()),
                PrintBlock::Heading("II. NHIỆM VỤ".into()),
                PrintBlock::Paragraph("Một.".into()),
            ]
        );
        let plain = blocks("Biên bản\nNội dung", &[]);
        assert_eq!(plain.title, "Biên bản");
        assert_eq!(plain.blocks, vec![PrintBlock::Paragraph("Nội dung".into())]);
    }
}
