//! A draft's opinions for the committee collecting them (`ExportOpinions`), grouped by
//! section in the draft's order: as a Word summary (`crate::export`, the Party layout
//! of the minutes and reports) or as an Excel table, one row per opinion with its
//! section, so staff can sort and merge them. Written to the exports folder like the
//! other exports.

use super::drafts;
use crate::calls::{Cx, Local};
use crate::meetings::org_name;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::exchange::api::DraftView;
use sotay_model::exchange::requests::{ExportOpinions, OpinionFormat};
use sotay_model::meetings::VnDateTime;
use sotay_model::transfer::ExportedFile;

/// The headers of the table, in column order.
pub const HEADERS: [&str; 6] = [
    "Phần",
    "Tiêu đề phần",
    "STT",
    "Người góp ý",
    "Ý kiến",
    "Thời gian",
];

/// The row of the headers (0-based): the title, the draft, a blank row, then them.
pub const HEADER_ROW: u32 = 3;

impl Local for ExportOpinions {
    fn local(self, cx: &mut Cx<'_>) -> Result<ExportedFile, ApiError> {
        let now = cx.env.now_ms();
        let v = drafts::view(cx.db, self.draft_id, now)?;
        if !v.card.may_collect {
            return Err(super::forbidden(
                "Chỉ cấp ủy, văn phòng của tổ chức lấy ý kiến hoặc cấp trên mới xuất được các ý kiến góp ý",
            ));
        }
        let storage = |e: String| ApiError::new(ApiErrorKind::Storage, e);
        let (bytes, extension) = match self.format {
            OpinionFormat::Docx => {
                let parent = crate::administration::organisations::get(cx.db, v.card.draft.org_id)
                    .ok()
                    .and_then(|o| o.parent_id)
                    .map(|p| org_name(cx.db, p))
                    .unwrap_or_default();
                let bytes = crate::export::opinions_docx(&v, &parent, now)
                    .map_err(|e| storage(e.to_string()))?;
                (bytes, "docx")
            }
            OpinionFormat::Xlsx => {
                let bytes =
                    workbook(&v).map_err(|e| storage(format!("Không tạo được tệp Excel: {e}")))?;
                (bytes, "xlsx")
            }
        };
        let name = format!("{}.{extension}", stem(&v, now));
        let path = crate::meetings::exports::write(cx.db.path(), &name, &bytes)?;
        Ok(ExportedFile {
            path: path.to_string_lossy().into_owned(),
            name,
        })
    }
}

/// `gop-y-<draft title>-<day>`, ASCII only (what `OpenExport` and the host's
/// `/exports/{name}` accept).
fn stem(v: &DraftView, now: u64) -> String {
    let mut name = String::from("gop-y");
    let title = sotay_model::vn::fold(&v.card.draft.title);
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
    {
        name.push('-');
        name.push_str(&word.to_ascii_lowercase());
    }
    format!("{name}-{}", sotay_model::tasks::vn_day(now))
}

fn when(ms: u64) -> String {
    let t = VnDateTime::from_ms(ms);
    format!(
        "{:02}/{:02}/{} {:02}:{:02}",
        t.day, t.month, t.year, t.hour, t.minute
    )
}

fn workbook(v: &DraftView) -> Result<Vec<u8>, XlsxError> {
    let title = Format::new().set_bold().set_font_size(14);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(0xE8E8E8);
    let wrap = Format::new().set_text_wrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Ý kiến góp ý")?;
    sheet.write_string_with_format(0, 0, "Tổng hợp ý kiến góp ý", &title)?;
    sheet.write_string(
        1,
        0,
        format!(
            "Dự thảo: {} — {} (hạn {})",
            v.card.draft.title,
            v.card.org_name,
            sotay_model::vn::show_date(&v.card.draft.deadline)
        ),
    )?;
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, c as u16, *h, &head)?;
    }
    let mut row = HEADER_ROW;
    for s in &v.sections {
        // A section nobody commented on still has its row, so the table lists the
        // whole draft.
        if s.opinions.is_empty() {
            row += 1;
            sheet.write_string(row, 0, &s.key)?;
            sheet.write_string(row, 1, &s.title)?;
        }
        for (n, o) in s.opinions.iter().enumerate() {
            row += 1;
            sheet.write_string(row, 0, &s.key)?;
            sheet.write_string(row, 1, &s.title)?;
            sheet.write_number(row, 2, (n + 1) as f64)?;
            sheet.write_string(row, 3, &o.author_name)?;
            sheet.write_string_with_format(row, 4, &o.opinion.body, &wrap)?;
            sheet.write_string(row, 5, when(o.opinion.written_ms))?;
        }
    }
    sheet.set_column_width(0, 8)?;
    sheet.set_column_width(1, 30)?;
    sheet.set_column_width(2, 6)?;
    sheet.set_column_width(3, 24)?;
    sheet.set_column_width(4, 70)?;
    sheet.set_column_width(5, 17)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    book.save_to_buffer()
}
