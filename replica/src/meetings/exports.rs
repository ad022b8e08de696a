//! Minutes written as files (`ExportMinutes`): the .docx or PDF of what
//! `GetMinutesExport` answers, stored as `HOME/exports/<file name>` so a desktop can open
//! it (`OpenExport`) and the headless host can hand it to a browser (`GET /exports/{name}`).

use crate::calls::{Cx, Local};
use crate::error::{invalid, not_found};
use crate::export::{minutes_docx, minutes_file_name, minutes_pdf};
use sotay_model::api::ApiError;
use sotay_model::api::ApiErrorKind;
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

impl Local for ExportMinutes {
    fn local(self, cx: &mut Cx<'_>) -> Result<ExportedFile, ApiError> {
        // The database is held only to read the minutes, not while the file is built.
        let (data, dir) = {
            let db = &*cx.db;
            let data = super::minutes::export(&db, self.meeting_id, self.minutes_id)?;
            (data, dir(db.path()))
        };
        export_minutes(&dir, &data, self.format)
    }
}

impl Local for OpenExport {
    fn local(self, cx: &mut Cx<'_>) -> Result<(), ApiError> {
        let path = find(cx.db.path(), &self.name)?;
        crate::library::blobs::open_in_viewer(&path)
    }
}

/// Build the file and write it into `dir` (replacing an older export of the same name).
pub fn export_minutes(
    dir: &Path,
    data: &MinutesExport,
    format: ExportFormat,
) -> Result<ExportedFile, ApiError> {
    let bytes = match format {
        ExportFormat::Docx => minutes_docx(data),
        ExportFormat::Pdf => minutes_pdf(data),
    }
    .map_err(|e| invalid(e.to_string()))?;
    let name = minutes_file_name(data, format.extension());
    let path = dir.join(&name);
    // Written beside and renamed, so a reader never sees half a file.
    let tmp = dir.join(format!("{name}.tmp"));
    std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&tmp, &bytes))
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|e| {
            ApiError::new(
                ApiErrorKind::Storage,
                format!("Không ghi được tệp biên bản trên máy: {e}"),
            )
        })?;
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
        return Err(not_found("Không tìm thấy tệp biên bản này trên máy"));
    }
    Ok(path)
}

/// The MIME type of an exported file, from its extension.
pub fn mime(name: &str) -> &'static str {
    if name.ends_with(".pdf") {
        "application/pdf"
    } else {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    }
}
