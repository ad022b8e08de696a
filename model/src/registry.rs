//! The one list of every request and every kind of answer; everything else about a
//! request (its fields, its answer, whether it is online) is declared in its feature's
//! `requests` module. From this list come the wire enums [`Request`] and [`Response`],
//! their conversions, and (through [`for_each_request!`](crate::for_each_request)) the
//! replica's dispatch. Adding a request: declare it in the feature, then name it here.

use crate::api::{mismatch, Answer, ApiError, Call};
use serde::{Deserialize, Serialize};

/// Calls `$callback! { local { module: Name, …; … } device { … } online { … } }` with
/// every request, grouped by the feature module whose `requests` declares it. `local`
/// requests are answered from the device's copy (its database and clock), `device`
/// ones from the device's own state beyond it (status, the PIN lock), `online` ones by
/// the server.
#[macro_export]
macro_rules! for_each_request {
    ($callback:ident) => {
        $callback! {
            local {
                sync: ListRejected, DismissRejected;
                administration: ListOrgs, ListMembers, GetMember, CreateOrg, CreateMember,
                    UpdateMember, DeleteMember, ListPositions, AssignPosition, RemovePosition,
                    TransferMember, SetMemberStatus, ImportMembers;
                library: CreateDocument, UpdateDocument, DeleteDocument, ListDocuments,
                    GetDocument, SearchDocuments, AttachFile, BeginUpload, UploadChunk,
                    CancelUpload, RemoveAttachment, ListAttachments,
                    OpenAttachment, UnpinAttachment, BlobStorage, FreeBlobStorage,
                    ImportDocuments, MarkRead, SetBookmark, SaveStudyNote, GetMyStudy,
                    ListBookmarks, AssignStudy, DeleteStudyAssignment, ListStudyAssignments,
                    StudyProgress;
                meetings: CreateMeeting, UpdateMeeting, CancelMeeting, ListMeetings,
                    UpcomingMeetings, GetMeeting, ShowCheckInCode, CheckIn, VerifyCheckInCode,
                    MarkAttendance, GetAttendance, CreateMinutes, UpdateMinutes, ApproveMinutes,
                    ListMinutes, GetMinutesExport, ExportMinutes, OpenExport, MeetingStats;
                tasks: CreateTask, UpdateTask, DeleteTask, ReportProgress, ReviewTask, ListTasks,
                    GetTask, TaskStats;
                schedule: CreateScheduleEntry, UpdateScheduleEntry, DeleteScheduleEntry,
                    GetScheduleEntry, GetAgenda, AgendaReminders, ExportAgenda, SetReminderLead,
                    GetReminderLead;
                dues: SetDuesRule, DeleteDuesRule, ListDuesRules, SetDuesBasis,
                    RecordDuesPayment, ReverseDuesPayment, DuesStatus, GetCellDues, DuesReport,
                    RecordRemittance;
                evaluation: SubmitSelfAssessment, ProposeRatings, RateMember, RateOrg,
                    ListEvaluations;
                oversight: OversightReport, ExportOversight, ExportOversightReport, OversightItems;
                exchange: CreateAnnouncement, ListAnnouncements, MarkAnnouncementRead,
                    GetAnnouncementReads, RemindAnnouncement, AddComment, EditComment,
                    WithdrawComment, HideComment, ListComments, AskQuestion, AnswerQuestion,
                    PublishFaq, UnpublishFaq, ListQuestions, SearchFaq, OpenDraft, ListDrafts,
                    GetDraft, GiveOpinion, ExportOpinions, ExchangeNotices;
                inspection: ListInspections, GetInspection, CreateInspectionPlan,
                    CreateInspection, UpdateInspection, AddCaseNote, RecordFinding,
                    ConcludeInspection, CloseInspection, RecordDiscipline, LodgeAppeal,
                    DecideAppeal, InspectionReport, ExportInspectionReport;
                transfers: IssueTransfer, ConfirmTransfer, RefuseTransfer, CancelTransfer,
                    HandOverTransfer, ListTransfers;
                lists: ExportList, PrintText;
            }
            device {
                sync: Status;
                lock: SetPin, Unlock, Lock;
            }
            online {
                sync: SyncNow;
                devices: Enroll, IssueEnrollCode, ListDevices, RenameDevice, RevokeDevice,
                    ListAudit;
                library: FetchAttachment, PinAttachment;
            }
        }
    };
}

macro_rules! define_requests {
    (
        local { $($lm:ident : $($l:ident),+ ;)* }
        device { $($dm:ident : $($d:ident),+ ;)* }
        online { $($om:ident : $($o:ident),+ ;)* }
    ) => {
        define_requests! {
            offline { $($lm: $($l),+;)* $($dm: $($d),+;)* }
            online { $($om: $($o),+;)* }
        }
    };
    (
        offline { $($lm:ident : $($l:ident),+ ;)* }
        online { $($om:ident : $($o:ident),+ ;)* }
    ) => {
        /// Every request type by its wire name, whichever feature declares it.
        pub mod requests {
            $(pub use crate::$lm::requests::{$($l),+};)*
            $(pub use crate::$om::requests::{$($o),+};)*
        }

        /// A request in its wire form, as the Tauri command, the headless host and the
        /// CLI carry it. Front ends send a typed [`Call`] instead.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "type", rename_all = "snake_case")]
        pub enum Request {
            $($($l(requests::$l),)+)*
            $($($o(requests::$o),)+)*
        }

        $($(impl From<requests::$l> for Request {
            fn from(r: requests::$l) -> Request {
                Request::$l(r)
            }
        })+)*
        $($(impl From<requests::$o> for Request {
            fn from(r: requests::$o) -> Request {
                Request::$o(r)
            }
        })+)*

        impl Request {
            /// The `"type"` this request carries on the wire.
            pub fn tag(&self) -> &'static str {
                match self {
                    $($(Request::$l(_) => <requests::$l as Call>::TAG,)+)*
                    $($(Request::$o(_) => <requests::$o as Call>::TAG,)+)*
                }
            }

            /// Answered by the server rather than the local copy.
            pub fn online(&self) -> bool {
                match self {
                    $($(Request::$l(_) => <requests::$l as Call>::ONLINE,)+)*
                    $($(Request::$o(_) => <requests::$o as Call>::ONLINE,)+)*
                }
            }
        }

        // A request listed in the wrong group does not compile.
        const _: () = {
            $($(assert!(!<requests::$l as Call>::ONLINE);)+)*
            $($(assert!(<requests::$o as Call>::ONLINE);)+)*
        };
    };
}

crate::for_each_request!(define_requests);

/// `Response` and one [`Answer`] impl per variant: `Name(T)` answers `T` (its fields
/// flattened on the wire), `Name { field: T }` answers `T`, `Name` answers `()`.
macro_rules! define_answers {
    ($($(#[$meta:meta])* $name:ident $(($flat:ty))? $({ $field:ident : $inner:ty })?,)*) => {
        /// An answer in its wire form.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "type", rename_all = "snake_case")]
        pub enum Response {
            $($(#[$meta])* $name $(($flat))? $({ $field: $inner })?,)*
        }

        impl Response {
            /// The variant's name, for messages.
            pub fn kind(&self) -> &'static str {
                match self {
                    $(Response::$name { .. } => stringify!($name),)*
                }
            }
        }

        $(define_answers!(@impl $name $(($flat))? $({ $field: $inner })?);)*
    };
    (@impl $name:ident ($flat:ty)) => {
        impl Answer for $flat {
            fn into_response(self) -> Response {
                Response::$name(self)
            }
            fn from_response(response: Response) -> Result<Self, ApiError> {
                match response {
                    Response::$name(a) => Ok(a),
                    other => Err(mismatch(&other)),
                }
            }
        }
    };
    (@impl $name:ident { $field:ident : $inner:ty }) => {
        impl Answer for $inner {
            fn into_response(self) -> Response {
                Response::$name { $field: self }
            }
            fn from_response(response: Response) -> Result<Self, ApiError> {
                match response {
                    Response::$name { $field } => Ok($field),
                    other => Err(mismatch(&other)),
                }
            }
        }
    };
    (@impl $name:ident) => {
        impl Answer for () {
            fn into_response(self) -> Response {
                Response::$name
            }
            fn from_response(response: Response) -> Result<Self, ApiError> {
                match response {
                    Response::$name => Ok(()),
                    other => Err(mismatch(&other)),
                }
            }
        }
    };
}

use crate::devices::EnrollCode;
use crate::dues::api::{CellDues, MemberDues, OrgDues, RuleView};
use crate::entities::{Member, Organisation, Position};
use crate::evaluation::api::EvaluationList;
use crate::exchange::api::{
    AnnouncementReads, Announcements, CommentView, DraftView, Drafts, Notices, Questions,
};
use crate::exchange::FaqEntry;
use crate::ids::Id;
use crate::inspection::api::{InspectionCase, InspectionFigures, InspectionList};
use crate::library::{
    AssignmentInfo, AttachmentFile, AttachmentInfo, BlobStorage, Document, DocumentPage, MyStudy,
    SearchHit, StudyReport, UploadProgress,
};
use crate::meetings::api::{CheckInCode, MeetingCard, MeetingView, OrgMeetingStats, Reminder};
use crate::meetings::{AttendanceList, Minutes, MinutesExport};
use crate::oversight::{Oversight, OversightItemList};
use crate::protocol::{AuditPage, DeviceInfo};
use crate::schedule::api::EntryView;
use crate::schedule::{AgendaItem, Reminder as AgendaReminder};
use crate::sync::{RejectedChange, Status, SyncReport};
use crate::tasks::api::{OrgTaskCounts, TaskCard, TaskView};
use crate::transfer::{ExportedFile, ImportReport};
use crate::transfers::api::TransferList;

define_answers! {
    Status(Status),
    Synced(SyncReport),
    Orgs { orgs: Vec<Organisation> },
    Members { members: Vec<Member> },
    Member { member: Member },
    Positions { positions: Vec<Position> },
    Created { id: Id },
    Rejected { rejected: Vec<RejectedChange> },
    ImportReport(ImportReport),
    Done,
    EnrollCode(EnrollCode),
    Devices { devices: Vec<DeviceInfo> },
    Device { device: DeviceInfo },
    Audit(AuditPage),
    Documents(DocumentPage),
    Document { document: Document },
    SearchResults { hits: Vec<SearchHit> },
    Meetings { meetings: Vec<MeetingCard> },
    UpcomingMeetings { meetings: Vec<Reminder> },
    Meeting { meeting: Box<MeetingView> },
    CheckInCode(CheckInCode),
    Attendance { attendance: AttendanceList },
    MinutesVersions { minutes: Vec<Minutes> },
    MinutesExport(Box<MinutesExport>),
    MeetingStats { orgs: Vec<OrgMeetingStats> },
    /// A file written on this device: its full `path` and its file `name`.
    ExportedFile(ExportedFile),
    Attachments { attachments: Vec<AttachmentInfo> },
    AttachmentFile(AttachmentFile),
    BlobStorage(BlobStorage),
    UploadProgress(UploadProgress),
    MyStudy(MyStudy),
    StudyAssignments { assignments: Vec<AssignmentInfo> },
    StudyProgress(StudyReport),
    Tasks { tasks: Vec<TaskCard> },
    Task { task: Box<TaskView> },
    TaskStats { orgs: Vec<OrgTaskCounts> },
    Agenda { items: Vec<AgendaItem> },
    AgendaReminders { reminders: Vec<AgendaReminder> },
    ReminderLead { lead_minutes: u32 },
    ScheduleEntry { entry: EntryView },
    Dues(MemberDues),
    CellDues(CellDues),
    DuesReport { orgs: Vec<OrgDues> },
    DuesRules { rules: Vec<RuleView> },
    Evaluations(EvaluationList),
    Oversight(Box<Oversight>),
    Announcements(Announcements),
    AnnouncementReads(AnnouncementReads),
    Comments { comments: Vec<CommentView> },
    Questions(Questions),
    Faq { entries: Vec<FaqEntry> },
    Drafts(Drafts),
    Draft { draft: Box<DraftView> },
    Notices(Notices),
    Transfers(TransferList),
    Inspections(InspectionList),
    InspectionCase { case: Box<InspectionCase> },
    InspectionReport(InspectionFigures),
    OversightItems(Box<OversightItemList>),
}
