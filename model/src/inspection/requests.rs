//! The inspection requests (issue 17): local reads and writes, judged by the server at
//! sync like every other change.

use super::api::{InspectionCase, InspectionFigures, InspectionList};
use super::case::{InspectionKind, NoteKind};
use super::discipline::{AppealOutcome, DisciplineForm};
use crate::call;
use crate::ids::Id;
use crate::transfer::ExportedFile;
use serde::{Deserialize, Serialize};

/// With `org_id`: the organisation's plans and cases (those it runs and, for a body
/// above, those its subtree runs), notices sent to it and discipline records of its
/// subtree, as far as this device may read them. Without: this device's member's own
/// notices and records.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListInspections {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u32>,
}
call!(ListInspections, "list_inspections" => InspectionList);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GetInspection {
    pub id: Id,
}
call!(GetInspection, "get_inspection" => Box<InspectionCase>);

/// The organisation's plan for a year (one per year: a second call rewrites its title
/// and note). Answers its id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreateInspectionPlan {
    pub org_id: Id,
    pub year: u32,
    pub title: String,
    #[serde(default)]
    pub note: String,
}
call!(CreateInspectionPlan, "create_inspection_plan" => Id);

/// A programme of a plan: what kind, whom (lower organisations or members), what
/// content, which team and when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreateInspection {
    pub plan_id: Id,
    pub kind: InspectionKind,
    pub title: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub subject_org_ids: Vec<Id>,
    #[serde(default)]
    pub subject_member_ids: Vec<Id>,
    #[serde(default)]
    pub team_ids: Vec<Id>,
    pub from_date: String,
    pub to_date: String,
}
call!(CreateInspection, "create_inspection" => Id);

/// Change a case before it is concluded: its wording, team, period, the team's draft
/// conclusion, or start it (`working`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UpdateInspection {
    pub id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_ids: Option<Vec<Id>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft_conclusion: Option<String>,
    #[serde(default)]
    pub start: bool,
}
call!(UpdateInspection, "update_inspection" => ());

/// A line of the case's work: the team's schedule, a document requested or received.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddCaseNote {
    pub inspection_id: Id,
    pub kind: NoteKind,
    pub on_date: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_id: Option<Id>,
}
call!(AddCaseNote, "add_case_note" => Id);

/// A finding of the team about one subject, a violation or not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordFinding {
    pub inspection_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_id: Option<Id>,
    pub text: String,
    #[serde(default)]
    pub violation: bool,
    /// yyyy-mm-dd; today when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_date: Option<String>,
}
call!(RecordFinding, "record_finding" => Id);

/// One recommendation of a conclusion: a task for an inspected organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    pub org_id: Id,
    pub title: String,
    #[serde(default)]
    pub content: String,
    pub due_date: String,
}

/// The body's conclusion. With `notify`, each subject receives it (a notice at the
/// organisation or the member's cell) and each recommendation becomes a task given by
/// the inspecting organisation to the inspected one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConcludeInspection {
    pub inspection_id: Id,
    pub conclusion: String,
    #[serde(default)]
    pub recommendations: Vec<Recommendation>,
    #[serde(default = "yes")]
    pub notify: bool,
}
call!(ConcludeInspection, "conclude_inspection" => ());

fn yes() -> bool {
    true
}

/// Close the follow-up of a concluded case once every recommendation's task is
/// confirmed done.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CloseInspection {
    pub inspection_id: Id,
}
call!(CloseInspection, "close_inspection" => ());

/// A discipline decision on a member (`member_id`) or an organisation (`org_id`),
/// decided by the committee or inspection committee of `decided_by_org_id`, where
/// this device's member sits. Answers its id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordDiscipline {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<Id>,
    pub form: DisciplineForm,
    pub violation: String,
    pub decided_by_org_id: Id,
    pub decided_on: String,
    #[serde(default)]
    pub decision_no: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inspection_id: Option<Id>,
}
call!(RecordDiscipline, "record_discipline" => Id);

/// The member disciplined appeals (khiếu nại). Answers the appeal's id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LodgeAppeal {
    pub discipline_id: Id,
    pub text: String,
}
call!(LodgeAppeal, "lodge_appeal" => Id);

/// A body above the deciding one decides an appeal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecideAppeal {
    pub appeal_id: Id,
    pub outcome: AppealOutcome,
    #[serde(default)]
    pub note: String,
    pub decided_by_org_id: Id,
}
call!(DecideAppeal, "decide_appeal" => ());

/// Counts for a year: the organisation and each directly below it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InspectionReport {
    pub org_id: Id,
    pub year: u32,
}
call!(InspectionReport, "inspection_report" => InspectionFigures);

/// The same counts as an .xlsx workbook in the device's exports folder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportInspectionReport {
    pub org_id: Id,
    pub year: u32,
}
call!(ExportInspectionReport, "export_inspection_report" => ExportedFile);
