//! `sotay-model`: the words every part of sotay shares.
//!
//! Owns: ids, the hybrid logical clock, the change record and its per-field merge, the
//! sync protocol messages, the domain entities with their validation, Vietnamese text
//! rules (sorting, diacritic folding) and the typed Api the UI and CLI speak.
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
pub mod blobs;
pub mod change;
pub mod documents;
pub mod entities;
pub mod hlc;
pub mod ids;
pub mod meetings;
pub mod permissions;
pub mod protocol;
pub mod study;
pub mod study_api;
pub mod vn;

pub use change::{Change, Entity, FieldValue, RowState};
pub use ids::{DeviceId, Id};
