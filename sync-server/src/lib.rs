//! `sotay-server`: the sync server of sotay.
//!
//! Owns: enrollment codes and device credentials, the authorised push (merge,
//! validation, permission check per change) and the scoped, paged pull, on a
//! [`Store`] ([`SqliteStore`] by default; [`PgStore`] for several server processes
//! on one PostgreSQL; both checked by the same conformance suite, the
//! `sotay-conformance` crate beside this one), the meeting rules (check-in codes,
//! locked minutes: [`meetings`]), administration of codes, devices and the append-only
//! audit log ([`admin`], [`audit`]), the HTTP(S) API of `sotay_model::protocol`
//! ([`router`], [`serve`], [`serve_tls`]) and the `sotay-server` binary (`serve`,
//! `demo`, `generate`, `enroll-code`; the province generator is [`demo::generate`]).
//! Must not: hold merge or permission rules of its own (they are in `sotay-model`;
//! the backend-independent application of them is in [`apply`] and [`authz`]), put
//! SQL outside a backend module, or leak internal errors to clients.
//!
//! ```
//! use sotay_model::entities::{OrgKind, Organisation};
//! use sotay_model::ids::Id;
//! use sotay_model::protocol::{Cursor, Outcome};
//! use sotay_conformance::fixture;
//! use sotay_server::{rows, SqliteStore, Store, DEFAULT_CODE_TTL_MS};
//!
//! let dir = tempfile::tempdir()?;
//! let store = SqliteStore::open(dir.path().join("sotay.db"))?;
//!
//! // The server seeds a tree (stamps with node Id::nil()): province → … → cell, a member.
//! let hlc = rows::server_hlc(1_000);
//! let mut parent = None;
//! let mut changes = Vec::new();
//! for (n, kind) in [(1, OrgKind::Province), (2, OrgKind::District), (3, OrgKind::Grassroots), (4, OrgKind::Cell)] {
//!     let org = Organisation { id: Id::from_u128(n), name: format!("Tổ chức {n}"), kind, parent_id: parent };
//!     changes.push(rows::organisation_change(Id::from_u128(100 + n), &org, hlc));
//!     parent = Some(org.id);
//! }
//! let member = fixture::member(Id::from_u128(9), "Nguyễn Thị Hoa", Id::from_u128(4));
//! changes.push(rows::member_change(Id::from_u128(109), &member, hlc));
//! let results = store.seed(&changes, 1_000)?;
//! assert!(results.iter().all(|r| matches!(r.outcome, Outcome::Accepted { .. })));
//! // Pushing the same changes again changes nothing and answers the same.
//! assert_eq!(store.seed(&changes, 2_000)?, results);
//!
//! // A one-time code for the member, redeemed by their phone.
//! let code = store.create_enroll_code(member.id, DEFAULT_CODE_TTL_MS, 1_000)?;
//! let phone = store.enroll(&code, "Điện thoại của Hoa", 2_000)?;
//! assert_eq!(store.authenticate(&phone.credential)?, phone.device_id);
//!
//! // The phone pulls its scope: its cell, the organisations above, its own row.
//! let page = store.pull(phone.device_id, Cursor::default(), 100)?;
//! assert_eq!(page.rows.len(), 5);
//! assert!(!page.more);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod admin;
pub mod apply;
pub mod audit;
pub mod authz;
pub mod credentials;
pub mod demo;
pub mod dues;
pub mod error;
pub mod evaluation;
pub mod exchange;
pub mod group;
pub mod http;
pub mod inspection;
pub mod library;
pub mod meetings;
pub mod postgres;
pub mod pull_page;
pub mod rows;
pub mod schedule;
pub mod sqlite;
pub mod stamps;
pub mod store;
pub mod tasks;
pub mod transfers;
pub mod tree;

pub use crate::postgres::PgStore;
pub use demo::{seed_demo, DemoError, DemoReport, EnrollLine, ExchangeReport};
pub use error::{AuthError, EnrollError, StoreError};
pub use http::{load_tls_config, router, serve, serve_tls, AppState, Limits, TlsError};
pub use sqlite::SqliteStore;
pub use store::{Store, DEFAULT_CODE_TTL_MS};
