//! Documents of the library (issue 5): directives, resolutions, conclusions and the
//! other papers an organisation issues, their wire fields and their validation.
//!
//! A document is owned by the organisation that issued it (`org_id`, fixed at
//! creation): members read the documents of their cell and of every organisation above
//! it, committees those of their whole subtree (`permissions`).

use crate::change::RowState;
use crate::ids::Id;
use serde::{Deserialize, Serialize};

/// The kinds of documents (DESIGN §2). Wire names are stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// Nghị quyết
    Resolution,
    /// Chỉ thị
    Directive,
    /// Kết luận
    Conclusion,
    /// Quy định
    Regulation,
    /// Hướng dẫn
    Guidance,
    /// Thông báo
    Notice,
    /// Tài liệu sinh hoạt chi bộ
    CellStudyMaterial,
}

impl DocKind {
    pub const ALL: [DocKind; 7] = [
        DocKind::Resolution,
        DocKind::Directive,
        DocKind::Conclusion,
        DocKind::Regulation,
        DocKind::Guidance,
        DocKind::Notice,
        DocKind::CellStudyMaterial,
    ];

    /// The Vietnamese name, as shown and as searched (`nghị quyết 57` finds 57-NQ/TW).
    pub fn label_vi(self) -> &'static str {
        match self {
            DocKind::Resolution => "Nghị quyết",
            DocKind::Directive => "Chỉ thị",
            DocKind::Conclusion => "Kết luận",
            DocKind::Regulation => "Quy định",
            DocKind::Guidance => "Hướng dẫn",
            DocKind::Notice => "Thông báo",
            DocKind::CellStudyMaterial => "Tài liệu sinh hoạt chi bộ",
        }
    }
}

/// Whether a document is in effect (hiệu lực).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocStatus {
    /// Còn hiệu lực
    InForce,
    /// Đã được thay thế
    Replaced,
    /// Hết hiệu lực
    Expired,
}

impl DocStatus {
    pub fn label_vi(self) -> &'static str {
        match self {
            DocStatus::InForce => "Còn hiệu lực",
            DocStatus::Replaced => "Đã được thay thế",
            DocStatus::Expired => "Hết hiệu lực",
        }
    }
}

/// A document as stored. Wire fields: `kind`, `number`, `title`, `org_id`, `issuer`,
/// `issued_on`, `status`, `summary`, `body`, `topics`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: Id,
    pub kind: DocKind,
    /// As written on the document: `57-NQ/TW`, `12-CT/TU`.
    pub number: String,
    pub title: String,
    /// The issuing organisation, which owns the row (fixed at creation).
    pub org_id: Id,
    /// The issuing body as printed: `Ban Chấp hành Trung ương`, `Tỉnh ủy Thái Bình`.
    pub issuer: String,
    /// ISO date `yyyy-mm-dd`.
    pub issued_on: String,
    pub status: DocStatus,
    /// May be empty.
    pub summary: String,
    /// The full text; may be empty (a document known only by its attachment).
    pub body: String,
    pub topics: Vec<String>,
}

/// The fields a document row may hold.
pub const FIELDS: &[&str] = &[
    "kind",
    "number",
    "title",
    "org_id",
    "issuer",
    "issued_on",
    "status",
    "summary",
    "body",
    "topics",
];

pub const MAX_NUMBER: usize = 50;
pub const MAX_TITLE: usize = 500;
pub const MAX_ISSUER: usize = 200;
pub const MAX_SUMMARY: usize = 5_000;
/// About 150 printed pages (at most ~1.5 MB of UTF-8): the longest resolutions fit, a
/// pasted book does not, and one change stays far below a push's size limit.
pub const MAX_BODY: usize = 500_000;
pub const MAX_TOPICS: usize = 20;
pub const MAX_TOPIC: usize = 100;

/// A text field that may be empty (absent counts as empty), at most `max` characters.
fn optional_text(row: &RowState, field: &str, max: usize) -> Result<String, String> {
    let s = match row.fields.get(field).map(|f| &f.value) {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.trim().to_string(),
        Some(_) => return Err(format!("{} phải là văn bản", crate::fields::label(field))),
    };
    if s.chars().count() > max {
        return Err(format!(
            "{} dài quá {max} ký tự",
            crate::fields::label(field)
        ));
    }
    Ok(s)
}

fn topics(row: &RowState) -> Result<Vec<String>, String> {
    let list = match row.fields.get("topics").map(|f| &f.value) {
        None | Some(serde_json::Value::Null) => return Ok(Vec::new()),
        Some(serde_json::Value::Array(a)) => a,
        Some(_) => return Err("Chủ đề phải là danh sách chủ đề".into()),
    };
    if list.len() > MAX_TOPICS {
        return Err(format!("một văn bản có tối đa {MAX_TOPICS} chủ đề"));
    }
    list.iter()
        .map(|v| match v.as_str().map(str::trim) {
            Some(t) if !t.is_empty() && t.chars().count() <= MAX_TOPIC => Ok(t.to_string()),
            _ => Err(format!("mỗi chủ đề phải có từ 1 đến {MAX_TOPIC} ký tự")),
        })
        .collect()
}

impl Document {
    pub fn from_row(row: &RowState) -> Result<Document, String> {
        use crate::fields::{date, enum_from, id_field, text};
        Ok(Document {
            id: row.row_id,
            kind: enum_from(row, "kind")?,
            number: text(row, "number", MAX_NUMBER)?,
            title: text(row, "title", MAX_TITLE)?,
            org_id: id_field(row, "org_id")?,
            issuer: text(row, "issuer", MAX_ISSUER)?,
            issued_on: date(row, "issued_on")?,
            status: enum_from(row, "status")?,
            summary: optional_text(row, "summary", MAX_SUMMARY)?,
            body: optional_text(row, "body", MAX_BODY)?,
            topics: topics(row)?,
        })
    }
}

// A document stays with the organisation that issued it.
crate::row::org_row!(Document, Document, FIELDS, &["org_id"]);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::{Entity, FieldValue};
    use crate::hlc::Hlc;
    use serde_json::json;

    fn row(fields: &[(&str, serde_json::Value)]) -> RowState {
        let mut r = RowState::empty(Entity::Document, Id::from_u128(5));
        for (k, v) in fields {
            r.fields.insert(
                k.to_string(),
                FieldValue {
                    value: v.clone(),
                    hlc: Hlc {
                        wall_ms: 1,
                        counter: 0,
                        node: crate::ids::DeviceId::from_u128(1),
                    },
                },
            );
        }
        r
    }

    fn good() -> Vec<(&'static str, serde_json::Value)> {
        vec![
            ("kind", json!("resolution")),
            ("number", json!("57-NQ/TW")),
            ("title", json!("Về đột phá phát triển khoa học, công nghệ")),
            ("org_id", json!(Id::from_u128(1).to_string())),
            ("issuer", json!("Bộ Chính trị")),
            ("issued_on", json!("2024-12-22")),
            ("status", json!("in_force")),
            ("topics", json!(["khoa học", "chuyển đổi số"])),
        ]
    }

    #[test]
    fn a_document_validates_and_its_owner_is_the_issuer() {
        let r = row(&good());
        assert_eq!(crate::entities::validate(&r), Ok(()));
        let d = Document::from_row(&r).expect("document");
        assert_eq!(d.kind, DocKind::Resolution);
        assert_eq!(d.summary, "");
        assert_eq!(
            crate::entities::owning_org(Entity::Document, r.row_id, &r.fields),
            Some(Id::from_u128(1))
        );
        assert_eq!(
            serde_json::to_string(&DocKind::CellStudyMaterial).expect("json"),
            "\"cell_study_material\""
        );
    }

    #[test]
    fn bad_documents_are_refused_in_vietnamese() {
        let mut f = good();
        f[5] = ("issued_on", json!("2024-02-30"));
        assert!(crate::entities::validate(&row(&f))
            .expect_err("date")
            .contains("ngày"));
        let mut f = good();
        f[1] = ("number", json!("x".repeat(MAX_NUMBER + 1)));
        assert!(crate::entities::validate(&row(&f)).is_err());
        let mut f = good();
        f.push(("topics", json!([""])));
        assert!(crate::entities::validate(&row(&f)).is_err());
        let mut f = good();
        f.push(("attachment", json!("x")));
        assert!(crate::entities::validate(&row(&f))
            .expect_err("unknown")
            .contains("không được hỗ trợ"));
    }
}
