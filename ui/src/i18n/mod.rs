//! The string catalogs: every visible word of the UI, one catalog per language.
//! Keys are an enum and each catalog is an exhaustive `match`, so a key without a
//! translation does not compile.

mod en;
pub mod scan;
mod vi;

use sotay_model::entities::{MemberStatus, OrgKind};

/// The languages the UI speaks; Vietnamese is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// The code kept in localStorage and set on `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Anything but `en` means Vietnamese, so a damaged setting falls back safely.
    pub fn from_code(code: &str) -> Lang {
        if code == "en" {
            Lang::En
        } else {
            Lang::Vi
        }
    }
}

macro_rules! keys {
    ($($k:ident),* $(,)?) => {
        /// One visible string. Templates mark their arguments with `{}`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key { $($k),* }
        impl Key {
            /// Every key, for the completeness tests.
            pub const ALL: &'static [Key] = &[$(Key::$k),*];
        }
    };
}

keys! {
    AppName, Loading, Retry, Back, Cancel, Save, Saving, Close,
    // start-up failure
    CannotReachTitle, CannotReachHint,
    // transport errors (always Vietnamese: they become ApiError messages)
    ErrTransportOffline, ErrHttpStatus, ErrBadResponse, ErrUnexpectedResponse, ErrNoToken,
    // navigation
    TabHome, TabDocs, TabMeetings, TabTasks, TabSchedule, TabMe, NavOrgs, MainMenu,
    // home
    Greeting, GreetingNoName, MeNotSynced, YourCell, Shortcuts, ShortcutOrgs,
    ShortcutOrgsHint, ShortcutDocsHint, ShortcutMeetingsHint, ShortcutTasksHint,
    PendingChanges, RejectedCount, NeedsYou, NextMeeting, NoMeetingYet, TasksDue,
    NoTasksYet, ToStudy, NoDocsYet, PendingHome, LowerLevels, LowerLevelsOf,
    SummaryMembers, SummaryCells, NoLowerLevels, MeetingsLater, MeetingsBelow,
    SummaryMeetings, SummaryAttendance,
    // coming soon
    ComingSoon, ComingSoonDocs, ComingSoonMeetings, ComingSoonTasks,
    // the words of a member's record, shown by the shell (home, profile) and the
    // member form as well as by the administration screens
    Members, KindProvince, KindDistrict, KindGrassroots, KindSection, KindCell,
    StatusFull, StatusProbationary, StatusLeft, StatusDeceased,
    FullName, CardNo, BirthDate, JoinedDate, OfficialDate, MemberStatus, Cell,
    Positions, InvalidDate, Required, Unknown,
    // profile
    MyCard, Language, LangVi, LangEn, DeviceInfo, DeviceId, Server, Connection,
    ConnectionApp, ConnectionBrowser,
}

/// The text of `key` in `lang`.
pub fn text(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::Vi => vi::text(key),
        Lang::En => en::text(key),
    }
}

/// A key of a string catalog: the shell's `Key` here, or a feature's own
/// (`administration::strings::AdminKey`, `devices::strings::DeviceKey`, ...), so
/// `AppState::t` takes either and each feature's strings live in its folder.
pub trait Text: Copy {
    fn text(self, lang: Lang) -> &'static str;
}

impl Text for Key {
    fn text(self, lang: Lang) -> &'static str {
        text(lang, self)
    }
}

/// A feature's catalog: an enum of keys, each with its Vietnamese and English text
/// side by side, so neither language can miss a key. Templates mark holes with `{}`.
#[macro_export]
macro_rules! catalog {
    ($(#[$meta:meta])* $name:ident { $($k:ident => $vi:literal, $en:literal;)* }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($k),* }
        impl $name {
            /// Every key, for the completeness tests.
            pub const ALL: &'static [$name] = &[$($name::$k),*];
        }
        impl $crate::i18n::Text for $name {
            fn text(self, lang: $crate::i18n::Lang) -> &'static str {
                match lang {
                    $crate::i18n::Lang::Vi => match self { $($name::$k => $vi),* },
                    $crate::i18n::Lang::En => match self { $($name::$k => $en),* },
                }
            }
        }
    };
}

/// The checks every catalog passes: text in both languages, the same holes in both.
#[cfg(test)]
pub fn check_catalog<K: Text + std::fmt::Debug>(keys: &[K]) {
    for &k in keys {
        for lang in [Lang::Vi, Lang::En] {
            assert!(!k.text(lang).trim().is_empty(), "{k:?} empty in {lang:?}");
        }
        let holes = |s: &str| s.matches("{}").count();
        assert_eq!(holes(k.text(Lang::Vi)), holes(k.text(Lang::En)), "{k:?}");
    }
}

/// Fill the `{}` holes of a template in order; extra holes stay empty.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut parts = template.split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        out.push_str(args.get(i).copied().unwrap_or(""));
        out.push_str(part);
    }
    out
}

/// The text of `key` in `lang` with its holes filled.
pub fn textf(lang: Lang, key: Key, args: &[&str]) -> String {
    fill(text(lang, key), args)
}

pub fn org_kind(kind: OrgKind) -> Key {
    match kind {
        OrgKind::Province => Key::KindProvince,
        OrgKind::District => Key::KindDistrict,
        OrgKind::Grassroots => Key::KindGrassroots,
        OrgKind::Section => Key::KindSection,
        OrgKind::Cell => Key::KindCell,
    }
}

pub fn member_status(status: MemberStatus) -> Key {
    match status {
        MemberStatus::Full => Key::StatusFull,
        MemberStatus::Probationary => Key::StatusProbationary,
        MemberStatus::Left => Key::StatusLeft,
        MemberStatus::Deceased => Key::StatusDeceased,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holes(s: &str) -> usize {
        s.matches("{}").count()
    }

    #[test]
    fn every_key_has_non_empty_text_in_both_languages() {
        for &k in Key::ALL {
            for lang in [Lang::Vi, Lang::En] {
                assert!(!text(lang, k).trim().is_empty(), "{k:?} empty in {lang:?}");
            }
        }
    }

    #[test]
    fn templates_have_the_same_holes_in_both_languages() {
        for &k in Key::ALL {
            assert_eq!(holes(text(Lang::Vi, k)), holes(text(Lang::En, k)), "{k:?}");
        }
    }

    #[test]
    fn domain_words_follow_the_design() {
        assert_eq!(text(Lang::Vi, org_kind(OrgKind::Cell)), "Chi bộ");
        assert_eq!(
            text(Lang::Vi, org_kind(OrgKind::Grassroots)),
            "Đảng bộ cơ sở"
        );
        assert_eq!(text(Lang::Vi, Key::AppName), "Sổ tay Đảng viên");
    }

    /// Issue 23 item 7: the app calls its user "đồng chí" everywhere, and shows no
    /// format codes ("dd/MM/yyyy") as if they were words.
    #[test]
    fn vietnamese_texts_say_dong_chi_and_show_no_format_codes() {
        use crate::administration::strings::AdminKey;
        use crate::devices::strings::DeviceKey;
        use crate::library::strings::{lt, L};
        use crate::meetings::strings::{text as mt, MKey};
        use crate::schedule::strings::SKey;
        use crate::sync::strings::SyncKey;
        use crate::tasks::strings::TaskKey;
        let mut texts: Vec<(String, &str)> = vec![];
        texts.extend(
            Key::ALL
                .iter()
                .map(|&k| (format!("{k:?}"), text(Lang::Vi, k))),
        );
        texts.extend(
            MKey::ALL
                .iter()
                .map(|&k| (format!("{k:?}"), mt(Lang::Vi, k))),
        );
        texts.extend(L::ALL.iter().map(|&k| (format!("{k:?}"), lt(Lang::Vi, k))));
        texts.extend(
            TaskKey::ALL
                .iter()
                .map(|&k| (format!("{k:?}"), k.text(Lang::Vi))),
        );
        texts.extend(
            SKey::ALL
                .iter()
                .map(|&k| (format!("{k:?}"), k.text(Lang::Vi))),
        );
        texts.extend(
            AdminKey::ALL
                .iter()
                .map(|&k| (format!("{k:?}"), k.text(Lang::Vi))),
        );
        texts.extend(
            DeviceKey::ALL
                .iter()
                .map(|&k| (format!("{k:?}"), k.text(Lang::Vi))),
        );
        texts.extend(
            SyncKey::ALL
                .iter()
                .map(|&k| (format!("{k:?}"), k.text(Lang::Vi))),
        );
        for (key, t) in texts {
            let words: Vec<&str> = t.split(|c: char| !c.is_alphabetic()).collect();
            assert!(!words.contains(&"bạn"), "{key}: {t}");
            for code in ["dd/MM", "yyyy", "HH:mm", "hh:mm", "mm/dd"] {
                assert!(!t.contains(code), "{key}: {t}");
            }
        }
    }

    #[test]
    fn fill_puts_arguments_in_order() {
        assert_eq!(
            fill("Đã nhận {} / {} bản ghi", &["3", "10"]),
            "Đã nhận 3 / 10 bản ghi"
        );
        assert_eq!(fill("{} thay đổi", &[]), " thay đổi");
        assert_eq!(fill("không lỗ", &["x"]), "không lỗ");
    }

    #[test]
    fn language_codes_round_trip_and_default_to_vietnamese() {
        assert_eq!(Lang::from_code(Lang::En.code()), Lang::En);
        assert_eq!(Lang::from_code("vi"), Lang::Vi);
        assert_eq!(Lang::from_code("fr"), Lang::Vi);
    }
}
