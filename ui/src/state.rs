//! The whole UI state as one Yew reducer: what the replica last told us (status,
//! rejected changes, organisations, members) and where the user is. The UI holds no
//! data the replica does not have (DESIGN §3); these are copies to draw from.

use crate::i18n::{self, Lang};
use sotay_model::api::ApiError;
use sotay_model::entities::{Member, Organisation};
use sotay_model::ids::Id;
use sotay_model::sync::{RejectedChange, Status, SyncReport};
use std::rc::Rc;
use yew::Reducible;

/// The sections of the app. The first five are the phone's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Home,
    Docs,
    Meetings,
    Tasks,
    Me,
    Orgs,
    /// Lịch: in the sidebar; phones reach it from Home's "Lịch hôm nay".
    Schedule,
    /// Đảng phí: in the sidebar; phones reach it from Cá nhân.
    Dues,
    /// Đánh giá, xếp loại: in the sidebar; phones reach it from Cá nhân.
    Evaluation,
    /// Theo dõi (issue 18): in the sidebar for those with a post; phones reach it
    /// from Home.
    Oversight,
    /// Trao đổi (issue 16): in the sidebar; phones reach it from Home.
    Exchange,
    /// Kiểm tra, giám sát (issue 17): in the sidebar for committee and inspection
    /// committee posts and for members with a notice or record; phones reach it from
    /// Home.
    Inspection,
}

impl Tab {
    pub const PHONE: [Tab; 5] = [Tab::Home, Tab::Docs, Tab::Meetings, Tab::Tasks, Tab::Me];
    pub const SIDEBAR: [Tab; 12] = [
        Tab::Home,
        Tab::Orgs,
        Tab::Docs,
        Tab::Meetings,
        Tab::Schedule,
        Tab::Tasks,
        Tab::Exchange,
        Tab::Dues,
        Tab::Evaluation,
        Tab::Oversight,
        Tab::Inspection,
        Tab::Me,
    ];

    /// The phone's bottom tabs: those who hold a post administer (members, committees,
    /// the audit log), so Tổ chức is among theirs; everyone else reaches it from Home.
    pub fn phone_tabs(administers: bool) -> Vec<Tab> {
        let mut tabs = Tab::PHONE.to_vec();
        if administers {
            tabs.insert(1, Tab::Orgs);
        }
        tabs
    }

    /// The stable word used in `data-testid`s (`tab-home`, `nav-orgs`…).
    pub fn slug(self) -> &'static str {
        match self {
            Tab::Home => "home",
            Tab::Docs => "docs",
            Tab::Meetings => "meetings",
            Tab::Tasks => "tasks",
            Tab::Me => "me",
            Tab::Orgs => "orgs",
            Tab::Schedule => "schedule",
            Tab::Dues => "dues",
            Tab::Evaluation => "evaluation",
            Tab::Oversight => "oversight",
            Tab::Exchange => "exchange",
            Tab::Inspection => "inspection",
        }
    }
}

/// What the chosen organisation's pane shows: its members, its committee (positions)
/// or the audit log of its subtree.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OrgSection {
    #[default]
    Members,
    Committee,
    Audit,
    /// Chuyển sinh hoạt: transfers into and out of the organisation (issue 19).
    Transfers,
}

impl OrgSection {
    pub const ALL: [OrgSection; 4] = [
        OrgSection::Members,
        OrgSection::Committee,
        OrgSection::Audit,
        OrgSection::Transfers,
    ];

    /// The stable word used in `data-testid`s (`section-committee`…).
    pub fn slug(self) -> &'static str {
        match self {
            OrgSection::Members => "members",
            OrgSection::Committee => "committee",
            OrgSection::Audit => "audit",
            OrgSection::Transfers => "transfers",
        }
    }
}

/// Where the organisations screen is: the tree, one organisation's members (or its
/// committee, or its audit log), one member, or the add or edit form. Phones show only
/// the deepest pane; desktops show the tree beside it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrgView {
    pub selected_org: Option<Id>,
    pub section: OrgSection,
    pub selected_member: Option<Id>,
    pub adding: bool,
    /// The selected member's edit form is open.
    pub editing: bool,
}

/// Data fetched for a key (an organisation, a member): kept with the key so a late
/// answer for an earlier choice is not shown for the current one.
#[derive(Clone, Debug, PartialEq)]
pub struct Fetched<K, T> {
    pub key: K,
    pub result: Result<T, ApiError>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppState {
    pub lang: Lang,
    pub tab: Tab,
    /// The last status the replica gave; `None` until the first answer.
    pub status: Option<Status>,
    /// The last status poll failed (the replica or its host is unreachable).
    pub status_error: Option<ApiError>,
    pub syncing: bool,
    /// Set from the enrollment screen so it stays up while the first sync runs.
    pub first_sync: bool,
    pub last_sync: Option<Result<SyncReport, ApiError>>,
    pub rejected: Vec<RejectedChange>,
    pub orgs: Option<Result<Vec<Organisation>, ApiError>>,
    pub org_view: OrgView,
    pub members: Option<Fetched<Id, Vec<Member>>>,
    pub member: Option<Fetched<Id, Member>>,
    /// A one-line confirmation (e.g. a member was added), cleared on navigation.
    pub notice: Option<String>,
    /// The library's open document (its reader), kept here so Home can open one.
    pub doc_open: Option<Id>,
    /// Counts taps on the tab already shown: the shell keys the page on it, so the
    /// page starts again at its list (its own state, a meeting or a form, is dropped).
    pub tab_reset: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    SetLang(Lang),
    Go(Tab),
    StatusLoaded(Status),
    StatusFailed(ApiError),
    SyncStarted {
        first: bool,
    },
    SyncFinished(Result<SyncReport, ApiError>),
    /// Enrollment was refused: back to the form, which shows the reason itself.
    EnrollFailed,
    RejectedLoaded(Vec<RejectedChange>),
    RejectedDismissed(Id),
    OrgsLoaded(Result<Vec<Organisation>, ApiError>),
    SelectOrg(Id),
    MembersLoaded(Fetched<Id, Vec<Member>>),
    SelectMember(Id),
    MemberLoaded(Fetched<Id, Member>),
    /// One pane back: member → list → tree; the add form closes first.
    Back,
    OpenAddMember,
    MemberCreated {
        notice: String,
    },
    /// Members, committee or audit log of the chosen organisation.
    SetSection(OrgSection),
    OpenEditMember,
    /// The edit form saved: back to the member, with a confirmation.
    MemberSaved {
        notice: String,
    },
    /// A one-line confirmation after an action that stays on the same pane.
    Notify(String),
    /// Open a document in the library's reader (from any tab).
    OpenDocument(Id),
    /// Back from the reader to the library's list.
    CloseDocument,
}

impl AppState {
    /// The text of `key` in the chosen language.
    pub fn t(&self, key: impl i18n::Text) -> &'static str {
        key.text(self.lang)
    }

    /// The text of `key` with its `{}` holes filled.
    pub fn tf(&self, key: impl i18n::Text, args: &[&str]) -> String {
        i18n::fill(key.text(self.lang), args)
    }

    pub fn enrolled(&self) -> bool {
        self.status.as_ref().is_some_and(|s| s.enrolled)
    }

    /// Online means the last poll reached the replica and the replica reached the server.
    pub fn online(&self) -> bool {
        self.status_error.is_none() && self.status.as_ref().is_some_and(|s| s.online)
    }

    pub fn org_list(&self) -> &[Organisation] {
        match &self.orgs {
            Some(Ok(o)) => o,
            _ => &[],
        }
    }

    /// Which pane is the deepest one showing, as a CSS class.
    pub fn org_pane(&self) -> &'static str {
        let v = &self.org_view;
        if v.adding || v.editing {
            "pane-form"
        } else if v.selected_member.is_some() {
            "pane-member"
        } else if v.selected_org.is_some() {
            "pane-list"
        } else {
            "pane-tree"
        }
    }

    /// The pure transition: used by `Reducible` and by the tests.
    pub fn next(&self, action: Action) -> AppState {
        let mut s = self.clone();
        match action {
            Action::SetLang(l) => s.lang = l,
            Action::Go(tab) => {
                // Coming to the organisations from elsewhere starts at the tree, so a
                // phone never lands on a stale member with the tree out of sight.
                if tab == Tab::Orgs && s.tab != Tab::Orgs {
                    s.org_view = OrgView::default();
                }
                // Tapping the tab already shown goes back to its list, as phones do.
                if tab == s.tab {
                    s.tab_reset = s.tab_reset.wrapping_add(1);
                    match tab {
                        Tab::Orgs => s.org_view = OrgView::default(),
                        Tab::Docs => s.doc_open = None,
                        _ => {}
                    }
                }
                s.tab = tab;
                s.notice = None;
            }
            Action::StatusLoaded(st) => {
                s.status = Some(st);
                s.status_error = None;
            }
            Action::StatusFailed(e) => s.status_error = Some(e),
            Action::SyncStarted { first } => {
                s.syncing = true;
                s.first_sync = first;
            }
            Action::SyncFinished(r) => {
                s.syncing = false;
                s.first_sync = false;
                s.last_sync = Some(r);
            }
            Action::EnrollFailed => {
                s.syncing = false;
                s.first_sync = false;
            }
            Action::RejectedLoaded(r) => s.rejected = r,
            Action::RejectedDismissed(id) => s.rejected.retain(|r| r.change_id != id),
            Action::OrgsLoaded(r) => s.orgs = Some(r),
            Action::SelectOrg(id) => {
                // The section stays: a committee browsing its levels' committees
                // (or logs) keeps seeing committees.
                s.org_view = OrgView {
                    selected_org: Some(id),
                    section: s.org_view.section,
                    ..OrgView::default()
                };
                s.notice = None;
                if s.members.as_ref().is_some_and(|m| m.key != id) {
                    s.members = None;
                }
            }
            Action::MembersLoaded(f) => {
                if s.org_view.selected_org == Some(f.key) {
                    s.members = Some(f);
                }
            }
            Action::SelectMember(id) => {
                s.org_view.selected_member = Some(id);
                s.org_view.adding = false;
                s.org_view.editing = false;
                s.notice = None;
                if s.member.as_ref().is_some_and(|m| m.key != id) {
                    s.member = None;
                }
            }
            Action::MemberLoaded(f) => {
                if s.org_view.selected_member == Some(f.key) {
                    s.member = Some(f);
                }
            }
            Action::Back => {
                let v = &mut s.org_view;
                if v.adding {
                    v.adding = false;
                } else if v.editing {
                    v.editing = false;
                } else if v.selected_member.is_some() {
                    v.selected_member = None;
                } else {
                    v.selected_org = None;
                }
                s.notice = None;
            }
            Action::OpenAddMember => {
                s.org_view.adding = true;
                s.org_view.selected_member = None;
                s.notice = None;
            }
            Action::MemberCreated { notice } => {
                s.org_view.adding = false;
                s.notice = Some(notice);
            }
            Action::SetSection(section) => {
                let v = &mut s.org_view;
                v.section = section;
                v.selected_member = None;
                v.adding = false;
                v.editing = false;
                s.notice = None;
            }
            Action::OpenEditMember => {
                s.org_view.editing = s.org_view.selected_member.is_some();
                s.notice = None;
            }
            Action::MemberSaved { notice } => {
                s.org_view.editing = false;
                s.notice = Some(notice);
            }
            Action::Notify(notice) => s.notice = Some(notice),
            Action::OpenDocument(id) => {
                s.tab = Tab::Docs;
                s.doc_open = Some(id);
                s.notice = None;
            }
            Action::CloseDocument => s.doc_open = None,
        }
        s
    }
}

impl Reducible for AppState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.next(action))
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;

#[cfg(test)]
mod tab_tests {
    use super::*;

    #[test]
    fn tapping_the_active_tab_returns_to_its_list() {
        let mut s = AppState::default().next(Action::Go(Tab::Orgs));
        s = s.next(Action::SelectOrg(Id::from_u128(1)));
        s = s.next(Action::SelectMember(Id::from_u128(2)));
        assert_eq!(s.org_pane(), "pane-member");
        let before = s.tab_reset;
        s = s.next(Action::Go(Tab::Orgs));
        assert_eq!(s.org_pane(), "pane-tree");
        assert_ne!(s.tab_reset, before);

        s = s.next(Action::OpenDocument(Id::from_u128(3)));
        assert_eq!((s.tab, s.doc_open), (Tab::Docs, Some(Id::from_u128(3))));
        s = s.next(Action::Go(Tab::Docs));
        assert_eq!(s.doc_open, None);

        // Meetings keep their place in their own state: a new key remounts the page.
        s = s.next(Action::Go(Tab::Meetings));
        let shown = s.tab_reset;
        assert_eq!(s.next(Action::Go(Tab::Meetings)).tab_reset, shown + 1);
    }

    #[test]
    fn those_who_administer_have_the_organisations_tab_on_the_phone() {
        assert_eq!(Tab::phone_tabs(false), Tab::PHONE.to_vec());
        let tabs = Tab::phone_tabs(true);
        assert_eq!(tabs.len(), 6);
        assert_eq!(tabs[1], Tab::Orgs);
    }
}
