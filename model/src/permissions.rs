//! The one permission table (DESIGN §5). The server enforces it on every push and pull;
//! the UI reads it only to hide actions it would be refused.
//!
//! A device acts for a member, who holds roles: plain membership of their cell, and
//! committee positions in organisations. For a row, each role stands in a relation to
//! the row's owning organisation; a rule grants an action on an entity to a role in a
//! relation. Anything not granted is refused.

use crate::change::Entity;
use crate::entities::PositionTitle;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Edit,
    Delete,
    Read,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Membership of a cell (every member has exactly one).
    Member,
    Position(PositionTitle),
}

/// Where the row's owning organisation sits relative to the organisation of the role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The row is the actor's own (their member row, their own position).
    Own,
    Same,
    /// The row's organisation is below the role's organisation.
    Descendant,
    /// The row's organisation is above the role's organisation.
    Ancestor,
    /// The actor chairs the meeting the row is, or belongs to (issue 6). The server
    /// adds it from the meeting row; it never widens what a device pulls.
    Chair,
    /// The actor takes the minutes of the meeting the row is, or belongs to.
    MinuteTaker,
    /// The actor holds this post in the organisation that gave the task the row is,
    /// or belongs to (issue 14). Added by the server from the task row, like `Chair`.
    Assigner,
    /// The actor is the task's assignee: the member it was given to, or, for a task
    /// given to an organisation, a holder of a post there (issue 14).
    Assignee,
}

use Action::*;
use PositionTitle::*;
use Relation::*;

const LEADERS: &[PositionTitle] = &[Secretary, DeputySecretary];
const COMMITTEE: &[PositionTitle] = &[Secretary, DeputySecretary, CommitteeMember];
const OFFICE: &[PositionTitle] = &[Secretary, DeputySecretary, CommitteeMember, OfficeStaff];
/// Who reads a level's case material (issue 17): its committee and its inspection
/// committee; never office staff.
const CASE_READERS: &[PositionTitle] = &[
    Secretary,
    DeputySecretary,
    CommitteeMember,
    InspectionChair,
    InspectionDeputy,
    InspectionMember,
];
/// Who works a case and records decisions: the inspection committee and the
/// committee's leaders.
const CASE_WRITERS: &[PositionTitle] = &[
    Secretary,
    DeputySecretary,
    InspectionChair,
    InspectionDeputy,
    InspectionMember,
];
/// The inspection committee's posts.
const INSPECTORS: &[PositionTitle] = &[InspectionChair, InspectionDeputy, InspectionMember];
/// Who approves a level's yearly plan.
const PLAN_WRITERS: &[PositionTitle] = &[
    Secretary,
    DeputySecretary,
    InspectionChair,
    InspectionDeputy,
];

struct Rule {
    entity: Entity,
    actions: &'static [Action],
    /// `None` means plain membership.
    titles: Option<&'static [PositionTitle]>,
    relations: &'static [Relation],
}

const RULES: &[Rule] = &[
    // Everyone reads their own row, their cell, and the organisations above it.
    Rule {
        entity: Entity::Organisation,
        actions: &[Read],
        titles: None,
        relations: &[Same, Ancestor],
    },
    Rule {
        entity: Entity::Member,
        actions: &[Read],
        titles: None,
        relations: &[Own, Same],
    },
    Rule {
        entity: Entity::Position,
        actions: &[Read],
        titles: None,
        relations: &[Own, Same, Ancestor],
    },
    // Committees read their whole subtree.
    Rule {
        entity: Entity::Organisation,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Ancestor, Descendant],
    },
    Rule {
        entity: Entity::Member,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Own, Same, Descendant],
    },
    Rule {
        entity: Entity::Position,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Own, Same, Ancestor, Descendant],
    },
    // Committees shape the tree below them; leaders rename their own organisation.
    Rule {
        entity: Entity::Organisation,
        actions: &[Create, Edit, Delete],
        titles: Some(COMMITTEE),
        relations: &[Descendant],
    },
    Rule {
        entity: Entity::Organisation,
        actions: &[Edit],
        titles: Some(LEADERS),
        relations: &[Same],
    },
    // Member records are kept by the committee and office of the cell or any level above.
    Rule {
        entity: Entity::Member,
        actions: &[Create, Edit, Delete],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    // Positions are assigned by the leaders of the same organisation or by a committee above.
    Rule {
        entity: Entity::Position,
        actions: &[Create, Edit, Delete],
        titles: Some(LEADERS),
        relations: &[Same],
    },
    Rule {
        entity: Entity::Position,
        actions: &[Create, Edit, Delete],
        titles: Some(COMMITTEE),
        relations: &[Descendant],
    },
    // Documents are read down the issuing organisation's subtree: a member reads those
    // of their cell and of every level above it; committees and offices those of their
    // subtree too. The committee and office of an organisation issue its documents.
    Rule {
        entity: Entity::Document,
        actions: &[Read],
        titles: None,
        relations: &[Same, Ancestor],
    },
    Rule {
        entity: Entity::Document,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Ancestor, Descendant],
    },
    Rule {
        entity: Entity::Document,
        actions: &[Create, Edit, Delete],
        titles: Some(OFFICE),
        relations: &[Same],
    },
    // Attachments follow their document (same organisation, same readers and issuers).
    Rule {
        entity: Entity::Attachment,
        actions: &[Read],
        titles: None,
        relations: &[Same, Ancestor],
    },
    Rule {
        entity: Entity::Attachment,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Ancestor, Descendant],
    },
    Rule {
        entity: Entity::Attachment,
        actions: &[Create, Edit, Delete],
        titles: Some(OFFICE),
        relations: &[Same],
    },
    // A read mark is the member's own; the committees and offices of their cell and of
    // every level above see who has read what (never a fellow member, never above).
    Rule {
        entity: Entity::ReadMark,
        actions: &[Read, Create, Edit, Delete],
        titles: None,
        relations: &[Own],
    },
    Rule {
        entity: Entity::ReadMark,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    // Study notes and bookmarks are private: only the member, on their own devices.
    // No committee rule, on purpose: the server's pull then never selects them for
    // anyone else.
    Rule {
        entity: Entity::StudyNote,
        actions: &[Read, Create, Edit, Delete],
        titles: None,
        relations: &[Own],
    },
    // A study assignment is read down the assigning organisation's subtree, like its
    // documents, and set by that organisation's committee and office.
    Rule {
        entity: Entity::StudyAssignment,
        actions: &[Read],
        titles: None,
        relations: &[Same, Ancestor],
    },
    Rule {
        entity: Entity::StudyAssignment,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Ancestor, Descendant],
    },
    Rule {
        entity: Entity::StudyAssignment,
        actions: &[Create, Edit, Delete],
        titles: Some(OFFICE),
        relations: &[Same],
    },
    // Meetings (issue 6) are read by the members of the organisation holding them and
    // by the committees and offices above (the committee view); planned, changed and
    // cancelled by its committee and office, changed by their chair too.
    Rule {
        entity: Entity::Meeting,
        actions: &[Read],
        titles: None,
        relations: &[Same],
    },
    Rule {
        entity: Entity::Meeting,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::Meeting,
        actions: &[Create, Edit, Delete],
        titles: Some(OFFICE),
        relations: &[Same],
    },
    Rule {
        entity: Entity::Meeting,
        actions: &[Edit],
        titles: None,
        relations: &[Chair],
    },
    // The check-in secret: the committee and office of the organisation, and the member
    // a copy is made for (the chair, the minute-taker) as their own row. Never edited.
    Rule {
        entity: Entity::MeetingKey,
        actions: &[Read, Create, Delete],
        titles: Some(OFFICE),
        relations: &[Same],
    },
    Rule {
        entity: Entity::MeetingKey,
        actions: &[Read],
        titles: None,
        relations: &[Own],
    },
    // Attendance events are read like the meeting; a member checks in only for
    // themselves; marks are made by the committee and office, the chair and the
    // minute-taker. Events are never edited or deleted (a correction is a new mark).
    // Read like the meeting, not as the member's own row: a member who moves to
    // another cell leaves the old cell's attendance behind with its meetings.
    Rule {
        entity: Entity::CheckIn,
        actions: &[Read],
        titles: None,
        relations: &[Same],
    },
    Rule {
        entity: Entity::CheckIn,
        actions: &[Create],
        titles: None,
        relations: &[Own],
    },
    Rule {
        entity: Entity::AttendanceMark,
        actions: &[Read],
        titles: None,
        relations: &[Same],
    },
    Rule {
        entity: Entity::AttendanceMark,
        actions: &[Create],
        titles: Some(OFFICE),
        relations: &[Same],
    },
    Rule {
        entity: Entity::AttendanceMark,
        actions: &[Create],
        titles: None,
        relations: &[Chair, MinuteTaker],
    },
    // Minutes: read like the meeting, drafted by the committee, office, chair and
    // minute-taker (the chair alone approves: `sync-server`'s meeting rules).
    Rule {
        entity: Entity::Minutes,
        actions: &[Read],
        titles: None,
        relations: &[Same],
    },
    Rule {
        entity: Entity::Minutes,
        actions: &[Create, Edit, Delete],
        titles: Some(OFFICE),
        relations: &[Same],
    },
    Rule {
        entity: Entity::Minutes,
        actions: &[Create, Edit],
        titles: None,
        relations: &[Chair, MinuteTaker],
    },
    // Committees see the attendance and minutes of their subtree (committee view).
    Rule {
        entity: Entity::CheckIn,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::AttendanceMark,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::Minutes,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    // Tasks (issue 14) live with their assignee: the members of that cell or
    // organisation read them (never another cell's), and so do its committees and
    // those above (the oversight view). Only the office of the organisation that gave
    // a task edits, withdraws, confirms or returns it; a meeting's chair also makes
    // the tasks of its approved conclusions (`sync-server`'s task rules check which).
    Rule {
        entity: Entity::Task,
        actions: &[Read],
        titles: None,
        relations: &[Own, Same],
    },
    Rule {
        entity: Entity::Task,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::Task,
        actions: &[Create, Edit, Delete],
        titles: Some(OFFICE),
        relations: &[Assigner],
    },
    Rule {
        entity: Entity::Task,
        actions: &[Create, Edit],
        titles: None,
        relations: &[Chair],
    },
    // Reports and reviews are read like their task; reports are made by the assignee,
    // reviews by the assigning office. Events: never edited or deleted.
    Rule {
        entity: Entity::ProgressReport,
        actions: &[Read],
        titles: None,
        relations: &[Own, Same],
    },
    Rule {
        entity: Entity::ProgressReport,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::ProgressReport,
        actions: &[Create],
        titles: None,
        relations: &[Assignee],
    },
    Rule {
        entity: Entity::TaskReview,
        actions: &[Read],
        titles: None,
        relations: &[Own, Same],
    },
    Rule {
        entity: Entity::TaskReview,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::TaskReview,
        actions: &[Create],
        titles: Some(OFFICE),
        relations: &[Assigner],
    },
    // Files on a task or a report are read exactly like the task (never by a cell
    // below an organisation's task); the assigning office puts files on the task, the
    // assignee on their reports; whoever attached a file, or the assigning office,
    // removes it. A file never changes.
    Rule {
        entity: Entity::TaskFile,
        actions: &[Read],
        titles: None,
        relations: &[Own, Same],
    },
    Rule {
        entity: Entity::TaskFile,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::TaskFile,
        actions: &[Create, Delete],
        titles: Some(OFFICE),
        relations: &[Assigner],
    },
    Rule {
        entity: Entity::TaskFile,
        actions: &[Create],
        titles: None,
        relations: &[Assignee],
    },
    Rule {
        entity: Entity::TaskFile,
        actions: &[Delete],
        titles: None,
        relations: &[Own],
    },
    // A committee's schedule (issue 15) is read down its subtree like its documents
    // (its members, the organisations below) and by the committees above; its
    // committee and office publish it. A member's own entries are theirs alone: no
    // committee rule, so the server never selects them for anyone else.
    Rule {
        entity: Entity::ScheduleEntry,
        actions: &[Read],
        titles: None,
        relations: &[Same, Ancestor],
    },
    Rule {
        entity: Entity::ScheduleEntry,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Ancestor, Descendant],
    },
    Rule {
        entity: Entity::ScheduleEntry,
        actions: &[Create, Edit, Delete],
        titles: Some(OFFICE),
        relations: &[Same],
    },
    Rule {
        entity: Entity::PersonalEntry,
        actions: &[Read, Create, Edit, Delete],
        titles: None,
        relations: &[Own],
    },
    // Dues (issue 19). The rule table is read down the subtree like a committee's
    // documents and set by the committee of its organisation. Rules and bases are
    // never deleted (their ids are derived, and a deleted row never comes back): a rule
    // is retired, a basis set again. A member's basis and
    // payments are theirs and their cell's dues book: the member reads their own, the
    // cell's committee and office keep the book (the treasurer is one of them), the
    // committees above read it. Payments and remittances are events: created, never
    // edited or deleted (a correction is a reversing payment). A remittance is the
    // organisation's business with the level above: its office records it, offices
    // above read it.
    Rule {
        entity: Entity::DuesRule,
        actions: &[Read],
        titles: None,
        relations: &[Same, Ancestor],
    },
    Rule {
        entity: Entity::DuesRule,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Ancestor, Descendant],
    },
    Rule {
        entity: Entity::DuesRule,
        actions: &[Create, Edit],
        titles: Some(COMMITTEE),
        relations: &[Same],
    },
    Rule {
        entity: Entity::DuesBasis,
        actions: &[Read],
        titles: None,
        relations: &[Own],
    },
    Rule {
        entity: Entity::DuesBasis,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::DuesBasis,
        actions: &[Create, Edit],
        titles: Some(OFFICE),
        relations: &[Same],
    },
    Rule {
        entity: Entity::DuesPayment,
        actions: &[Read],
        titles: None,
        relations: &[Own],
    },
    Rule {
        entity: Entity::DuesPayment,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::DuesPayment,
        actions: &[Create],
        titles: Some(OFFICE),
        relations: &[Same],
    },
    Rule {
        entity: Entity::DuesRemittance,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::DuesRemittance,
        actions: &[Create],
        titles: Some(OFFICE),
        relations: &[Same],
    },
    // Evaluation (issue 19). A self-assessment is the member's own, read by the
    // committees that review it (the cell's and those above), never by fellow members.
    // Ratings are announced in the cell: its members read the cell's proposal and
    // decisions and their organisation's rating; the cell's committee and office
    // propose; a committee above decides (members and organisations).
    Rule {
        entity: Entity::SelfAssessment,
        actions: &[Read, Create, Edit],
        titles: None,
        relations: &[Own],
    },
    Rule {
        entity: Entity::SelfAssessment,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::RatingProposal,
        actions: &[Read],
        titles: None,
        relations: &[Same],
    },
    Rule {
        entity: Entity::RatingProposal,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::RatingProposal,
        actions: &[Create, Edit],
        titles: Some(OFFICE),
        relations: &[Same],
    },
    Rule {
        entity: Entity::RatingDecision,
        actions: &[Read],
        titles: None,
        relations: &[Own, Same],
    },
    Rule {
        entity: Entity::RatingDecision,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::RatingDecision,
        actions: &[Create, Edit],
        titles: Some(COMMITTEE),
        relations: &[Descendant],
    },
    Rule {
        entity: Entity::OrgRating,
        actions: &[Read],
        titles: None,
        relations: &[Same],
    },
    Rule {
        entity: Entity::OrgRating,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::OrgRating,
        actions: &[Create, Edit],
        titles: Some(COMMITTEE),
        relations: &[Descendant],
    },
    // Information exchange (issue 16). An announcement copy, a comment on it or on a
    // document, a published question and answer, a draft and its open opinions are read
    // like a document: down the subtree of their organisation, and by the offices above.
    // A copy is written by the offices of its organisation and above (the server checks
    // the author sits at its sending organisation).
    Rule {
        entity: Entity::Announcement,
        actions: &[Read],
        titles: None,
        relations: &[Same, Ancestor],
    },
    Rule {
        entity: Entity::Announcement,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Ancestor, Descendant],
    },
    Rule {
        entity: Entity::Announcement,
        actions: &[Create, Edit, Delete],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    // A read receipt is the reader's, seen by the offices of their cell and above. Its
    // fields are all fixed, so an "edit" only restates it: the same receipt from the
    // member's second phone.
    Rule {
        entity: Entity::AnnouncementRead,
        actions: &[Read, Create, Edit],
        titles: None,
        relations: &[Own],
    },
    Rule {
        entity: Entity::AnnouncementRead,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    // Whoever reads the item comments on it; the author keeps reading, edits or
    // withdraws their own (also after moving away from the item's readers, so no
    // device edits a row it cannot hold); the committee of the item's organisation or
    // above hides (with a reason).
    Rule {
        entity: Entity::Comment,
        actions: &[Read, Create],
        titles: None,
        relations: &[Same, Ancestor],
    },
    Rule {
        entity: Entity::Comment,
        actions: &[Read, Create],
        titles: Some(OFFICE),
        relations: &[Same, Ancestor, Descendant],
    },
    Rule {
        entity: Entity::Comment,
        actions: &[Read, Edit, Delete],
        titles: None,
        relations: &[Own],
    },
    Rule {
        entity: Entity::Comment,
        actions: &[Delete],
        titles: Some(COMMITTEE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::MeetingComment,
        actions: &[Read, Create],
        titles: None,
        relations: &[Same],
    },
    Rule {
        entity: Entity::MeetingComment,
        actions: &[Read, Create],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::MeetingComment,
        actions: &[Read, Edit, Delete],
        titles: None,
        relations: &[Own],
    },
    Rule {
        entity: Entity::MeetingComment,
        actions: &[Delete],
        titles: Some(COMMITTEE),
        relations: &[Same, Descendant],
    },
    // A question and its answer are private to the asker and the committee asked (its
    // committee members and office), not the committees above.
    Rule {
        entity: Entity::Question,
        actions: &[Read, Create, Delete],
        titles: None,
        relations: &[Own],
    },
    Rule {
        entity: Entity::Question,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same],
    },
    Rule {
        entity: Entity::Answer,
        actions: &[Read],
        titles: None,
        relations: &[Own],
    },
    Rule {
        entity: Entity::Answer,
        actions: &[Read, Create, Edit],
        titles: Some(OFFICE),
        relations: &[Same],
    },
    Rule {
        entity: Entity::FaqEntry,
        actions: &[Read],
        titles: None,
        relations: &[Same, Ancestor],
    },
    Rule {
        entity: Entity::FaqEntry,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Ancestor, Descendant],
    },
    Rule {
        entity: Entity::FaqEntry,
        actions: &[Create, Edit, Delete],
        titles: Some(OFFICE),
        relations: &[Same],
    },
    // A draft is opened by its organisation's office; an opinion is its author's, seen
    // by the committees, and by the draft's readers only when the draft says so
    // (`OpenOpinion`).
    Rule {
        entity: Entity::Draft,
        actions: &[Read],
        titles: None,
        relations: &[Same, Ancestor],
    },
    Rule {
        entity: Entity::Draft,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Ancestor, Descendant],
    },
    Rule {
        entity: Entity::Draft,
        actions: &[Create, Edit, Delete],
        titles: Some(OFFICE),
        relations: &[Same],
    },
    Rule {
        entity: Entity::Opinion,
        actions: &[Read, Create, Edit, Delete],
        titles: None,
        relations: &[Own],
    },
    Rule {
        entity: Entity::Opinion,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::OpenOpinion,
        actions: &[Read, Create, Edit, Delete],
        titles: None,
        relations: &[Own],
    },
    Rule {
        entity: Entity::OpenOpinion,
        actions: &[Read],
        titles: None,
        relations: &[Same, Ancestor],
    },
    Rule {
        entity: Entity::OpenOpinion,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Ancestor, Descendant],
    },
    // Membership transfer (issue 19). The sender's transfer sits at the sending cell:
    // its committee, or a committee above it, issues and cancels it; the receiver's
    // copy sits at the receiving cell (made by the server): its committee, or one
    // above, confirms or refuses it. The office reads both sides; the member reads
    // their own transfer.
    Rule {
        entity: Entity::Transfer,
        actions: &[Read],
        titles: None,
        relations: &[Own],
    },
    Rule {
        entity: Entity::Transfer,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::Transfer,
        actions: &[Create, Edit],
        titles: Some(COMMITTEE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::TransferIn,
        actions: &[Read],
        titles: None,
        relations: &[Own],
    },
    Rule {
        entity: Entity::TransferIn,
        actions: &[Read],
        titles: Some(OFFICE),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::TransferIn,
        actions: &[Edit],
        titles: Some(COMMITTEE),
        relations: &[Same, Descendant],
    },
    // Inspection and discipline (issue 17). Case material sits at the inspecting
    // organisation: read by its committee and inspection committee and the same at
    // every level above, written by the inspection committee and the leaders there.
    // The inspection committee follows up its conclusions' recommendations: it gives
    // them as tasks, reads them and their progress below it, and confirms or returns
    // them. The server holds an inspection post that is not on the office to tasks
    // that are a case's recommendations (`sync-server` tasks rules).
    Rule {
        entity: Entity::Task,
        actions: &[Create, Edit],
        titles: Some(INSPECTORS),
        relations: &[Assigner],
    },
    Rule {
        entity: Entity::Task,
        actions: &[Read],
        titles: Some(INSPECTORS),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::ProgressReport,
        actions: &[Read],
        titles: Some(INSPECTORS),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::TaskReview,
        actions: &[Read],
        titles: Some(INSPECTORS),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::TaskReview,
        actions: &[Create],
        titles: Some(INSPECTORS),
        relations: &[Assigner],
    },
    Rule {
        entity: Entity::InspectionPlan,
        actions: &[Read],
        titles: Some(CASE_READERS),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::InspectionPlan,
        actions: &[Create, Edit, Delete],
        titles: Some(PLAN_WRITERS),
        relations: &[Same],
    },
    Rule {
        entity: Entity::Inspection,
        actions: &[Read],
        titles: Some(CASE_READERS),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::Inspection,
        actions: &[Create, Edit, Delete],
        titles: Some(CASE_WRITERS),
        relations: &[Same],
    },
    Rule {
        entity: Entity::CaseNote,
        actions: &[Read],
        titles: Some(CASE_READERS),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::CaseNote,
        actions: &[Create, Edit, Delete],
        titles: Some(CASE_WRITERS),
        relations: &[Same],
    },
    Rule {
        entity: Entity::CaseFile,
        actions: &[Read],
        titles: Some(CASE_READERS),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::CaseFile,
        actions: &[Create, Delete],
        titles: Some(CASE_WRITERS),
        relations: &[Same],
    },
    // A notice sits with the inspected: its committee reads it, a member inspected
    // reads their own; the inspecting body writes it from its level or above.
    Rule {
        entity: Entity::InspectionNotice,
        actions: &[Read],
        titles: None,
        relations: &[Own],
    },
    Rule {
        entity: Entity::InspectionNotice,
        actions: &[Read],
        titles: Some(CASE_READERS),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::InspectionNotice,
        actions: &[Create, Edit],
        titles: Some(CASE_WRITERS),
        relations: &[Same, Descendant],
    },
    // A discipline record sits with its subject: the member reads their own, the
    // committee there and the levels above read it; a body at or above decides.
    Rule {
        entity: Entity::Discipline,
        actions: &[Read],
        titles: None,
        relations: &[Own],
    },
    Rule {
        entity: Entity::Discipline,
        actions: &[Read],
        titles: Some(CASE_READERS),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::Discipline,
        actions: &[Create, Edit, Delete],
        titles: Some(CASE_WRITERS),
        relations: &[Same, Descendant],
    },
    // The member disciplined lodges an appeal (an organisation's leaders lodge
    // theirs); a body above the deciding one records the outcome.
    Rule {
        entity: Entity::Appeal,
        actions: &[Read, Create],
        titles: None,
        relations: &[Own],
    },
    Rule {
        entity: Entity::Appeal,
        actions: &[Read],
        titles: Some(CASE_READERS),
        relations: &[Same, Descendant],
    },
    Rule {
        entity: Entity::Appeal,
        actions: &[Create],
        titles: Some(LEADERS),
        relations: &[Same],
    },
    Rule {
        entity: Entity::Appeal,
        actions: &[Edit],
        titles: Some(CASE_WRITERS),
        relations: &[Descendant],
    },
];

/// Whether `role`, standing in `relation` to the row's organisation, may do `action`.
pub fn allows(entity: Entity, action: Action, role: Role, relation: Relation) -> bool {
    RULES.iter().any(|r| {
        r.entity == entity
            && r.actions.contains(&action)
            && r.relations.contains(&relation)
            && match (r.titles, role) {
                (None, _) => true,
                (Some(ts), Role::Position(t)) => ts.contains(&t),
                (Some(_), Role::Member) => false,
            }
    })
}

/// Duties that are not about one row: reading the audit log of an organisation's
/// subtree. Devices and enrollment codes are not here: they follow the member's row
/// (whoever may `Edit` a member administers their devices and issues their codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Duty {
    /// Read who changed what in the organisation and below it.
    ReadAudit,
}

/// (duty, titles, relations of the organisation asked about to the position's).
const DUTIES: &[(Duty, &[PositionTitle], &[Relation])] =
    &[(Duty::ReadAudit, OFFICE, &[Same, Descendant])];

/// Whether a position with `title`, standing in `relation` to the organisation asked
/// about, may perform `duty`. Plain membership performs none.
pub fn allows_duty(duty: Duty, role: Role, relation: Relation) -> bool {
    let Role::Position(title) = role else {
        return false;
    };
    DUTIES
        .iter()
        .any(|(d, ts, rels)| *d == duty && ts.contains(&title) && rels.contains(&relation))
}

/// Administering a member (DESIGN §5): issuing their enrollment codes, listing,
/// renaming and revoking their devices, editing their record (identity, status, cell)
/// or deleting it, and changing or removing the positions they hold.
///
/// A member stands at their cell and at the organisation of every position they hold.
/// `levels` gives, for each of those organisations, the actor's (role, relation) grants
/// towards it. The actor administers the member only when EVERY level lets them keep
/// member records there (the office of that organisation or of one above it): no level
/// administers someone who outranks it, so a provincial leader who belongs to a cell is
/// administered from the province, not by the cell's office. No level at all: nobody.
pub fn administers_member<'a>(levels: impl IntoIterator<Item = &'a [(Role, Relation)]>) -> bool {
    let mut any = false;
    for grants in levels {
        any = true;
        if !decide(ADMINISTER.0, ADMINISTER.1, grants) {
            return false;
        }
    }
    any
}

/// The table's row that [`administers_member`] asks at each level: keeping a member
/// record there.
pub const ADMINISTER: (Entity, Action) = (Entity::Member, Edit);

/// Whether any of the actor's (role, relation) pairs for a row grants the action.
pub fn decide(entity: Entity, action: Action, grants: &[(Role, Relation)]) -> bool {
    grants
        .iter()
        .any(|&(role, rel)| allows(entity, action, role, rel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_member_cannot_edit_members_of_own_cell() {
        assert!(!allows(Entity::Member, Edit, Role::Member, Same));
        assert!(allows(Entity::Member, Read, Role::Member, Same));
    }

    #[test]
    fn audit_is_read_by_committees_over_their_subtree_only() {
        let s = Role::Position(Secretary);
        assert!(allows_duty(Duty::ReadAudit, s, Descendant));
        assert!(allows_duty(
            Duty::ReadAudit,
            Role::Position(OfficeStaff),
            Same
        ));
        assert!(!allows_duty(Duty::ReadAudit, s, Ancestor));
        assert!(!allows_duty(Duty::ReadAudit, Role::Member, Same));
    }

    #[test]
    fn documents_are_read_down_the_tree_and_issued_by_their_own_committee() {
        let d = Entity::Document;
        assert!(allows(d, Read, Role::Member, Ancestor));
        assert!(!allows(d, Read, Role::Member, Descendant));
        assert!(!allows(d, Create, Role::Member, Same));
        assert!(allows(d, Read, Role::Position(OfficeStaff), Descendant));
        assert!(allows(d, Create, Role::Position(OfficeStaff), Same));
        assert!(!allows(d, Edit, Role::Position(Secretary), Descendant));
    }

    #[test]
    fn study_notes_are_the_members_alone_and_read_marks_reach_committees() {
        let n = Entity::StudyNote;
        assert!(allows(n, Read, Role::Member, Own));
        for rel in [Same, Descendant, Ancestor] {
            for t in OFFICE {
                assert!(!allows(n, Read, Role::Position(*t), rel));
            }
            assert!(!allows(n, Read, Role::Member, rel));
        }
        let r = Entity::ReadMark;
        assert!(allows(r, Read, Role::Position(Secretary), Descendant));
        assert!(!allows(r, Read, Role::Member, Same));
        assert!(!allows(r, Edit, Role::Position(Secretary), Descendant));
    }

    #[test]
    fn a_member_is_administered_only_from_the_highest_level_they_stand_at_or_above() {
        let office = |t| Role::Position(t);
        // A cell's secretary: the member's cell is Same, their district post Ancestor.
        let cell_sec = [(office(Secretary), Same)];
        let cell_sec_above = [(office(Secretary), Ancestor)];
        assert!(administers_member([&cell_sec[..]]));
        assert!(!administers_member([&cell_sec[..], &cell_sec_above[..]]));
        // The district's office staff: the cell is below, the district post Same.
        let below = [(office(OfficeStaff), Descendant)];
        let same = [(office(OfficeStaff), Same)];
        assert!(administers_member([&below[..], &same[..]]));
        // Plain membership of the same cell administers nobody; nor does no level.
        assert!(!administers_member([&[(Role::Member, Same)][..]]));
        assert!(!administers_member(
            std::iter::empty::<&[(Role, Relation)]>()
        ));
    }

    #[test]
    fn committee_reads_subtree_but_not_sibling_orgs() {
        let c = Role::Position(CommitteeMember);
        assert!(allows(Entity::Member, Read, c, Descendant));
        assert!(!allows(Entity::Member, Read, c, Ancestor));
    }
}
