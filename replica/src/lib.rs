//! `sotay-replica`: one device's copy of sotay data and everything that keeps it.
//!
//! Owns: the local SQLite database (`HOME/replica.db`, SQLCipher-encrypted with a key
//! from a `KeyStore`, schema by embedded migrations), the app PIN (`lock`), whom the
//! device trusts over HTTPS (`sync::tls`: extra CA, server key pinning), the Excel import
//! of members (`import`), typed reads and writes by domain noun (`organisations`,
//! `members`, `positions`, `documents` with Vietnamese full-text `search`, `meetings` with offline check-in, attendance, minutes and the committee view,
//! attachment files as content-addressed blobs with resumable downloads in `blobs`,
//! read marks, private notes and study assignments in `study`, the folder import of
//! documents in `import::documents`), the outbox and rejected changes, the sync engine (`sync`: push, pull, merge; I/O behind
//! the `Transport` trait, time and randomness behind `Env`), the typed Api (`Replica::call`),
//! and the headless browser host (`host`).
//! Must not: decide permissions (the server does; DESIGN §5), expose SQL to any caller,
//! log or print the device credential, the database key or the PIN, or listen on
//! anything but loopback.
//!
//! ```no_run
//! # async fn demo() -> Result<(), sotay_model::api::ApiError> {
//! use sotay_model::api::{Request, Response};
//! let replica = sotay_replica::Replica::open("/tmp/sotay-home")?;
//! if let Response::Status(s) = replica.call(Request::Status).await? {
//!     println!("enrolled: {}", s.enrolled);
//! }
//! # Ok(()) }
//! ```

pub mod admin;
pub mod blobs;
pub mod db;
pub mod devices;
pub mod documents;
pub mod env;
pub mod error;
pub mod export;
pub mod host;
pub mod import;
pub mod keystore;
pub mod lock;
pub mod meetings;
pub mod members;
pub mod organisations;
pub mod positions;
pub mod replica;
pub mod search;
pub mod study;
pub mod sync;

pub use db::{Db, DbKey, FileKeyStore, Identity, KeyStore, MemoryKeyStore, PlatformKeyStore};
pub use env::{Env, SeededEnv, SystemEnv};
pub use error::DbError;
pub use host::{serve_headless, start_headless, Headless, HostError};
pub use keystore::{Keystore, MemoryKeystore};
pub use replica::{run_background_sync, Replica};
pub use sync::{
    apply_pull_page, apply_push_response, next_pull_request, next_push_batch, sync_once,
    PushSummary, SyncError, Transport, TransportError,
};
