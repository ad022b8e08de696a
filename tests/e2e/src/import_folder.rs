//! A documents folder imported from the library (issue 20), run at each size before
//! the members import, in Chromium and in the Tauri app alike: with an issuer whose
//! office the user is chosen, "Nhập thư mục văn bản", the list (.xlsx) and two PDFs
//! (written here) chosen together through the file input, and the preview with one
//! refused row (a file the list names that was not chosen), then "Hủy". At the first
//! size the corrected list and the same files import two documents, listed; the same
//! folder again previews as "Không đổi" for every row.

use crate::drivers::Session;
use crate::flow::{bounded, click, screenshot, scroll_to, wait_for, wait_text, Size, Step, WAIT};
use fantoccini::{Client, Locator};
use std::path::PathBuf;

const ROWS: [[&str; 9]; 3] = [
    [
        "901-NQ/TU",
        "Nghị quyết",
        "Nghị quyết về sổ tay đảng viên điện tử",
        "Tỉnh ủy",
        "02/12/2026",
        "Còn hiệu lực",
        "Mỗi chi bộ dùng sổ tay điện tử trong sinh hoạt.",
        "chuyển đổi số",
        "nq-901.pdf",
    ],
    [
        "902-TB/TU",
        "Thông báo",
        "Thông báo kết luận hội nghị chuyên đề",
        "Tỉnh ủy",
        "03/12/2026",
        "",
        "",
        "",
        "tb-902.pdf",
    ],
    [
        "903-HD/TU",
        "Hướng dẫn",
        "Hướng dẫn nhập văn bản vào thư viện",
        "Tỉnh ủy",
        "04/12/2026",
        "",
        "",
        "",
        "hd-903.pdf",
    ],
];

/// The folder: its list naming `rows` of [`ROWS`] and the first two rows' PDFs (the
/// third's is never there), in the session's own directory (`fixture::picked`); the
/// paths to choose, the list first.
fn folder(driver: &str, rows: usize) -> Step<Vec<PathBuf>> {
    use rust_xlsxwriter::Workbook;
    let dir = crate::fixture::picked(driver).join(format!("thu-muc-van-ban-{rows}"));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let header = [
        "Số hiệu",
        "Loại văn bản",
        "Tiêu đề",
        "Cơ quan ban hành",
        "Ngày ban hành",
        "Hiệu lực",
        "Trích yếu",
        "Chủ đề",
        "Tệp đính kèm",
    ];
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let err = |e: rust_xlsxwriter::XlsxError| format!("writing the list: {e}");
    ws.write_string(0, 0, "DANH MỤC VĂN BẢN THÁNG 12/2026")
        .map_err(err)?;
    for (r, row) in std::iter::once(&header).chain(&ROWS[..rows]).enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(2 + r as u32, c as u16, *cell)
                .map_err(err)?;
        }
    }
    let list = dir.join("danh-muc.xlsx");
    book.save(&list).map_err(err)?;
    let mut paths = vec![list];
    for row in &ROWS[..2] {
        let path = dir.join(row[8]);
        let pdf = format!(
            "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% {}\ntrailer<</Root 1 0 R>>\n%%EOF\n",
            row[0]
        );
        std::fs::write(&path, pdf).map_err(|e| format!("{}: {e}", path.display()))?;
        paths.push(path);
    }
    Ok(paths)
}

pub async fn folder_tour(s: &Session, size: Size, first: bool) -> Step<()> {
    let c = &s.client;
    let shot = |screen: &str| format!("{}-{}-{screen}", s.driver, size.name);
    open_import(c, size).await?;

    // A list naming a file that was not chosen: that row refused with why, nothing
    // to confirm.
    pick(c, &folder(s.driver, 3)?).await?;
    crate::import_flow::rows_with(c, "rejected", 1).await?;
    wait_text(
        c,
        "import-reason",
        "\"hd-903.pdf\" không có trong các tệp đã chọn",
    )
    .await?;
    // (At a later size the first two rows are already imported: "Không đổi".)
    wait_text(c, "import-summary", "1 bị từ chối").await?;
    wait_for(c, "[data-testid=import-confirm][disabled]", WAIT).await?;
    scroll_to(c, "[data-testid=import-docs-panel]").await?;
    screenshot(c, &shot("import-folder-preview")).await?;
    click(c, "[data-testid=import-cancel]").await?;
    wait_for(c, "[data-testid=import-docs-open]", WAIT).await?;
    if !first {
        return Ok(());
    }

    // Corrected: two documents with their PDFs, written only on "Xác nhận nhập".
    let right = folder(s.driver, 2)?;
    click(c, "[data-testid=import-docs-open]").await?;
    pick(c, &right).await?;
    wait_text(c, "import-summary", "2 thêm mới").await?;
    click(c, "[data-testid=import-confirm]:not([disabled])").await?;
    wait_text(c, "import-done", "Đã nhập 2 văn bản").await?;
    let row =
        "//*[@data-testid='doc-list']//*[@data-testid='doc-row' and contains(., '902-TB/TU')]";
    let find = c.wait().at_most(WAIT).for_element(Locator::XPath(row));
    bounded("find an imported document", WAIT, find).await?;
    screenshot(c, &shot("import-folder-done")).await?;

    // The same folder again changes nothing.
    pick(c, &right).await?;
    wait_text(c, "import-summary", "2 không đổi").await?;
    crate::import_flow::rows_with(c, "unchanged", 2).await?;
    click(c, "[data-testid=import-cancel]").await
}

/// The library's list with an issuer whose office the user is chosen (the first the
/// import is offered for), and the import panel open.
async fn open_import(c: &Client, size: Size) -> Step<()> {
    let prefix = if size.phone { "tab" } else { "nav" };
    click(c, &format!("[data-testid={prefix}-docs]")).await?;
    wait_for(c, "[data-testid=library]", WAIT).await?;
    click(c, "[data-testid=lib-view-docs]").await?;
    if size.phone && crate::library_flow::is_shown(c, "[data-testid=reader-back]").await? {
        click(c, "[data-testid=reader-back]").await?;
    }
    wait_for(c, "[data-testid=doc-list] [data-testid=doc-row]", WAIT).await?;
    let options = "[data-testid=filter-issuer] option";
    let n = bounded("list issuers", WAIT, c.find_all(Locator::Css(options)))
        .await?
        .len();
    for i in 2..=n {
        click(c, &format!("{options}:nth-child({i})")).await?;
        // The export and the import are drawn together once an issuer is chosen.
        wait_for(c, "[data-testid=export-van-ban]", WAIT).await?;
        let offered = bounded(
            "look for the folder import",
            WAIT,
            c.find_all(Locator::Css("[data-testid=import-docs-open]")),
        )
        .await?;
        if !offered.is_empty() {
            click(c, "[data-testid=import-docs-open]").await?;
            return wait_for(c, "[data-testid=import-docs-panel]", WAIT)
                .await
                .map(drop);
        }
    }
    Err("no issuer offers 'Nhập thư mục văn bản' to the province's office".into())
}

/// Choose `paths` together in the import's file input, as a user's pick of several
/// files would (WebDriver takes them one a line).
async fn pick(c: &Client, paths: &[PathBuf]) -> Step<()> {
    let input = wait_for(c, "[data-testid=import-docs-input]", WAIT).await?;
    let keys: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    bounded(
        "choose the list and its files",
        WAIT,
        input.send_keys(&keys.join("\n")),
    )
    .await?;
    wait_for(c, "[data-testid=import-preview]", WAIT)
        .await
        .map(drop)
}
