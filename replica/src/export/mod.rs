//! Export of meeting minutes (biên bản) as .docx and PDF in the layout of the Party's
//! guidance on document format (Hướng dẫn thể thức văn bản của Đảng).
//!
//! Owns: turning a [`MinutesExport`] into one laid-out document (`layout`), and writing
//! that document as WordprocessingML in a zip (`docx`) or as PDF with embedded DejaVu
//! Serif fonts and a ToUnicode map so text can be searched and copied (`pdf`).
//! Must not: read the database or decide who may export (callers pass plain data that
//! the Api already allowed), or touch the network.
//!
//! ```
//! use sotay_replica::export::{minutes_docx, minutes_pdf, MinutesExport, MinutesItem};
//! let m = MinutesExport {
//!     org_name: "Chi bộ Thôn Đông".into(),
//!     parent_org_name: Some("Đảng bộ xã Vũ Hội".into()),
//!     locality: Some("Thái Bình".into()),
//!     topic: "Họp chi bộ thường kỳ tháng 11 năm 2026".into(),
//!     place: "Nhà văn hoá thôn Đông".into(),
//!     starts_at: "2026-11-15T14:00:00".into(),
//!     chair_name: "Nguyễn Văn An".into(),
//!     minute_taker_name: "Trần Thị Bình".into(),
//!     convened: 40,
//!     present: 35,
//!     items: vec![MinutesItem { title: "Kiểm điểm nghị quyết tháng 10".into(), ..Default::default() }],
//!     votes: "Tán thành 35/35 đồng chí có mặt.".into(),
//!     approved: true,
//!     version: 1,
//! };
//! let docx: Vec<u8> = minutes_docx(&m)?;
//! let pdf: Vec<u8> = minutes_pdf(&m)?;
//! assert!(docx.starts_with(b"PK") && pdf.starts_with(b"%PDF"));
//! # Ok::<(), sotay_replica::export::ExportError>(())
//! ```

mod docx;
mod layout;
mod pdf;
mod when;

/// What the minutes export needs, as plain data (names already resolved, counts already
/// taken from the attendance list).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MinutesExport {
    /// The organisation that met, e.g. "Chi bộ Thôn Đông".
    pub org_name: String,
    /// The organisation directly above it, e.g. "Đảng bộ xã Vũ Hội".
    pub parent_org_name: Option<String>,
    /// Place name of the date line (địa danh), e.g. "Thái Bình"; without it the line
    /// starts with "Ngày".
    pub locality: Option<String>,
    /// Subject under the title, e.g. "Họp chi bộ thường kỳ tháng 11 năm 2026".
    pub topic: String,
    /// Where the meeting was held.
    pub place: String,
    /// Start as ISO 8601 (`2026-11-15T14:00`, seconds and an offset allowed; with an
    /// offset or `Z` it is shown in Vietnam time, UTC+7). A bare date is accepted too.
    pub starts_at: String,
    pub chair_name: String,
    pub minute_taker_name: String,
    /// Members convened (triệu tập) and present (có mặt).
    pub convened: u32,
    pub present: u32,
    /// Agenda items in order.
    pub items: Vec<MinutesItem>,
    /// What was voted and the result, free text (one paragraph per line).
    pub votes: String,
    /// Approved by the chair; otherwise the export is marked as a draft (dự thảo).
    pub approved: bool,
    /// Version of the minutes, from 1; later versions are marked.
    pub version: u32,
}

/// One agenda item; every text is free text with one paragraph per line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MinutesItem {
    pub title: String,
    pub content: String,
    pub opinions: String,
    pub conclusions: String,
}

/// Why an export could not be made; messages are shown to users as they are.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExportError {
    #[error("Biên bản chưa có tên tổ chức đảng")]
    MissingOrgName,
    #[error("Thời gian bắt đầu «{0}» không hợp lệ (cần dạng 2026-11-15T14:00)")]
    InvalidTime(String),
    #[error("Số đảng viên có mặt ({present}) lớn hơn số được triệu tập ({convened})")]
    Attendance { present: u32, convened: u32 },
    #[error("Không tạo được tệp .docx: {0}")]
    Docx(String),
    #[error("Không tạo được tệp PDF: {0}")]
    Pdf(String),
}

/// The minutes as a Word document (.docx, Office Open XML).
pub fn minutes_docx(m: &MinutesExport) -> Result<Vec<u8>, ExportError> {
    docx::write(&layout::minutes(m)?)
}

/// The minutes as a PDF (A4, fonts embedded, text extractable).
pub fn minutes_pdf(m: &MinutesExport) -> Result<Vec<u8>, ExportError> {
    pdf::write(&layout::minutes(m)?)
}
