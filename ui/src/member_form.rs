//! The add-member form's rules, kept out of the component so they can be tested:
//! dates typed dd/MM/yyyy become ISO dates, empty fields are named in the message.
//! The replica and the server check everything again (their messages are shown too).

use crate::i18n::{self, Key, Lang};
use sotay_model::api::NewMember;
use sotay_model::entities::{Gender, MemberStatus};
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
    /// The request to send, or every problem found, each a sentence in `lang`.
    pub fn to_new_member(&self, lang: Lang) -> Result<NewMember, Vec<String>> {
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
            let parsed = vn::parse_date(value);
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
                "Ngày sinh: ngày không hợp lệ, hãy nhập theo dạng dd/MM/yyyy",
                "Ngày chính thức: ngày không hợp lệ, hãy nhập theo dạng dd/MM/yyyy",
                "Chi bộ: không được để trống",
            ]
        );
    }
}
