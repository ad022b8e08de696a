//! The oversight Api calls the Theo dõi screen makes (issue 18): both answered from the
//! device's copy, offline.

use crate::transport::ask;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::oversight::requests::{ExportOversight, OversightReport};
use sotay_model::oversight::{Oversight, Period};

pub async fn report(org_id: Id, period: Period) -> Result<Oversight, ApiError> {
    ask(OversightReport {
        org_id,
        period: Some(period),
    })
    .await
    .map(|b| *b)
}

/// Write the dashboard as an .xlsx and deliver it; answers the file's name.
pub async fn export(org_id: Id, period: Period) -> Result<String, ApiError> {
    let name = ask(ExportOversight {
        org_id,
        period: Some(period),
    })
    .await?
    .name;
    crate::exports::deliver(&name, "oversight-export-download").await?;
    Ok(name)
}
