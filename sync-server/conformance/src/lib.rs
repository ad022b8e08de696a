//! The conformance suite every [`Store`] backend must pass: idempotent pushes (also
//! across a restart), per-field merge, refusals that change nothing, authorisation,
//! pull scope, paging, tombstones, scope resets, enrollment and revocation, the
//! administration of devices and the audit log, documents read down the issuer's subtree,
//! meetings, tasks with their reports and reviews, the schedule, party dues, the
//! yearly evaluation, information exchange (announcements, comments, questions,
//! opinions on drafts), transfers, and inspection with discipline records.
//!
//! A backend's test file implements [`Backend`] and invokes [`conformance_tests!`](crate::conformance_tests)
//! (one `#[test]` per check), or calls [`story`] to run them all:
//!
//! ```ignore
//! struct Sqlite(Vec<tempfile::TempDir>);
//! impl sotay_conformance::Backend for Sqlite { /* fresh, reopen */ }
//! sotay_conformance::conformance_tests!(Sqlite(Vec::new()));
//! ```
//!
//! Checks panic with a message saying what went wrong, like any test.

mod admin;
mod concurrent;
mod devices;
mod documents;
mod dues;
mod evaluation;
mod exchange;
pub mod fixture;
mod inspection;
mod library;
mod meetings;
mod pull;
mod push;
mod refusals;
mod schedule;
mod tasks;
mod transfers;

use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{Cursor, Outcome, PullResponse, MAX_PULL};
use sotay_model::Change;
use sotay_server::store::Store;
use std::collections::BTreeMap;

pub use admin::{administration_of_devices, audit_log, members_who_left_lose_their_scope};
pub use concurrent::{concurrent_pushes, concurrent_pushes_async};
pub use devices::{enrollment_codes, revoked_device_refused};
pub use documents::documents_follow_the_issuers_subtree;
pub use dues::dues_kept_by_the_cell_read_by_the_member_and_above;
pub use evaluation::evaluation_assessed_proposed_decided_within_the_share;
pub use exchange::{
    exchange_announcements_read_receipts_and_comments,
    exchange_questions_answers_and_opinions_on_drafts,
};
pub use inspection::inspection_cases_notices_and_discipline;
pub use library::blobs_and_study_rows;
pub use meetings::meetings_attendance_and_minutes;
pub use pull::{
    moved_rows_are_gone_for_the_old_scope, paging, pull_scope_committee, pull_scope_member,
    scope_reset_after_position_change, scope_reset_after_transfer, tombstones_are_pulled,
};
pub use push::{idempotent_push, idempotent_push_after_reopen, per_field_merge};
pub use refusals::{authorisation, rejection_changes_nothing, structural_checks};
pub use schedule::schedule_entries_published_and_private;
pub use tasks::tasks_assigned_reported_and_reviewed;
pub use transfers::transfers_issued_confirmed_and_history_follows;

/// How the suite gets stores of one backend.
pub trait Backend {
    type Store: Store;
    /// A new, empty store.
    fn fresh(&mut self) -> Self::Store;
    /// The same data through a newly opened store, as after a server restart.
    fn reopen(&mut self, store: Self::Store) -> Self::Store;
}

/// Every check, in order.
pub fn story<B: Backend>(backend: &mut B) {
    idempotent_push(backend);
    idempotent_push_after_reopen(backend);
    per_field_merge(backend);
    rejection_changes_nothing(backend);
    structural_checks(backend);
    authorisation(backend);
    pull_scope_member(backend);
    pull_scope_committee(backend);
    paging(backend);
    tombstones_are_pulled(backend);
    scope_reset_after_position_change(backend);
    scope_reset_after_transfer(backend);
    moved_rows_are_gone_for_the_old_scope(backend);
    enrollment_codes(backend);
    revoked_device_refused(backend);
    administration_of_devices(backend);
    audit_log(backend);
    members_who_left_lose_their_scope(backend);
    documents_follow_the_issuers_subtree(backend);
    blobs_and_study_rows(backend);
    meetings_attendance_and_minutes(backend);
    tasks_assigned_reported_and_reviewed(backend);
    schedule_entries_published_and_private(backend);
    dues_kept_by_the_cell_read_by_the_member_and_above(backend);
    evaluation_assessed_proposed_decided_within_the_share(backend);
    exchange_announcements_read_receipts_and_comments(backend);
    exchange_questions_answers_and_opinions_on_drafts(backend);
    transfers_issued_confirmed_and_history_follows(backend);
    inspection_cases_notices_and_discipline(backend);
    concurrent_pushes(backend);
    concurrent_pushes_async(backend);
}

/// One `#[test]` per conformance check, each on a fresh backend made by `$make`.
#[macro_export]
macro_rules! conformance_tests {
    ($make:expr) => {
        $crate::conformance_tests!(@each $make;
            idempotent_push, idempotent_push_after_reopen, per_field_merge,
            rejection_changes_nothing, structural_checks, authorisation,
            pull_scope_member, pull_scope_committee, paging, tombstones_are_pulled,
            scope_reset_after_position_change, scope_reset_after_transfer,
            moved_rows_are_gone_for_the_old_scope, enrollment_codes, revoked_device_refused,
            administration_of_devices, audit_log, members_who_left_lose_their_scope,
            documents_follow_the_issuers_subtree, blobs_and_study_rows, meetings_attendance_and_minutes,
            tasks_assigned_reported_and_reviewed, schedule_entries_published_and_private,
            dues_kept_by_the_cell_read_by_the_member_and_above,
            evaluation_assessed_proposed_decided_within_the_share,
            exchange_announcements_read_receipts_and_comments,
            exchange_questions_answers_and_opinions_on_drafts,
            transfers_issued_confirmed_and_history_follows,
            inspection_cases_notices_and_discipline, concurrent_pushes,
            concurrent_pushes_async);
    };
    (@each $make:expr; $($name:ident),*) => {
        $(
            #[test]
            fn $name() {
                let mut backend = $make;
                $crate::$name(&mut backend);
            }
        )*
    };
}

/// Push one change and return its outcome.
pub fn push_one(store: &impl Store, device: DeviceId, change: &Change) -> Outcome {
    let mut r = store
        .push(device, std::slice::from_ref(change), 20_000)
        .expect("push");
    assert_eq!(r.len(), 1, "one result per change");
    r.remove(0).outcome
}

/// Push and insist on acceptance; returns the sequence.
pub fn accept(store: &impl Store, device: DeviceId, change: &Change) -> u64 {
    match push_one(store, device, change) {
        Outcome::Accepted { seq } => seq,
        other => panic!(
            "expected change {:?} on row {} to be accepted, got {other:?}",
            change.change_id, change.row_id
        ),
    }
}

/// Push and insist on refusal; returns the outcome.
pub fn refuse(store: &impl Store, device: DeviceId, change: &Change) -> Outcome {
    let out = push_one(store, device, change);
    assert!(
        matches!(out, Outcome::Rejected { .. }),
        "expected row {} to be refused, got {out:?}",
        change.row_id
    );
    out
}

/// Pull everything from `cursor` on, page after page; the final cursor and rows by id
/// (the latest version of each).
pub fn pull_all(
    store: &impl Store,
    device: DeviceId,
    mut cursor: Cursor,
) -> (
    Cursor,
    BTreeMap<Id, sotay_model::RowState>,
    Vec<PullResponse>,
) {
    let mut rows = BTreeMap::new();
    let mut pages = Vec::new();
    for _ in 0..10_000 {
        let page = store.pull(device, cursor, MAX_PULL).expect("pull");
        if page.reset {
            rows.clear();
        }
        for r in &page.rows {
            rows.insert(r.row.row_id, r.row.clone());
        }
        cursor = page.cursor;
        let more = page.more;
        pages.push(page);
        if !more {
            return (cursor, rows, pages);
        }
    }
    panic!("pull never caught up");
}

/// The live rows of `entity` a device pulls from the start.
pub fn pulled(
    store: &impl Store,
    device: DeviceId,
    entity: sotay_model::Entity,
) -> std::collections::BTreeSet<Id> {
    let (_, rows, _) = pull_all(store, device, Cursor::default());
    rows.values()
        .filter(|r| r.entity == entity && r.tombstone.is_none())
        .map(|r| r.row_id)
        .collect()
}

/// Insist the outcome is a refusal for permissions.
pub fn forbidden(out: &Outcome) {
    assert!(
        matches!(
            out,
            Outcome::Rejected {
                reason: sotay_model::protocol::RejectReason::Forbidden,
                ..
            }
        ),
        "{out:?}"
    );
}

/// Insist the outcome is a refusal of invalid data whose reason says `words`.
pub fn refused_because(out: &Outcome, words: &str) {
    match out {
        Outcome::Rejected {
            reason: sotay_model::protocol::RejectReason::Invalid(why),
            ..
        } => assert!(why.contains(words), "{why:?} should say {words:?}"),
        other => panic!("expected a refusal saying {words:?}, got {other:?}"),
    }
}

/// The seq of a stored row (panics when missing).
pub fn seq_of(store: &impl Store, id: Id) -> u64 {
    store.row(id).expect("read row").expect("row exists").seq
}
