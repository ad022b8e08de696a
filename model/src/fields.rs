//! Reading one field of a stored row with its check (text length, id, date, enum):
//! what every entity's `from_row` is made of. Kept apart from `entities` so the
//! feature modules that define entities need not import each other.

use crate::change::RowState;
use crate::ids::Id;

pub(crate) fn enum_from<T: serde::de::DeserializeOwned>(
    row: &RowState,
    field: &str,
) -> Result<T, String> {
    let v = row
        .fields
        .get(field)
        .ok_or_else(|| format!("thiếu trường {field}"))?;
    serde_json::from_value(v.value.clone())
        .map_err(|_| format!("giá trị không hợp lệ ở trường {field}"))
}

pub(crate) fn text(row: &RowState, field: &str, max: usize) -> Result<String, String> {
    let s = row
        .str(field)
        .ok_or_else(|| format!("thiếu trường {field}"))?
        .trim()
        .to_string();
    if s.is_empty() || s.chars().count() > max {
        return Err(format!("trường {field} phải có từ 1 đến {max} ký tự"));
    }
    Ok(s)
}

pub(crate) fn id_field(row: &RowState, field: &str) -> Result<Id, String> {
    row.id(field)
        .ok_or_else(|| format!("trường {field} phải là một mã định danh"))
}

/// A calendar date `yyyy-mm-dd` between 1900 and 2100.
pub fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2100).contains(&y) && (1..=days).contains(&d)
}

pub(crate) fn date(row: &RowState, field: &str) -> Result<String, String> {
    let s = text(row, field, 10)?;
    if valid_date(&s) {
        Ok(s)
    } else {
        Err(format!("trường {field} phải là ngày hợp lệ (yyyy-mm-dd)"))
    }
}
