//! The library tour (issue 5), run at each size after the administration tour: at the
//! first size the committee user adds a document through the form (beside the demo
//! province's library), then at every size: the list, a search typed without
//! diacritics whose hits are marked, a document in the reader (read marks; at the
//! first size also the bookmark, "Đã học xong", a private note and an assignment to
//! study), and Học tập.

use crate::drivers::Session;
use crate::flow::{
    bounded, click, replace_text, screenshot, scroll_to, type_into, wait_for, wait_text, Size,
    Step, WAIT,
};
use fantoccini::Locator;

/// The document the form adds: a resolution of the province, with text to search.
const NUMBER: &str = "05-NQ/TU";
const TITLE: &str = "Nghị quyết về chuyển đổi số trong sinh hoạt chi bộ";
const SUMMARY: &str = "Đưa sổ tay đảng viên điện tử vào sinh hoạt chi bộ; mỗi đảng viên \
                       học tập, quán triệt nghị quyết trên thiết bị của mình.";
const BODY: &str = "I. MỤC TIÊU\nNâng cao chất lượng sinh hoạt chi bộ bằng chuyển đổi số.\n\
                    II. NHIỆM VỤ\n1. Mỗi đảng viên đọc và ghi chú nghị quyết trên sổ tay.\n\
                    2. Cấp ủy theo dõi việc học tập, quán triệt của từng chi bộ.";

pub async fn library_tour(s: &Session, size: Size, first: bool) -> Step<()> {
    let c = &s.client;
    let shot = |screen: &str| format!("{}-{}-{screen}", s.driver, size.name);
    let prefix = if size.phone { "tab" } else { "nav" };
    click(c, &format!("[data-testid={prefix}-docs]")).await?;
    wait_for(c, "[data-testid=library]", WAIT).await?;
    click(c, "[data-testid=lib-view-docs]").await?;

    if first {
        // Only offices see the form; the province's committee member is one.
        click(c, "[data-testid=lib-view-add]").await?;
        wait_for(c, "[data-testid=doc-form]", WAIT).await?;
        type_into(c, "doc-number", NUMBER).await?;
        type_into(c, "doc-title", TITLE).await?;
        type_into(c, "doc-date", "15/11/2026").await?;
        type_into(c, "doc-topics", "chuyển đổi số; sinh hoạt chi bộ").await?;
        type_into(c, "doc-summary", SUMMARY).await?;
        replace_text(c, "doc-body", BODY).await?;
        screenshot(c, &shot("library-add")).await?;
        click(c, "[data-testid=doc-submit]").await?;
        // Saved: the new document opens in the reader.
        wait_text(c, "reader-number", NUMBER).await?;
    }

    // The list (on a phone the reader covers it: back first).
    if size.phone && is_shown(c, "[data-testid=reader-back]").await? {
        click(c, "[data-testid=reader-back]").await?;
    }
    wait_for(c, "[data-testid=doc-list] [data-testid=doc-row]", WAIT).await?;
    screenshot(c, &shot("library")).await?;

    // Search without diacritics: "nghi quyet" finds "Nghị quyết", its words marked.
    replace_text(c, "doc-search", "nghi quyet").await?;
    let hit = "[data-testid=search-results] [data-testid=doc-row]";
    wait_for(c, &format!("{hit} mark"), WAIT).await?;
    screenshot(c, &shot("search")).await?;

    // The reader: opening sets the first read mark.
    let ours = format!("//*[@data-testid='search-results']//button[@data-testid='doc-row' and contains(., '{NUMBER}')]");
    let row = c.wait().at_most(WAIT).for_element(Locator::XPath(&ours));
    let row = bounded("find the added document among the hits", WAIT, row).await?;
    bounded("open the document", WAIT, row.click()).await?;
    wait_for(c, "[data-testid=reader] [data-testid=reader-body]", WAIT).await?;
    wait_for(c, "[data-testid=first-opened]", WAIT).await?;
    // "Đính kèm tệp" in the browser and in the app's webview, then the reader shows it
    // (in the browser also kept offline, downloaded again and opened as a link; the
    // app hands a file to the system's viewer, which Xvfb has not).
    if first {
        attach_pdf(c, &shot("library-attach")).await?;
        click(c, "[data-testid=bookmark]").await?;
        wait_for(c, "[data-testid=bookmark][aria-pressed=true]", WAIT).await?;
        if s.driver == "browser" {
            attachment_steps(c).await?;
        } else {
            wait_for(
                c,
                "[data-testid=attachment] [data-testid=attachment-pin]:checked",
                WAIT,
            )
            .await?;
        }
        click(c, "[data-testid=mark-finished]").await?;
        wait_for(c, "[data-testid=finished]", WAIT).await?;
        type_into(
            c,
            "study-note-input",
            "Liên hệ: chi bộ khu phố dùng sổ tay từ tháng 12.",
        )
        .await?;
        click(c, "[data-testid=study-note-save]").await?;
        wait_for(c, "[data-testid=study-note-saved]", WAIT).await?;
        click(c, "[data-testid=assign-study] summary").await?;
        type_into(c, "assign-study-due", "31/12/2026").await?;
        // Issue 23 item 5: two clicks in one script turn (a double click) assign once.
        let twice = "const b = document.querySelector('[data-testid=assign-study-submit]'); \
                     b.click(); b.click(); return true";
        bounded("click Giao học tập twice", WAIT, c.execute(twice, vec![])).await?;
        wait_for(c, "[data-testid=assign-study-done]", WAIT).await?;
    }
    if s.driver == "desktop" {
        if first {
            print_as_pdf(s, &shot("reader-print")).await?;
        }
    } else {
        print_dialog_opens(c).await?;
    }
    scroll_to(c, "[data-testid=reader]").await?;
    screenshot(c, &shot("reader")).await?;

    // Học tập: the assignment, and who in each cell has read it (among the demo's
    // own assignments of the province and its districts).
    click(c, "[data-testid=lib-view-study]").await?;
    wait_for(c, "[data-testid=study-list] [data-testid=study-row]", WAIT).await?;
    let ours = format!(
        "//*[@data-testid='study-list']//*[@data-testid='study-row' and contains(., '{NUMBER}')]"
    );
    let n = bounded("count study rows", WAIT, c.find_all(Locator::XPath(&ours))).await?;
    if n.len() != 1 {
        return Err(format!(
            "one assignment (clicked twice) shows as {} rows",
            n.len()
        ));
    }
    let open = format!("{ours}//*[@data-testid='study-progress-open']");
    let open = bounded("find its progress", WAIT, c.find(Locator::XPath(&open))).await?;
    bounded("open its progress", WAIT, open.click()).await?;
    wait_for(c, "[data-testid=study-progress]", WAIT).await?;
    // The user's own finished reading counts in their cell.
    wait_text(c, "study-progress-total", "1 đã học xong").await?;
    wait_for(c, "[data-testid=storage-used]", WAIT).await?;
    screenshot(c, &shot("study")).await?;
    Ok(())
}

/// "In" in the app: the reader's text becomes a PDF in the app's exports folder, named
/// for the document's title, and the app says where (then hands it to the system's
/// viewer to print). A browser's "In" is its own print dialog, which headless Chromium
/// does not show.
async fn print_as_pdf(s: &Session, shot: &str) -> Step<()> {
    let c = &s.client;
    click(c, "[data-testid=reader-print]").await?;
    wait_text(c, "reader-print-done", ".pdf").await?;
    let file = crate::import_flow::newest_export(&s.home, "pdf")?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let said = crate::flow::text_of(c, "[data-testid=reader-print-done]").await?;
    if !name.starts_with("ban-in-nghi-quyet-ve-chuyen-doi-so") || !said.contains(&name) {
        return Err(format!(
            "the printout {} and what the app said: {said}",
            file.display()
        ));
    }
    let bytes = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    if !bytes.starts_with(b"%PDF") || bytes.len() < 1_000 {
        return Err(format!(
            "{} is not a PDF ({} bytes)",
            file.display(),
            bytes.len()
        ));
    }
    screenshot(c, shot).await
}

/// "In" in a browser opens the browser's own print dialog. Headless Chromium shows
/// none, so the page's `window.print` is replaced by one that counts its calls.
async fn print_dialog_opens(c: &fantoccini::Client) -> Step<()> {
    let stub = "window.__printed = 0; window.print = () => { window.__printed += 1; }; return true";
    bounded("replace window.print", WAIT, c.execute(stub, vec![])).await?;
    click(c, "[data-testid=reader-print]").await?;
    let count = "return window.__printed";
    let printed = bounded("count the print calls", WAIT, c.execute(count, vec![])).await?;
    if printed != serde_json::json!(1) {
        return Err(format!(
            "\"In\" opened the print dialog {printed} times, not once"
        ));
    }
    Ok(())
}

/// A small PDF attached through the reader's "Đính kèm tệp": the file input gets
/// the file as a user's pick would (the page then hands its bytes to the device).
async fn attach_pdf(c: &fantoccini::Client, shot: &str) -> Step<()> {
    crate::flow::pick_pdf(c, "[data-testid=attach-input]", "Nghị quyết 05-NQ-TU.pdf").await?;
    scroll_to(c, "[data-testid=attach-zone]").await?;
    screenshot(c, shot).await
}

/// The attachment in the reader: "Lưu ngoại tuyến" off and on again, then "Mở".
async fn attachment_steps(c: &fantoccini::Client) -> Step<()> {
    // AttachFile keeps the file pinned (the bookmark's write re-read the list), and
    // it stays until the next sync has uploaded it.
    let pin = "[data-testid=attachment] [data-testid=attachment-pin]";
    wait_for(c, &format!("{pin}:checked:disabled"), WAIT).await?;
    click(c, "[data-testid=sync-now]").await?;
    wait_for(c, &format!("{pin}:checked:not(:disabled)"), WAIT).await?;
    click(c, pin).await?;
    wait_for(c, &format!("{pin}:not(:checked):not(:disabled)"), WAIT).await?;
    // Pinned again: downloaded from the server (the device had deleted its copy).
    click(c, pin).await?;
    wait_for(
        c,
        "[data-testid=attachment-pin]:checked:not(:disabled)",
        WAIT,
    )
    .await?;
    click(c, "[data-testid=attachment-open]").await?;
    // In a browser the file comes back as a link to its bytes (an object URL).
    wait_for(c, "[data-testid=attachment-link][href^='blob:']", WAIT).await?;
    wait_for(c, "[data-testid=attachment-open]:not(:disabled)", WAIT).await?;
    let failed = bounded(
        "look for an attachment error",
        WAIT,
        c.find_all(Locator::Css("[data-testid=attachment] .error-text")),
    )
    .await?;
    if let Some(e) = failed.first() {
        let why = bounded("read the error", WAIT, e.text()).await?;
        return Err(format!("opening the attachment failed: {why}"));
    }
    Ok(())
}

/// Whether an element is on the page and displayed (CSS may hide it at this size).
pub(crate) async fn is_shown(c: &fantoccini::Client, css: &str) -> Step<bool> {
    let found = bounded(
        &format!("look for `{css}`"),
        WAIT,
        c.find_all(Locator::Css(css)),
    )
    .await?;
    for el in found {
        if bounded("is it displayed", WAIT, el.is_displayed()).await? {
            return Ok(true);
        }
    }
    Ok(false)
}
