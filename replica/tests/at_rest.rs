//! Local data at rest (DESIGN §5): after a real sync the database file holds no
//! member's name or card number in clear and is not a plain SQLite file; a wrong or
//! missing key is refused in Vietnamese; a plain database from an older version is
//! encrypted in place; the fallback key file is private to the user.

mod live;

use sotay_model::api::{requests, ApiErrorKind, Request, Response};
use sotay_replica::{Db, DbKey, MemoryKeyStore, Replica, SystemEnv};
use std::path::Path;
use std::sync::Arc;

const PLAIN_HEADER: &[u8] = b"SQLite format 3";

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Every file of the database (main file, WAL, shared memory), as bytes.
fn database_files(home: &Path) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(home)
        .expect("read home")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("replica.db"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read file"),
            )
        })
        .collect()
}

fn assert_no_clear_text(home: &Path, phase: &str) {
    let files = database_files(home);
    assert!(files.iter().any(|(n, _)| n == "replica.db"), "{phase}");
    for (name, bytes) in &files {
        for needle in [live::SECRET_NAME, live::SECRET_CARD, "Chi bộ thôn 1"] {
            assert!(
                !contains(bytes, needle.as_bytes()),
                "{phase}: {name} holds {needle:?} in clear"
            );
        }
        if name == "replica.db" {
            assert!(
                !bytes.starts_with(PLAIN_HEADER),
                "{phase}: {name} is plain SQLite"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_sync_the_file_holds_no_member_name_or_card_in_clear() {
    let server = live::Server::start().await;
    let home = tempfile::tempdir().expect("tempdir");
    let replica = Replica::open(home.path()).expect("open");
    replica
        .call(Request::Enroll(requests::Enroll {
            server: server.url(),
            code: server.code(),
            device_name: "máy thử".into(),
            pin_sha256: None,
        }))
        .await
        .expect("enroll");
    replica
        .call(Request::SyncNow(requests::SyncNow))
        .await
        .expect("sync");
    // The member really is on the device, readable through the Api …
    let Response::Member { member } = replica
        .call(Request::GetMember(requests::GetMember {
            id: live::id(live::SECRET_MEMBER),
        }))
        .await
        .expect("get")
    else {
        panic!("wrong response")
    };
    assert_eq!(member.full_name, live::SECRET_NAME);
    // A locked app shows no one's name, not even the device owner's.
    let me = |r: &Replica| match r
        .call_local(Request::Status(requests::Status))
        .expect("status")
    {
        Response::Status(s) => (s.locked, s.me.map(|m| m.full_name), s.positions.len()),
        other => panic!("wrong response: {other:?}"),
    };
    assert_eq!(me(&replica), (false, Some("Nguyễn Văn Sơn".to_string()), 1));
    replica
        .call_local(Request::SetPin(requests::SetPin {
            pin: Some("1975".into()),
            idle_minutes: None,
        }))
        .expect("pin");
    replica
        .call_local(Request::Lock(requests::Lock))
        .expect("lock");
    assert_eq!(me(&replica), (true, None, 0));
    replica
        .call_local(Request::Unlock(requests::Unlock { pin: "1975".into() }))
        .expect("unlock");

    // … and nowhere in clear on disk, neither while open (WAL) nor after closing.
    assert_no_clear_text(home.path(), "open");
    drop(replica);
    assert_no_clear_text(home.path(), "closed");
    // And it still opens with its key.
    let again = Replica::open(home.path()).expect("reopen");
    assert!(again.is_enrolled());
}

#[test]
fn a_wrong_key_is_refused_in_vietnamese() {
    let home = tempfile::tempdir().expect("tempdir");
    let right = MemoryKeyStore::with_key(DbKey::from_bytes([7; 32]));
    let db = Db::open_with_keys(home.path(), &right).expect("create");
    db.set_sync_outcome(true, Some(1)).expect("write");
    drop(db);
    let wrong = MemoryKeyStore::with_key(DbKey::from_bytes([8; 32]));
    let e =
        Replica::open_with_keys(home.path(), Arc::new(SystemEnv), &wrong).expect_err("wrong key");
    assert_eq!(e.kind, ApiErrorKind::Storage);
    assert!(
        e.message.contains("khóa giải mã không đúng"),
        "{}",
        e.message
    );
    // The right key still opens it, data intact.
    let db = Db::open_with_keys(home.path(), &right).expect("right key");
    assert_eq!(db.sync_outcome().expect("read"), (true, Some(1)));
}

#[test]
fn a_missing_key_file_is_refused_and_no_new_key_overwrites_the_data() {
    let home = tempfile::tempdir().expect("tempdir");
    drop(Db::open(home.path()).expect("create"));
    let key_file = home.path().join("replica.key");
    let key = std::fs::read(&key_file).expect("key file");
    std::fs::remove_file(&key_file).expect("remove key");
    let e = Replica::open(home.path()).expect_err("no key");
    assert_eq!(e.kind, ApiErrorKind::Storage);
    assert!(e.message.contains("không tìm thấy khóa"), "{}", e.message);
    assert!(!key_file.exists(), "no new key was made for old data");
    std::fs::write(&key_file, key).expect("restore key");
    Replica::open(home.path()).expect("opens with its key back");
}

#[cfg(unix)]
#[test]
fn the_fallback_key_file_is_private_and_holds_256_bits() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().expect("tempdir");
    drop(Db::open(home.path()).expect("create"));
    let key_file = home.path().join("replica.key");
    let mode = std::fs::metadata(&key_file)
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let text = std::fs::read_to_string(&key_file).expect("read");
    assert_eq!(text.len(), 64);
    assert!(text.bytes().all(|b| b.is_ascii_hexdigit()));
    // Two devices never share a key.
    let other = tempfile::tempdir().expect("tempdir");
    drop(Db::open(other.path()).expect("create"));
    assert_ne!(
        text,
        std::fs::read_to_string(other.path().join("replica.key")).expect("read")
    );
}

#[test]
fn a_plain_database_from_an_older_version_is_encrypted_in_place() {
    let home = tempfile::tempdir().expect("tempdir");
    let path = home.path().join("replica.db");
    {
        // What an older version left: a plain SQLite file in WAL mode with data.
        let conn = rusqlite::Connection::open(&path).expect("plain");
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL);",
        )
        .expect("schema");
        conn.execute_batch(include_str!("../migrations/0001_init.sql"))
            .expect("init");
        conn.execute_batch(
            "INSERT INTO schema_version VALUES (1, 'init');
             INSERT INTO meta VALUES ('online', '1'), ('last_synced_ms', '42'),
                                     ('note', 'Hoàng Thị Kín Đáo');",
        )
        .expect("data");
    }
    assert!(std::fs::read(&path)
        .expect("read")
        .starts_with(PLAIN_HEADER));
    let db = Db::open(home.path()).expect("open and encrypt");
    // Encrypted, then brought up to date (0002: the documents' search index, 0003:
    // meetings, 0005 and 0006: attachments and study).
    assert_eq!(db.schema_version().expect("version"), 6);
    assert_eq!(db.sync_outcome().expect("read"), (true, Some(42)));
    drop(db);
    for (name, bytes) in database_files(home.path()) {
        assert!(!bytes.starts_with(PLAIN_HEADER), "{name} still plain");
        assert!(!contains(&bytes, "Hoàng Thị Kín Đáo".as_bytes()), "{name}");
    }
    assert!(!home.path().join("replica.db.encrypting").exists());
}

#[tokio::test]
async fn the_server_shares_the_sqlcipher_build_but_its_file_stays_plain() {
    let server = live::Server::start().await;
    let bytes = std::fs::read(server.store.path()).expect("server file");
    assert!(bytes.starts_with(PLAIN_HEADER), "the server sets no key");
}
