//! A sheet's row against the member the device already holds with the same card
//! number: the sheet is the office's list, so what it says of name, dates and gender
//! wins, an empty "Ngày chính thức" leaves the device's date (a blank cell never
//! erases), and a probationary member with an official date becomes full. A row that
//! would move the member to another chi bộ is refused: that is a transfer (Chuyển sinh
//! hoạt), which the receiving cell confirms.

use super::{Cells, Plan};
use sotay_model::entities::{Gender, Member, MemberStatus};
use sotay_model::row::Row;
use sotay_model::transfer::FieldChange;
use sotay_model::vn::show_date;

/// What importing `new` over `old` does, with each field it changes; or why it may not.
pub(super) fn compare(
    old: &Member,
    new: &Member,
    cells: &Cells,
) -> Result<(Plan, Vec<FieldChange>), Vec<String>> {
    if new.cell_id != old.cell_id {
        let cell = cells
            .by_id
            .get(&old.cell_id)
            .map_or("một chi bộ khác", |o| o.name.as_str());
        return Err(vec![format!(
            "số thẻ {} đã có đảng viên trên máy ({}, {cell}); chuyển chi bộ hãy dùng Chuyển sinh hoạt",
            old.card_no, old.full_name
        )]);
    }
    let mut target = old.clone();
    target.full_name.clone_from(&new.full_name);
    target.birth_date.clone_from(&new.birth_date);
    target.gender = new.gender;
    target.joined_date.clone_from(&new.joined_date);
    if new.official_date.is_some() {
        target.official_date.clone_from(&new.official_date);
        if old.status == MemberStatus::Probationary {
            target.status = MemberStatus::Full;
        }
    }
    let fields = old.patch(&target);
    if fields.is_empty() {
        return Ok((Plan::Keep(old.id), Vec::new()));
    }
    let date = |d: &Option<String>| d.as_deref().map(show_date).unwrap_or_default();
    let shown = |m: &Member| -> [(&'static str, String); 6] {
        [
            ("full_name", m.full_name.clone()),
            ("birth_date", show_date(&m.birth_date)),
            ("gender", gender_vi(m.gender).to_string()),
            ("joined_date", show_date(&m.joined_date)),
            ("official_date", date(&m.official_date)),
            ("status", status_vi(m.status).to_string()),
        ]
    };
    let changes = shown(old)
        .into_iter()
        .zip(shown(&target))
        .filter(|((_, before), (_, after))| before != after)
        .map(|((field, before), (_, after))| FieldChange {
            field: field.to_string(),
            before,
            after,
        })
        .collect();
    Ok((Plan::Change(old.id, fields), changes))
}

/// "Nam" / "Nữ", as a list writes it.
pub fn gender_vi(g: Gender) -> &'static str {
    match g {
        Gender::Male => "Nam",
        Gender::Female => "Nữ",
    }
}

/// A member's status as a list writes it.
pub fn status_vi(s: MemberStatus) -> &'static str {
    match s {
        MemberStatus::Full => "Chính thức",
        MemberStatus::Probationary => "Dự bị",
        MemberStatus::Left => "Đã ra khỏi Đảng",
        MemberStatus::Deceased => "Từ trần",
    }
}
