//! The database key: 256 random bits, kept by a `KeyStore`. The default is
//! [`PlatformKeyStore`]: the operating system's keystore (`crate::keystore`), and only
//! where there is none a file beside the database (`HOME/replica.key`, mode 0600), which
//! the user is told about (`Status.key_warning`). A key file left by an older version
//! moves into the keystore once one answers.
//!
//! What the keystore adds over the file: a copy of the whole data directory (a backup, a
//! synced folder, a disk image) no longer carries its key. Neither protects against
//! someone who can act as the user on the unlocked device (malware, root): they can ask
//! the keystore too.

use crate::error::DbError;
use crate::keystore::{Keystore, KeystoreError};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The key file's name inside the replica's home directory.
pub const KEY_FILE: &str = "replica.key";

/// A 256-bit SQLCipher key. Debug never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct DbKey([u8; 32]);

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(…)")
    }
}

impl DbKey {
    pub fn from_bytes(bytes: [u8; 32]) -> DbKey {
        DbKey(bytes)
    }

    /// A fresh key from the operating system's randomness.
    pub fn random() -> DbKey {
        let mut b = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut b);
        DbKey(b)
    }

    /// The `PRAGMA key` value for a raw key: SQLCipher uses it as is, without the
    /// PBKDF2 stretching a passphrase needs (the key is already 256 random bits).
    pub(crate) fn pragma_value(&self) -> String {
        format!("x'{}'", hex::encode(self.0))
    }

    /// A separate 256-bit key for `purpose` (HKDF-SHA256 over this one), so what is
    /// sealed with it says nothing about the database key, and both die with it.
    pub(crate) fn derive(&self, purpose: &'static [u8]) -> Result<[u8; 32], DbError> {
        struct Len32;
        impl ring::hkdf::KeyType for Len32 {
            fn len(&self) -> usize {
                32
            }
        }
        let prk = ring::hkdf::Salt::new(ring::hkdf::HKDF_SHA256, b"sotay-replica").extract(&self.0);
        let mut out = [0u8; 32];
        prk.expand(&[purpose], Len32)
            .and_then(|okm| okm.fill(&mut out))
            .map_err(|_| DbError::Key("không tạo được khóa mã hóa tệp".into()))?;
        Ok(out)
    }

    fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    fn from_hex(s: &str) -> Option<DbKey> {
        let bytes = hex::decode(s.trim()).ok()?;
        Some(DbKey(bytes.try_into().ok()?))
    }
}

/// Where the database key lives. `load` answers `None` when no key was ever stored.
pub trait KeyStore: Send + Sync {
    fn load(&self) -> Result<Option<DbKey>, DbError>;
    fn store(&self, key: &DbKey) -> Result<(), DbError>;
    /// Forget the key for good (a revoked device's wipe).
    fn delete(&self) -> Result<(), DbError>;
    /// What the user must be told about where the key is kept, if anything.
    fn warning(&self) -> Option<String> {
        None
    }
    /// The same store, owned (the database keeps one to delete the key on a wipe).
    fn clone_box(&self) -> Box<dyn KeyStore>;
}

/// The fallback store: a hex key in `HOME/replica.key`, created with mode 0600.
#[derive(Debug, Clone)]
pub struct FileKeyStore {
    path: PathBuf,
}

impl FileKeyStore {
    pub fn new(home: &Path) -> FileKeyStore {
        FileKeyStore {
            path: home.join(KEY_FILE),
        }
    }
}

impl KeyStore for FileKeyStore {
    fn load(&self) -> Result<Option<DbKey>, DbError> {
        match std::fs::read_to_string(&self.path) {
            Ok(s) => DbKey::from_hex(&s).map(Some).ok_or_else(|| {
                DbError::Key(format!(
                    "tệp khóa {} bị hỏng (không phải khóa 256 bit)",
                    self.path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn store(&self, key: &DbKey) -> Result<(), DbError> {
        let mut opts = std::fs::OpenOptions::new();
        // create_new: never overwrite a key, which would lose the data it opens.
        opts.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
        let mut f = opts.open(&self.path)?;
        f.write_all(key.to_hex().as_bytes())?;
        f.sync_all()?;
        Ok(())
    }

    fn delete(&self) -> Result<(), DbError> {
        match std::fs::remove_file(&self.path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    fn clone_box(&self) -> Box<dyn KeyStore> {
        Box::new(self.clone())
    }
}

/// A key held in memory only (tests, or a front end that got it from a platform store
/// such as an Android Keystore plugin). Clones share the key.
#[derive(Debug, Default, Clone)]
pub struct MemoryKeyStore(Arc<Mutex<Option<DbKey>>>);

impl MemoryKeyStore {
    pub fn with_key(key: DbKey) -> MemoryKeyStore {
        MemoryKeyStore(Arc::new(Mutex::new(Some(key))))
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<DbKey>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl KeyStore for MemoryKeyStore {
    fn load(&self) -> Result<Option<DbKey>, DbError> {
        Ok(self.slot().clone())
    }
    fn store(&self, key: &DbKey) -> Result<(), DbError> {
        *self.slot() = Some(key.clone());
        Ok(())
    }
    fn delete(&self) -> Result<(), DbError> {
        *self.slot() = None;
        Ok(())
    }
    fn clone_box(&self) -> Box<dyn KeyStore> {
        Box::new(self.clone())
    }
}

/// Shown to the user while the key sits in a file beside the data.
pub const FILE_KEY_WARNING: &str = "Máy này không có kho khóa của hệ điều hành nên khóa giải \
    mã dữ liệu đang nằm trong tệp replica.key cạnh dữ liệu: ai sao chép được cả thư mục dữ liệu \
    của ứng dụng sẽ đọc được dữ liệu. Đồng chí nên bật kho khóa của máy (Secret Service, \
    Keychain hoặc Credential Manager) rồi mở lại ứng dụng.";

/// The key in the operating system's keystore, or in the file where there is none.
///
/// `load` moves a key found in the file (an older version, or a time without a keystore)
/// into the keystore, reads it back, and only then deletes the file. Any keystore error
/// falls back to the file, and the fallback is remembered for [`KeyStore::warning`].
#[derive(Clone)]
pub struct PlatformKeyStore {
    keystore: Option<Arc<dyn Keystore>>,
    /// The keystore's name for this replica: a hash of its home directory, so two
    /// replicas on one machine (the app, a test, a second profile) keep two keys.
    account: String,
    file: FileKeyStore,
    fell_back: Arc<AtomicBool>,
}

impl std::fmt::Debug for PlatformKeyStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlatformKeyStore")
            .field("keystore", &self.keystore.as_ref().map(|k| k.name()))
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

impl PlatformKeyStore {
    /// The operating system's keystore for the replica in `home`.
    pub fn for_home(home: &Path) -> PlatformKeyStore {
        PlatformKeyStore::new(home, crate::keystore::os())
    }

    /// `keystore` for the replica in `home`; `None` means the file alone.
    pub fn new(home: &Path, keystore: Option<Arc<dyn Keystore>>) -> PlatformKeyStore {
        // Canonical, so `./data` and `/abs/data` are one replica; the directory exists
        // by now (Db::open creates it), and if not the path as given is still stable.
        let canonical = std::fs::canonicalize(home).unwrap_or_else(|_| home.to_path_buf());
        let digest = Sha256::digest(canonical.to_string_lossy().as_bytes());
        PlatformKeyStore {
            keystore,
            account: format!("replica-{}", hex::encode(&digest[..16])),
            file: FileKeyStore::new(home),
            fell_back: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The keystore's name for this replica's key.
    pub fn account(&self) -> &str {
        &self.account
    }

    fn fall_back(&self, why: &KeystoreError) {
        // Not a warning on stderr: the CLI answers JSON there, and the user is told
        // through `Status.key_warning`.
        tracing::info!("database key kept in the fallback file: {why}");
        self.fell_back.store(true, Ordering::SeqCst);
    }

    /// Put `key` into the keystore and read it back: only a key the keystore returns
    /// may replace the file.
    fn put_and_check(&self, ks: &dyn Keystore, key: &DbKey) -> Result<(), KeystoreError> {
        ks.set(&self.account, &key.to_hex())?;
        match ks.get(&self.account)?.as_deref().and_then(DbKey::from_hex) {
            Some(back) if &back == key => Ok(()),
            _ => Err(KeystoreError::Unavailable(
                "khóa đọc lại không khớp khóa vừa lưu".into(),
            )),
        }
    }
}

impl KeyStore for PlatformKeyStore {
    fn load(&self) -> Result<Option<DbKey>, DbError> {
        let Some(ks) = &self.keystore else {
            self.fell_back.store(true, Ordering::SeqCst);
            return self.file.load();
        };
        match ks.get(&self.account) {
            Ok(stored) => {
                // A key in the file wins over one in the keystore: it is an older
                // version's, a migration cut short, or one written while the keystore
                // did not answer; a keystore entry beside it can only be stale (left by
                // an earlier replica in this directory), and choosing it would lose data.
                if let Some(key) = self.file.load()? {
                    match self.put_and_check(ks.as_ref(), &key) {
                        Ok(()) => {
                            self.file.delete()?;
                            tracing::info!("moved the database key into the {}", ks.name());
                        }
                        Err(e) => self.fall_back(&e),
                    }
                    return Ok(Some(key));
                }
                stored
                    .map(|hex| {
                        DbKey::from_hex(&hex).ok_or_else(|| {
                            DbError::Key("khóa trong kho khóa của hệ điều hành bị hỏng".into())
                        })
                    })
                    .transpose()
            }
            Err(e) => {
                self.fall_back(&e);
                self.file.load()
            }
        }
    }

    fn store(&self, key: &DbKey) -> Result<(), DbError> {
        if let Some(ks) = &self.keystore {
            match self.put_and_check(ks.as_ref(), key) {
                Ok(()) => return Ok(()),
                Err(e) => self.fall_back(&e),
            }
        } else {
            self.fell_back.store(true, Ordering::SeqCst);
        }
        self.file.store(key)
    }

    fn delete(&self) -> Result<(), DbError> {
        if let Some(ks) = &self.keystore {
            if let Err(e) = ks.delete(&self.account) {
                // Still delete the file; the key left behind opens only a deleted file.
                tracing::warn!("could not delete the database key from the keystore: {e}");
            }
        }
        self.file.delete()
    }

    fn warning(&self) -> Option<String> {
        self.fell_back
            .load(Ordering::SeqCst)
            .then(|| FILE_KEY_WARNING.to_string())
    }

    fn clone_box(&self) -> Box<dyn KeyStore> {
        Box::new(self.clone())
    }
}
