//! Local data at rest (DESIGN §5): after a real sync the database file holds no
//! member's name or card number in clear and is not a plain SQLite file; a wrong or
//! missing key is refused in Vietnamese; a plain database from an older version is
//! encrypted in place; the key lives in the platform's keystore (here the in-memory
//! test keystore: no Secret Service runs on CI), a key file left by an older version
//! moves into it, and without one the fallback file is private and the user is warned;
//! a revocation through the real server wipes the files and the key.

use crate::live;

use sotay_model::api::{requests, ApiErrorKind, Request, Response};
use sotay_model::sync::Status;
use sotay_replica::{
    Db, DbKey, FileKeyStore, KeyStore, Keystore, MemoryKeyStore, MemoryKeystore, PlatformKeyStore,
    Replica, SystemEnv,
};
use sotay_server::Store;
use std::path::Path;
use std::sync::Arc;

/// The key store of a replica in `home` backed by `keystore`, or by the file alone.
fn keys(home: &Path, keystore: Option<&MemoryKeystore>) -> PlatformKeyStore {
    std::fs::create_dir_all(home).expect("home");
    PlatformKeyStore::new(
        home,
        keystore.map(|k| Arc::new(k.clone()) as Arc<dyn Keystore>),
    )
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
    let file_only = keys(home.path(), None);
    drop(Db::open_with_keys(home.path(), &file_only).expect("create"));
    let key_file = home.path().join("replica.key");
    let key = std::fs::read(&key_file).expect("key file");
    std::fs::remove_file(&key_file).expect("remove key");
    let env = Arc::new(SystemEnv);
    let e = Replica::open_with_keys(home.path(), env.clone(), &file_only).expect_err("no key");
    assert_eq!(e.kind, ApiErrorKind::Storage);
    assert!(e.message.contains("không tìm thấy khóa"), "{}", e.message);
    assert!(!key_file.exists(), "no new key was made for old data");
    std::fs::write(&key_file, key).expect("restore key");
    Replica::open_with_keys(home.path(), env, &file_only).expect("opens with its key back");
}

#[cfg(unix)]
#[test]
fn the_fallback_key_file_is_private_and_holds_256_bits() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().expect("tempdir");
    drop(Db::open_with_keys(home.path(), &keys(home.path(), None)).expect("create"));
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
    drop(Db::open_with_keys(other.path(), &keys(other.path(), None)).expect("create"));
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
        conn.execute_batch(include_str!("../../migrations/0001_init.sql"))
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
    // meetings, 0005 and 0006: attachments and study, 0018: oversight, 0030: the
    // documents' headings index, 0031: the index numbered by date, 0032: the oversight
    // trigger standing aside for a pulled page).
    assert_eq!(db.schema_version().expect("version"), 32);
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

#[test]
fn with_a_keystore_no_key_file_is_beside_the_database_and_the_file_alone_opens_nothing() {
    let home = tempfile::tempdir().expect("tempdir");
    let keystore = MemoryKeystore::new();
    let env = Arc::new(SystemEnv);
    let r = Replica::open_with_keys(
        home.path(),
        env.clone(),
        &keys(home.path(), Some(&keystore)),
    )
    .expect("open");
    r.db().set_sync_outcome(true, Some(7)).expect("write");
    assert_eq!(status(&r).key_warning, None, "no warning with a keystore");
    drop(r);
    assert_eq!(keystore.len(), 1, "the key is in the keystore");
    let names: Vec<String> = std::fs::read_dir(home.path())
        .expect("read home")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| n.starts_with("replica.db")),
        "nothing but the database beside it: {names:?}"
    );
    // The data directory alone (a copy, a backup) does not open.
    let e = Replica::open_with_keys(home.path(), env.clone(), &keys(home.path(), None))
        .expect_err("no keystore, no key");
    assert!(e.message.contains("không tìm thấy khóa"), "{}", e.message);
    assert!(
        !home.path().join("replica.key").exists(),
        "no key made over old data"
    );
    // With its keystore it opens, data intact.
    let db = Db::open_with_keys(home.path(), &keys(home.path(), Some(&keystore))).expect("open");
    assert_eq!(db.sync_outcome().expect("read"), (true, Some(7)));
}

#[test]
fn a_key_file_from_an_older_version_moves_into_the_keystore() {
    let home = tempfile::tempdir().expect("tempdir");
    // What an older version left: the database and `replica.key` beside it.
    let db = Db::open_with_keys(home.path(), &FileKeyStore::new(home.path())).expect("old");
    db.set_sync_outcome(true, Some(42)).expect("write");
    drop(db);
    let key_file = home.path().join("replica.key");
    let old_key = std::fs::read_to_string(&key_file).expect("key file");

    let keystore = MemoryKeystore::new();
    let platform = keys(home.path(), Some(&keystore));
    let db = Db::open_with_keys(home.path(), &platform).expect("migrate");
    assert_eq!(db.sync_outcome().expect("read"), (true, Some(42)));
    assert_eq!(db.key_warning(), None);
    drop(db);
    assert!(
        !key_file.exists(),
        "the file is deleted once the keystore holds the key"
    );
    assert_eq!(
        keystore.get(platform.account()).expect("get").as_deref(),
        Some(old_key.trim()),
        "the same key, not a new one"
    );
    // From now on the keystore alone opens it.
    let db = Db::open_with_keys(home.path(), &keys(home.path(), Some(&keystore))).expect("again");
    assert_eq!(db.sync_outcome().expect("read"), (true, Some(42)));
}

#[test]
fn without_a_keystore_the_key_falls_back_to_a_file_and_status_warns() {
    let home = tempfile::tempdir().expect("tempdir");
    let r = Replica::open_with_keys(home.path(), Arc::new(SystemEnv), &keys(home.path(), None))
        .expect("open");
    assert!(home.path().join("replica.key").is_file());
    let warning = status(&r).key_warning.expect("the user is told");
    assert!(warning.contains("replica.key"), "{warning}");
    assert!(warning.contains("kho khóa"), "{warning}");
    // The warning travels to the UI in the Status answer.
    let wire = serde_json::to_value(status(&r)).expect("json");
    assert_eq!(wire["key_warning"], serde_json::json!(warning));
}

/// This machine's own keystore (the Secret Service on Linux): whichever way it goes,
/// the key file exists exactly when the user is warned about it.
#[test]
fn the_platform_keystore_or_a_warned_fallback() {
    let home = tempfile::tempdir().expect("tempdir");
    let platform = PlatformKeyStore::for_home(home.path());
    let r = Replica::open_with_keys(home.path(), Arc::new(SystemEnv), &platform).expect("open");
    let warned = status(&r).key_warning.is_some();
    assert_eq!(home.path().join("replica.key").exists(), warned);
    drop(r);
    // Leave nothing behind in a real keystore.
    platform.delete().expect("delete");
}

/// A revocation through the real server wipes the database, the attachment files, the
/// exported files and the key (the keystore no longer holds it; the empty database
/// that replaces the wiped one has a key of its own).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_device_wipes_its_files_and_its_key() {
    let server = live::Server::start().await;
    let home = tempfile::tempdir().expect("tempdir");
    let keystore = MemoryKeystore::new();
    let platform = keys(home.path(), Some(&keystore));
    let replica =
        Replica::open_with_keys(home.path(), Arc::new(SystemEnv), &platform).expect("open");
    replica
        .call(Request::Enroll(requests::Enroll {
            server: server.url(),
            code: server.code(),
            device_name: "máy thử".into(),
            pin_sha256: None,
        }))
        .await
        .expect("enroll");
    let old_key = keystore.get(platform.account()).expect("get").expect("key");
    // Something in every folder a wipe must empty: a sealed attachment (attached here,
    // waiting for upload) and an exported file.
    let blobs = home.path().join("blobs");
    let exports = home.path().join("exports");
    std::fs::create_dir_all(&blobs).expect("blobs");
    std::fs::write(blobs.join("a-cut-download.part"), b"%PDF-1.7 part").expect("part");
    std::fs::create_dir_all(&exports).expect("exports");
    std::fs::write(exports.join("bien-ban-chi-bo-2026-11-15.pdf"), b"%PDF-1.7").expect("export");

    let device = status(&replica).device_id.expect("device");
    assert!(server
        .store
        .revoke_device(device, live::now())
        .expect("revoke"));
    let e = replica
        .call(Request::SyncNow(requests::SyncNow))
        .await
        .expect_err("revoked");
    assert_eq!(e.kind, ApiErrorKind::Unauthorized);

    assert!(!status(&replica).enrolled);
    assert!(!blobs.exists(), "blobs/ is gone");
    assert!(!exports.exists(), "exports/ is gone");
    let now = keystore.get(platform.account()).expect("get");
    assert_ne!(
        now.as_deref(),
        Some(old_key.as_str()),
        "the old key is gone"
    );
    assert!(!home.path().join("replica.key").exists());
    // The old key no longer opens what is there, and the device starts again empty.
    let stale = MemoryKeyStore::with_key(DbKey::from_bytes(
        hex::decode(&old_key)
            .expect("hex")
            .try_into()
            .expect("32 bytes"),
    ));
    assert!(Db::open_with_keys(home.path(), &stale).is_err());
    drop(replica);
    let again =
        Replica::open_with_keys(home.path(), Arc::new(SystemEnv), &platform).expect("reopen");
    assert!(!again.is_enrolled());
    assert_no_clear_text(home.path(), "wiped");
}

/// A key file beside the data (an older version's, restored from a backup) wins over a
/// stale keystore entry left by an earlier replica in the same directory.
#[test]
fn a_key_file_wins_over_a_stale_keystore_entry() {
    let home = tempfile::tempdir().expect("tempdir");
    let keystore = MemoryKeystore::new();
    let platform = keys(home.path(), Some(&keystore));
    keystore
        .set(platform.account(), &hex::encode([9u8; 32]))
        .expect("stale entry");
    let db = Db::open_with_keys(home.path(), &FileKeyStore::new(home.path())).expect("old");
    db.set_sync_outcome(true, Some(5)).expect("write");
    drop(db);
    let db = Db::open_with_keys(home.path(), &platform).expect("the file's key opens it");
    assert_eq!(db.sync_outcome().expect("read"), (true, Some(5)));
    assert!(!home.path().join("replica.key").exists(), "moved");
    assert_ne!(
        keystore.get(platform.account()).expect("get"),
        Some(hex::encode([9u8; 32]))
    );
}
