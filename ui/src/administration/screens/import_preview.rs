//! An import's preview, shared by the members sheet and the documents folder (issue
//! 20): the summary, a table saying row by row what will be created, changed, left as
//! it is or refused and why, the hint that nothing is written yet, and "Xác nhận
//! nhập" (disabled while any row is refused: an import is all or nothing) and "Hủy".

use crate::administration::strings::AdminKey;
use crate::hooks::AppHandle;
use sotay_model::transfer::{FieldChange, ImportReport, ImportRow, ImportStatus};
use yew::prelude::*;

/// What a row does, as the preview says it.
pub fn outcome(s: ImportStatus) -> AdminKey {
    match s {
        ImportStatus::Ok => AdminKey::ImportNew,
        ImportStatus::Changed => AdminKey::ImportChanged,
        ImportStatus::Unchanged => AdminKey::ImportUnchanged,
        ImportStatus::Rejected => AdminKey::ImportRefused,
    }
}

/// Counts of (new, changed, unchanged, refused) rows.
pub fn counts(r: &ImportReport) -> [usize; 4] {
    let n = |s| r.rows.iter().filter(|row| row.status == s).count();
    [
        n(ImportStatus::Ok),
        n(ImportStatus::Changed),
        n(ImportStatus::Unchanged),
        n(ImportStatus::Rejected),
    ]
}

/// A field's name as a changed row shows it.
pub type FieldLabel = fn(&AppHandle, &str) -> String;

fn change_line(app: &AppHandle, label: FieldLabel, c: &FieldChange) -> Html {
    html! {
        <li>{ app.tf(AdminKey::ImportChange, &[&label(app, &c.field), &c.before, &c.after]) }</li>
    }
}

fn preview_row(app: &AppHandle, label: FieldLabel, r: &ImportRow) -> Html {
    let refused = r.status == ImportStatus::Rejected;
    let pill = match r.status {
        ImportStatus::Rejected => "pill-danger",
        ImportStatus::Changed => "pill-warn",
        _ => "",
    };
    html! {
        <tr class={classes!(refused.then_some("row-refused"))} data-testid="import-row"
            data-status={format!("{:?}", r.status).to_lowercase()} data-line={r.line.to_string()}>
            <td class="num">{ r.line }</td>
            <td>{ &r.label }</td>
            <td>
                <span class={classes!("pill", pill)}>{ app.t(outcome(r.status)) }</span>
                if refused {
                    <div class="small error-text" data-testid="import-reason">{ &r.reason_vi }</div>
                }
                if !r.changes.is_empty() {
                    <ul class="small import-changes">{ for r.changes.iter().map(|c| change_line(app, label, c)) }</ul>
                }
            </td>
        </tr>
    }
}

/// What a preview shows besides its report.
pub struct Shown<'a> {
    /// The picked file (or files), if known.
    pub name: &'a str,
    /// The heading of the column naming each row's item ("Đảng viên", "Văn bản").
    pub item_col: &'a str,
    pub field_label: FieldLabel,
    pub confirm: Callback<MouseEvent>,
    pub cancel: Callback<MouseEvent>,
}

/// The preview of `report`, with its confirm and cancel buttons.
pub fn preview(app: &AppHandle, report: &ImportReport, s: Shown<'_>) -> Html {
    let [new, changed, unchanged, refused] = counts(report);
    let blocked = refused > 0;
    html! {
        <div class="import-preview" data-testid="import-preview">
            if !s.name.is_empty() {
                <p class="small"><strong>{ s.name }</strong></p>
            }
            <p class="small" data-testid="import-summary">{ app.tf(AdminKey::ImportSummary, &[
                &report.rows.len().to_string(), &new.to_string(), &changed.to_string(),
                &unchanged.to_string(), &refused.to_string()]) }</p>
            <div class="table-scroll">
                <table class="stats-table import-table">
                    <thead><tr>
                        <th class="num">{ app.t(AdminKey::ImportColLine) }</th>
                        <th>{ s.item_col }</th>
                        <th>{ app.t(AdminKey::ImportColOutcome) }</th>
                    </tr></thead>
                    <tbody>{ for report.rows.iter().map(|r| preview_row(app, s.field_label, r)) }</tbody>
                </table>
            </div>
            <p class={classes!("small", if blocked { "error-text" } else { "muted" })}
                data-testid="import-hint">
                { app.t(if blocked { AdminKey::ImportBlocked } else { AdminKey::ImportNotYet }) }
            </p>
            <div class="action-row">
                <button type="button" class="btn btn-primary btn-small" disabled={blocked}
                    onclick={s.confirm} data-testid="import-confirm">{ app.t(AdminKey::ImportConfirm) }</button>
                <button type="button" class="btn btn-small" onclick={s.cancel}
                    data-testid="import-cancel">{ app.t(AdminKey::ImportCancel) }</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: u32, status: ImportStatus) -> ImportRow {
        ImportRow {
            line,
            status,
            reason_vi: String::new(),
            member_id: None,
            document_id: None,
            label: String::new(),
            changes: Vec::new(),
        }
    }

    #[test]
    fn the_preview_counts_each_outcome() {
        use ImportStatus::*;
        let report = ImportReport {
            rows: vec![row(2, Ok), row(3, Ok), row(4, Changed), row(5, Rejected)],
            ..ImportReport::default()
        };
        assert_eq!(counts(&report), [2, 1, 0, 1]);
        assert_eq!(outcome(Rejected), AdminKey::ImportRefused);
    }
}
