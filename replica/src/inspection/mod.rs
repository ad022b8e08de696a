//! Inspection and discipline on this device (issue 17). Being written: every request
//! answers "not yet" until the handlers land.

use crate::calls::{Cx, Local};
use sotay_model::api::{ApiError, ApiErrorKind, Call};
use sotay_model::inspection::requests::*;

macro_rules! not_yet {
    ($($t:ty),*) => {$(
        impl Local for $t {
            fn local(self, _cx: &mut Cx<'_>) -> Result<<$t as Call>::Answer, ApiError> {
                Err(ApiError::new(ApiErrorKind::Invalid, "Chức năng kiểm tra, giám sát đang được xây dựng"))
            }
        }
    )*};
}

not_yet!(
    ListInspections,
    GetInspection,
    CreateInspectionPlan,
    CreateInspection,
    UpdateInspection,
    AddCaseNote,
    RecordFinding,
    ConcludeInspection,
    CloseInspection,
    RecordDiscipline,
    LodgeAppeal,
    DecideAppeal,
    InspectionReport,
    ExportInspectionReport
);
