//! `sotay-replica`: one device's copy of sotay data and everything that keeps it.
//!
//! Owns: the local SQLite database (`HOME/replica.db`, SQLCipher-encrypted with a key
//! from a `KeyStore`, schema by embedded migrations), the outbox and rejected changes,
//! the sync engine (`sync`: push, pull, merge; I/O behind the `Transport` trait, time
//! and randomness behind `Env`), the typed Api (`Replica::call`, dispatched in `calls`
//! to one handler per request) and the headless browser host (`host`). Feature folders
//! answer their requests: `administration` (organisations, members, positions),
//! `devices` (enrollment, devices, audit: online), `library` (documents with Vietnamese
//! full-text search, attachment blobs, study), `meetings` (check-in, attendance,
//! minutes, committee view), `lock` (the app PIN), `import` and `export` (Excel in,
//! .docx/PDF out), `lists` (an organisation's lists out to Excel).
//! Must not: decide permissions (the server does; DESIGN §5), expose SQL to any caller,
//! log or print the device credential, the database key or the PIN, or listen on
//! anything but loopback.
//!
//! ```no_run
//! # async fn demo() -> Result<(), sotay_model::api::ApiError> {
//! use sotay_model::api::requests::Status;
//! let replica = sotay_replica::Replica::open("/tmp/sotay-home")?;
//! let status = replica.ask(Status).await?;
//! println!("enrolled: {}", status.enrolled);
//! # Ok(()) }
//! ```

pub mod calls;
pub mod db;
pub mod env;
pub mod error;
pub mod host;
pub mod keystore;
pub mod replica;

// Features: each answers its own requests (`calls::Local`, `Device`, `Online`).
pub mod administration;
pub mod devices;
pub mod dues;
pub mod evaluation;
pub mod exchange;
pub mod export;
pub mod import;
pub mod inspection;
pub mod library;
pub mod lists;
pub mod lock;
pub mod meetings;
pub mod oversight;
pub mod schedule;
pub mod sync;
pub mod tasks;
pub mod transfers;

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
