//! The one rule set a member record must keep, used by the add/edit form before it
//! sends (with today's date, which the form knows) and by every reader of a member row
//! through `Member::from_row` (the server before it accepts a change, the replica when
//! it reads one). This crate reads no clock, so "not in the future" is checked only
//! where the caller passes `today`.
//!
//! The rules: a card number is digits, in groups joined by `-`, optionally after a
//! letter prefix (`01-234567`, `TB-42`, as the Excel lists write it `tb-42`; never
//! `12ab`); the birth date comes before the
//! date of joining and the member joined at 18 or older; the official date (if any) is
//! after joining; neither birth nor joining is after today. Each problem is one
//! Vietnamese sentence naming its field.
//!
//! ```
//! use sotay_model::administration::member_rules::{check, MemberDates};
//! let dates = MemberDates { birth: "2030-01-01", joined: "2020-05-19", official: None };
//! let problems = check("12ab", &dates, Some("2026-12-06"));
//! assert_eq!(problems.len(), 3);
//! ```

/// The field names as the form shows them (the same words as its labels).
pub const CARD_NO: &str = "Số thẻ đảng viên";
pub const BIRTH_DATE: &str = "Ngày sinh";
pub const JOINED_DATE: &str = "Ngày vào Đảng";
pub const OFFICIAL_DATE: &str = "Ngày chính thức";

/// Members are admitted from 18 years of age (Điều lệ Đảng, Điều 1).
pub const MIN_JOIN_AGE: i32 = 18;

/// A member's dates as ISO `yyyy-mm-dd` strings (already known to be valid dates).
#[derive(Clone, Copy, Debug)]
pub struct MemberDates<'a> {
    pub birth: &'a str,
    pub joined: &'a str,
    pub official: Option<&'a str>,
}

/// Whether `card` is a card number: digit groups joined by `-`, the first group
/// possibly letters (a prefix), at least one group of digits.
pub fn card_no_ok(card: &str) -> bool {
    let parts: Vec<&str> = card.split('-').collect();
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let letters = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphabetic());
    match parts.split_first() {
        Some((first, rest)) => {
            (digits(first) || (letters(first) && !rest.is_empty()))
                && rest.iter().all(|p| digits(p))
        }
        None => false,
    }
}

/// The message for a card number [`card_no_ok`] refuses.
pub fn card_no_message() -> String {
    // Worded as the import's and the server's refusals always were ("số thẻ đảng
    // viên chỉ gồm …"), so those messages keep reading the same.
    "số thẻ đảng viên chỉ gồm chữ số, có thể sau một tiền tố chữ và dấu gạch (như 01-234567)"
        .to_string()
}

/// (year, month, day) of an ISO date; `None` if it is not one.
fn ymd(iso: &str) -> Option<(i32, u32, u32)> {
    if !crate::fields::valid_date(iso) {
        return None;
    }
    let y = iso.get(0..4)?.parse().ok()?;
    let m = iso.get(5..7)?.parse().ok()?;
    let d = iso.get(8..10)?.parse().ok()?;
    Some((y, m, d))
}

/// Whole years from `from` to `to` (both ISO dates).
fn years_between(from: (i32, u32, u32), to: (i32, u32, u32)) -> i32 {
    let years = to.0 - from.0;
    if (to.1, to.2) < (from.1, from.2) {
        years - 1
    } else {
        years
    }
}

/// Every problem with a member's record, each a Vietnamese sentence naming its field;
/// empty when the record keeps the rules. `today` (ISO) is the caller's date, if it
/// has one. Dates that are not ISO dates are left to the date check that reads them.
pub fn check(card_no: &str, dates: &MemberDates<'_>, today: Option<&str>) -> Vec<String> {
    let mut problems = vec![];
    if !card_no_ok(card_no.trim()) {
        problems.push(card_no_message());
    }
    let (birth, joined) = (ymd(dates.birth), ymd(dates.joined));
    let official = dates.official.and_then(ymd);
    if let Some(today) = today.and_then(ymd) {
        if birth.is_some_and(|b| b > today) {
            problems.push(format!("{BIRTH_DATE}: không được sau ngày hôm nay"));
        }
        if joined.is_some_and(|j| j > today) {
            problems.push(format!("{JOINED_DATE}: không được sau ngày hôm nay"));
        }
    }
    if let (Some(b), Some(j)) = (birth, joined) {
        if b >= j {
            problems.push(format!("{BIRTH_DATE}: phải trước {JOINED_DATE}"));
        } else if years_between(b, j) < MIN_JOIN_AGE {
            problems.push(format!(
                "{JOINED_DATE}: đảng viên phải đủ {MIN_JOIN_AGE} tuổi khi vào Đảng"
            ));
        }
    }
    if let (Some(j), Some(o)) = (joined, official) {
        if o <= j {
            problems.push(format!("{OFFICIAL_DATE}: phải sau {JOINED_DATE}"));
        }
    }
    problems
}

/// A member read from a row keeps the rules (no clock here: dates after today are the
/// form's check); the problems joined into one message otherwise.
pub fn check_member(m: &crate::entities::Member) -> Result<(), String> {
    let dates = MemberDates {
        birth: &m.birth_date,
        joined: &m.joined_date,
        official: m.official_date.as_deref(),
    };
    let problems = check(&m.card_no, &dates, None);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// A date as a person types it in a `dd/MM/yyyy` field (day and month may have one
/// digit), as ISO `yyyy-mm-dd`; `None` for anything else, `yyyy-mm-dd` included.
pub fn parse_typed_date(typed: &str) -> Option<String> {
    let parts: Vec<&str> = typed.trim().split('/').collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    let short = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if !short(d) || !short(m) || y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let iso = format!("{y}-{m:0>2}-{d:0>2}");
    crate::fields::valid_date(&iso).then_some(iso)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates<'a>(birth: &'a str, joined: &'a str, official: Option<&'a str>) -> MemberDates<'a> {
        MemberDates {
            birth,
            joined,
            official,
        }
    }

    #[test]
    fn card_numbers_are_digits_with_an_optional_prefix() {
        for ok in [
            "01234567",
            "01-234567",
            "TB-42",
            "AB-123",
            "12-345",
            "99999999",
        ] {
            assert!(card_no_ok(ok), "{ok}");
        }
        for bad in [
            "12ab", "", "-", "TB", "TB-", "01--2", "TB 7!", "12 34", "1.2", "TB-4a",
        ] {
            assert!(!card_no_ok(bad), "{bad}");
        }
    }

    #[test]
    fn a_member_born_after_joining_is_refused_naming_the_fields() {
        let p = check("12ab", &dates("2030-01-01", "2020-05-19", None), None);
        assert_eq!(
            p,
            vec![
                card_no_message(),
                "Ngày sinh: phải trước Ngày vào Đảng".to_string(),
            ]
        );
    }

    #[test]
    fn joining_before_eighteen_is_refused_and_the_message_says_so() {
        let p = check("0100001", &dates("2003-06-02", "2021-06-01", None), None);
        assert_eq!(
            p,
            vec!["Ngày vào Đảng: đảng viên phải đủ 18 tuổi khi vào Đảng".to_string()]
        );
        // On the eighteenth birthday it is allowed.
        assert!(check("0100001", &dates("2003-06-02", "2021-06-02", None), None).is_empty());
    }

    #[test]
    fn the_official_date_comes_after_joining() {
        let p = check(
            "0100001",
            &dates("1980-01-01", "2010-01-01", Some("2009-12-31")),
            None,
        );
        assert_eq!(
            p,
            vec!["Ngày chính thức: phải sau Ngày vào Đảng".to_string()]
        );
        let ok = check(
            "0100001",
            &dates("1980-01-01", "2010-01-01", Some("2011-01-01")),
            None,
        );
        assert!(ok.is_empty());
    }

    #[test]
    fn dates_after_today_are_refused_only_where_today_is_known() {
        let future = dates("2030-01-01", "2050-01-01", None);
        assert!(check("0100001", &future, None).is_empty());
        assert_eq!(
            check("0100001", &future, Some("2026-12-06")),
            vec![
                "Ngày sinh: không được sau ngày hôm nay".to_string(),
                "Ngày vào Đảng: không được sau ngày hôm nay".to_string(),
            ]
        );
    }

    /// What the server and the replica see: a member row read through `from_row`.
    #[test]
    fn a_member_row_breaking_the_rules_is_refused_when_read() {
        use crate::change::{FieldValue, RowState};
        use crate::entities::{Gender, Member, MemberStatus};
        use crate::hlc::Hlc;
        use crate::ids::Id;
        use crate::row::Row;
        let member = |card: &str, birth: &str| Member {
            id: Id::from_u128(1),
            full_name: "Trần Văn Bình".into(),
            birth_date: birth.into(),
            gender: Gender::Male,
            joined_date: "2020-05-19".into(),
            official_date: None,
            card_no: card.into(),
            status: MemberStatus::Probationary,
            cell_id: Id::from_u128(2),
        };
        let row_of = |m: &Member| {
            let hlc = Hlc {
                wall_ms: 1,
                counter: 0,
                node: Id::nil(),
            };
            let mut row = RowState::empty(Member::ENTITY, m.id);
            for (k, value) in m.to_fields() {
                row.fields.insert(k.to_string(), FieldValue { value, hlc });
            }
            row
        };
        let good = member("01-234567", "1990-09-02");
        assert_eq!(Member::from_row(&row_of(&good)), Ok(good));
        let bad = member("12ab", "2030-01-01");
        assert_eq!(
            Member::from_row(&row_of(&bad)),
            Err(format!(
                "{}; Ngày sinh: phải trước Ngày vào Đảng",
                card_no_message()
            ))
        );
    }

    #[test]
    fn a_typed_date_is_day_month_year_only() {
        assert_eq!(parse_typed_date("2/9/1990").as_deref(), Some("1990-09-02"));
        assert_eq!(
            parse_typed_date(" 19/05/2015 ").as_deref(),
            Some("2015-05-19")
        );
        for bad in [
            "1990-09-02",
            "1990/09/02",
            "31/02/1990",
            "19.05.2015",
            "19/5/15",
            "hôm qua",
        ] {
            assert_eq!(parse_typed_date(bad), None, "{bad}");
        }
    }
}
