//! Export of meeting minutes (biên bản) as .docx and PDF in the layout of the Party's
//! guidance on document format (Hướng dẫn thể thức văn bản của Đảng).
//!
//! Owns: turning a [`MinutesExport`] (the model's plain struct, which the Api's
//! `GetMinutesExport` answers) into one laid-out document (`layout`), and writing
//! that document as WordprocessingML in a zip (`docx`) or as PDF with embedded DejaVu
//! Serif fonts and a ToUnicode map so text can be searched and copied (`pdf`).
//! Must not: read the database or decide who may export (callers pass plain data that
//! the Api already allowed), or touch the network.
//!
//! ```
//! use sotay_model::meetings::{MeetingKind, MinutesExport, MinutesItem};
//! use sotay_replica::export::{minutes_docx, minutes_pdf_at};
//! let m = MinutesExport {
//!     org_name: "Chi bộ Thôn Đông".into(),
//!     parent_org_name: "Đảng bộ xã Vũ Hội".into(),
//!     kind: MeetingKind::Regular,
//!     topic: String::new(),
//!     place: "Nhà văn hoá thôn Đông".into(),
//!     starts_at: 1_794_726_000_000, // 2026-11-15 14:00 in Vietnam
//!     ends_at: 1_794_733_200_000,
//!     chair_name: "Nguyễn Văn An".into(),
//!     minute_taker_name: "Trần Thị Bình".into(),
//!     guests: vec![],
//!     convened: 40,
//!     present: 35,
//!     late: 0,
//!     absent_excused: 5,
//!     absent_unexcused: 0,
//!     quorum: true,
//!     items: vec![MinutesItem { title: "Kiểm điểm nghị quyết tháng 10".into(), ..Default::default() }],
//!     votes: vec![],
//!     general_conclusions: vec![],
//!     approved: true,
//!     version: 1,
//!     version_reason: String::new(),
//! };
//! let docx: Vec<u8> = minutes_docx(&m)?;
//! let pdf: Vec<u8> = minutes_pdf_at(&m, "Thái Bình")?; // "Thái Bình, ngày 15 tháng 11 năm 2026"
//! assert!(docx.starts_with(b"PK") && pdf.starts_with(b"%PDF"));
//! # Ok::<(), sotay_replica::export::ExportError>(())
//! ```

mod docx;
mod layout;
mod opinions;
mod pdf;
mod report;
mod text;

pub use sotay_model::meetings::{MinutesExport, MinutesItem};

/// Why an export could not be made; messages are shown to users as they are.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExportError {
    #[error("Biên bản chưa có tên tổ chức đảng")]
    MissingOrgName,
    #[error("Số đảng viên có mặt ({present}) lớn hơn số được triệu tập ({convened})")]
    Attendance { present: u32, convened: u32 },
    #[error("Không tạo được tệp .docx: {0}")]
    Docx(String),
    #[error("Không tạo được tệp PDF: {0}")]
    Pdf(String),
}

/// The minutes as a Word document (.docx, Office Open XML); the date line has no place
/// name ("Ngày 15 tháng 11 năm 2026"), see [`minutes_docx_at`].
pub fn minutes_docx(m: &MinutesExport) -> Result<Vec<u8>, ExportError> {
    docx::write(&layout::minutes(m, None)?)
}

/// As [`minutes_docx`], the date line starting with `locality`, the place name (địa
/// danh) of the organisation: "Thái Bình, ngày 15 tháng 11 năm 2026".
pub fn minutes_docx_at(m: &MinutesExport, locality: &str) -> Result<Vec<u8>, ExportError> {
    docx::write(&layout::minutes(m, Some(locality))?)
}

/// The minutes as a PDF (A4, fonts embedded, text extractable); date line as
/// [`minutes_docx`].
pub fn minutes_pdf(m: &MinutesExport) -> Result<Vec<u8>, ExportError> {
    pdf::write(&layout::minutes(m, None)?)
}

/// As [`minutes_pdf`], the date line starting with `locality`.
pub fn minutes_pdf_at(m: &MinutesExport, locality: &str) -> Result<Vec<u8>, ExportError> {
    pdf::write(&layout::minutes(m, Some(locality))?)
}

/// The committee's report on an organisation over a period (báo cáo tình hình hoạt
/// động) as a Word document: the dashboard's figures in the Party's layout, under
/// `parent_name` (the superior organisation, may be empty), dated `at_ms` with
/// `locality` (may be empty) starting the date line.
pub fn oversight_docx(
    o: &sotay_model::oversight::Oversight,
    parent_name: &str,
    locality: &str,
    at_ms: u64,
) -> Result<Vec<u8>, ExportError> {
    docx::write(&report::oversight(o, parent_name, locality, at_ms)?)
}

/// As [`oversight_docx`], as a PDF.
pub fn oversight_pdf(
    o: &sotay_model::oversight::Oversight,
    parent_name: &str,
    locality: &str,
    at_ms: u64,
) -> Result<Vec<u8>, ExportError> {
    pdf::write(&report::oversight(o, parent_name, locality, at_ms)?)
}

/// The opinions given on a draft, grouped by its sections in their order (tổng hợp ý
/// kiến góp ý), as a Word document under `parent_name` (the superior organisation, may
/// be empty), dated `at_ms`. Each section's heading reads as [`opinion_section_heading`].
pub fn opinions_docx(
    v: &sotay_model::exchange::api::DraftView,
    parent_name: &str,
    at_ms: u64,
) -> Result<Vec<u8>, ExportError> {
    docx::write(&opinions::opinions(v, parent_name, at_ms)?)
}

pub use opinions::section_heading as opinion_section_heading;

/// A text from the screen as a PDF to print (`PrintText`): the title centred in
/// bold, then the blocks in their order, headings bold and kept with what follows.
/// Text is cleaned as every export's is; a paragraph's lines are paragraphs.
pub fn text_pdf(
    title: &str,
    blocks: &[sotay_model::lists::requests::PrintBlock],
) -> Result<Vec<u8>, ExportError> {
    use sotay_model::lists::requests::PrintBlock;
    let title = text::clean(title);
    let mut laid = vec![layout::centered(
        vec![layout::span(&title, layout::BOLD)],
        15.0,
        0.0,
    )];
    for b in blocks {
        match b {
            PrintBlock::Heading(t) => {
                let t = text::clean(&t.replace('\n', " "));
                if !t.is_empty() {
                    laid.push(layout::heading(&t));
                }
            }
            PrintBlock::Paragraph(t) => laid.extend(
                text::lines(t).map(|l| layout::body(vec![layout::span(&l, layout::PLAIN)])),
            ),
        }
    }
    pdf::write(&layout::Document {
        title,
        blocks: laid,
    })
}

/// A file name for the export, ASCII so it survives mail and chat apps unchanged:
/// `bien-ban-chi-bo-thon-dong-2026-11-15.pdf`, with `-v2` from the second version on.
/// `extension` is without its dot (`"docx"`, `"pdf"`).
pub fn minutes_file_name(m: &MinutesExport, extension: &str) -> String {
    let day = sotay_model::meetings::VnDateTime::from_ms(m.starts_at);
    let org = sotay_model::vn::fold(&text::clean(&m.org_name));
    let mut name = String::from("bien-ban");
    for word in org
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        name.push('-');
        name.push_str(word);
    }
    name.push_str(&format!("-{:04}-{:02}-{:02}", day.year, day.month, day.day));
    if m.version > 1 {
        name.push_str(&format!("-v{}", m.version));
    }
    format!("{name}.{extension}")
}
