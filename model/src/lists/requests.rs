//! Exporting lists: a local read written to the device's exports folder.

use super::ListKind;
use crate::call;
use crate::ids::Id;
use crate::transfer::ExportedFile;
use serde::{Deserialize, Serialize};

/// Write `list` of `org_id` as an .xlsx in the device's exports folder (a title row
/// naming the organisation, Vietnamese headers, one row per item, dates as dates).
/// The desktop opens it with `OpenExport`; a browser downloads it from the host.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportList {
    pub list: ListKind,
    pub org_id: Id,
}
call!(ExportList, "export_list" => ExportedFile);

/// A text on the screen to print, made into a PDF (A4, fonts embedded) in the device's
/// exports folder. The desktop app prints this way: its webview has no print dialog of
/// its own that works everywhere (WebKitGTK under the app showed none, macOS's has
/// none), so the app opens the PDF in the system's viewer, which prints. A browser
/// uses its own dialog instead. `blocks` are what the screen shows, in its order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrintText {
    pub title: String,
    pub blocks: Vec<PrintBlock>,
}
call!(PrintText, "print_text" => ExportedFile);

/// One block of a [`PrintText`]: a heading or a paragraph, as the screen shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum PrintBlock {
    Heading(String),
    Paragraph(String),
}

/// The most text one [`PrintText`] carries (a long resolution is some 200,000
/// characters): past it the request is refused, not cut.
pub const PRINT_MAX_CHARS: usize = 2_000_000;

impl PrintText {
    /// Why this text cannot be printed (Vietnamese), or `None`.
    pub fn problem(&self) -> Option<String> {
        if self.title.trim().is_empty() {
            return Some("Bản in cần có tiêu đề".into());
        }
        if self.blocks.iter().all(|b| b.text().trim().is_empty()) {
            return Some("Không có nội dung nào để in".into());
        }
        let chars: usize = self.title.chars().count()
            + self
                .blocks
                .iter()
                .map(|b| b.text().chars().count())
                .sum::<usize>();
        if chars > PRINT_MAX_CHARS {
            return Some(format!(
                "Nội dung quá dài để in một lần ({chars} ký tự, tối đa {PRINT_MAX_CHARS})"
            ));
        }
        let text = std::iter::once(self.title.as_str()).chain(self.blocks.iter().map(|b| b.text()));
        if text.into_iter().any(|t| t.contains('\u{0}')) {
            return Some("Nội dung in có ký tự không hợp lệ (U+0000)".into());
        }
        None
    }
}

impl PrintBlock {
    pub fn text(&self) -> &str {
        match self {
            PrintBlock::Heading(t) | PrintBlock::Paragraph(t) => t,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(title: &str, blocks: Vec<PrintBlock>) -> PrintText {
        PrintText {
            title: title.into(),
            blocks,
        }
    }

    #[test]
    fn a_print_needs_a_title_some_text_and_a_bounded_size() {
        let para = |t: &str| PrintBlock::Paragraph(t.into());
        assert_eq!(
            text("Nghị quyết 05", vec![para("Nội dung")]).problem(),
            None
        );
        assert!(text("  ", vec![para("Nội dung")]).problem().is_some());
        assert!(
            text("Tiêu đề", vec![para(" "), PrintBlock::Heading("".into())])
                .problem()
                .is_some()
        );
        assert!(text("Tiêu đề", vec![para("a\u{0}b")]).problem().is_some());
        let long = "ư".repeat(PRINT_MAX_CHARS);
        let refused = text("Tiêu đề", vec![para(&long)]).problem();
        assert!(refused.is_some_and(|m| m.contains("quá dài")));
    }

    #[test]
    fn the_wire_form_names_each_block_kind() {
        let t = text(
            "T",
            vec![
                PrintBlock::Heading("I. MỤC TIÊU".into()),
                PrintBlock::Paragraph("x".into()),
            ],
        );
        let json = serde_json::to_value(&t).expect("json");
        assert_eq!(
            json["blocks"],
            serde_json::json!([
                {"kind": "heading", "text": "I. MỤC TIÊU"},
                {"kind": "paragraph", "text": "x"}
            ])
        );
    }
}
