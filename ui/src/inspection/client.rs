//! The inspection Api calls the Kiểm tra, giám sát screens make (issue 17), each typed
//! by its request. All are answered from the device's copy; the replica syncs them in
//! the background and the server judges every change.

use crate::transport::ask;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::inspection::api::{InspectionCase, InspectionFigures, InspectionList};
use sotay_model::inspection::requests::*;
use sotay_model::inspection::{AppealOutcome, NoteKind};
use sotay_model::transfer::ExportedFile;

/// An organisation's plans, cases, notices and records for `year`.
pub async fn of_org(org_id: Id, year: u32) -> Result<InspectionList, ApiError> {
    ask(ListInspections {
        org_id: Some(org_id),
        year: Some(year),
    })
    .await
}

/// This device's member's own notices and records.
pub async fn mine() -> Result<InspectionList, ApiError> {
    ask(ListInspections::default()).await
}

pub async fn get(id: Id) -> Result<InspectionCase, ApiError> {
    Ok(*ask(GetInspection { id }).await?)
}

pub async fn create_plan(org_id: Id, year: u32, title: String) -> Result<Id, ApiError> {
    ask(CreateInspectionPlan {
        org_id,
        year,
        title,
        note: String::new(),
    })
    .await
}

pub async fn create(req: CreateInspection) -> Result<Id, ApiError> {
    ask(req).await
}

pub async fn update(req: UpdateInspection) -> Result<(), ApiError> {
    ask(req).await
}

/// Move a planned case to "đang tiến hành".
pub async fn start(id: Id) -> Result<(), ApiError> {
    update(UpdateInspection {
        id,
        title: None,
        content: None,
        team_ids: None,
        from_date: None,
        to_date: None,
        draft_conclusion: None,
        start: true,
    })
    .await
}

pub async fn save_draft(id: Id, draft: String) -> Result<(), ApiError> {
    update(UpdateInspection {
        id,
        title: None,
        content: None,
        team_ids: None,
        from_date: None,
        to_date: None,
        draft_conclusion: Some(draft),
        start: false,
    })
    .await
}

pub async fn add_note(
    inspection_id: Id,
    kind: NoteKind,
    on_date: String,
    text: String,
    subject_id: Option<Id>,
) -> Result<Id, ApiError> {
    ask(AddCaseNote {
        inspection_id,
        kind,
        on_date,
        text,
        subject_id,
    })
    .await
}

pub async fn record_finding(req: RecordFinding) -> Result<Id, ApiError> {
    ask(req).await
}

pub async fn conclude(req: ConcludeInspection) -> Result<(), ApiError> {
    ask(req).await
}

pub async fn close(inspection_id: Id) -> Result<(), ApiError> {
    ask(CloseInspection { inspection_id }).await
}

pub async fn record_discipline(req: RecordDiscipline) -> Result<Id, ApiError> {
    ask(req).await
}

pub async fn lodge_appeal(discipline_id: Id, text: String) -> Result<Id, ApiError> {
    ask(LodgeAppeal {
        discipline_id,
        text,
    })
    .await
}

pub async fn decide_appeal(
    appeal_id: Id,
    outcome: AppealOutcome,
    note: String,
    decided_by_org_id: Id,
) -> Result<(), ApiError> {
    ask(DecideAppeal {
        appeal_id,
        outcome,
        note,
        decided_by_org_id,
    })
    .await
}

pub async fn report(org_id: Id, year: u32) -> Result<InspectionFigures, ApiError> {
    ask(InspectionReport { org_id, year }).await
}

pub async fn export(org_id: Id, year: u32) -> Result<ExportedFile, ApiError> {
    ask(ExportInspectionReport { org_id, year }).await
}
