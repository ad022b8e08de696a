//! Vietnamese full-text search of the library (issue 5) on a real SQLCipher file with
//! FTS5: a table of accented, unaccented, upper-case and document-number queries over
//! 23 real-looking documents, each with the documents expected in order.

use crate::library;

use library::*;
use std::collections::BTreeSet;

/// What a query must find.
enum Expect {
    /// Exactly these documents, in this order.
    Exactly(&'static [&'static str]),
    /// These documents first, in this order (others may follow).
    Starts(&'static [&'static str]),
    /// These documents first, in any order among themselves (the same tier, where
    /// the order is by date), then possibly others.
    TopSet(&'static [&'static str]),
}
use Expect::*;

const CASES: &[(&str, &str, Expect)] = &[
    // Document numbers, however they are typed.
    ("number as written", "57-NQ/TW", Exactly(&["57-NQ/TW"])),
    ("number with spaces", "57 NQ TW", Exactly(&["57-NQ/TW"])),
    (
        "number with separators swapped",
        "57/NQ-TW",
        Exactly(&["57-NQ/TW"]),
    ),
    ("number lower case", "57-nq/tw", Exactly(&["57-NQ/TW"])),
    (
        "number cited in another document",
        "35-CT/TW",
        Exactly(&["35-CT/TW", "02-HD/TU"]),
    ),
    ("number with Đ", "144-QĐ/TW", Exactly(&["144-QĐ/TW"])),
    (
        "number with Đ typed as D",
        "144 QD TW",
        Exactly(&["144-QĐ/TW"]),
    ),
    (
        "same digits, other kind",
        "21-KL/TW",
        Exactly(&["21-KL/TW"]),
    ),
    (
        "same digits, resolution",
        "21-NQ/TW",
        Exactly(&["21-NQ/TW"]),
    ),
    ("provincial directive", "12-CT/TU", Exactly(&["12-CT/TU"])),
    (
        "provincial directive, spaces",
        "12 CT TU",
        Exactly(&["12-CT/TU"]),
    ),
    // Kind and number together.
    ("kind and digits", "Nghị quyết 57", Starts(&["57-NQ/TW"])),
    (
        "kind and digits, unaccented",
        "nghi quyet 57",
        Starts(&["57-NQ/TW"]),
    ),
    (
        "kind and digits, upper case",
        "NGHỊ QUYẾT 57",
        Starts(&["57-NQ/TW"]),
    ),
    (
        "regulation by number",
        "quy dinh 144",
        Exactly(&["144-QĐ/TW"]),
    ),
    (
        "directive by number, cited by a conclusion",
        "chỉ thị 05",
        Starts(&["05-CT/TW", "01-KL/TW"]),
    ),
    (
        "directive 35 cited by a guidance",
        "chi thi 35",
        Starts(&["35-CT/TW", "02-HD/TU"]),
    ),
    // Words, with and without diacritics.
    (
        "party member in titles",
        "đảng viên",
        TopSet(&[
            "12-CT/TU",
            "144-QĐ/TW",
            "21-KL/TW",
            "213-QĐ/TW",
            "21-NQ/TW",
            "12-HD/BTCTW",
        ]),
    ),
    (
        "party member, unaccented",
        "dang vien",
        TopSet(&[
            "12-CT/TU",
            "144-QĐ/TW",
            "21-KL/TW",
            "213-QĐ/TW",
            "21-NQ/TW",
            "12-HD/BTCTW",
        ]),
    ),
    (
        "party member, upper case",
        "ĐẢNG VIÊN",
        TopSet(&[
            "12-CT/TU",
            "144-QĐ/TW",
            "21-KL/TW",
            "213-QĐ/TW",
            "21-NQ/TW",
            "12-HD/BTCTW",
        ]),
    ),
    (
        "probationary member",
        "dang vien du bi",
        Exactly(&["12-HD/BTCTW"]),
    ),
    // Titles first (both say it exactly: the newer first), then topics, then text.
    (
        "digital transformation",
        "chuyển đổi số",
        TopSet(&["57-NQ/TW", "45-TB/HU"]),
    ),
    (
        "digital transformation, unaccented",
        "chuyen doi so",
        Exactly(&["57-NQ/TW", "45-TB/HU", "52-NQ/TW", "128-TB/TU"]),
    ),
    (
        "revolutionary ethics",
        "đạo đức cách mạng",
        Starts(&["144-QĐ/TW"]),
    ),
    (
        "revolutionary ethics, unaccented",
        "dao duc cach mang",
        Starts(&["144-QĐ/TW"]),
    ),
    (
        "Ho Chi Minh",
        "Hồ Chí Minh",
        TopSet(&["05-CT/TW", "09-TL/ĐU", "01-KL/TW"]),
    ),
    (
        "Ho Chi Minh, unaccented lower case",
        "ho chi minh",
        TopSet(&["05-CT/TW", "09-TL/ĐU", "01-KL/TW"]),
    ),
    (
        "party congresses",
        "đại hội đảng bộ",
        Starts(&["35-CT/TW", "02-HD/TU"]),
    ),
    (
        "fourth industrial revolution",
        "cách mạng công nghiệp lần thứ tư",
        Exactly(&["52-NQ/TW", "57-NQ/TW"]),
    ),
    ("new countryside", "nông thôn mới", Starts(&["01-NQ/HU"])),
    (
        "countryside",
        "nong thon",
        TopSet(&["01-NQ/HU", "25-CT/TU"]),
    ),
    ("inspection", "kiểm tra giám sát", Starts(&["22-QĐ/TW"])),
    ("discipline word", "KHIỂN TRÁCH", Exactly(&["22-QĐ/TW"])),
    ("rule of law", "nha nuoc phap quyen", Exactly(&["27-NQ/TW"])),
    (
        "grassroots party organisations",
        "tổ chức cơ sở đảng",
        Starts(&["21-NQ/TW"]),
    ),
    (
        "cell study material by kind, this month's first",
        "tai lieu sinh hoat chi bo",
        Starts(&["03-TL/CB", "09-TL/ĐU"]),
    ),
    ("a commune's name", "Song Lãng", Exactly(&["07-NQ/ĐU"])),
    ("quoted words", "tự diễn biến", Exactly(&["21-KL/TW"])),
    ("nothing", "xyzabc", Exactly(&[])),
];

#[test]
fn vietnamese_queries_find_the_right_documents_in_the_right_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = library(dir.path());
    assert!(CASES.len() >= 30);
    let mut failures = Vec::new();
    for (name, query, expect) in CASES {
        let got = numbers(&mut db, &env, query);
        let ok = match expect {
            Exactly(want) => got == *want,
            Starts(want) => got.len() >= want.len() && got[..want.len()] == **want,
            TopSet(want) => {
                got.len() >= want.len()
                    && got[..want.len()]
                        .iter()
                        .map(String::as_str)
                        .collect::<BTreeSet<_>>()
                        == want.iter().copied().collect()
            }
        };
        if !ok {
            failures.push(format!("{name} ({query:?}): got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn accents_and_case_do_not_change_the_results() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = library(dir.path());
    for group in [
        ["đảng viên", "dang vien", "ĐẢNG VIÊN", "Dang Vien"],
        ["Nghị quyết", "nghi quyet", "NGHI QUYET", "nghị QUYẾT"],
        ["57-NQ/TW", "57 NQ TW", "57/NQ-TW", "57 nq tw"],
    ] {
        let first = numbers(&mut db, &env, group[0]);
        assert!(!first.is_empty(), "{group:?}");
        for q in &group[1..] {
            assert_eq!(numbers(&mut db, &env, q), first, "{q:?} vs {:?}", group[0]);
        }
    }
}
