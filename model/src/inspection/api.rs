//! The Api's inspection types (issue 17): what the inspection requests answer. The
//! requests themselves are in [`super::requests`].

use super::case::{CaseNote, Inspection, InspectionPlan};
use super::discipline::{Appeal, Discipline, DisciplineForm, SubjectKind};
use super::notice::InspectionNotice;
use crate::ids::Id;
use crate::library::AttachmentInfo;
use crate::tasks::api::TaskCard;
use serde::{Deserialize, Serialize};

/// A subject or team member by name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub id: Id,
    pub name: String,
    pub kind: SubjectKind,
}

/// Recommendations given as tasks, and how many of them the inspecting body
/// confirmed done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub tasks: u32,
    pub done: u32,
}

/// A programme in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseCard {
    pub inspection: Inspection,
    /// The inspecting organisation's name.
    pub org_name: String,
    pub subjects: Vec<Named>,
    pub findings: u32,
    pub violations: u32,
    pub follow_up: FollowUp,
}

/// A discipline record with its names and appeals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DisciplineView {
    pub discipline: Discipline,
    /// The member's full name, or the organisation's name.
    pub subject_name: String,
    pub decided_by_name: String,
    pub appeals: Vec<Appeal>,
    /// This device's member is the one disciplined (or leads the organisation) and may
    /// appeal while no appeal is open.
    pub may_appeal: bool,
    /// This device's member sits on a body above the deciding one and may decide an
    /// open appeal.
    pub may_decide_appeal: bool,
}

/// Answer type `inspections`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InspectionList {
    pub plans: Vec<InspectionPlan>,
    pub cases: Vec<CaseCard>,
    /// Conclusions notified to the organisation asked about, or to this device's
    /// member.
    pub notices: Vec<InspectionNotice>,
    pub disciplines: Vec<DisciplineView>,
    /// This device's member may plan and work cases at the organisation asked about
    /// (its inspection committee or its leaders).
    pub may_plan: bool,
    /// This device's member may record discipline decided at that organisation.
    pub may_discipline: bool,
}

/// One case with its work: answer type `inspection_case`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InspectionCase {
    pub card: CaseCard,
    pub plan: Option<InspectionPlan>,
    pub team: Vec<Named>,
    pub notes: Vec<CaseNote>,
    pub files: Vec<AttachmentInfo>,
    pub notices: Vec<InspectionNotice>,
    /// The recommendations given as tasks.
    pub tasks: Vec<TaskCard>,
    pub disciplines: Vec<DisciplineView>,
    pub may_edit: bool,
}

/// One organisation's figures for a year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgInspectionCounts {
    pub org_id: Id,
    pub org_name: String,
    /// Programmes run by the organisation and the levels below it.
    pub programmes: u32,
    pub subjects: u32,
    pub findings: u32,
    pub violations: u32,
    /// Decisions on its subtree, in the order of [`DisciplineForm::ALL`].
    pub disciplines: [u32; 5],
    pub follow_up: FollowUp,
}

impl OrgInspectionCounts {
    pub fn discipline(&self, form: DisciplineForm) -> u32 {
        self.disciplines[form.slot()]
    }

    /// The follow-up rate in percent, none when no recommendation was given.
    pub fn follow_up_percent(&self) -> Option<u32> {
        (self.follow_up.tasks > 0).then(|| self.follow_up.done * 100 / self.follow_up.tasks)
    }
}

/// Answer type `inspection_report`: the organisation asked about, then each directly
/// below it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InspectionFigures {
    pub year: u32,
    pub orgs: Vec<OrgInspectionCounts>,
}
