//! Reading a member list from .xlsx (calamine): find the header row, map the columns a
//! Vietnamese office keeps by their folded header text, and turn cells into text and
//! ISO dates. Knows nothing of the database.

use calamine::{open_workbook, Data, Reader, Xlsx};
use sotay_model::vn;
use std::io::{Cursor, Read, Seek};
use std::path::Path;

/// The columns an import reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    FullName,
    BirthDate,
    Gender,
    JoinedDate,
    OfficialDate,
    CardNo,
    Cell,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::FullName,
        Column::BirthDate,
        Column::Gender,
        Column::JoinedDate,
        Column::OfficialDate,
        Column::CardNo,
        Column::Cell,
    ];

    /// The header as an office writes it (for messages).
    pub fn title_vi(self) -> &'static str {
        match self {
            Column::FullName => "Họ và tên",
            Column::BirthDate => "Ngày sinh",
            Column::Gender => "Giới tính",
            Column::JoinedDate => "Ngày vào Đảng",
            Column::OfficialDate => "Ngày chính thức",
            Column::CardNo => "Số thẻ",
            Column::Cell => "Chi bộ",
        }
    }

    /// Folded header texts that mean this column.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::FullName => &["ho va ten", "ho ten", "ho va ten dang vien"],
            Column::BirthDate => &["ngay sinh", "ngay thang nam sinh"],
            Column::Gender => &["gioi tinh"],
            Column::JoinedDate => &["ngay vao dang", "ngay ket nap"],
            Column::OfficialDate => &["ngay chinh thuc", "ngay cong nhan chinh thuc"],
            Column::CardNo => &["so the", "so the dang", "so the dang vien"],
            Column::Cell => &["chi bo", "chi bo sinh hoat"],
        }
    }

    fn matches(self, header: &str) -> bool {
        let folded = vn::fold(header);
        let h: Vec<&str> = folded.split_whitespace().collect();
        let h = h.join(" ");
        self.aliases().contains(&h.as_str())
    }
}

/// One data row: its number as the spreadsheet shows it, and a cell per column.
#[derive(Debug)]
pub struct SheetRow {
    pub line: u32,
    pub cells: Vec<(Column, Data)>,
}

impl SheetRow {
    pub fn get(&self, c: Column) -> &Data {
        self.cells
            .iter()
            .find(|(col, _)| *col == c)
            .map(|(_, d)| d)
            .unwrap_or(&Data::Empty)
    }
}

/// Most rows an import takes at once (a district's list; a province imports in parts).
pub const MAX_ROWS: usize = 20_000;
/// The header must be within the first rows (a title may sit above it).
const HEADER_SEARCH: usize = 10;

/// Read the first worksheet of an .xlsx file into rows keyed by column. A file that
/// cannot be read or lacks a column is an error (in Vietnamese), not a row report.
pub fn read(path: &Path) -> Result<Vec<SheetRow>, String> {
    check_name(&path.to_string_lossy())?;
    if !path.is_file() {
        return Err(format!("Không tìm thấy tệp {}", path.display()));
    }
    let book: Xlsx<_> =
        open_workbook(path).map_err(|e| format!("Không mở được tệp Excel ({e})"))?;
    rows_of(book)
}

/// [`read`] for a sheet a screen sent (its bytes and the name it was picked as).
pub fn read_bytes(name: &str, bytes: Vec<u8>) -> Result<Vec<SheetRow>, String> {
    check_name(name)?;
    let book =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| format!("Không mở được tệp Excel ({e})"))?;
    rows_of(book)
}

/// Whether `name` is an .xlsx sheet (what an import reads).
pub fn is_xlsx(name: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

fn check_name(name: &str) -> Result<(), String> {
    if is_xlsx(name) {
        Ok(())
    } else {
        Err("Chỉ nhập được tệp Excel .xlsx (hãy lưu tệp .xls thành .xlsx)".into())
    }
}

fn rows_of<RS: Read + Seek>(mut book: Xlsx<RS>) -> Result<Vec<SheetRow>, String> {
    let range = book
        .worksheet_range_at(0)
        .ok_or("Tệp Excel không có trang tính nào")?
        .map_err(|e| format!("Không đọc được trang tính đầu tiên ({e})"))?;
    let first_row = range.start().map(|(r, _)| r).unwrap_or(0);
    let rows: Vec<&[Data]> = range.rows().collect();
    let header_at = rows
        .iter()
        .take(HEADER_SEARCH)
        .position(|r| r.iter().any(|c| Column::FullName.matches(&text(c))))
        .ok_or("Không tìm thấy dòng tiêu đề có cột \"Họ và tên\"")?;
    let header = rows[header_at];
    let mut index = Vec::new();
    let mut missing = Vec::new();
    for col in Column::ALL {
        match header.iter().position(|h| col.matches(&text(h))) {
            Some(i) => index.push((col, i)),
            None => missing.push(col.title_vi()),
        }
    }
    if !missing.is_empty() {
        return Err(format!("Tệp thiếu cột: {}", missing.join(", ")));
    }
    if rows.len() - header_at - 1 > MAX_ROWS {
        return Err(format!(
            "Tệp có quá nhiều dòng; mỗi lần nhập tối đa {MAX_ROWS} đảng viên"
        ));
    }
    Ok(rows
        .iter()
        .enumerate()
        .skip(header_at + 1)
        .filter(|(_, r)| r.iter().any(|c| !text(c).is_empty()))
        .map(|(i, r)| SheetRow {
            line: first_row + i as u32 + 1,
            cells: index
                .iter()
                .map(|(col, at)| (*col, r.get(*at).cloned().unwrap_or(Data::Empty)))
                .collect(),
        })
        .collect())
}

/// A cell as trimmed text; whole numbers without a decimal point (card numbers).
pub fn text(d: &Data) -> String {
    match d {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => date(&Data::DateTime(*dt)).unwrap_or_default(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// A date cell as ISO `yyyy-mm-dd`: an Excel date (or a bare serial number), or text
/// `dd/MM/yyyy`. `None` when it is not a valid date.
pub fn date(d: &Data) -> Option<String> {
    let serial = match d {
        Data::DateTime(dt) => dt.as_f64(),
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        Data::String(s) => return vn::parse_date(s),
        Data::DateTimeIso(s) => {
            let day = s.get(..10)?;
            return sotay_model::entities::valid_date(day).then(|| day.to_string());
        }
        _ => return None,
    };
    from_serial(serial)
}

/// Excel's 1900 date system: serial 25569 is 1970-01-01 (serials below 61 fall before
/// Excel's phantom 29/02/1900 and are out of the accepted range anyway).
fn from_serial(serial: f64) -> Option<String> {
    if !serial.is_finite() || serial < 61.0 {
        return None;
    }
    let (y, m, d) = civil_from_days(serial.floor() as i64 - 25_569);
    let iso = format!("{y:04}-{m:02}-{d:02}");
    sotay_model::entities::valid_date(&iso).then_some(iso)
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials_become_iso_dates() {
        assert_eq!(from_serial(25_569.0).as_deref(), Some("1970-01-01"));
        assert_eq!(from_serial(27_514.0).as_deref(), Some("1975-04-30"));
        assert_eq!(from_serial(36_951.5).as_deref(), Some("2001-03-01"));
        assert_eq!(from_serial(10.0), None);
    }

    #[test]
    fn headers_match_without_case_or_diacritics() {
        assert!(Column::FullName.matches("HỌ VÀ TÊN"));
        assert!(Column::FullName.matches("  Ho   va ten "));
        assert!(Column::JoinedDate.matches("Ngày vào Đảng"));
        assert!(Column::CardNo.matches("Số thẻ đảng viên"));
        assert!(!Column::Cell.matches("Chức vụ"));
    }
}
