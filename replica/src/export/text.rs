//! Text as the minutes print it: composed and cleaned input, one paragraph per line,
//! blanks for missing facts, and dates in words.

use sotay_model::meetings::VnDateTime;
use unicode_normalization::UnicodeNormalization;

/// "ngày 05 tháng 01 năm 2026": days below 10 and months 1 and 2 take a leading zero, as
/// the guidance on document format asks.
pub(crate) fn date_words(t: &VnDateTime) -> String {
    let month = if t.month <= 2 {
        format!("{:02}", t.month)
    } else {
        t.month.to_string()
    };
    format!("ngày {:02} tháng {} năm {}", t.day, month, t.year)
}

/// Composed (NFC) text without control characters: the PDF font maps precomposed
/// letters only, and XML 1.0 forbids most control characters. Newlines survive.
pub(crate) fn clean(s: &str) -> String {
    s.nfc()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// One paragraph per non-empty line.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = String> {
    clean(text)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .into_iter()
}

/// A blank to fill by hand, as on a printed form, rather than a silently missing fact.
pub(crate) fn or_dots(s: &str) -> String {
    if s.is_empty() {
        "……………".to_string()
    } else {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

pub(crate) fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
