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
