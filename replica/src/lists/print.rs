//! "In" in the desktop app (`PrintText`): the text a screen shows, made into a PDF in
//! the exports folder, which the app then opens in the system's viewer to print.

use crate::calls::{Cx, Local};
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::lists::requests::PrintText;
use sotay_model::meetings::VnDateTime;
use sotay_model::transfer::ExportedFile;

impl Local for PrintText {
    fn local(self, cx: &mut Cx<'_>) -> Result<ExportedFile, ApiError> {
        if let Some(why) = self.problem() {
            return Err(ApiError::new(ApiErrorKind::Invalid, why));
        }
        let bytes = crate::export::text_pdf(&self.title, &self.blocks)
            .map_err(|e| ApiError::new(ApiErrorKind::Storage, e.to_string()))?;
        // The time to the second: printing the same text twice in a minute makes a
        // second file rather than replacing one a viewer may still hold open.
        let now_ms = cx.env.now_ms();
        let at = VnDateTime::from_ms(now_ms);
        let words = super::ascii_words(&self.title);
        let name = format!(
            "ban-in{}{words}-{:04}-{:02}-{:02}-{:02}{:02}{:02}.pdf",
            if words.is_empty() { "" } else { "-" },
            at.year,
            at.month,
            at.day,
            at.hour,
            at.minute,
            (now_ms / 1000) % 60,
        );
        let path = crate::meetings::exports::write(cx.db.path(), &name, &bytes)?;
        Ok(ExportedFile {
            path: path.to_string_lossy().into_owned(),
            name,
        })
    }
}
