//! The add-member form's rules, kept out of the component so they can be tested:
//! dates typed dd/MM/yyyy (and only so) become ISO dates, empty fields are named in the
//! message, and the record must keep the model's member rules
//! (`sotay_model::administration::member_rules`: card number, birth before joining at
//! 18 or older, official after joining, nothing after today) before it is sent. The
//! replica and the server check the same rules again (their messages are shown too).

use crate::i18n::{self, Key, Lang};
use sotay_model::administration::member_rules::{self, parse_typed_date, MemberDates};
use sotay_model::administration::{MemberPatch, NewMember};
use sotay_model::entities::{Gender, Member, MemberStatus};
use sotay_model::ids::Id;
use sotay_model::vn;

/// What the user typed, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberForm {
    pub full_name: String,
    pub card_no: String,
    pub birth_date: String,
    pub gender: Gender,
    pub joined_date: String,
    pub official_date: String,
    pub status: MemberStatus,
    pub cell_id: Option<Id>,
}

impl Default for MemberForm {
    fn default() -> Self {
        MemberForm {
            full_name: String::new(),
            card_no: String::new(),
            birth_date: String::new(),
            gender: Gender::Male,
            joined_date: String::new(),
            official_date: String::new(),
            status: MemberStatus::Probationary,
            cell_id: None,
        }
    }
}

impl MemberForm {
    /// A member's record as the edit form shows it (dates dd/MM/yyyy).
    pub fn from_member(m: &Member) -> MemberForm {
        MemberForm {
            full_name: m.full_name.clone(),
            card_no: m.card_no.clone(),
            birth_date: vn::show_date(&m.birth_date),
            gender: m.gender,
            joined_date: vn::show_date(&m.joined_date),
            official_date: m
                .official_date
                .as_deref()
                .map(vn::show_date)
                .unwrap_or_default(),
            status: m.status,
            cell_id: Some(m.cell_id),
        }
    }

    /// Only what differs from `original`, checked like a new member (the cell is
    /// changed by a transfer, never here). An empty patch means nothing changed.
    pub fn to_patch(&self, original: &Member, lang: Lang) -> Result<MemberPatch, Vec<String>> {
        let checked = MemberForm {
            cell_id: Some(original.cell_id),
            ..self.clone()
        }
        .to_new_member(lang)?;
        let differs = |a: &str, b: &str| (a != b).then(|| a.to_string());
        Ok(MemberPatch {
            full_name: differs(&checked.full_name, &original.full_name),
            birth_date: differs(&checked.birth_date, &original.birth_date),
            gender: (checked.gender != original.gender).then_some(checked.gender),
            joined_date: differs(&checked.joined_date, &original.joined_date),
            official_date: (checked.official_date != original.official_date)
                .then_some(checked.official_date),
            card_no: differs(&checked.card_no, &original.card_no),
            status: (checked.status != original.status).then_some(checked.status),
            cell_id: None,
        })
    }

    /// The request to send, or every problem found, each a sentence in `lang`; dates
    /// after the device's today are refused too.
    pub fn to_new_member(&self, lang: Lang) -> Result<NewMember, Vec<String>> {
        self.to_new_member_on(lang, crate::format::today_iso().as_deref())
    }

    /// [`Self::to_new_member`] with today's ISO date given (`None`: not known).
    pub fn to_new_member_on(
        &self,
        lang: Lang,
        today: Option<&str>,
    ) -> Result<NewMember, Vec<String>> {
        let mut errors = vec![];
        let required = |key: Key, value: &str, errors: &mut Vec<String>| {
            if value.trim().is_empty() {
                errors.push(i18n::textf(lang, Key::Required, &[i18n::text(lang, key)]));
            }
        };
        required(Key::FullName, &self.full_name, &mut errors);
        required(Key::CardNo, &self.card_no, &mut errors);
        let date = |key: Key, value: &str, errors: &mut Vec<String>| -> Option<String> {
            if value.trim().is_empty() {
                errors.push(i18n::textf(lang, Key::Required, &[i18n::text(lang, key)]));
                return None;
            }
            let parsed = parse_typed_date(value);
            if parsed.is_none() {
                errors.push(i18n::textf(
                    lang,
                    Key::InvalidDate,
                    &[i18n::text(lang, key)],
                ));
            }
            parsed
        };
        let birth = date(Key::BirthDate, &self.birth_date, &mut errors);
        let joined = date(Key::JoinedDate, &self.joined_date, &mut errors);
        let official = if self.official_date.trim().is_empty() {
            None
        } else {
            date(Key::OfficialDate, &self.official_date, &mut errors)
        };
        if self.cell_id.is_none() {
            errors.push(i18n::textf(
                lang,
                Key::Required,
                &[i18n::text(lang, Key::Cell)],
            ));
        }
        if let (Some(b), Some(j)) = (&birth, &joined) {
            let dates = MemberDates {
                birth: b,
                joined: j,
                official: official.as_deref(),
            };
            let problems = member_rules::check(self.card_no.trim(), &dates, today);
            errors.extend(problems.iter().map(|p| upper_first(p)));
        } else if !self.card_no.trim().is_empty() && !member_rules::card_no_ok(self.card_no.trim())
        {
            errors.push(upper_first(&member_rules::card_no_message()));
        }
        match (birth, joined, self.cell_id) {
            (Some(birth_date), Some(joined_date), Some(cell_id)) if errors.is_empty() => {
                Ok(NewMember {
                    full_name: self.full_name.trim().to_string(),
                    birth_date,
                    gender: self.gender,
                    joined_date,
                    official_date: official,
                    card_no: self.card_no.trim().to_string(),
                    status: self.status,
                    cell_id,
                })
            }
            _ => Err(errors),
        }
    }
}

/// A message as a line of its own starts with a capital letter.
fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> MemberForm {
        MemberForm {
            full_name: "  Trần Thị Bình ".into(),
            card_no: "01-234567".into(),
            birth_date: "2/9/1990".into(),
            gender: Gender::Female,
            joined_date: "19/05/2015".into(),
            official_date: String::new(),
            status: MemberStatus::Probationary,
            cell_id: Some(Id::from_u128(7)),
        }
    }

    #[test]
    fn typed_dates_become_iso_and_names_are_trimmed() {
        let m = filled().to_new_member(Lang::Vi).expect("valid form");
        assert_eq!(m.full_name, "Trần Thị Bình");
        assert_eq!(m.birth_date, "1990-09-02");
        assert_eq!(m.joined_date, "2015-05-19");
        assert_eq!(m.official_date, None);
    }

    #[test]
    fn an_edit_sends_only_what_changed() {
        let original = filled()
            .to_new_member(Lang::Vi)
            .map(|n| Member {
                id: Id::from_u128(1),
                full_name: n.full_name,
                birth_date: n.birth_date,
                gender: n.gender,
                joined_date: n.joined_date,
                official_date: n.official_date,
                card_no: n.card_no,
                status: n.status,
                cell_id: n.cell_id,
            })
            .expect("valid form");
        let form = MemberForm::from_member(&original);
        assert_eq!(form.birth_date, "02/09/1990");
        let unchanged = form.to_patch(&original, Lang::Vi).expect("valid");
        assert_eq!(unchanged, MemberPatch::default());
        let edited = MemberForm {
            official_date: "19/05/2016".into(),
            status: MemberStatus::Full,
            ..form
        };
        let patch = edited.to_patch(&original, Lang::Vi).expect("valid");
        assert_eq!(
            patch,
            MemberPatch {
                official_date: Some(Some("2016-05-19".into())),
                status: Some(MemberStatus::Full),
                ..MemberPatch::default()
            }
        );
    }

    #[test]
    fn impossible_records_are_refused_before_they_are_sent() {
        let form = MemberForm {
            card_no: "12ab".into(),
            birth_date: "01/01/2030".into(),
            joined_date: "19/05/2020".into(),
            ..filled()
        };
        let errors = form
            .to_new_member_on(Lang::Vi, Some("2026-12-06"))
            .expect_err("impossible record");
        assert_eq!(
            errors,
            vec![
                "Số thẻ đảng viên chỉ gồm chữ số, có thể sau một tiền tố chữ và dấu gạch (như 01-234567)",
                "Ngày sinh: không được sau ngày hôm nay",
                "Ngày sinh: phải trước Ngày vào Đảng",
            ]
        );
        let young = MemberForm {
            birth_date: "02/06/2003".into(),
            joined_date: "01/06/2021".into(),
            ..filled()
        };
        assert_eq!(
            young.to_new_member_on(Lang::Vi, Some("2026-12-06")),
            Err(vec![
                "Ngày vào Đảng: đảng viên phải đủ 18 tuổi khi vào Đảng".to_string()
            ])
        );
    }

    #[test]
    fn a_date_typed_year_first_is_refused() {
        let form = MemberForm {
            birth_date: "1990-09-02".into(),
            ..filled()
        };
        let errors = form
            .to_new_member_on(Lang::Vi, None)
            .expect_err("year first");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("Ngày sinh:"), "{errors:?}");
    }

    #[test]
    fn every_problem_is_reported_in_vietnamese() {
        let form = MemberForm {
            full_name: " ".into(),
            birth_date: "31/02/1990".into(),
            official_date: "hôm qua".into(),
            cell_id: None,
            ..filled()
        };
        let errors = form.to_new_member(Lang::Vi).expect_err("invalid form");
        assert_eq!(
            errors,
            vec![
                "Họ và tên: không được để trống",
                "Ngày sinh: ngày không hợp lệ, hãy nhập ngày/tháng/năm, ví dụ 31/12/1990",
                "Ngày chính thức: ngày không hợp lệ, hãy nhập ngày/tháng/năm, ví dụ 31/12/1990",
                "Chi bộ: không được để trống",
            ]
        );
    }
}
