//! `sotay-server`: the sync server of sotay.
//!
//! Owns: enrollment codes and device credentials, the authorised push (merge,
//! validation, permission check per change) and the scoped, paged pull, on a
//! [`Store`] (SQLite now: [`SqliteStore`]; PostgreSQL later, checked by the same
//! [`conformance`] suite), the HTTP API of `sotay_model::protocol` ([`router`],
//! [`serve`]) and the `sotay-server` binary (`serve`, `demo`, `enroll-code`).
//! Must not: hold merge or permission rules of its own (they are in `sotay-model`;
//! the backend-independent application of them is in [`apply`] and [`authz`]), put
//! SQL outside a backend module, or leak internal errors to clients.
//!
//! ```
//! use sotay_server::{rows, SqliteStore, Store};
//! use sotay_model::entities::{OrgKind, Organisation};
//! use sotay_model::ids::Id;
//! use sotay_model::protocol::Outcome;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let store = SqliteStore::open(dir.path().join("sotay.db")).unwrap();
//! let province = Organisation {
//!     id: Id::from_u128(1),
//!     name: "Đảng bộ tỉnh Thái Bình".into(),
//!     kind: OrgKind::Province,
//!     parent_id: None,
//! };
//! let change = rows::organisation_change(Id::from_u128(100), &province, rows::server_hlc(1_000));
//! let results = store.seed(&[change.clone()], 1_000).unwrap();
//! assert_eq!(results[0].outcome, Outcome::Accepted { seq: 1 });
//! // Pushing the same change again changes nothing and answers the same.
//! assert_eq!(store.seed(&[change], 2_000).unwrap(), results);
//! ```

pub mod apply;
pub mod authz;
pub mod conformance;
pub mod credentials;
pub mod demo;
pub mod error;
pub mod http;
pub mod rows;
pub mod sqlite;
pub mod store;
pub mod tree;

pub use demo::{seed_demo, DemoError, DemoReport, EnrollLine};
pub use error::{AuthError, EnrollError, StoreError};
pub use http::{router, serve, AppState, Limits};
pub use sqlite::SqliteStore;
pub use store::{Store, DEFAULT_CODE_TTL_MS};
