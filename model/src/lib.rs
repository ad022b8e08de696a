//! `sotay-model`: the words every part of sotay shares.
//!
//! Owns: ids, the hybrid logical clock, the change record and its per-field merge, the
//! sync protocol messages, the domain entities with their validation (`fields` reads
//! one field of a row, `row` is the codec every entity's struct shares), Vietnamese
//! text rules (sorting, diacritic folding) and the typed Api the UI and CLI speak:
//! `api` (what every request shares), `registry` (the one list of requests and
//! answers) and a module per feature holding its requests.
//! Must not: do I/O, read clocks or randomness itself (callers pass them in), or depend
//! on tokio, rusqlite or reqwest — it is compiled for wasm32 into the UI.
//!
//! ```
//! use sotay_model::{hlc::{Clock, Hlc}, ids::DeviceId};
//! let device = DeviceId::from_u128(7);
//! let mut clock = Clock::new(device);
//! let a = clock.tick(1_000);
//! let b = clock.tick(999); // the wall clock went backwards: order still holds
//! assert!(b > a);
//! ```

pub mod api;
pub mod change;
pub mod entities;
pub mod fields;
pub mod hlc;
pub mod ids;
pub mod permissions;
pub mod protocol;
pub mod registry;
pub mod row;
pub mod study;
pub mod transfer;
pub mod vn;

// Features: each owns its requests (`<feature>::requests`) and what they answer.
pub mod administration;
pub mod devices;
pub mod dues;
pub mod evaluation;
pub mod exchange;
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

pub use change::{Change, Entity, FieldValue, RowState};
pub use ids::{DeviceId, Id};
