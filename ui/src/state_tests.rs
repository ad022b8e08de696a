//! Reducer transitions, run natively.

use super::*;
use sotay_model::api::ApiErrorKind;
use sotay_model::entities::{Gender, MemberStatus};
use sotay_model::sync::SyncProgress;

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

fn member(n: u128) -> Member {
    Member {
        id: id(n),
        full_name: "Nguyễn Văn An".into(),
        birth_date: "1980-01-02".into(),
        gender: Gender::Male,
        joined_date: "2005-05-19".into(),
        official_date: Some("2006-05-19".into()),
        card_no: "12-345".into(),
        status: MemberStatus::Full,
        cell_id: id(9),
    }
}

fn offline() -> ApiError {
    ApiError::new(ApiErrorKind::Offline, "Không kết nối được")
}

#[test]
fn starts_in_vietnamese_on_home_waiting_for_status() {
    let s = AppState::default();
    assert_eq!(s.lang, Lang::Vi);
    assert_eq!(s.tab, Tab::Home);
    assert!(s.status.is_none());
    assert!(!s.enrolled());
    assert!(!s.online());
}

#[test]
fn a_failed_poll_keeps_the_last_status_but_shows_offline() {
    let st = Status {
        enrolled: true,
        online: true,
        ..Status::default()
    };
    let s = AppState::default().next(Action::StatusLoaded(st.clone()));
    assert!(s.online() && s.enrolled());
    let s = s.next(Action::StatusFailed(offline()));
    assert!(!s.online());
    assert!(s.enrolled(), "the last known status stays");
    let s = s.next(Action::StatusLoaded(st));
    assert!(s.online());
}

#[test]
fn first_sync_flag_lasts_until_the_sync_finishes() {
    let s = AppState::default().next(Action::SyncStarted { first: true });
    assert!(s.syncing && s.first_sync);
    let s = s.next(Action::StatusLoaded(Status {
        enrolled: true,
        progress: Some(SyncProgress {
            pulled: 10,
            remaining: 90,
        }),
        ..Status::default()
    }));
    assert!(s.first_sync);
    let s = s.next(Action::SyncFinished(Err(offline())));
    assert!(!s.syncing && !s.first_sync);
    assert_eq!(s.last_sync, Some(Err(offline())));
}

#[test]
fn a_refused_enrollment_returns_to_the_form_without_a_sync_error() {
    let s = AppState::default()
        .next(Action::SyncStarted { first: true })
        .next(Action::EnrollFailed);
    assert!(!s.syncing && !s.first_sync);
    assert_eq!(s.last_sync, None);
}

#[test]
fn entering_the_organisations_from_elsewhere_starts_at_the_tree() {
    let s = AppState::default()
        .next(Action::Go(Tab::Orgs))
        .next(Action::SelectOrg(id(1)))
        .next(Action::SelectMember(id(2)));
    // Tapping the section's own tab again goes back to its tree (issue 23 item 14).
    assert_eq!(s.next(Action::Go(Tab::Orgs)).org_pane(), "pane-tree");
    let s = s.next(Action::Go(Tab::Me)).next(Action::Go(Tab::Orgs));
    assert_eq!(s.org_pane(), "pane-tree");
}

#[test]
fn back_walks_from_member_to_list_to_tree() {
    let s = AppState::default()
        .next(Action::SelectOrg(id(1)))
        .next(Action::SelectMember(id(2)));
    assert_eq!(s.org_pane(), "pane-member");
    let s = s.next(Action::Back);
    assert_eq!(s.org_pane(), "pane-list");
    assert_eq!(s.org_view.selected_org, Some(id(1)));
    let s = s.next(Action::Back);
    assert_eq!(s.org_pane(), "pane-tree");
}

#[test]
fn add_form_opens_over_the_list_and_closes_with_a_notice() {
    let s = AppState::default()
        .next(Action::SelectOrg(id(1)))
        .next(Action::OpenAddMember);
    assert_eq!(s.org_pane(), "pane-form");
    let s = s.next(Action::MemberCreated {
        notice: "Đã thêm".into(),
    });
    assert_eq!(s.org_pane(), "pane-list");
    assert_eq!(s.notice.as_deref(), Some("Đã thêm"));
    assert_eq!(s.next(Action::Go(Tab::Me)).notice, None);
}

#[test]
fn late_answers_for_an_earlier_choice_are_dropped() {
    let s = AppState::default().next(Action::SelectOrg(id(1)));
    let s = s.next(Action::SelectOrg(id(2)));
    let s = s.next(Action::MembersLoaded(Fetched {
        key: id(1),
        result: Ok(vec![member(5)]),
    }));
    assert!(s.members.is_none());
    let s = s.next(Action::MembersLoaded(Fetched {
        key: id(2),
        result: Ok(vec![member(6)]),
    }));
    assert_eq!(s.members.map(|m| m.key), Some(id(2)));
}

#[test]
fn choosing_another_org_clears_the_member_pane() {
    let s = AppState::default()
        .next(Action::SelectOrg(id(1)))
        .next(Action::SelectMember(id(5)))
        .next(Action::MemberLoaded(Fetched {
            key: id(5),
            result: Ok(member(5)),
        }));
    assert!(s.member.is_some());
    let s = s.next(Action::SelectOrg(id(2)));
    assert_eq!(s.org_view.selected_member, None);
    assert_eq!(s.org_pane(), "pane-list");
}

#[test]
fn dismissing_a_rejected_change_removes_only_it() {
    use sotay_model::change::Entity;
    use sotay_model::protocol::RejectReason;
    let rc = |n| RejectedChange {
        change_id: id(n),
        entity: Entity::Member,
        row_id: id(50),
        reason: RejectReason::Forbidden,
        message: RejectReason::Forbidden.message_vi(),
        at_ms: 0,
    };
    let s = AppState::default().next(Action::RejectedLoaded(vec![rc(1), rc(2)]));
    let s = s.next(Action::RejectedDismissed(id(1)));
    assert_eq!(s.rejected, vec![rc(2)]);
}

#[test]
fn language_switch_changes_only_the_language() {
    let s = AppState::default().next(Action::Go(Tab::Orgs));
    let s2 = s.next(Action::SetLang(Lang::En));
    assert_eq!(s2.lang, Lang::En);
    assert_eq!(s2.tab, Tab::Orgs);
}

#[test]
fn sections_keep_across_organisations_and_close_the_member() {
    let s = AppState::default()
        .next(Action::SelectOrg(id(1)))
        .next(Action::SetSection(OrgSection::Committee));
    assert_eq!(s.org_view.section, OrgSection::Committee);
    let s = s.next(Action::SelectOrg(id(2)));
    assert_eq!(s.org_view.section, OrgSection::Committee);
    let s = s
        .next(Action::SelectMember(id(5)))
        .next(Action::SetSection(OrgSection::Members));
    assert_eq!(s.org_view.selected_member, None);
    assert_eq!(s.org_pane(), "pane-list");
}

#[test]
fn the_edit_form_opens_over_the_member_and_saving_returns_to_it() {
    let s = AppState::default().next(Action::SelectOrg(id(1)));
    // Without a member there is nothing to edit.
    assert!(!s.next(Action::OpenEditMember).org_view.editing);
    let s = s
        .next(Action::SelectMember(id(5)))
        .next(Action::OpenEditMember);
    assert_eq!(s.org_pane(), "pane-form");
    assert_eq!(s.next(Action::Back).org_pane(), "pane-member");
    let s = s.next(Action::MemberSaved {
        notice: "Đã lưu".into(),
    });
    assert_eq!(s.org_pane(), "pane-member");
    assert_eq!(s.notice.as_deref(), Some("Đã lưu"));
    // Another member starts without the last one's confirmation.
    assert_eq!(s.next(Action::SelectMember(id(6))).notice, None);
}

#[test]
fn a_document_opens_in_the_library_from_any_tab_and_closes_to_the_list() {
    let s = AppState::default().next(Action::OpenDocument(id(7)));
    assert_eq!(s.tab, Tab::Docs);
    assert_eq!(s.doc_open, Some(id(7)));
    // Leaving the library keeps the reader for the way back.
    let s = s.next(Action::Go(Tab::Home)).next(Action::Go(Tab::Docs));
    assert_eq!(s.doc_open, Some(id(7)));
    assert_eq!(s.next(Action::CloseDocument).doc_open, None);
}
