//! Local writes on a real SQLite file: row and outbox change in one transaction,
//! patches carry only their fields, validation, Vietnamese ordering of members.

use crate::common;

use common::*;
use sotay_model::administration::{MemberPatch, NewMember};
use sotay_model::api::ApiErrorKind;
use sotay_model::entities::{Gender, MemberStatus, OrgKind};
use sotay_model::{Entity, Id};
use sotay_replica::administration::{members, organisations};
use sotay_replica::Db;

fn new_member(name: &str, cell: u128) -> NewMember {
    NewMember {
        full_name: name.into(),
        birth_date: "1990-01-02".into(),
        gender: Gender::Male,
        joined_date: "2015-06-07".into(),
        official_date: None,
        card_no: "TB-001".into(),
        status: MemberStatus::Probationary,
        cell_id: Id::from_u128(cell),
    }
}

#[test]
fn creating_a_member_writes_the_row_and_its_outbox_change_together() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = enrolled(dir.path());
    let id = members::create(&mut db, &env, &new_member("Nguyễn Văn An", CELL_A)).expect("create");
    let pending = db.pending_changes().expect("outbox");
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].row_id, id);
    assert_eq!(pending[0].org_id, Id::from_u128(CELL_A));
    assert_eq!(
        db.row(id).expect("row").expect("stored").str("full_name"),
        Some("Nguyễn Văn An")
    );
}

#[test]
fn when_the_outbox_write_fails_the_row_is_not_written_either() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = enrolled(dir.path());
    // A second connection to the same file makes every outbox insert fail.
    let raw = raw_db(dir.path());
    raw.execute_batch(
        "CREATE TRIGGER no_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
    )
    .expect("trigger");
    let err = members::create(&mut db, &env, &new_member("Trần Thị Bình", CELL_A))
        .expect_err("must fail");
    assert_eq!(err.kind, ApiErrorKind::Storage);
    assert!(members::list(&db, Id::from_u128(PROVINCE))
        .expect("list")
        .is_empty());
    assert!(db.pending_changes().expect("outbox").is_empty());
}

#[test]
fn a_patch_makes_a_change_with_only_the_patched_fields() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = enrolled(dir.path());
    let id = members::create(&mut db, &env, &new_member("Lê Văn Cường", CELL_A)).expect("create");
    env.advance(5);
    let patch = MemberPatch {
        full_name: Some("Lê Văn Cương".into()),
        official_date: Some(Some("2016-06-07".into())),
        status: Some(MemberStatus::Full),
        ..MemberPatch::default()
    };
    members::update(&mut db, &env, id, &patch).expect("update");
    let pending = db.pending_changes().expect("outbox");
    assert_eq!(pending.len(), 2);
    let fields: Vec<&str> = pending[1].fields.keys().map(String::as_str).collect();
    assert_eq!(fields, vec!["full_name", "official_date", "status"]);
    let m = members::get(&db, id).expect("get");
    assert_eq!(m.full_name, "Lê Văn Cương");
    assert_eq!(m.status, MemberStatus::Full);
    assert_eq!(m.card_no, "TB-001", "unpatched fields keep their value");
}

/// A patch is written through the row codec (`Row::patch`): a field named with the
/// value it already has is not written (its stamp stays, so a concurrent edit of it
/// elsewhere still wins), a patch that changes nothing writes nothing, and a patch
/// naming nothing is refused.
#[test]
fn a_patch_writes_only_the_fields_whose_value_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = enrolled(dir.path());
    let id = members::create(&mut db, &env, &new_member("Đỗ Văn Minh", CELL_A)).expect("create");
    let same_and_new = MemberPatch {
        full_name: Some("  Đỗ Văn Minh ".into()),
        gender: Some(Gender::Male),
        card_no: Some("TB-002".into()),
        ..MemberPatch::default()
    };
    members::update(&mut db, &env, id, &same_and_new).expect("update");
    let pending = db.pending_changes().expect("outbox");
    assert_eq!(pending.len(), 2);
    let fields: Vec<&str> = pending[1].fields.keys().map(String::as_str).collect();
    assert_eq!(fields, vec!["card_no"]);

    let unchanged = MemberPatch {
        status: Some(MemberStatus::Probationary),
        ..MemberPatch::default()
    };
    members::update(&mut db, &env, id, &unchanged).expect("nothing to change is no error");
    assert_eq!(db.pending_changes().expect("outbox").len(), 2);

    let err = members::update(&mut db, &env, id, &MemberPatch::default()).expect_err("empty");
    assert_eq!(err.kind, ApiErrorKind::Invalid);
    assert_eq!(err.message, "Không có thông tin nào được thay đổi");
    assert_eq!(db.pending_changes().expect("outbox").len(), 2);
}

#[test]
fn delete_is_a_tombstone_change_and_hides_the_member() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = enrolled(dir.path());
    let id = members::create(&mut db, &env, &new_member("Phạm Văn Dũng", CELL_B)).expect("create");
    members::delete(&mut db, &env, id).expect("delete");
    let pending = db.pending_changes().expect("outbox");
    assert!(pending[1].tombstone.is_some() && pending[1].fields.is_empty());
    assert_eq!(
        members::get(&db, id).expect_err("gone").kind,
        ApiErrorKind::NotFound
    );
}

#[test]
fn invalid_input_is_refused_in_vietnamese_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = enrolled(dir.path());
    let mut bad = new_member("Hoàng Thị Én", CELL_A);
    bad.birth_date = "1990-02-30".into();
    let err = members::create(&mut db, &env, &bad).expect_err("bad date");
    assert_eq!(err.kind, ApiErrorKind::Invalid);
    assert!(err.message.contains("ngày hợp lệ"), "{}", err.message);
    let in_grassroots = new_member("Hoàng Thị Én", GRASSROOTS);
    let err = members::create(&mut db, &env, &in_grassroots).expect_err("not a cell");
    assert!(err.message.contains("chi bộ"), "{}", err.message);
    let err = organisations::create(
        &mut db,
        &env,
        "Chi bộ X",
        OrgKind::Cell,
        Id::from_u128(DISTRICT),
    )
    .expect_err("cell under district");
    assert_eq!(err.kind, ApiErrorKind::Invalid);
    assert!(db.pending_changes().expect("outbox").is_empty());
}

#[test]
fn members_are_listed_for_the_subtree_sorted_by_given_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, _env) = enrolled(dir.path());
    let people = vec![
        member(100, "Trần Văn Đức", CELL_A),
        member(101, "Nguyễn Thị Ánh", CELL_B),
        member(102, "Lê Văn Dũng", CELL_A),
        member(103, "Phạm Thị An", CELL_B),
        member(104, "Hoàng Văn Ân", CELL_C),
        member(105, "Bùi Thị Ăn", CELL_A),
    ];
    sotay_replica::apply_pull_page(&mut db, &page(people, 7, false), 11_000).expect("pull");
    let names = |org: u128| -> Vec<String> {
        members::list(&db, Id::from_u128(org))
            .expect("list")
            .into_iter()
            .map(|m| m.full_name)
            .collect()
    };
    assert_eq!(
        names(GRASSROOTS),
        vec![
            "Phạm Thị An",
            "Nguyễn Thị Ánh",
            "Bùi Thị Ăn",
            "Lê Văn Dũng",
            "Trần Văn Đức"
        ]
    );
    assert_eq!(names(CELL_C), vec!["Hoàng Văn Ân"]);
    assert_eq!(names(PROVINCE).len(), 6);
}

#[test]
fn the_clock_resumes_past_its_stored_high_water_mark() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = enrolled(dir.path());
    env.set_now(50_000);
    members::create(&mut db, &env, &new_member("Vũ Văn Giang", CELL_A)).expect("create");
    let before = db.clock_high_water().expect("clock");
    drop(db);
    let mut db = Db::open(dir.path()).expect("reopen");
    env.set_now(1_000); // the wall clock went back across the restart
    let id = members::create(&mut db, &env, &new_member("Vũ Văn Hải", CELL_A)).expect("create");
    let stamp = db
        .row(id)
        .expect("row")
        .expect("stored")
        .max_hlc()
        .expect("stamp");
    assert!(stamp > before, "{stamp:?} must order after {before:?}");
    assert_eq!(
        db.row(id).expect("row").expect("stored").entity,
        Entity::Member
    );
}

#[test]
fn two_handles_on_one_file_never_issue_the_same_stamp() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut first, env) = enrolled(dir.path());
    // A second process (the CLI beside the headless host) opens the same file.
    let mut second = Db::open(dir.path()).expect("second handle");
    env.set_now(50_000);
    let a = members::create(&mut first, &env, &new_member("Đặng Văn Minh", CELL_A)).expect("a");
    env.set_now(20_000);
    let b = members::create(&mut second, &env, &new_member("Đặng Văn Nam", CELL_A)).expect("b");
    let stamp = |db: &Db, id| {
        db.row(id)
            .expect("row")
            .expect("stored")
            .max_hlc()
            .expect("stamp")
    };
    assert!(stamp(&second, b) > stamp(&first, a));
}
