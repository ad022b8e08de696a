//! The app PIN: set, lock after idle minutes (moved clock, no sleeps), locked at start,
//! only Status/Unlock/Lock answered while locked, wrong PINs rate limited across
//! restarts, and only an argon2id PHC string stored.

use sotay_model::api::{requests, ApiErrorKind, Request, Response};
use sotay_model::sync::Status;
use sotay_replica::{Replica, SeededEnv};
use std::path::Path;
use std::sync::Arc;

const MINUTE: u64 = 60_000;

fn open(home: &Path, env: &Arc<SeededEnv>) -> Replica {
    Replica::open_with(home, env.clone()).expect("open")
}

fn status(r: &Replica) -> Status {
    match r
        .call_local(Request::Status(requests::Status))
        .expect("status")
    {
        Response::Status(s) => s,
        other => panic!("wrong response: {other:?}"),
    }
}

fn set_pin(
    r: &Replica,
    pin: Option<&str>,
    idle_minutes: Option<u32>,
) -> Result<Status, sotay_model::api::ApiError> {
    r.call_local(Request::SetPin(requests::SetPin {
        pin: pin.map(str::to_string),
        idle_minutes,
    }))
    .map(|resp| match resp {
        Response::Status(s) => s,
        other => panic!("wrong response: {other:?}"),
    })
}

fn unlock(r: &Replica, pin: &str) -> Result<Response, sotay_model::api::ApiError> {
    r.call_local(Request::Unlock(requests::Unlock { pin: pin.into() }))
}

fn list_orgs_kind(r: &Replica) -> Option<ApiErrorKind> {
    r.call_local(Request::ListOrgs(requests::ListOrgs))
        .err()
        .map(|e| e.kind)
}

#[test]
fn without_a_pin_nothing_locks() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = Arc::new(SeededEnv::new(1, 1_000_000));
    let r = open(dir.path(), &env);
    let s = status(&r);
    assert!(!s.locked && !s.pin_set);
    env.advance(600 * MINUTE);
    assert_eq!(list_orgs_kind(&r), None);
    let e = r
        .call_local(Request::Lock(requests::Lock))
        .expect_err("no pin to lock with");
    assert_eq!(e.kind, ApiErrorKind::Invalid);
    assert!(e.message.contains("Chưa đặt mã PIN"), "{}", e.message);
}

#[test]
fn a_pin_is_four_to_eight_digits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = Arc::new(SeededEnv::new(2, 1_000_000));
    let r = open(dir.path(), &env);
    for bad in ["123", "123456789", "12a4", "", "１２３４"] {
        let e = set_pin(&r, Some(bad), None).expect_err(bad);
        assert_eq!(e.kind, ApiErrorKind::Invalid, "{bad}");
        assert!(e.message.contains("từ 4 đến 8 chữ số"), "{}", e.message);
    }
    let e = set_pin(&r, Some("1234"), Some(0)).expect_err("zero minutes");
    assert!(e.message.contains("1 đến 1440 phút"), "{}", e.message);
    assert!(!status(&r).pin_set, "nothing stored after refusals");
    assert!(set_pin(&r, Some("1234"), None).expect("4 digits").pin_set);
    assert!(
        set_pin(&r, Some("12345678"), None)
            .expect("8 digits")
            .pin_set
    );
}

#[test]
fn only_an_argon2id_hash_is_stored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = Arc::new(SeededEnv::new(3, 1_000_000));
    let r = open(dir.path(), &env);
    set_pin(&r, Some("482915"), None).expect("set");
    let phc = sotay_replica::lock::pin_hash(&r.db())
        .expect("read")
        .expect("stored");
    assert!(phc.starts_with("$argon2id$"), "{phc}");
    assert!(!phc.contains("482915"));
}

#[test]
fn locks_after_idle_minutes_and_only_status_unlock_lock_answer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = Arc::new(SeededEnv::new(4, 1_000_000));
    let r = open(dir.path(), &env);
    let s = set_pin(&r, Some("2468"), None).expect("set");
    assert!(s.pin_set && !s.locked);

    // Use within five minutes keeps it open; each call restarts the wait.
    env.advance(4 * MINUTE);
    assert_eq!(list_orgs_kind(&r), None);
    env.advance(4 * MINUTE);
    assert_eq!(list_orgs_kind(&r), None);
    // Polling Status is not use: it does not keep the app open.
    env.advance(3 * MINUTE);
    assert!(!status(&r).locked);
    env.advance(2 * MINUTE);
    assert!(status(&r).locked, "five minutes after the last real call");

    for req in [
        Request::ListOrgs(requests::ListOrgs),
        Request::SyncNow(requests::SyncNow),
        Request::ListRejected(requests::ListRejected),
        Request::SetPin(requests::SetPin {
            pin: None,
            idle_minutes: None,
        }),
        Request::ImportMembers(requests::ImportMembers {
            path: Some("/tmp/x.xlsx".into()),
            upload_id: None,
            dry_run: true,
        }),
    ] {
        let e = r.call_local(req.clone()).expect_err("locked");
        assert_eq!(e.kind, ApiErrorKind::Locked, "{req:?}");
        assert!(e.message.contains("Ứng dụng đang khóa"), "{}", e.message);
    }
    let e = unlock(&r, "1357").expect_err("wrong pin");
    assert_eq!(e.kind, ApiErrorKind::Locked);
    assert!(e.message.contains("Mã PIN không đúng"), "{}", e.message);
    assert!(status(&r).locked);
    unlock(&r, "2468").expect("right pin");
    assert!(!status(&r).locked);
    assert_eq!(list_orgs_kind(&r), None);

    // Lock now, by hand.
    r.call_local(Request::Lock(requests::Lock)).expect("lock");
    assert_eq!(list_orgs_kind(&r), Some(ApiErrorKind::Locked));
}

#[test]
fn the_idle_time_is_configurable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = Arc::new(SeededEnv::new(5, 1_000_000));
    let r = open(dir.path(), &env);
    set_pin(&r, Some("2468"), Some(1)).expect("set");
    env.advance(MINUTE - 1);
    assert_eq!(list_orgs_kind(&r), None);
    env.advance(MINUTE);
    assert_eq!(list_orgs_kind(&r), Some(ApiErrorKind::Locked));
}

#[test]
fn starts_locked_when_a_pin_is_set_and_removing_it_unlocks_for_good() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = Arc::new(SeededEnv::new(6, 1_000_000));
    {
        let r = open(dir.path(), &env);
        set_pin(&r, Some("9090"), None).expect("set");
    }
    let r = open(dir.path(), &env);
    assert!(status(&r).locked, "locked at start");
    assert_eq!(list_orgs_kind(&r), Some(ApiErrorKind::Locked));
    unlock(&r, "9090").expect("unlock");
    let s = set_pin(&r, None, None).expect("remove");
    assert!(!s.pin_set && !s.locked);
    drop(r);
    let r = open(dir.path(), &env);
    assert!(!status(&r).locked);
    env.advance(600 * MINUTE);
    assert_eq!(list_orgs_kind(&r), None);
}

#[test]
fn wrong_pins_are_rate_limited_even_across_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = Arc::new(SeededEnv::new(7, 1_000_000));
    let r = open(dir.path(), &env);
    set_pin(&r, Some("2468"), None).expect("set");
    r.call_local(Request::Lock(requests::Lock)).expect("lock");
    for n in 1..=4u32 {
        let e = unlock(&r, "0000").expect_err("wrong");
        assert!(
            e.message.contains(&format!("còn {} lần thử", 5 - n)),
            "{}",
            e.message
        );
    }
    let e = unlock(&r, "0000").expect_err("fifth wrong");
    assert!(e.message.contains("thử lại sau 30 giây"), "{}", e.message);
    // Now even the right PIN waits, and a restart does not reset the count.
    let e = unlock(&r, "2468").expect_err("must wait");
    assert!(e.message.contains("quá nhiều lần"), "{}", e.message);
    drop(r);
    let r = open(dir.path(), &env);
    let e = unlock(&r, "2468").expect_err("still waiting after restart");
    assert!(e.message.contains("quá nhiều lần"), "{}", e.message);

    // After the wait a sixth wrong PIN doubles it.
    env.advance(30_000);
    let e = unlock(&r, "1111").expect_err("sixth wrong");
    assert!(e.message.contains("thử lại sau 60 giây"), "{}", e.message);
    env.advance(59_999);
    assert!(unlock(&r, "2468").is_err(), "one millisecond early");
    env.advance(1);
    unlock(&r, "2468").expect("right pin after the wait");
    // The count starts again after a success.
    r.call_local(Request::Lock(requests::Lock)).expect("lock");
    let e = unlock(&r, "0000").expect_err("wrong");
    assert!(e.message.contains("còn 4 lần thử"), "{}", e.message);
}

#[test]
fn the_wait_grows_and_is_capped() {
    use sotay_replica::lock::{wait_after, MAX_WAIT_MS};
    assert_eq!(wait_after(4), 0);
    assert_eq!(wait_after(5), 30_000);
    assert_eq!(wait_after(6), 60_000);
    assert_eq!(wait_after(7), 120_000);
    assert_eq!(wait_after(40), MAX_WAIT_MS);
}

#[test]
fn parallel_wrong_pins_still_count_one_by_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let env = Arc::new(SeededEnv::new(8, 1_000_000));
    let r = open(dir.path(), &env);
    set_pin(&r, Some("2468"), None).expect("set");
    r.call_local(Request::Lock(requests::Lock)).expect("lock");
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| unlock(&r, "0000").expect_err("wrong"));
        }
    });
    // Five counted failures at least: the right PIN now has to wait.
    let e = unlock(&r, "2468").expect_err("must wait");
    assert!(e.message.contains("quá nhiều lần"), "{}", e.message);
}

/// The back-off keeps its own time (module `lock`): a clock set back before the wrong
/// PINs, or forward after them, does not shorten the wait, in this process or after a
/// restart; only time that really passes (the monotonic clock) ends it.
#[test]
fn moving_the_wall_clock_does_not_shorten_the_wait() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = 1_800_000_000_000;
    let env = Arc::new(SeededEnv::new(9, t));
    let r = open(dir.path(), &env);
    set_pin(&r, Some("2468"), None).expect("set");
    r.call_local(Request::Lock(requests::Lock)).expect("lock");
    // The clock set a day back, then five wrong PINs: a 30 s wait …
    env.set_now(t - 24 * 60 * MINUTE);
    for _ in 0..5 {
        unlock(&r, "0000").expect_err("wrong");
    }
    // … which setting the clock right again does not end,
    env.set_now(t);
    let e = unlock(&r, "2468").expect_err("the clock put back must not end the wait");
    assert!(e.message.contains("quá nhiều lần"), "{}", e.message);
    // nor setting it an hour ahead,
    env.set_now(t + 60 * MINUTE);
    let e = unlock(&r, "2468").expect_err("a clock set ahead must not end the wait");
    assert!(e.message.contains("quá nhiều lần"), "{}", e.message);
    // nor a restart with the clock a day back again.
    drop(r);
    env.set_now(t - 24 * 60 * MINUTE);
    let r = open(dir.path(), &env);
    let e = unlock(&r, "2468").expect_err("a restart must not end the wait");
    assert!(e.message.contains("quá nhiều lần"), "{}", e.message);
    // Thirty seconds that really pass do.
    env.advance(30_000);
    unlock(&r, "2468").expect("right pin after the wait");
}
