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
        // Every ASCII letter's group is its own lower case.
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        // Combining marks (decomposed input) carry only tone and shape: drop them.
        if ('\u{0300}'..='\u{036f}').contains(&c) {
            continue;
        }
        match base_of(c) {
            Some(base) => out.push(base),
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The base letter of an accented letter of `GROUPS`, by binary search in a table built
/// once: scanning the groups' strings for each character was most of the cost of
/// indexing a document (issue 21).
fn base_of(c: char) -> Option<char> {
    static TABLE: std::sync::OnceLock<Vec<(char, char)>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t: Vec<(char, char)> = GROUPS
            .iter()
            .flat_map(|(base, g)| g.chars().map(move |c| (c, *base)))
            .collect();
        t.sort_unstable();
        t
    });
    table
        .binary_search_by_key(&c, |(k, _)| *k)
        .ok()
        .map(|i| table[i].1)
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

    /// `fold` as first written: each character looked up by scanning the groups.
    fn fold_by_scanning(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
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

    #[test]
    fn folding_by_table_equals_folding_by_scanning_for_every_character() {
        for c in ('\0'..='\u{2fff}').chain(['\u{1e9e}', '\u{10400}', '\u{1f600}']) {
            let s = c.to_string();
            assert_eq!(fold(&s), fold_by_scanning(&s), "U+{:04X}", c as u32);
        }
        let text = "ĐẢNG VIÊN phải cần, kiệm, liêm, chính; Nghị quyết 57-NQ/TW";
        assert_eq!(fold(text), fold_by_scanning(text));
    }

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
