//! Exporting lists: a local read written to the device's exports folder.

use super::ListKind;
use crate::call;
use crate::ids::Id;
use crate::transfer::ExportedFile;
use serde::{Deserialize, Serialize};

/// Write `list` of `org_id` as an .xlsx in the device's exports folder (a title row
/// naming the organisation, Vietnamese headers, one row per item, dates as dates).
/// The desktop opens it with `OpenExport`; a browser downloads it from the host.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportList {
    pub list: ListKind,
    pub org_id: Id,
}
call!(ExportList, "export_list" => ExportedFile);
