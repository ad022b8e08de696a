//! A member list as shown: Vietnamese order, search that ignores diacritics (so
//! `duc` finds `Đức`, DESIGN §2), and a page size so a province's list stays quick.

use sotay_model::entities::Member;
use sotay_model::vn;

/// Rows drawn at first and added by each "Xem thêm".
pub const PAGE: usize = 100;

/// Members in the Vietnamese order (given name first). The replica already sorts;
/// sorting again keeps the screen right whatever order arrives.
pub fn sort_members(members: &mut [Member]) {
    members.sort_by(|a, b| vn::compare_names(&a.full_name, &b.full_name));
}

/// Whether a member matches what was typed: every word of the query begins a word
/// of the folded name (so `hoa` finds Hoa and Hòa, not Thoa), or the query is part of
/// the card number.
pub fn matches(m: &Member, query: &str) -> bool {
    let q = vn::fold(query.trim());
    if q.is_empty() {
        return true;
    }
    let name = vn::fold(&m.full_name);
    let starts_a_word = |w: &str| name.split_whitespace().any(|n| n.starts_with(w));
    q.split_whitespace().all(starts_a_word) || m.card_no.to_lowercase().contains(&q)
}

/// The members to draw for a query, at most `limit`, and how many matched in all.
pub fn visible<'a>(members: &'a [Member], query: &str, limit: usize) -> (Vec<&'a Member>, usize) {
    let all: Vec<&Member> = members.iter().filter(|m| matches(m, query)).collect();
    let total = all.len();
    (all.into_iter().take(limit).collect(), total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sotay_model::entities::{Gender, MemberStatus};
    use sotay_model::ids::Id;

    fn m(n: u128, name: &str, card: &str) -> Member {
        Member {
            id: Id::from_u128(n),
            full_name: name.into(),
            birth_date: "1990-01-01".into(),
            gender: Gender::Male,
            joined_date: "2010-01-01".into(),
            official_date: None,
            card_no: card.into(),
            status: MemberStatus::Full,
            cell_id: Id::from_u128(99),
        }
    }

    #[test]
    fn members_sort_by_given_name() {
        let mut list = vec![
            m(1, "Lê Văn Đức", "1"),
            m(2, "Phạm Thị An", "2"),
            m(3, "Nguyễn Văn Dũng", "3"),
        ];
        sort_members(&mut list);
        let names: Vec<&str> = list.iter().map(|m| m.full_name.as_str()).collect();
        assert_eq!(names, ["Phạm Thị An", "Nguyễn Văn Dũng", "Lê Văn Đức"]);
    }

    #[test]
    fn search_ignores_diacritics_and_word_order() {
        let duc = m(1, "Lê Văn Đức", "12-345");
        assert!(matches(&duc, "duc"));
        assert!(matches(&duc, "ĐỨC lê"));
        assert!(matches(&duc, "  "));
        assert!(matches(&duc, "12-3"));
        assert!(!matches(&duc, "dung"));
    }

    #[test]
    fn visible_rows_are_capped_but_counted() {
        let list: Vec<Member> = (0..250).map(|i| m(i, "Trần Văn An", "1")).collect();
        let (rows, total) = visible(&list, "an", PAGE);
        assert_eq!((rows.len(), total), (PAGE, 250));
        let (rows, total) = visible(&list, "binh", PAGE);
        assert_eq!((rows.len(), total), (0, 0));
    }

    #[test]
    fn a_query_word_matches_the_start_of_a_name_word_not_its_inside() {
        let hoa = m(1, "Nguyễn Thị Hoa", "1");
        let thoa = m(2, "Nguyễn Thị Thoa", "2");
        assert!(matches(&hoa, "nguyen thi hoa"));
        assert!(!matches(&thoa, "nguyen thi hoa"));
        assert!(matches(&thoa, "thoa"));
        assert!(matches(&hoa, "ngu th ho"));
        assert!(!matches(&hoa, "guyen"));
    }
}
