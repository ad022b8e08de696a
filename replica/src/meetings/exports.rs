//! Minutes written as files (`ExportMinutes`): the .docx or PDF of what
//! `GetMinutesExport` answers, stored as `HOME/exports/<file name>` so a desktop can open
//! it (`OpenExport`) and the headless host can hand it to a browser (`GET /exports/{name}`).
//!
//! These files are not encrypted: they exist to be handed to another program (the
//! desktop's viewer, the browser's download), which cannot read a sealed file. So they
//! live in this one folder only, which a revoked device's wipe removes, and files older
//! than [`KEEP_MS`] are deleted at start and before each new export (DESIGN §5).

use crate::calls::{Cx, Local};
use crate::error::{invalid, not_found, DbError};
use crate::export::{minutes_docx, minutes_file_name, minutes_pdf};
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::meetings::requests::{ExportMinutes, OpenExport};
use sotay_model::meetings::MinutesExport;
use sotay_model::transfer::{ExportFormat, ExportedFile};
use std::path::{Path, PathBuf};

/// The export directory of the replica whose database file is `db_path`.
pub fn dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("exports")
}

/// How long an exported or opened file stays on the device: long enough to open, print
/// or send it; the user exports again for a later copy.
pub const KEEP_MS: u64 = 24 * 3_600_000;

/// Delete the whole export folder (a revoked device's wipe).
pub fn remove_all(db_path: &Path) -> Result<(), DbError> {
    match std::fs::remove_dir_all(dir(db_path)) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Delete exported files written more than [`KEEP_MS`] ago (and half-written ones left
/// by a crash). Best effort: a file a viewer still holds open (Windows) stays until the
/// next time.
pub fn clear_stale(db_path: &Path) {
    let Ok(entries) = std::fs::read_dir(dir(db_path)) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for e in entries.flatten() {
        let age = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .map(|d| d.as_millis() as u64);
        let half_written = e.file_name().to_string_lossy().ends_with(".tmp");
        if half_written || age.is_some_and(|a| a > KEEP_MS) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Write `bytes` as `HOME/exports/<name>` (beside and renamed, so a reader never sees
/// half a file) and answer its path.
pub fn write(db_path: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, ApiError> {
    clear_stale(db_path);
    let dir = dir(db_path);
    let path = dir.join(name);
    let tmp = dir.join(format!("{name}.tmp"));
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&tmp, bytes))
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|e| {
            ApiError::new(
                ApiErrorKind::Storage,
                format!("Không ghi được tệp trên máy: {e}"),
            )
        })?;
    Ok(path)
}

impl Local for ExportMinutes {
    fn local(self, cx: &mut Cx<'_>) -> Result<ExportedFile, ApiError> {
        let data = super::minutes::export(cx.db, self.meeting_id, self.minutes_id)?;
        export_minutes(cx.db.path(), &data, self.format)
    }
}

impl Local for OpenExport {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let path = find(cx.db.path(), &self.name)?;
        crate::library::blobs::open_in_viewer(&path)
    }
}

/// Build the file and write it beside the database at `db_path` (replacing an older
/// export of the same name).
pub fn export_minutes(
    db_path: &Path,
    data: &MinutesExport,
    format: ExportFormat,
) -> Result<ExportedFile, ApiError> {
    let bytes = match format {
        ExportFormat::Docx => minutes_docx(data),
        ExportFormat::Pdf => minutes_pdf(data),
    }
    .map_err(|e| invalid(e.to_string()))?;
    let name = minutes_file_name(data, format.extension());
    let path = write(db_path, &name, &bytes)?;
    Ok(ExportedFile {
        path: path.to_string_lossy().into_owned(),
        name,
    })
}

/// The path of an exported file named `name`, if the name is one `ExportMinutes` makes
/// (ASCII letters, digits, `-` and one `.`: nothing that leaves the directory) and the
/// file exists.
pub fn find(db_path: &Path, name: &str) -> Result<PathBuf, ApiError> {
    let safe = !name.is_empty()
        && name.len() <= 200
        && !name.starts_with('.')
        && name.matches('.').count() == 1
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    let path = dir(db_path).join(name);
    if !safe || !path.is_file() {
        return Err(not_found("Không tìm thấy tệp đã xuất này trên máy"));
    }
    Ok(path)
}

/// The MIME type of an exported file, from its extension.
pub fn mime(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("pdf") => "application/pdf",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("ics") => "text/calendar; charset=utf-8",
        _ => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
}

#[cfg(test)]
mod mime_tests {
    #[test]
    fn each_export_is_served_as_its_own_type() {
        assert_eq!(super::mime("bien-ban.pdf"), "application/pdf");
        assert!(super::mime("theo-doi-2026-q4.xlsx").contains("spreadsheetml"));
        assert!(super::mime("lich.ics").starts_with("text/calendar"));
        assert!(super::mime("bien-ban.docx").contains("wordprocessingml"));
    }
}
