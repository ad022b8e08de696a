//! "Báo cáo": an organisation's year in counts, itself and each organisation directly
//! below it (programmes, subjects, findings, violations, decisions by form, the
//! follow-up rate), and "Xuất Excel" telling where the workbook was saved.

use super::form_key;
use crate::exports::Delivered;
use crate::hooks::use_app;
use crate::inspection::strings::InsKey;
use crate::lists::strings::ListsKey;
use sotay_model::api::ApiError;
use sotay_model::ids::Id;
use sotay_model::inspection::api::InspectionFigures;
use sotay_model::inspection::DisciplineForm;
use yew::platform::spawn_local;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReportProps {
    pub org_id: Id,
    pub year: u32,
}

/// A workbook written and how it reached the user.
#[derive(Clone, Debug, PartialEq)]
struct Saved {
    name: String,
    path: String,
    delivered: Result<Delivered, String>,
}

#[function_component(ReportPane)]
pub fn report_pane(p: &ReportProps) -> Html {
    let app = use_app();
    let figures = use_state(|| None::<Result<InspectionFigures, ApiError>>);
    let busy = use_state(|| false);
    let saved = use_state(|| None::<Result<Saved, String>>);
    let synced = app.status.as_ref().and_then(|s| s.last_synced_ms);
    {
        let figures = figures.clone();
        use_effect_with((p.org_id, p.year, synced), move |(org, year, _)| {
            let (org, year) = (*org, *year);
            spawn_local(async move {
                figures.set(Some(crate::inspection::client::report(org, year).await))
            });
        });
    }
    let export = {
        let (busy, saved, org, year) = (busy.clone(), saved.clone(), p.org_id, p.year);
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            let (busy, saved) = (busy.clone(), saved.clone());
            spawn_local(async move {
                let got = match crate::inspection::client::export(org, year).await {
                    Ok(file) => {
                        let delivered =
                            crate::exports::deliver(&file.name, "inspection-export-download")
                                .await
                                .map_err(|e| e.message);
                        Ok(Saved {
                            name: file.name,
                            path: file.path,
                            delivered,
                        })
                    }
                    Err(e) => Err(e.message),
                };
                saved.set(Some(got));
                busy.set(false);
            });
        })
    };
    let outcome = match &*saved {
        Some(Ok(s)) => match &s.delivered {
            Ok(Delivered::Downloaded) => html! {
                <p class="ok-text small" role="status" data-testid="inspection-exported">{ app.tf(ListsKey::Exported, &[&s.name]) }</p>
            },
            Ok(Delivered::Opened) => html! {
                <p class="ok-text small" role="status" data-testid="inspection-exported">{ app.tf(ListsKey::ExportedAt, &[&s.path]) }</p>
            },
            Err(why) => html! {
                <p class="error-text small" role="alert" data-testid="inspection-exported">{ app.tf(ListsKey::ExportedNotOpened, &[&s.path, why]) }</p>
            },
        },
        Some(Err(m)) => {
            html! { <p class="error-text small" role="alert" data-testid="inspection-export-error">{ m }</p> }
        }
        None => html! {},
    };
    let table = match &*figures {
        None => html! { <p class="muted">{ app.t(InsKey::Loading) }</p> },
        Some(Err(e)) => {
            html! { <p class="error-text" role="alert" data-testid="inspection-error">{ &e.message }</p> }
        }
        Some(Ok(f)) => {
            let pct = |v: Option<u32>| v.map(|v| format!("{v}%")).unwrap_or_else(|| "—".into());
            html! {
                <div class="table-scroll">
                    <table class="data-table" data-testid="inspection-report-table">
                        <thead>
                            <tr>
                                <th>{ app.t(InsKey::ColOrg) }</th>
                                <th>{ app.t(InsKey::ColProgrammes) }</th>
                                <th>{ app.t(InsKey::ColSubjects) }</th>
                                <th>{ app.t(InsKey::ColFindings) }</th>
                                <th>{ app.t(InsKey::ColViolations) }</th>
                                { for DisciplineForm::ALL.iter().map(|k| html! { <th>{ app.t(form_key(*k)) }</th> }) }
                                <th>{ app.t(InsKey::ColFollowUp) }</th>
                            </tr>
                        </thead>
                        <tbody>
                            { for f.orgs.iter().map(|o| html! {
                                <tr key={o.org_id.to_string()} data-testid="inspection-report-row" data-org-id={o.org_id.to_string()}>
                                    <td>{ &o.org_name }</td>
                                    <td class="mono" data-testid="inspection-report-programmes">{ o.programmes }</td>
                                    <td class="mono">{ o.subjects }</td>
                                    <td class="mono">{ o.findings }</td>
                                    <td class="mono" data-testid="inspection-report-violations">{ o.violations }</td>
                                    { for DisciplineForm::ALL.iter().map(|k| html! { <td class="mono">{ o.discipline(*k) }</td> }) }
                                    <td class="mono">{ format!("{}/{} · {}", o.follow_up.done, o.follow_up.tasks, pct(o.follow_up_percent())) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        }
    };
    html! {
        <div class="card printable" data-testid="inspection-report-pane">
            <div class="meeting-title-row">
                <h3 class="card-title">{ app.tf(InsKey::ReportOf, &[&p.year.to_string()]) }</h3>
                <span class="no-print">
                    <button type="button" class="btn btn-small" onclick={export} disabled={*busy} data-testid="inspection-export">
                        { app.t(if *busy { ListsKey::Exporting } else { ListsKey::ExportExcel }) }
                    </button>
                    <crate::lists::print::PrintButton testid="inspection-report-print" />
                </span>
            </div>
            { outcome }
            { table }
        </div>
    }
}
