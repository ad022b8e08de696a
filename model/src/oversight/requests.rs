//! The oversight requests (issue 18): read on the committee's device, offline.

use super::api::Oversight;
use super::items::{ItemKind, OversightItemList};
use super::period::Period;
use crate::call;
use crate::ids::Id;
use serde::{Deserialize, Serialize};

/// The dashboard of an organisation the device's member oversees (a post there or
/// above): its subtree's figures and those of each organisation directly below it,
/// over `period` (this month when absent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OversightReport {
    pub org_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
}
call!(OversightReport, "oversight_report" => Box<Oversight>);

/// The same dashboard as an Excel workbook in the device's exports folder: one sheet
/// per table (the organisations' figures, the months, the ratings).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportOversight {
    pub org_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
}
call!(ExportOversight, "export_oversight" => crate::transfer::ExportedFile);

/// The committee's monthly (or quarterly, yearly) report on the organisation as a
/// Word document or a PDF in the Party's document layout (báo cáo tình hình hoạt
/// động): the same figures as `oversight_report`, in the device's exports folder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportOversightReport {
    pub org_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    pub format: crate::transfer::ExportFormat,
}
call!(ExportOversightReport, "export_oversight_report" => crate::transfer::ExportedFile);

/// The items behind one figure of the same dashboard (the overdue tasks, the months a
/// cell held no meeting): exactly those the figure counts for `org_id` over `period`
/// (this month when absent), refused where the dashboard is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OversightItems {
    pub org_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    pub kind: ItemKind,
}
call!(OversightItems, "oversight_items" => Box<OversightItemList>);
