//! The database key: 256 random bits, kept by a `KeyStore`. The default store is a file
//! beside the database (`HOME/replica.key`, mode 0600); a platform keystore (Windows
//! DPAPI/Credential Manager, Android Keystore, iOS Keychain) implements the same trait.
//!
//! What the file store protects against: a copy of `replica.db` taken without the key
//! file (a backup, a synced folder, a file sent by mistake, a disk image of the data
//! directory alone). It does not protect against someone who can read the user's files
//! on the device (root, malware running as the user): they can read the key too.

use crate::error::DbError;
use rand::RngCore;
use std::io::Write;
use std::path::{Path, PathBuf};

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
}

/// A key held in memory only (tests, or a front end that got it from a platform store).
#[derive(Debug, Default)]
pub struct MemoryKeyStore(std::sync::Mutex<Option<DbKey>>);

impl MemoryKeyStore {
    pub fn with_key(key: DbKey) -> MemoryKeyStore {
        MemoryKeyStore(std::sync::Mutex::new(Some(key)))
    }
}

impl KeyStore for MemoryKeyStore {
    fn load(&self) -> Result<Option<DbKey>, DbError> {
        Ok(self.0.lock().unwrap_or_else(|p| p.into_inner()).clone())
    }
    fn store(&self, key: &DbKey) -> Result<(), DbError> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(key.clone());
        Ok(())
    }
}
