//! The store conformance suite on SQLite files in temporary directories.

use sotay_conformance::Backend;
use sotay_server::SqliteStore;

#[derive(Default)]
struct Sqlite {
    dirs: Vec<tempfile::TempDir>,
}

impl Backend for Sqlite {
    type Store = SqliteStore;

    fn fresh(&mut self) -> SqliteStore {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SqliteStore::open(dir.path().join("sotay.db")).expect("open");
        self.dirs.push(dir);
        store
    }

    fn reopen(&mut self, store: SqliteStore) -> SqliteStore {
        let path = store.path().to_path_buf();
        drop(store);
        SqliteStore::open(path).expect("reopen")
    }
}

sotay_conformance::conformance_tests!(Sqlite::default());

#[test]
fn whole_story_runs_on_one_backend() {
    sotay_conformance::story(&mut Sqlite::default());
}

/// A push whose failure makes SQLite roll the whole transaction back (as a full disk or
/// an I/O error may; here a trigger the test adds does it with `RAISE(ROLLBACK)`) sent
/// in one batch with other devices' pushes fails alone and says why: the batch is run
/// again push by push, and the others are stored and answered, as on PostgreSQL.
#[test]
fn a_push_that_rolls_back_its_whole_batch_fails_alone_and_says_why() {
    use sotay_conformance::fixture::{Pen, Tree};
    use sotay_model::protocol::Outcome;
    use sotay_server::Store;

    let mut backend = Sqlite::default();
    let store = backend.fresh();
    let tree = Tree::seed(&store);
    let devices = tree.enroll_all(&store);
    rusqlite::Connection::open(store.path())
        .expect("open the store's file")
        .execute_batch(
            "CREATE TRIGGER roll_back_marked BEFORE INSERT ON rows \
             WHEN NEW.state LIKE '%rolled-back-by-the-test%' \
             BEGIN SELECT RAISE(ROLLBACK, 'rolled back by the test'); END;",
        )
        .expect("the trigger");
    let mut pen = Pen::default();
    let before = pen.new_member(devices.sec, "Lê Văn Trước", tree.c1);
    let poison = pen.new_member(devices.sec, "rolled-back-by-the-test", tree.c1);
    let after = pen.new_member(devices.dc, "Lê Văn Sau", tree.c2);
    let answers = store.push_as_one_batch(
        vec![
            (devices.sec, vec![before.clone()]),
            (devices.sec, vec![poison.clone()]),
            (devices.dc, vec![after.clone()]),
        ],
        pen.now(),
    );
    assert_eq!(answers.len(), 3);
    let refused = answers[1].as_ref().expect_err("the rolled-back push fails");
    assert!(
        refused.to_string().contains("rolled back by the test"),
        "the cause, not the lost savepoint: {refused}"
    );
    for (i, c) in [(0, &before), (2, &after)] {
        let results = answers[i].as_ref().expect("the other pushes are answered");
        assert!(
            matches!(results[0].outcome, Outcome::Accepted { .. }),
            "{:?}",
            results[0]
        );
        assert!(store.row(c.row_id).expect("row").is_some(), "stored");
    }
    assert_eq!(store.row(poison.row_id).expect("row"), None);
}
