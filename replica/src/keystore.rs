//! The platform's keystore, where the database key lives (DESIGN §5): Windows Credential
//! Manager, the macOS/iOS Keychain and the Linux Secret Service through the `keyring`
//! crate, each compiled only for its own target. Android has no store in that crate; the
//! Android Keystore needs a Tauri mobile plugin (Kotlin) that hands the key to
//! `Replica::open_with_keys`, so until one exists Android falls back to the key file and
//! says so (see `db::key::PlatformKeyStore`).
//!
//! A small trait, so tests run the same code against [`MemoryKeystore`] (no Secret
//! Service daemon runs on CI or in containers).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Why the keystore could not answer. Either way the caller falls back to the file.
#[derive(Debug, thiserror::Error)]
pub enum KeystoreError {
    #[error("kho khóa của hệ điều hành không dùng được ({0})")]
    Unavailable(String),
}

/// Named secrets kept by the operating system, outside the app's data directory.
pub trait Keystore: Send + Sync {
    /// Which store this is, for logs ("Secret Service", "Keychain", …).
    fn name(&self) -> &'static str;
    /// The secret stored under `account`, `None` when there is none.
    fn get(&self, account: &str) -> Result<Option<String>, KeystoreError>;
    fn set(&self, account: &str, secret: &str) -> Result<(), KeystoreError>;
    /// Remove the secret; removing one that is not there is not an error.
    fn delete(&self, account: &str) -> Result<(), KeystoreError>;
}

/// Secrets held in memory, shared by clones: a keystore for tests, which a replica
/// reopened in the same process finds again (as it would the real one).
#[derive(Debug, Default, Clone)]
pub struct MemoryKeystore(Arc<Mutex<HashMap<String, String>>>);

impl MemoryKeystore {
    pub fn new() -> MemoryKeystore {
        MemoryKeystore::default()
    }

    /// How many secrets it holds (tests check that a wipe removed the key).
    pub fn len(&self) -> usize {
        self.map().len()
    }

    pub fn is_empty(&self) -> bool {
        self.map().is_empty()
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Keystore for MemoryKeystore {
    fn name(&self) -> &'static str {
        "memory"
    }
    fn get(&self, account: &str) -> Result<Option<String>, KeystoreError> {
        Ok(self.map().get(account).cloned())
    }
    fn set(&self, account: &str, secret: &str) -> Result<(), KeystoreError> {
        self.map().insert(account.to_string(), secret.to_string());
        Ok(())
    }
    fn delete(&self, account: &str) -> Result<(), KeystoreError> {
        self.map().remove(account);
        Ok(())
    }
}

/// The operating system's keystore on this target, if it has one `keyring` supports.
pub fn os() -> Option<Arc<dyn Keystore>> {
    #[cfg(any(
        target_os = "linux",
        target_os = "macos",
        target_os = "ios",
        target_os = "windows"
    ))]
    {
        Some(Arc::new(os_store::OsKeystore))
    }
    #[cfg(not(any(
        target_os = "linux",
        target_os = "macos",
        target_os = "ios",
        target_os = "windows"
    )))]
    {
        None
    }
}

#[cfg(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "ios",
    target_os = "windows"
))]
mod os_store {
    use super::{Keystore, KeystoreError};

    /// The service name every sotay secret is filed under.
    const SERVICE: &str = "sotay";

    #[derive(Debug)]
    pub struct OsKeystore;

    fn entry(account: &str) -> Result<keyring::Entry, KeystoreError> {
        keyring::Entry::new(SERVICE, account).map_err(unavailable)
    }

    fn unavailable(e: keyring::Error) -> KeystoreError {
        KeystoreError::Unavailable(e.to_string())
    }

    impl Keystore for OsKeystore {
        fn name(&self) -> &'static str {
            if cfg!(target_os = "linux") {
                "Secret Service"
            } else if cfg!(windows) {
                "Windows Credential Manager"
            } else {
                "Keychain"
            }
        }
        fn get(&self, account: &str) -> Result<Option<String>, KeystoreError> {
            match entry(account)?.get_password() {
                Ok(s) => Ok(Some(s)),
                Err(keyring::Error::NoEntry) => Ok(None),
                Err(e) => Err(unavailable(e)),
            }
        }
        fn set(&self, account: &str, secret: &str) -> Result<(), KeystoreError> {
            entry(account)?.set_password(secret).map_err(unavailable)
        }
        fn delete(&self, account: &str) -> Result<(), KeystoreError> {
            match entry(account)?.delete_credential() {
                Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
                Err(e) => Err(unavailable(e)),
            }
        }
    }
}
