//! The yearly inspection figures (issue 17): for an organisation and each directly
//! below it, the programmes its subtree ran, their subjects, findings and violations,
//! the discipline decided on its subtree by form, and the follow-up of the
//! recommendations; and the same as an .xlsx workbook (numbers as numbers, Vietnamese
//! headers) in the device's exports folder. Counted only over rows this device holds,
//! so a level sees its own and its subtree's work, never a sibling's.

use super::views::{all, finding_counts, follow_ups, year_of};
use crate::calls::{Cx, Local};
use crate::db::Db;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use sotay_model::api::{ApiError, ApiErrorKind};
use sotay_model::inspection::api::{FollowUp, InspectionFigures, OrgInspectionCounts};
use sotay_model::inspection::requests::{ExportInspectionReport, InspectionReport};
use sotay_model::inspection::{CaseNote, Discipline, DisciplineForm, Inspection};
use sotay_model::tasks::vn_day;
use sotay_model::transfer::ExportedFile;
use sotay_model::Id;

impl Local for InspectionReport {
    fn local(self, cx: &mut Cx<'_>) -> Result<InspectionFigures, ApiError> {
        let today = vn_day(cx.env.now_ms());
        figures(cx.db, &today, self.org_id, self.year)
    }
}

pub fn figures(db: &Db, today: &str, org: Id, year: u32) -> Result<InspectionFigures, ApiError> {
    let tree = crate::administration::organisations::OrgTree::load(db)?;
    let top = crate::administration::organisations::get(db, org)?;
    let mut below: Vec<_> = tree.below(org).cloned().collect();
    below.sort_by(|a, b| sotay_model::vn::compare(&a.name, &b.name));
    let cases: Vec<Inspection> = all::<Inspection>(db)?
        .into_iter()
        .filter(|c| c.in_year(year))
        .collect();
    let notes: Vec<CaseNote> = all(db)?;
    let counts = finding_counts(&notes);
    let follow = follow_ups(db, today)?;
    let records: Vec<Discipline> = all::<Discipline>(db)?
        .into_iter()
        .filter(|d| year_of(&d.decided_on) == year)
        .collect();
    let mut orgs = Vec::with_capacity(below.len() + 1);
    for o in std::iter::once(&top).chain(below.iter()) {
        let within = |x: Id| tree.chain(x).contains(&o.id);
        let mut row = OrgInspectionCounts {
            org_id: o.id,
            org_name: o.name.clone(),
            programmes: 0,
            subjects: 0,
            findings: 0,
            violations: 0,
            disciplines: [0; 5],
            follow_up: FollowUp::default(),
        };
        for c in cases.iter().filter(|c| within(c.org_id)) {
            row.programmes += 1;
            row.subjects += c.subjects().count() as u32;
            let (f, v) = counts.get(&c.id).copied().unwrap_or_default();
            row.findings += f;
            row.violations += v;
            if let Some(fu) = follow.get(&c.id) {
                row.follow_up.tasks += fu.tasks;
                row.follow_up.done += fu.done;
            }
        }
        for d in records.iter().filter(|d| within(d.org_id)) {
            row.disciplines[d.form.slot()] += 1;
        }
        orgs.push(row);
    }
    Ok(InspectionFigures { year, orgs })
}

fn form_vi(f: DisciplineForm) -> &'static str {
    match f {
        DisciplineForm::Reprimand => "Khiển trách",
        DisciplineForm::Warning => "Cảnh cáo",
        DisciplineForm::Dismissal => "Cách chức",
        DisciplineForm::Expulsion => "Khai trừ",
        DisciplineForm::Dissolution => "Giải tán",
    }
}

/// The workbook: a title row, the headers, one row per organisation.
pub fn workbook(r: &InspectionFigures) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Kiểm tra, giám sát")?;
    let bold = Format::new().set_bold().set_font_size(14);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(0xE8E8E8);
    let pct = Format::new().set_num_format("0%");
    let title = match r.orgs.first() {
        Some(o) => format!(
            "Công tác kiểm tra, giám sát và kỷ luật năm {} – {}",
            r.year, o.org_name
        ),
        None => format!("Công tác kiểm tra, giám sát và kỷ luật năm {}", r.year),
    };
    sheet.write_string_with_format(0, 0, &title, &bold)?;
    let mut heads = vec![
        "Tổ chức",
        "Số cuộc kiểm tra, giám sát",
        "Số đối tượng",
        "Nội dung phát hiện",
        "Vi phạm",
    ];
    heads.extend(DisciplineForm::ALL.iter().map(|f| form_vi(*f)));
    heads.extend(["Kiến nghị", "Đã hoàn thành", "Tỷ lệ thực hiện"]);
    for (c, h) in heads.iter().enumerate() {
        sheet.write_string_with_format(2, c as u16, *h, &head)?;
        sheet.set_column_width(c as u16, if c == 0 { 36.0 } else { 14.0 })?;
    }
    for (i, o) in r.orgs.iter().enumerate() {
        let row = 3 + i as u32;
        sheet.write_string(row, 0, &o.org_name)?;
        let nums = [o.programmes, o.subjects, o.findings, o.violations];
        for (c, n) in nums.iter().chain(o.disciplines.iter()).enumerate() {
            sheet.write_number(row, 1 + c as u16, f64::from(*n))?;
        }
        sheet.write_number(row, 10, f64::from(o.follow_up.tasks))?;
        sheet.write_number(row, 11, f64::from(o.follow_up.done))?;
        if o.follow_up.tasks > 0 {
            let rate = f64::from(o.follow_up.done) / f64::from(o.follow_up.tasks);
            sheet.write_number_with_format(row, 12, rate, &pct)?;
        }
    }
    sheet.set_freeze_panes(3, 1)?;
    book.save_to_buffer()
}

impl Local for ExportInspectionReport {
    fn local(self, cx: &mut Cx<'_>) -> Result<ExportedFile, ApiError> {
        let today = vn_day(cx.env.now_ms());
        let r = figures(cx.db, &today, self.org_id, self.year)?;
        let bytes = workbook(&r).map_err(|e| {
            ApiError::new(
                ApiErrorKind::Storage,
                format!("Không tạo được tệp Excel: {e}"),
            )
        })?;
        let org = r.orgs.first().map(|o| o.org_name.as_str()).unwrap_or("");
        let name = file_name(org, r.year);
        let path = crate::meetings::exports::write(cx.db.path(), &name, &bytes)?;
        Ok(ExportedFile {
            path: path.to_string_lossy().into_owned(),
            name,
        })
    }
}

/// `kiem-tra-giam-sat-<organisation>-<year>.xlsx`: ASCII words and hyphens only, as the
/// headless host serves exports by name (a space is refused there).
pub fn file_name(org: &str, year: u32) -> String {
    let mut name = String::from("kiem-tra-giam-sat");
    let folded = sotay_model::vn::fold(org);
    for word in folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
    {
        name.push('-');
        name.push_str(&word.to_ascii_lowercase());
    }
    format!("{name}-{year}.xlsx")
}
