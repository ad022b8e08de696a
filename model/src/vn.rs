//! Vietnamese text rules: folding diacritics (đ/Đ included) for search, and collation
//! for lists of people (by given name — the last word — then the rest; DESIGN §2).

use std::cmp::Ordering;

const GROUPS: &[(char, &str)] = &[
    ('a', "aàáảãạăằắẳẵặâầấẩẫậAÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"),
    ('d', "dđDĐ"),
    ('e', "eèéẻẽẹêềếểễệEÈÉẺẼẸÊỀẾỂỄỆ"),
    ('i', "iìíỉĩịIÌÍỈĨỊ"),
    ('o', "oòóỏõọôồốổỗộơờớởỡợOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"),
    ('u', "uùúủũụưừứửữựUÙÚỦŨỤƯỪỨỬỮỰ"),
    ('y', "yỳýỷỹỵYỲÝỶỸỴ"),
];

/// Lower-case and strip Vietnamese diacritics: `Đảng viên` → `dang vien`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        // Combining marks (decomposed input) carry only tone and shape: drop them.
        if ('\u{0300}'..='\u{036f}').contains(&c) {
            continue;
        }
        match GROUPS.iter().find(|(_, g)| g.contains(c)) {
            Some((base, _)) => out.push(*base),
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The Vietnamese alphabet order of base letters; tones are a secondary key.
const ALPHABET: &str = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";

/// (letter order, tone) for one precomposed character.
fn letter_key(c: char) -> (u32, u8) {
    let lower: char = c.to_lowercase().next().unwrap_or(c);
    // Tone table: each row is one base letter with its five toned forms.
    const TONED: &[&str] = &[
        "aàáảãạ",
        "ăằắẳẵặ",
        "âầấẩẫậ",
        "eèéẻẽẹ",
        "êềếểễệ",
        "iìíỉĩị",
        "oòóỏõọ",
        "ôồốổỗộ",
        "ơờớởỡợ",
        "uùúủũụ",
        "ưừứửữự",
        "yỳýỷỹỵ",
    ];
    for row in TONED {
        if let Some(tone) = row.chars().position(|x| x == lower) {
            let base = row.chars().next().unwrap_or(lower);
            let order = ALPHABET.chars().position(|x| x == base).unwrap_or(0) as u32;
            return (order + 1, tone as u8);
        }
    }
    match ALPHABET.chars().position(|x| x == lower) {
        Some(i) => (i as u32 + 1, 0),
        None => (1000 + lower as u32, 0),
    }
}

/// Compare two strings the Vietnamese way: letters first (ă after a, đ after d…), then tones.
pub fn compare(a: &str, b: &str) -> Ordering {
    let ka: Vec<(u32, u8)> = a.chars().map(letter_key).collect();
    let kb: Vec<(u32, u8)> = b.chars().map(letter_key).collect();
    let primary = ka.iter().map(|k| k.0).cmp(kb.iter().map(|k| k.0));
    primary.then_with(|| ka.iter().map(|k| k.1).cmp(kb.iter().map(|k| k.1)))
}

/// Split a full name into (given name, the rest): `Nguyễn Văn An` → (`An`, `Nguyễn Văn`).
pub fn given_name(full: &str) -> (&str, &str) {
    let t = full.trim();
    match t.rfind(char::is_whitespace) {
        Some(i) => (t[i..].trim(), t[..i].trim()),
        None => (t, ""),
    }
}

/// Order people by given name, then family and middle names.
pub fn compare_names(a: &str, b: &str) -> Ordering {
    let (ga, ra) = given_name(a);
    let (gb, rb) = given_name(b);
    compare(ga, gb).then_with(|| compare(ra, rb))
}

/// Show an ISO date `yyyy-mm-dd` as `dd/MM/yyyy`; anything else unchanged.
pub fn show_date(iso: &str) -> String {
    match (iso.get(0..4), iso.get(5..7), iso.get(8..10)) {
        (Some(y), Some(m), Some(d)) if iso.len() == 10 => format!("{d}/{m}/{y}"),
        _ => iso.to_string(),
    }
}

/// Read `dd/MM/yyyy` (as typed in the UI or a spreadsheet) into `yyyy-mm-dd`.
pub fn parse_date(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.trim().split(['/', '-', '.']).collect();
    let iso = match parts.as_slice() {
        [d, m, y] if y.len() == 4 => format!("{y}-{:0>2}-{:0>2}", m, d),
        [y, m, d] if y.len() == 4 => format!("{y}-{:0>2}-{:0>2}", m, d),
        _ => return None,
    };
    crate::fields::valid_date(&iso).then_some(iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_diacritics_and_d_bar() {
        assert_eq!(fold("ĐẢNG VIÊN"), "dang vien");
        assert_eq!(fold("Nghị quyết"), "nghi quyet");
        assert_eq!(fold("Nghi\u{323} quye\u{302}\u{301}t"), "nghi quyet");
    }

    #[test]
    fn names_sort_by_given_name_with_vietnamese_letters() {
        let mut names = vec![
            "Trần Văn Đức",
            "Nguyễn Thị Ánh",
            "Lê Văn Dũng",
            "Phạm Thị An",
            "Hoàng Văn Ân",
            "Bùi Thị Ăn",
        ];
        names.sort_by(|a, b| compare_names(a, b));
        assert_eq!(
            names,
            vec![
                "Phạm Thị An",
                "Nguyễn Thị Ánh",
                "Bùi Thị Ăn",
                "Hoàng Văn Ân",
                "Lê Văn Dũng",
                "Trần Văn Đức"
            ]
        );
    }

    #[test]
    fn dates_round_trip_between_iso_and_vietnamese_form() {
        assert_eq!(show_date("1975-04-30"), "30/04/1975");
        assert_eq!(parse_date("30/4/1975").as_deref(), Some("1975-04-30"));
        assert_eq!(parse_date("31/02/1975"), None);
    }
}
