//! The library's rows beyond documents (issue 5): attachments (files referenced by
//! SHA-256, the bytes travel as blobs), a member's read marks and private study notes
//! on a document, and a committee's study assignments ("học tập, quán triệt").
//!
//! Who reads what (`permissions`): attachments follow their document; a read mark is
//! read by its member and the committees of the member's cell and above; a study note
//! only by its member (all their devices, nobody else); an assignment down the
//! assigning organisation's subtree.

use crate::change::RowState;
use crate::fields::{date, id_field, text};
use crate::ids::Id;
use serde::{Deserialize, Serialize};

/// The file types an attachment may have (PDF, DOCX, images).
pub const MIME_TYPES: &[(&str, &str)] = &[
    ("application/pdf", "pdf"),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    ("image/jpeg", "jpg"),
    ("image/jpeg", "jpeg"),
    ("image/png", "png"),
    ("image/webp", "webp"),
    ("image/gif", "gif"),
];

/// The MIME type of a file name by its extension, if it is one we accept.
pub fn mime_for(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    MIME_TYPES.iter().find(|(_, e)| *e == ext).map(|(m, _)| *m)
}

/// Whether `s` is a SHA-256 digest written as 64 lower-case hex digits.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

pub const ATTACHMENT_FIELDS: &[&str] = &["document_id", "org_id", "name", "mime", "size", "sha256"];
pub const READ_MARK_FIELDS: &[&str] = &[
    "member_id",
    "document_id",
    "org_id",
    "opened_ms",
    "finished_ms",
];
pub const NOTE_FIELDS: &[&str] = &["member_id", "document_id", "org_id", "text", "bookmarked"];
pub const ASSIGNMENT_FIELDS: &[&str] = &["org_id", "document_id", "due_on", "note"];

pub const MAX_FILE_NAME: usize = 255;
pub const MAX_NOTE: usize = 20_000;
pub const MAX_ASSIGNMENT_NOTE: usize = 1_000;

/// A file attached to a document. Wire fields as [`ATTACHMENT_FIELDS`]; `org_id` is the
/// document's (fixed), the content never changes (`sha256`, `size` fixed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: Id,
    pub document_id: Id,
    pub org_id: Id,
    pub name: String,
    pub mime: String,
    pub size: u64,
    pub sha256: String,
}

/// A member's reading of a document: when first opened, when finished (device clock,
/// for display only). One row per member and document ([`ReadMark::row_id`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadMark {
    pub id: Id,
    pub member_id: Id,
    pub document_id: Id,
    /// The member's cell when the mark was made.
    pub org_id: Id,
    pub opened_ms: u64,
    pub finished_ms: Option<u64>,
}

/// A member's private notes and bookmark on a document, one row per member and
/// document ([`StudyNote::row_id`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudyNote {
    pub id: Id,
    pub member_id: Id,
    pub document_id: Id,
    pub org_id: Id,
    pub text: String,
    pub bookmarked: bool,
}

/// A committee's request that the members of its subtree study a document by a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudyAssignment {
    pub id: Id,
    pub org_id: Id,
    pub document_id: Id,
    /// `yyyy-mm-dd`.
    pub due_on: String,
    pub note: String,
}

/// The one row id of a member's `kind` row about a document, the same on each of the
/// member's devices, so two devices marking the same document merge into one row.
pub fn personal_row_id(kind: &str, member: Id, document: Id) -> Id {
    // FNV-1a over the text, twice with different offsets. Kept although `model` now has
    // SHA-256: every stored read mark and note has its id from this. The server checks
    // each row's id against it (`personal_owner`); FNV is not collision-resistant, but a
    // collision would need a document id made for it, which only an office can issue.
    let text = format!("{kind}|{member}|{document}");
    let fnv = |mut h: u64| {
        for b in text.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h
    };
    let hi = fnv(0xcbf2_9ce4_8422_2325);
    let lo = fnv(0x8422_2325_cbf2_9ce4);
    // Version 8 (custom) UUID bits, so these never collide with the v7 ids devices mint.
    let v = (u128::from(hi) << 64 | u128::from(lo)) & !(0xf << 76) & !(0x3 << 62);
    Id::from_u128(v | (0x8 << 76) | (0x2 << 62))
}

/// The member and document of a personal row, checked against its id: a row whose id
/// is not [`personal_row_id`] of its own member and document is refused (issue 12), or
/// one member could take the id of another's row first and lock them out of it.
fn personal_owner(
    row: &RowState,
    formula: fn(Id, Id) -> Id,
    what: &str,
) -> Result<(Id, Id), String> {
    let member = id_field(row, "member_id")?;
    let document = id_field(row, "document_id")?;
    if row.row_id != formula(member, document) {
        return Err(format!(
            "mã dòng của {what} không khớp với đảng viên và văn bản của nó (mỗi đảng viên chỉ tạo được {what} của chính mình)"
        ));
    }
    Ok((member, document))
}

fn u64_field(row: &RowState, field: &str, required: bool) -> Result<Option<u64>, String> {
    match row.fields.get(field).map(|f| &f.value) {
        None | Some(serde_json::Value::Null) if !required => Ok(None),
        Some(v) if v.as_u64().is_some() => Ok(v.as_u64()),
        _ => Err(format!(
            "{} phải là một số không âm",
            crate::fields::label(field)
        )),
    }
}

fn optional_text(row: &RowState, field: &str, max: usize) -> Result<String, String> {
    let s = match row.fields.get(field).map(|f| &f.value) {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
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

/// A file row's name, type, size and hash, checked (attachments and task files share
/// them): a bare name, a supported type, a SHA-256, not empty.
pub(crate) fn file_facts(row: &RowState) -> Result<(String, String, u64, String), String> {
    let name = text(row, "name", MAX_FILE_NAME)?;
    if name.contains(['/', '\\']) || name == "." || name == ".." {
        return Err("tên tệp không được chứa dấu / hoặc \\".into());
    }
    let mime = text(row, "mime", 100)?;
    if !MIME_TYPES.iter().any(|(m, _)| *m == mime) {
        return Err(format!(
            "loại tệp {mime} không được hỗ trợ (chỉ PDF, DOCX và ảnh)"
        ));
    }
    let sha256 = text(row, "sha256", 64)?;
    if !is_sha256(&sha256) {
        return Err("mã băm SHA-256 của tệp không hợp lệ".into());
    }
    let size = u64_field(row, "size", true)?.unwrap_or(0);
    if size == 0 {
        return Err("tệp đính kèm không được rỗng".into());
    }
    Ok((name, mime, size, sha256))
}

impl Attachment {
    pub fn from_row(row: &RowState) -> Result<Attachment, String> {
        let (name, mime, size, sha256) = file_facts(row)?;
        Ok(Attachment {
            id: row.row_id,
            document_id: id_field(row, "document_id")?,
            org_id: id_field(row, "org_id")?,
            name,
            mime,
            size,
            sha256,
        })
    }
}

impl ReadMark {
    pub fn row_id(member: Id, document: Id) -> Id {
        personal_row_id("read_mark", member, document)
    }

    pub fn from_row(row: &RowState) -> Result<ReadMark, String> {
        let (member_id, document_id) = personal_owner(row, ReadMark::row_id, "dấu đã đọc")?;
        Ok(ReadMark {
            id: row.row_id,
            member_id,
            document_id,
            org_id: id_field(row, "org_id")?,
            opened_ms: u64_field(row, "opened_ms", true)?.unwrap_or(0),
            finished_ms: u64_field(row, "finished_ms", false)?,
        })
    }
}

impl StudyNote {
    pub fn row_id(member: Id, document: Id) -> Id {
        personal_row_id("study_note", member, document)
    }

    pub fn from_row(row: &RowState) -> Result<StudyNote, String> {
        let bookmarked = match row.fields.get("bookmarked").map(|f| &f.value) {
            None | Some(serde_json::Value::Null) => false,
            Some(serde_json::Value::Bool(b)) => *b,
            Some(_) => return Err("trường bookmarked phải là đúng/sai".into()),
        };
        let (member_id, document_id) = personal_owner(row, StudyNote::row_id, "ghi chú học tập")?;
        Ok(StudyNote {
            id: row.row_id,
            member_id,
            document_id,
            org_id: id_field(row, "org_id")?,
            text: optional_text(row, "text", MAX_NOTE)?,
            bookmarked,
        })
    }
}

impl StudyAssignment {
    pub fn from_row(row: &RowState) -> Result<StudyAssignment, String> {
        Ok(StudyAssignment {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            document_id: id_field(row, "document_id")?,
            due_on: date(row, "due_on")?,
            note: optional_text(row, "note", MAX_ASSIGNMENT_NOTE)?,
        })
    }
}

// An attachment's content and document never change; personal rows stay the member's;
// an assignment stays with its committee and document.
crate::row::org_row!(
    Attachment,
    Attachment,
    ATTACHMENT_FIELDS,
    &["document_id", "org_id", "sha256", "size"]
);
crate::row::org_row!(
    ReadMark,
    ReadMark,
    READ_MARK_FIELDS,
    &["member_id", "document_id", "org_id"]
);
crate::row::org_row!(
    StudyNote,
    StudyNote,
    NOTE_FIELDS,
    &["member_id", "document_id", "org_id"]
);
crate::row::org_row!(
    StudyAssignment,
    StudyAssignment,
    ASSIGNMENT_FIELDS,
    &["org_id", "document_id"]
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_ids_are_stable_and_distinct() {
        let (m, d) = (Id::from_u128(1), Id::from_u128(2));
        assert_eq!(ReadMark::row_id(m, d), ReadMark::row_id(m, d));
        assert_ne!(ReadMark::row_id(m, d), StudyNote::row_id(m, d));
        assert_ne!(ReadMark::row_id(m, d), ReadMark::row_id(d, m));
    }

    #[test]
    fn file_types_by_extension() {
        assert_eq!(mime_for("Nghị quyết 57.PDF"), Some("application/pdf"));
        assert_eq!(mime_for("anh.jpg"), Some("image/jpeg"));
        assert_eq!(mime_for("bang.xlsx"), None);
        assert!(is_sha256(&"a".repeat(64)) && !is_sha256(&"A".repeat(64)));
    }
}
