//! Lists taken out to Excel (`ExportList`, issue 20): an organisation's members,
//! documents, meetings with their attendance, or tasks with their state, read through
//! the same handlers the screens use, written with the writer of the oversight export
//! (`rust_xlsxwriter`) to the device's exports folder like the minutes. Dates are Excel
//! dates (dd/mm/yyyy), counts are numbers. The members' and documents' headers are the
//! ones their imports read, so an exported list can be corrected and imported back.

mod print;

use crate::calls::{Cx, Local};
use crate::import::existing::{gender_vi, status_vi};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::library::requests::ListDocuments;
use sotay_model::library::DocumentCard;
use sotay_model::lists::requests::ExportList;
use sotay_model::lists::ListKind;
use sotay_model::meetings::api::MeetingCard;
use sotay_model::meetings::{MeetingStatus, VnDateTime};
use sotay_model::tasks::api::{TaskCard, TaskList};
use sotay_model::tasks::requests::ListTasks;
use sotay_model::tasks::{Priority, TaskStatus};
use sotay_model::transfer::ExportedFile;
use sotay_model::Id;
use std::collections::{HashMap, HashSet};

/// The row of each sheet's headers (0-based): a title, the organisation and the day,
/// a blank row, then the headers (within the rows an import searches for them).
pub const HEADER_ROW: u32 = 3;

pub const MEMBER_HEADERS: [&str; 9] = [
    "STT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Số thẻ",
    "Chi bộ",
    "Tình trạng",
];

pub const DOCUMENT_HEADERS: [&str; 9] = [
    "STT",
    "Số hiệu",
    "Loại",
    "Tiêu đề",
    "Cơ quan ban hành",
    "Ngày ban hành",
    "Hiệu lực",
    "Trích yếu",
    "Chủ đề",
];

pub const MEETING_HEADERS: [&str; 11] = [
    "STT",
    "Chủ đề",
    "Loại",
    "Tổ chức",
    "Bắt đầu",
    "Kết thúc",
    "Địa điểm",
    "Tình trạng",
    "Triệu tập",
    "Có mặt",
    "Tỷ lệ dự họp",
];

pub const TASK_HEADERS: [&str; 11] = [
    "STT",
    "Nhiệm vụ",
    "Giao cho",
    "Đơn vị giao",
    "Ngày bắt đầu",
    "Hạn hoàn thành",
    "Mức độ",
    "Tình trạng",
    "Tiến độ (%)",
    "Quá hạn",
    "Ngày hoàn thành",
];

fn title_vi(list: ListKind) -> &'static str {
    match list {
        ListKind::Members => "Danh sách đảng viên",
        ListKind::Documents => "Danh mục văn bản",
        ListKind::Meetings => "Danh sách cuộc họp và tình hình dự họp",
        ListKind::Tasks => "Danh sách nhiệm vụ",
    }
}

impl Local for ExportList {
    fn local(self, cx: &mut Cx<'_>) -> Result<ExportedFile, ApiError> {
        let org = crate::administration::organisations::get(cx.db, self.org_id)?;
        let today = VnDateTime::from_ms(cx.env.now_ms());
        let subtitle = format!(
            "{} — ngày xuất {:02}/{:02}/{}",
            org.name, today.day, today.month, today.year
        );
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let heads = Heads::new();
        let written = match self.list {
            ListKind::Members => members(cx, self.org_id, sheet, &heads),
            ListKind::Documents => documents(cx, self.org_id, sheet, &heads),
            ListKind::Meetings => meetings(cx, self.org_id, sheet, &heads),
            ListKind::Tasks => tasks(cx, self.org_id, sheet, &heads),
        }?;
        let titled = written.and_then(|()| {
            sheet.write_string_with_format(0, 0, title_vi(self.list), &heads.title)?;
            sheet.write_string(1, 0, &subtitle)?;
            Ok(())
        });
        let bytes = titled.and_then(|()| book.save_to_buffer()).map_err(excel)?;
        let name = format!(
            "{}-{}-{:04}-{:02}-{:02}.xlsx",
            self.list.slug(),
            ascii_words(&org.name),
            today.year,
            today.month,
            today.day
        );
        let path = crate::meetings::exports::write(cx.db.path(), &name, &bytes)?;
        Ok(ExportedFile {
            path: path.to_string_lossy().into_owned(),
            name,
        })
    }
}

fn excel(e: XlsxError) -> ApiError {
    ApiError::new(
        ApiErrorKind::Storage,
        format!("Không tạo được tệp Excel: {e}"),
    )
}

/// The organisation's name folded to ASCII words joined by `-` (at most eight), as a
/// file name the host and `OpenExport` accept.
fn ascii_words(name: &str) -> String {
    sotay_model::vn::fold(name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// The formats every sheet uses.
struct Heads {
    title: Format,
    head: Format,
    date: Format,
    time: Format,
    pct: Format,
}

impl Heads {
    fn new() -> Heads {
        Heads {
            title: Format::new().set_bold().set_font_size(14),
            head: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(0xE8E8E8),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            time: Format::new().set_num_format("dd/mm/yyyy hh:mm"),
            pct: Format::new().set_num_format("0%"),
        }
    }

    /// The header row, column widths (`wide` for the long text columns), and the
    /// panes frozen below the headers.
    fn write(&self, sheet: &mut Worksheet, names: &[&str], wide: &[u16]) -> Result<(), XlsxError> {
        for (c, h) in names.iter().enumerate() {
            let c = c as u16;
            sheet.write_string_with_format(HEADER_ROW, c, *h, &self.head)?;
            let width = match c {
                0 => 6.0,
                _ if wide.contains(&c) => 36.0,
                _ => 15.0,
            };
            sheet.set_column_width(c, width)?;
        }
        sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
        Ok(())
    }

    /// An ISO day as an Excel date; text as it is when it is not one.
    fn date(&self, sheet: &mut Worksheet, row: u32, col: u16, iso: &str) -> Result<(), XlsxError> {
        match ExcelDateTime::parse_from_str(iso) {
            Ok(d) if !iso.is_empty() => sheet.write_datetime_with_format(row, col, &d, &self.date),
            _ => sheet.write_string(row, col, iso),
        }
        .map(|_| ())
    }

    /// A Unix time as Vietnam's date and time.
    fn time(&self, sheet: &mut Worksheet, row: u32, col: u16, ms: u64) -> Result<(), XlsxError> {
        let t = VnDateTime::from_ms(ms);
        let d = ExcelDateTime::from_ymd(t.year as u16, t.month as u8, t.day as u8)?.and_hms(
            t.hour as u16,
            t.minute as u8,
            0,
        )?;
        sheet.write_datetime_with_format(row, col, &d, &self.time)?;
        Ok(())
    }
}

/// Each sheet's writer: `Err` for what the device could not read, the inner result
/// for the writer's own failure.
type Written = Result<Result<(), XlsxError>, ApiError>;

fn members(cx: &mut Cx<'_>, org: Id, sheet: &mut Worksheet, h: &Heads) -> Written {
    let list = crate::administration::members::list(cx.db, org)?;
    let names = org_names(cx)?;
    Ok((|| {
        h.write(sheet, &MEMBER_HEADERS, &[1, 7])?;
        for (i, m) in list.iter().enumerate() {
            let r = HEADER_ROW + 1 + i as u32;
            sheet.write_number(r, 0, (i + 1) as f64)?;
            sheet.write_string(r, 1, &m.full_name)?;
            h.date(sheet, r, 2, &m.birth_date)?;
            sheet.write_string(r, 3, gender_vi(m.gender))?;
            h.date(sheet, r, 4, &m.joined_date)?;
            if let Some(d) = &m.official_date {
                h.date(sheet, r, 5, d)?;
            }
            sheet.write_string(r, 6, &m.card_no)?;
            sheet.write_string(r, 7, names.get(&m.cell_id).map_or("", String::as_str))?;
            sheet.write_string(r, 8, status_vi(m.status))?;
        }
        Ok(())
    })())
}

fn org_names(cx: &Cx<'_>) -> Result<HashMap<Id, String>, ApiError> {
    Ok(crate::administration::organisations::list(cx.db)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

fn documents(cx: &mut Cx<'_>, org: Id, sheet: &mut Worksheet, h: &Heads) -> Written {
    let mut all: Vec<DocumentCard> = Vec::new();
    loop {
        let page = ListDocuments {
            kind: None,
            org_id: Some(org),
            year: None,
            query: None,
            limit: Some(200),
            offset: Some(all.len() as u32),
        }
        .local(cx)?;
        let got = page.documents.len();
        all.extend(page.documents);
        if !page.more || got == 0 {
            break;
        }
    }
    Ok((|| {
        h.write(sheet, &DOCUMENT_HEADERS, &[3, 7])?;
        for (i, d) in all.iter().enumerate() {
            let r = HEADER_ROW + 1 + i as u32;
            sheet.write_number(r, 0, (i + 1) as f64)?;
            sheet.write_string(r, 1, &d.number)?;
            sheet.write_string(r, 2, d.kind.label_vi())?;
            sheet.write_string(r, 3, &d.title)?;
            sheet.write_string(r, 4, &d.issuer)?;
            h.date(sheet, r, 5, &d.issued_on)?;
            sheet.write_string(r, 6, d.status.label_vi())?;
            sheet.write_string(r, 7, &d.summary)?;
            sheet.write_string(r, 8, d.topics.join("; "))?;
        }
        Ok(())
    })())
}

/// `org` and every organisation below it that the device holds.
fn subtree(cx: &Cx<'_>, org: Id) -> Result<HashSet<Id>, ApiError> {
    let orgs = crate::administration::organisations::list(cx.db)?;
    let mut held = HashSet::from([org]);
    // Parents come in any order: go round until nothing joins.
    loop {
        let before = held.len();
        for o in &orgs {
            if o.parent_id.is_some_and(|p| held.contains(&p)) {
                held.insert(o.id);
            }
        }
        if held.len() == before {
            return Ok(held);
        }
    }
}

/// The meetings of `org` and of the organisations below it (a committee's view of its
/// cells), oldest first.
fn meetings(cx: &mut Cx<'_>, org: Id, sheet: &mut Worksheet, h: &Heads) -> Written {
    let orgs = subtree(cx, org)?;
    let mut list: Vec<MeetingCard> = crate::meetings::list(cx.db, None, None, None)?
        .into_iter()
        .filter(|c| orgs.contains(&c.meeting.org_id))
        .collect();
    list.sort_by_key(|c| c.meeting.starts_at);
    Ok((|| {
        h.write(sheet, &MEETING_HEADERS, &[1, 6])?;
        for (i, c) in list.iter().enumerate() {
            let (r, m) = (HEADER_ROW + 1 + i as u32, &c.meeting);
            sheet.write_number(r, 0, (i + 1) as f64)?;
            sheet.write_string(r, 1, &m.topic)?;
            sheet.write_string(r, 2, m.kind.label_vi())?;
            sheet.write_string(r, 3, &c.org_name)?;
            h.time(sheet, r, 4, m.starts_at)?;
            h.time(sheet, r, 5, m.ends_at)?;
            sheet.write_string(r, 6, &m.place)?;
            let status = match m.status {
                MeetingStatus::Planned => "Đã lên lịch",
                MeetingStatus::Cancelled => "Đã hủy",
            };
            sheet.write_string(r, 7, status)?;
            sheet.write_number(r, 8, c.convened)?;
            sheet.write_number(r, 9, c.present)?;
            if c.convened > 0 {
                let share = f64::from(c.present) / f64::from(c.convened);
                sheet.write_number_with_format(r, 10, share, &h.pct)?;
            }
        }
        Ok(())
    })())
}

fn tasks(cx: &mut Cx<'_>, org: Id, sheet: &mut Worksheet, h: &Heads) -> Written {
    let list: Vec<TaskCard> = ListTasks {
        view: TaskList::Org,
        org_id: Some(org),
        bucket: None,
    }
    .local(cx)?;
    Ok((|| {
        h.write(sheet, &TASK_HEADERS, &[1, 2])?;
        for (i, c) in list.iter().enumerate() {
            let (r, t, s) = (HEADER_ROW + 1 + i as u32, &c.task, &c.state);
            sheet.write_number(r, 0, (i + 1) as f64)?;
            sheet.write_string(r, 1, &t.title)?;
            sheet.write_string(r, 2, &c.assignee_name)?;
            sheet.write_string(r, 3, &c.assigner_org_name)?;
            h.date(sheet, r, 4, &t.start_date)?;
            h.date(sheet, r, 5, &t.due_date)?;
            sheet.write_string(r, 6, priority_vi(t.priority))?;
            sheet.write_string(r, 7, task_status_vi(s.status))?;
            sheet.write_number(r, 8, s.percent)?;
            sheet.write_string(r, 9, if s.overdue { "Quá hạn" } else { "" })?;
            if let Some(d) = &s.done_on {
                h.date(sheet, r, 10, d)?;
            }
        }
        Ok(())
    })())
}

fn priority_vi(p: Priority) -> &'static str {
    match p {
        Priority::Low => "Thấp",
        Priority::Normal => "Bình thường",
        Priority::High => "Cao",
        Priority::Urgent => "Khẩn",
    }
}

fn task_status_vi(s: TaskStatus) -> &'static str {
    match s {
        TaskStatus::Open => "Chưa báo cáo",
        TaskStatus::InProgress => "Đang thực hiện",
        TaskStatus::Submitted => "Chờ xác nhận hoàn thành",
        TaskStatus::Returned => "Bị trả lại",
        TaskStatus::Done => "Đã hoàn thành",
    }
}
