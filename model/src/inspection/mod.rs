//! Inspection and supervision, with discipline records (issue 17, kiểm tra, giám sát,
//! kỷ luật): the most confidential data the app holds.
//!
//! [`case`] holds a level's yearly plan, its programmes (an [`Inspection`] each) and
//! their case notes (working schedule, documents requested and received, findings);
//! [`files`] the case's documents; [`notice`] the conclusion as the inspected
//! organisation or member receives it; [`discipline`] the decisions and appeals;
//! [`api`] and [`requests`] what the Api carries.
//!
//! Where each row sits decides who reads it (the permission table): case rows sit at
//! the inspecting organisation and are read by its inspection committee, its committee
//! and the levels above it, never by office staff or by the inspected; a notice sits
//! at the inspected organisation (a member's cell) once the conclusion is notified; a
//! discipline record sits at its subject (a member's cell, or the organisation) and is
//! read by the member, the committee there and the levels above.
//!
//! ```
//! use sotay_model::inspection::{DisciplineForm, SubjectKind};
//! assert!(DisciplineForm::Expulsion.fits(SubjectKind::Member));
//! assert!(!DisciplineForm::Expulsion.fits(SubjectKind::Organisation));
//! assert!(DisciplineForm::Dissolution.fits(SubjectKind::Organisation));
//! ```

pub mod api;
pub mod case;
pub mod discipline;
pub mod files;
pub mod notice;
pub mod requests;

pub use case::{CaseNote, CaseStatus, Inspection, InspectionKind, InspectionPlan, NoteKind};
pub use discipline::{Appeal, AppealOutcome, Discipline, DisciplineForm, SubjectKind};
pub use files::CaseFile;
pub use notice::InspectionNotice;

#[cfg(test)]
mod tests;
