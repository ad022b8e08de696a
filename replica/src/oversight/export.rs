//! The dashboard as an Excel workbook (`ExportOversight`): exactly what
//! `oversight_report` answers, one sheet per table (Tổng hợp: the organisations'
//! figures; Theo tháng: the months; Xếp loại: the ratings), a title row naming the
//! organisation and the period, numbers written as numbers (đồng as whole numbers) so a
//! committee's staff can sum and chart them in Excel. Written to the device's exports
//! folder like the minutes and the agenda.

use crate::calls::{Cx, Local};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::entities::OrgKind;
use sotay_model::evaluation::Rating;
use sotay_model::oversight::api::OrgFigures;
use sotay_model::oversight::requests::{ExportOversight, ExportOversightReport, OversightReport};
use sotay_model::oversight::{Light, Oversight, Period};
use sotay_model::transfer::{ExportFormat, ExportedFile};

impl Local for ExportOversight {
    fn local(self, cx: &mut Cx<'_>) -> Result<ExportedFile, ApiError> {
        let report = OversightReport {
            org_id: self.org_id,
            period: self.period,
        }
        .local(cx)?;
        let bytes = workbook(&report).map_err(|e| {
            ApiError::new(
                ApiErrorKind::Storage,
                format!("Không tạo được tệp Excel: {e}"),
            )
        })?;
        let name = file_name(&report);
        let path = crate::meetings::exports::write(cx.db.path(), &name, &bytes)?;
        Ok(ExportedFile {
            path: path.to_string_lossy().into_owned(),
            name,
        })
    }
}

/// The committee's report (báo cáo) as .docx or PDF, laid out as the minutes are
/// (`crate::export`), dated now on the device, under the organisation's superior.
impl Local for ExportOversightReport {
    fn local(self, cx: &mut Cx<'_>) -> Result<ExportedFile, ApiError> {
        let report = OversightReport {
            org_id: self.org_id,
            period: self.period,
        }
        .local(cx)?;
        let parent = crate::administration::organisations::get(cx.db, report.org_id)
            .ok()
            .and_then(|o| o.parent_id)
            .map(|p| crate::meetings::org_name(cx.db, p))
            .unwrap_or_default();
        let now = cx.env.now_ms();
        // No place name (địa danh) is held for an organisation yet: the date line
        // starts with "Ngày", as the minutes' does.
        let bytes = match self.format {
            ExportFormat::Docx => crate::export::oversight_docx(&report, &parent, "", now),
            ExportFormat::Pdf => crate::export::oversight_pdf(&report, &parent, "", now),
        }
        .map_err(|e| ApiError::new(ApiErrorKind::Storage, e.to_string()))?;
        let name = format!("{}.{}", stem(&report), self.format.extension());
        let path = crate::meetings::exports::write(cx.db.path(), &name, &bytes)?;
        Ok(ExportedFile {
            path: path.to_string_lossy().into_owned(),
            name,
        })
    }
}

/// `theo-doi-<organisation>-<period>.xlsx`, ASCII only (what `OpenExport` and the
/// host's `/exports/{name}` accept).
pub fn file_name(r: &Oversight) -> String {
    format!("{}.xlsx", stem(r))
}

/// The file name without its extension, shared by the workbook and the report.
fn stem(r: &Oversight) -> String {
    let mut name = String::from("theo-doi");
    let org = sotay_model::vn::fold(&r.org_name);
    for word in org
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
    {
        name.push('-');
        name.push_str(&word.to_ascii_lowercase());
    }
    let period = match r.period {
        Period::Month { year, month } => format!("{year}-{month:02}"),
        Period::Quarter { year, quarter } => format!("{year}-q{quarter}"),
        Period::Year { year } => format!("{year}"),
    };
    format!("{name}-{period}")
}

pub fn kind_vi(k: OrgKind) -> &'static str {
    match k {
        OrgKind::Province => "Đảng bộ tỉnh",
        OrgKind::District => "Đảng bộ huyện",
        OrgKind::Grassroots => "Đảng bộ cơ sở",
        OrgKind::Section => "Đảng bộ bộ phận",
        OrgKind::Cell => "Chi bộ",
    }
}

pub fn light_vi(l: Light) -> &'static str {
    match l {
        Light::Green => "Xanh",
        Light::Amber => "Vàng",
        Light::Red => "Đỏ",
    }
}

/// The headers of the Tổng hợp sheet, in column order.
pub const SUMMARY_HEADERS: [&str; 25] = [
    "Tổ chức",
    "Cấp",
    "Đèn",
    "Lý do",
    "Đảng viên chính thức",
    "Đảng viên dự bị",
    "Kết nạp trong kỳ",
    "Ra khỏi Đảng",
    "Cuộc họp đã họp",
    "Lượt triệu tập",
    "Lượt có mặt",
    "Tỷ lệ dự họp",
    "Nhiệm vụ đang làm",
    "Hoàn thành đúng hạn",
    "Hoàn thành trễ hạn",
    "Quá hạn",
    "Lượt học tập được giao",
    "Lượt đã học",
    "Đảng phí phải thu (đồng)",
    "Đảng phí đã thu (đồng)",
    "Tỷ lệ thu đảng phí",
    "Tổ chức cấp dưới",
    "Lượt nhận thông báo",
    "Lượt đã đọc thông báo",
    "Tỷ lệ đọc thông báo",
];

pub const MONTH_HEADERS: [&str; 8] = [
    "Tháng",
    "Cuộc họp đã họp",
    "Lượt triệu tập",
    "Lượt có mặt",
    "Tỷ lệ dự họp",
    "Đảng phí phải thu (đồng)",
    "Đảng phí đã thu (đồng)",
    "Tỷ lệ thu đảng phí",
];

/// The sheet names, in order.
pub const SHEETS: [&str; 3] = ["Tổng hợp", "Theo tháng", "Xếp loại"];
/// The fourth sheet, written only for a viewer who may read the cases.
pub const CASES_SHEET: &str = "Kiểm tra";
pub const CASE_HEADERS: [&str; 7] = [
    "Tổ chức",
    "Cuộc kiểm tra, giám sát",
    "Vi phạm",
    "Kỷ luật",
    "Kiến nghị",
    "Đã thực hiện",
    "Tỷ lệ thực hiện",
];

/// The first row of each table's headers (0-based): the title, the organisation and
/// period, a blank row, then the headers.
pub const HEADER_ROW: u32 = 3;

fn workbook(r: &Oversight) -> Result<Vec<u8>, XlsxError> {
    let title = Format::new().set_bold().set_font_size(14);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(0xE8E8E8);
    let money = Format::new().set_num_format("#,##0");
    let pct = Format::new().set_num_format("0%");
    let subtitle = format!("{} — {}", r.org_name, r.period.label_vi());
    let mut book = Workbook::new();

    let sheet = book.add_worksheet();
    sheet.set_name(SHEETS[0])?;
    titles(sheet, "Theo dõi tổ chức cấp dưới", &subtitle, &title)?;
    headers(sheet, &SUMMARY_HEADERS, &head)?;
    for (i, o) in r.orgs.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        summary_row(sheet, row, o, &money, &pct)?;
    }
    sheet.set_column_width(0, 32)?;
    sheet.set_column_width(3, 36)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 1)?;

    let sheet = book.add_worksheet();
    sheet.set_name(SHEETS[1])?;
    titles(sheet, "Theo tháng", &subtitle, &title)?;
    headers(sheet, &MONTH_HEADERS, &head)?;
    for (i, m) in r.months.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        sheet.write_string(row, 0, &m.month)?;
        sheet.write_number(row, 1, m.meetings.held)?;
        sheet.write_number(row, 2, m.meetings.convened)?;
        sheet.write_number(row, 3, m.meetings.present)?;
        rate(
            sheet,
            row,
            4,
            m.meetings.present.into(),
            m.meetings.convened.into(),
            &pct,
        )?;
        sheet.write_number_with_format(row, 5, m.dues.expected as f64, &money)?;
        sheet.write_number_with_format(row, 6, m.dues.collected as f64, &money)?;
        rate(sheet, row, 7, m.dues.collected, m.dues.expected, &pct)?;
    }
    sheet.set_column_width(0, 12)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 1)?;

    let sheet = book.add_worksheet();
    sheet.set_name(SHEETS[2])?;
    titles(
        sheet,
        &format!("Xếp loại đảng viên năm {}", r.period.year()),
        &subtitle,
        &title,
    )?;
    let mut rating_heads = vec!["Tổ chức"];
    rating_heads.extend(Rating::ALL.iter().map(|x| x.label_vi()));
    rating_heads.extend(["Chưa xếp loại", "Tổng số"]);
    headers(sheet, &rating_heads, &head)?;
    for (i, o) in r.orgs.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        sheet.write_string(row, 0, &o.org_name)?;
        for (c, n) in o.figures.ratings.iter().enumerate() {
            sheet.write_number(row, 1 + c as u16, *n)?;
        }
        sheet.write_number(row, 6, o.figures.ratings.iter().sum::<u32>())?;
    }
    sheet.set_column_width(0, 32)?;

    // Only for those who may read the cases (issue 17), like the screen.
    if r.cases_visible {
        let sheet = book.add_worksheet();
        sheet.set_name(CASES_SHEET)?;
        titles(sheet, "Kiểm tra, giám sát và kỷ luật", &subtitle, &title)?;
        headers(sheet, &CASE_HEADERS, &head)?;
        for (i, o) in r.orgs.iter().enumerate() {
            let row = HEADER_ROW + 1 + i as u32;
            let c = &o.figures.cases;
            sheet.write_string(row, 0, &o.org_name)?;
            let nums = [
                c.programmes,
                c.violations,
                c.disciplines,
                c.recommendations,
                c.done,
            ];
            for (k, n) in nums.iter().enumerate() {
                sheet.write_number(row, 1 + k as u16, *n)?;
            }
            rate(sheet, row, 6, c.done.into(), c.recommendations.into(), &pct)?;
        }
        sheet.set_column_width(0, 32)?;
    }
    book.save_to_buffer()
}

fn titles(sheet: &mut Worksheet, title: &str, subtitle: &str, f: &Format) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, title, f)?;
    sheet.write_string(1, 0, subtitle)?;
    Ok(())
}

fn headers(sheet: &mut Worksheet, names: &[&str], f: &Format) -> Result<(), XlsxError> {
    for (c, h) in names.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, c as u16, *h, f)?;
        if c > 0 {
            sheet.set_column_width(c as u16, 14)?;
        }
    }
    sheet.set_row_height(HEADER_ROW, 45)?;
    Ok(())
}

/// A share as a percentage cell; left empty when there is nothing to count (the light
/// rule's "says nothing").
fn rate(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    part: i64,
    whole: i64,
    f: &Format,
) -> Result<(), XlsxError> {
    if whole > 0 {
        sheet.write_number_with_format(row, col, part as f64 / whole as f64, f)?;
    }
    Ok(())
}

fn summary_row(
    sheet: &mut Worksheet,
    row: u32,
    o: &OrgFigures,
    money: &Format,
    pct: &Format,
) -> Result<(), XlsxError> {
    let f = &o.figures;
    sheet.write_string(row, 0, &o.org_name)?;
    sheet.write_string(row, 1, kind_vi(o.kind))?;
    sheet.write_string(row, 2, light_vi(o.light))?;
    sheet.write_string(row, 3, o.reasons.join("; "))?;
    let counts = [
        f.members.full,
        f.members.probationary,
        f.members.joined,
        f.members.left,
        f.meetings.held,
        f.meetings.convened,
        f.meetings.present,
    ];
    for (k, n) in counts.iter().enumerate() {
        sheet.write_number(row, 4 + k as u16, *n)?;
    }
    rate(
        sheet,
        row,
        11,
        f.meetings.present.into(),
        f.meetings.convened.into(),
        pct,
    )?;
    let tasks = [f.tasks.open, f.tasks.on_time, f.tasks.late, f.tasks.overdue];
    for (k, n) in tasks.iter().enumerate() {
        sheet.write_number(row, 12 + k as u16, *n)?;
    }
    sheet.write_number(row, 16, f.study.assigned)?;
    sheet.write_number(row, 17, f.study.finished)?;
    sheet.write_number_with_format(row, 18, f.dues.expected as f64, money)?;
    sheet.write_number_with_format(row, 19, f.dues.collected as f64, money)?;
    rate(sheet, row, 20, f.dues.collected, f.dues.expected, pct)?;
    sheet.write_string(row, 21, if o.has_below { "Có" } else { "Không" })?;
    // After the columns the sheet had before announcements were counted, so a
    // workbook's columns keep their places.
    let a = &f.announcements;
    sheet.write_number(row, 22, a.recipients)?;
    sheet.write_number(row, 23, a.readers)?;
    rate(sheet, row, 24, a.readers.into(), a.recipients.into(), pct)?;
    Ok(())
}
