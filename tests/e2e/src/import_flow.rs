//! Files in and out of the member administration (issue 20), run at each size after
//! the library tour and the documents folder's import (`import_folder`), in Chromium and in the Tauri app alike: the province's members
//! section, "Nhập danh sách từ Excel", a real .xlsx (written here) chosen through the
//! file input as a user's pick would be, and its preview with one refused row (its
//! reason shown, "Xác nhận nhập" disabled), then "Hủy". At the first size the sheet is
//! corrected and chosen again: two new members, confirmed and listed; the same sheet a
//! third time previews as "Không đổi" for every row. "Xuất Excel" of the members is
//! read back here: in the browser the download, in the app the file it wrote in its
//! home's exports folder (and says where, before handing it to the system's viewer).

use crate::drivers::{downloads, Session};
use crate::flow::{
    bounded, click, replace_text, screenshot, scroll_to, wait_for, wait_text, Size, Step, WAIT,
};
use crate::oversight_flow::wait_for_download;
use calamine::{open_workbook, Data, Reader, Xlsx};
use fantoccini::{Client, Locator};
use std::path::{Path, PathBuf};

/// A cell of the demo province (its name is unique there).
const CELL: &str = "Chi bộ Đội Tổng hợp";
const FIRST: &str = "Nguyễn Thị Nhập Một";
const SECOND: &str = "Trần Văn Nhập Hai";

/// The office's list: a title above the header, as offices keep them; `joined` is the
/// second member's "Ngày vào Đảng"; written in `dir`, the session's own.
fn sheet(dir: &Path, name: &str, joined: &str) -> Step<PathBuf> {
    use rust_xlsxwriter::Workbook;
    let rows: [[&str; 8]; 3] = [
        [
            "STT",
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Ngày vào Đảng",
            "Ngày chính thức",
            "Số thẻ",
            "Chi bộ",
        ],
        [
            "1",
            FIRST,
            "12/03/1985",
            "Nữ",
            "19/05/2010",
            "19/05/2011",
            "NK-200101",
            CELL,
        ],
        [
            "2",
            SECOND,
            "01/01/1990",
            "Nam",
            joined,
            "",
            "NK-200102",
            CELL,
        ],
    ];
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    let err = |e: rust_xlsxwriter::XlsxError| format!("writing the sheet: {e}");
    ws.write_string(0, 0, "DANH SÁCH ĐẢNG VIÊN BỔ SUNG")
        .map_err(err)?;
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(2 + r as u32, c as u16, *cell)
                .map_err(err)?;
        }
    }
    let path = dir.join(name);
    book.save(&path).map_err(err)?;
    Ok(path)
}

pub async fn import_tour(s: &Session, size: Size, first: bool) -> Step<()> {
    let c = &s.client;
    let shot = |screen: &str| format!("{}-{}-{screen}", s.driver, size.name);
    crate::import_folder::folder_tour(s, size, first).await?;
    open_members(c, size).await?;

    // A sheet with a refused row: every row's outcome, the refused one's reason, and
    // nothing to confirm.
    let picked = crate::fixture::picked(s.driver);
    let wrong = sheet(&picked, "Danh sách bổ sung (sai).xlsx", "01/01/1985")?;
    pick(c, &wrong).await?;
    wait_for(c, "[data-testid=import-row]", WAIT).await?;
    rows_with(c, "rejected", 1).await?;
    wait_text(c, "import-reason", "ngày vào Đảng phải sau ngày sinh").await?;
    wait_for(c, "[data-testid=import-confirm][disabled]", WAIT).await?;
    wait_text(c, "import-summary", "1 bị từ chối").await?;
    scroll_to(c, "[data-testid=import-panel]").await?;
    screenshot(c, &shot("import-preview")).await?;
    click(c, "[data-testid=import-cancel]").await?;
    wait_for(c, "[data-testid=import-open]", WAIT).await?;
    if !first {
        return Ok(());
    }

    // Corrected: two new members, written only on "Xác nhận nhập".
    let right = sheet(&picked, "Danh sách bổ sung.xlsx", "01/01/2015")?;
    click(c, "[data-testid=import-open]").await?;
    pick(c, &right).await?;
    wait_text(c, "import-summary", "2 thêm mới").await?;
    click(c, "[data-testid=import-confirm]:not([disabled])").await?;
    wait_text(c, "import-done", "Đã nhập danh sách: 2 thêm mới").await?;
    replace_text(c, "member-search", "nhap hai").await?;
    let row = format!("//*[@data-testid='member-row' and contains(., '{SECOND}')]");
    let find = c.wait().at_most(WAIT).for_element(Locator::XPath(&row));
    bounded("find an imported member", WAIT, find).await?;
    scroll_to(c, "[data-testid=member-list]").await?;
    screenshot(c, &shot("import-done")).await?;

    // The same sheet again changes nothing.
    pick(c, &right).await?;
    wait_text(c, "import-summary", "2 không đổi").await?;
    rows_with(c, "unchanged", 2).await?;
    click(c, "[data-testid=import-cancel]").await?;

    export_members(s).await
}

/// The preview shows `want` rows of `status` (`rejected`, `unchanged`, …).
pub(crate) async fn rows_with(c: &Client, status: &str, want: usize) -> Step<()> {
    let css = format!("[data-testid=import-row][data-status={status}]");
    let what = format!("count {status} rows");
    let rows = bounded(&what, WAIT, c.find_all(Locator::Css(&css))).await?;
    if rows.len() != want {
        return Err(format!("{} {status} rows, {want} expected", rows.len()));
    }
    Ok(())
}

/// The province (the tree's first organisation), its members section, the import panel.
async fn open_members(c: &Client, size: Size) -> Step<()> {
    if size.phone {
        click(c, "[data-testid=tab-home]").await?;
        click(c, "[data-testid=shortcut-orgs]").await?;
    } else {
        click(c, "[data-testid=nav-orgs]").await?;
    }
    crate::admin_flow::open_org(c, size, 0).await?;
    click(c, "[data-testid=section-members]").await?;
    click(c, "[data-testid=import-open]").await?;
    wait_for(c, "[data-testid=import-panel]", WAIT)
        .await
        .map(drop)
}

/// Choose `path` in the import's file input, as a user's pick would.
async fn pick(c: &Client, path: &std::path::Path) -> Step<()> {
    let input = wait_for(c, "[data-testid=import-input]", WAIT).await?;
    bounded(
        "choose the sheet",
        WAIT,
        input.send_keys(&path.display().to_string()),
    )
    .await?;
    wait_for(c, "[data-testid=import-preview]", WAIT)
        .await
        .map(drop)
}

/// The newest file ending `.{extension}` the app wrote in its home's `exports/`
/// (beside its database).
pub(crate) fn newest_export(home: &Path, extension: &str) -> Step<PathBuf> {
    let mut found = Vec::new();
    let dirs = std::fs::read_dir(home)
        .map_err(|e| format!("{}: {e}", home.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .chain([home.to_path_buf()]);
    for dir in dirs {
        let Ok(files) = std::fs::read_dir(dir.join("exports")) else {
            continue;
        };
        for f in files.flatten() {
            let modified = f.metadata().and_then(|m| m.modified()).ok();
            if f.path().extension().is_some_and(|e| e == extension) {
                found.push((modified, f.path()));
            }
        }
    }
    found.sort();
    found.pop().map(|(_, p)| p).ok_or_else(|| {
        format!(
            "no .{extension} in an exports folder under {}",
            home.display()
        )
    })
}

/// "Xuất Excel": the list (downloaded by the browser; in the app written to its
/// exports folder, the message saying where, then handed to the system's viewer)
/// holds the headers and the imported members.
async fn export_members(s: &Session) -> Step<()> {
    let c = &s.client;
    click(c, "[data-testid=export-dang-vien]").await?;
    wait_text(c, "export-dang-vien-done", ".xlsx").await?;
    let file = if s.driver == "browser" {
        wait_for_download(&downloads(&s.logs), "xlsx").await?
    } else {
        let file = newest_export(&s.home, "xlsx")?;
        let said = crate::flow::text_of(c, "[data-testid=export-dang-vien-done]").await?;
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
        if !said.contains("lưu tệp tại") || !name.is_some_and(|n| said.contains(&n)) {
            return Err(format!(
                "the app did not say where it saved {}: {said}",
                file.display()
            ));
        }
        file
    };
    let mut book: Xlsx<_> =
        open_workbook(&file).map_err(|e| format!("reading {}: {e}", file.display()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or("the export has no sheet")?
        .map_err(|e| format!("reading the export's sheet: {e}"))?;
    let text = |d: &Data| d.to_string();
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(text).collect()).collect();
    let header = rows
        .iter()
        .find(|r| r.first().is_some_and(|h| h == "STT"))
        .ok_or("no header row in the export")?;
    let want = ["Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Đảng"];
    if !want.iter().all(|h| header.contains(&h.to_string())) {
        return Err(format!("the export's headers: {header:?}"));
    }
    for (name, card) in [(FIRST, "NK-200101"), (SECOND, "NK-200102")] {
        let found = rows.iter().any(|r| {
            r.contains(&name.to_string())
                && r.contains(&card.to_string())
                && r.contains(&CELL.to_string())
        });
        if !found {
            return Err(format!("{name} ({card}) is not in the exported list"));
        }
    }
    Ok(())
}
