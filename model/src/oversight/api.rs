//! The Api's oversight types (issue 18): what `oversight_report` answers.

use super::light::Light;
use super::period::Period;
use crate::entities::OrgKind;
use crate::ids::Id;
use crate::tasks::TaskCounts;
use serde::{Deserialize, Serialize};

/// Members of a subtree.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberFigures {
    pub full: u32,
    pub probationary: u32,
    /// Joined the Party (joined date) in the period.
    pub joined: u32,
    /// Left the Party or died (as recorded now).
    pub left: u32,
}

/// Meetings of a subtree in the period (held: started and not cancelled).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingFigures {
    pub held: u32,
    pub convened: u32,
    pub present: u32,
}

/// Study assignments due in the period: member-readings owed and finished.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudyFigures {
    pub assigned: u32,
    pub finished: u32,
}

/// Dues of the subtree's members for the period's months, in đồng.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuesFigures {
    pub expected: i64,
    pub collected: i64,
}

/// Announcements sent in the period that reached the subtree's members (issue 16's
/// copies): each copy counts every live (full or probationary) member of the subtree it
/// reaches (its receiving organisation is the member's cell or one above it) as a
/// recipient, and those of them holding a read receipt for it as readers. A member
/// reached by three copies counts three times. The sender's view
/// (`GetAnnouncementReads`) counts the same way, one copy at a time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementFigures {
    pub recipients: u32,
    pub readers: u32,
}

/// Inspection and discipline (issue 17): programmes running in the period and the
/// violations found in them, discipline decided in the period, and the recommendations
/// of those programmes given as tasks with how many are confirmed done. Counted from the
/// rows the device holds, so only by someone who may read the cases (see
/// [`Oversight::cases_visible`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFigures {
    pub programmes: u32,
    pub violations: u32,
    pub disciplines: u32,
    pub recommendations: u32,
    pub done: u32,
}

impl CaseFigures {
    pub fn is_empty(&self) -> bool {
        *self == CaseFigures::default()
    }
}

/// Everything counted for one organisation's subtree.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub members: MemberFigures,
    pub meetings: MeetingFigures,
    /// Tasks due in the period (open: due in it and not yet late).
    pub tasks: TaskCounts,
    pub study: StudyFigures,
    pub dues: DuesFigures,
    /// Members' decided ratings for the period's year: excellent, good, completed, not
    /// completed, not yet decided.
    pub ratings: [u32; 5],
    /// Absent from answers recorded before it was counted.
    #[serde(default)]
    pub announcements: AnnouncementFigures,
    /// Absent from answers recorded before it was counted, and left out when nothing
    /// was (so those answers keep their exact wire form).
    #[serde(default, skip_serializing_if = "CaseFigures::is_empty")]
    pub cases: CaseFigures,
}

/// One organisation on the dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgFigures {
    pub org_id: Id,
    pub org_name: String,
    pub kind: OrgKind,
    pub figures: Figures,
    pub light: Light,
    /// Why the light is not green, in Vietnamese.
    pub reasons: Vec<String>,
    /// Organisations below it (a drill-down leads somewhere).
    pub has_below: bool,
}

/// One month of the asked organisation's subtree (the lines of the charts).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthFigures {
    /// `yyyy-mm`.
    pub month: String,
    pub meetings: MeetingFigures,
    pub dues: DuesFigures,
}

/// Answer type `oversight`: the organisation itself first, then each directly below
/// it (worst light first, then by name), and its months.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Oversight {
    pub org_id: Id,
    pub org_name: String,
    pub period: Period,
    /// The organisations above it up to the highest this device oversees, root first
    /// (the breadcrumb).
    pub trail: Vec<(Id, String)>,
    pub orgs: Vec<OrgFigures>,
    pub months: Vec<MonthFigures>,
    /// The viewer sits on a committee or an inspection committee at the organisation or
    /// above it, so `cases` counts what they may read; otherwise the screen leaves
    /// inspection out (office staff hold no case and would see zeros).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cases_visible: bool,
}
