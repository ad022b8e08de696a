//! The oversight Api calls the Theo dõi screen makes (issue 18): all answered from the
//! device's copy, offline.

use crate::transport::ask;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::oversight::requests::{
    ExportOversight, ExportOversightReport, OversightItems, OversightReport,
};
use sotay_model::oversight::{ItemKind, Oversight, OversightItemList, Period};
use sotay_model::transfer::ExportFormat;

pub async fn report(org_id: Id, period: Period) -> Result<Oversight, ApiError> {
    ask(OversightReport {
        org_id,
        period: Some(period),
    })
    .await
    .map(|b| *b)
}

/// The items behind one figure of `org_id`'s dashboard.
pub async fn items(
    org_id: Id,
    period: Period,
    kind: ItemKind,
) -> Result<OversightItemList, ApiError> {
    ask(OversightItems {
        org_id,
        period: Some(period),
        kind,
    })
    .await
    .map(|b| *b)
}

/// Write the dashboard as an .xlsx (`None`) or the committee's report as .docx or PDF,
/// and deliver it; answers the file's name.
pub async fn export(
    org_id: Id,
    period: Period,
    report: Option<ExportFormat>,
) -> Result<String, ApiError> {
    let period = Some(period);
    let name = match report {
        None => ask(ExportOversight { org_id, period }).await?.name,
        Some(format) => {
            ask(ExportOversightReport {
                org_id,
                period,
                format,
            })
            .await?
            .name
        }
    };
    crate::exports::deliver(&name, "oversight-export-download").await?;
    Ok(name)
}
