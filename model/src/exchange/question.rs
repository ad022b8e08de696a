//! Hỏi đáp: a member's private question to their committee (their cell's or one
//! above), the committee's answer, and the questions and answers a committee
//! publishes, without the asker's name, for its members to search.
//!
//! A question and its answer are about the asker (`asker_id`) and sit at the
//! committee asked, so only the asker's devices and that committee's hold them; a
//! published entry is the organisation's, read down its subtree like a document.

use super::written_ms;
use crate::change::RowState;
use crate::fields::{id_field, text};
use crate::ids::Id;
use crate::meetings::meeting::optional_id;
use serde::{Deserialize, Serialize};

pub const MAX_QUESTION: usize = 4_000;
pub const MAX_ANSWER: usize = 10_000;

/// Câu hỏi.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: Id,
    /// The organisation whose committee is asked.
    pub org_id: Id,
    pub asker_id: Id,
    pub body: String,
    #[serde(default)]
    pub asked_ms: u64,
}

pub const QUESTION_FIELDS: &[&str] = &["org_id", "asker_id", "body"];
pub const QUESTION_IMMUTABLE: &[&str] = &["org_id", "asker_id", "body"];

impl Question {
    pub fn from_row(row: &RowState) -> Result<Question, String> {
        Ok(Question {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            asker_id: id_field(row, "asker_id")?,
            body: text(row, "body", MAX_QUESTION)?,
            asked_ms: written_ms(row, "body"),
        })
    }
}

crate::row::org_row!(Question, Question, QUESTION_FIELDS, QUESTION_IMMUTABLE);

/// Trả lời: the committee's answer to one question (one per question; a later edit
/// replaces the text).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub id: Id,
    pub org_id: Id,
    pub question_id: Id,
    /// The question's asker, so the answer reaches their devices.
    pub asker_id: Id,
    pub answered_by: Id,
    pub body: String,
    #[serde(default)]
    pub answered_ms: u64,
}

pub const ANSWER_FIELDS: &[&str] = &["org_id", "question_id", "asker_id", "answered_by", "body"];
pub const ANSWER_IMMUTABLE: &[&str] = &["org_id", "question_id", "asker_id"];

impl Answer {
    pub fn row_id(question_id: Id) -> Id {
        Id::derived("sotay answer", &[question_id.0.as_bytes()])
    }

    pub fn from_row(row: &RowState) -> Result<Answer, String> {
        Ok(Answer {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            question_id: id_field(row, "question_id")?,
            asker_id: id_field(row, "asker_id")?,
            answered_by: id_field(row, "answered_by")?,
            body: text(row, "body", MAX_ANSWER)?,
            answered_ms: written_ms(row, "body"),
        })
    }
}

crate::row::org_row!(Answer, Answer, ANSWER_FIELDS, ANSWER_IMMUTABLE);

/// Một mục hỏi đáp đã công bố: the question as the committee words it and the answer,
/// with no asker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaqEntry {
    pub id: Id,
    pub org_id: Id,
    /// The question it was published from, if any (publishing it again rewrites
    /// the same entry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question_id: Option<Id>,
    pub question: String,
    pub answer: String,
    #[serde(default)]
    pub published_ms: u64,
}

pub const FAQ_FIELDS: &[&str] = &["org_id", "question_id", "question", "answer"];
pub const FAQ_IMMUTABLE: &[&str] = &["org_id", "question_id"];

impl FaqEntry {
    /// The entry published from a question.
    pub fn row_id(question_id: Id) -> Id {
        Id::derived("sotay faq", &[question_id.0.as_bytes()])
    }

    pub fn from_row(row: &RowState) -> Result<FaqEntry, String> {
        Ok(FaqEntry {
            id: row.row_id,
            org_id: id_field(row, "org_id")?,
            question_id: optional_id(row, "question_id")?,
            question: text(row, "question", MAX_QUESTION)?,
            answer: text(row, "answer", MAX_ANSWER)?,
            published_ms: written_ms(row, "question"),
        })
    }
}

crate::row::org_row!(FaqEntry, FaqEntry, FAQ_FIELDS, FAQ_IMMUTABLE);
