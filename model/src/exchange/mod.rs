//! Information exchange (issue 16, trao đổi thông tin): announcements from a committee
//! to its organisations and their read receipts ([`announcement`]), comment threads on
//! announcements, documents and meetings ([`comment`]), private questions to a
//! committee and its published answers ([`question`]), and drafts opened for opinions
//! per section ([`draft`]).
//!
//! Who reads what is the organisation tree's business, as everywhere: an announcement
//! is one row per receiving organisation (grouped by `batch_id`), so one district's
//! copy never reaches another district; a question is about its asker and sits at the
//! committee asked, so it is on the asker's devices and that committee's only.
//!
//! ```
//! use sotay_model::exchange::{AnnouncementRead, Opinion};
//! use sotay_model::Id;
//! let (a, m) = (Id::from_u128(1), Id::from_u128(2));
//! // Two devices of one member marking one announcement read write one row.
//! assert_eq!(AnnouncementRead::row_id(a, m), AnnouncementRead::row_id(a, m));
//! // One opinion per member and section of a draft.
//! assert_ne!(Opinion::row_id(a, "1", m), Opinion::row_id(a, "2", m));
//! ```

pub mod announcement;
pub mod api;
pub mod comment;
pub mod draft;
pub mod question;
pub mod requests;

pub use announcement::{Announcement, AnnouncementRead};
pub use comment::{Comment, CommentTarget, MeetingComment, TargetKind};
pub use draft::{Draft, DraftSection, OpenOpinion, Opinion};
pub use question::{Answer, FaqEntry, Question};

#[cfg(test)]
mod tests;

use crate::change::RowState;

/// A boolean field; absent or null is `false`.
pub(crate) fn flag(row: &RowState, field: &str) -> Result<bool, String> {
    match row.fields.get(field).map(|f| &f.value) {
        None | Some(serde_json::Value::Null) => Ok(false),
        Some(serde_json::Value::Bool(b)) => Ok(*b),
        Some(_) => Err(format!(
            "{} phải là đúng hoặc sai",
            crate::fields::label(field)
        )),
    }
}

/// When a field was last written (its stamp's wall clock): an event's time, so no
/// device's clock is trusted with a separate number.
pub(crate) fn written_ms(row: &RowState, field: &str) -> u64 {
    row.fields.get(field).map_or(0, |f| f.hlc.wall_ms)
}
