//! The storage boundary: one trait every backend implements (SQLite now, PostgreSQL
//! later), with synchronous methods so the deterministic simulator can call it without
//! a runtime; HTTP handlers call it through `tokio::task::spawn_blocking`, except a
//! push, which awaits its group commit without a thread ([`Store::push_async`]).
//!
//! Backends keep SQL only: merging, validation and authorisation live in
//! [`crate::apply`] and [`crate::authz`], and the `sotay-conformance` crate checks
//! that every backend behaves the same.

use crate::audit::AuditQuery;
use crate::authz::{Actor, Standing};
use crate::error::{AuthError, EnrollError, StoreError};
use crate::pull_page::PullPage;
use crate::tree::StoredRow;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{
    AuditEntry, Cursor, DeviceInfo, EnrollResponse, PullResponse, PushResult,
};
use sotay_model::Change;
use std::future::Future;
use std::pin::Pin;

/// The answer to [`Store::push_async`].
pub type PushFuture =
    Pin<Box<dyn Future<Output = Result<Vec<PushResult>, StoreError>> + Send + 'static>>;

/// How long a one-time enrollment code stays valid unless said otherwise: 7 days
/// (codes printed by the operator's CLI and the demo).
pub const DEFAULT_CODE_TTL_MS: u64 = 7 * 24 * 3600 * 1000;

pub trait Store: Send + Sync + 'static {
    /// Apply a device's changes in one transaction, one result per change in order.
    /// A change id seen before returns its first outcome and changes nothing; the same
    /// id with different content is `Rejected(ConflictingId)`.
    fn push(
        &self,
        device: DeviceId,
        changes: &[Change],
        now_ms: u64,
    ) -> Result<Vec<PushResult>, StoreError>;

    /// [`Store::push`] for async callers: the push is queued at once and the future
    /// holds no thread while it waits for its batch (see [`crate::group`]); only the
    /// batch writer runs on tokio's blocking pool. Same answers as `push`. Dropping
    /// the future does not withdraw the push. Outside a runtime it is stored before
    /// this returns.
    fn push_async(&self, device: DeviceId, changes: Vec<Change>, now_ms: u64) -> PushFuture;

    /// Rows in the device's read scope after `cursor`, in sequence order, at most
    /// `limit` (capped at `protocol::MAX_PULL`). A cursor from another scope epoch is
    /// answered from the start with `reset: true`. Rows come as the backend stores
    /// them (see [`crate::pull_page`]).
    fn pull_page(
        &self,
        device: DeviceId,
        cursor: Cursor,
        limit: u32,
    ) -> Result<PullPage, StoreError>;

    /// [`Store::pull_page`] with its rows parsed.
    fn pull(
        &self,
        device: DeviceId,
        cursor: Cursor,
        limit: u32,
    ) -> Result<PullResponse, StoreError> {
        self.pull_page(device, cursor, limit)?.parse()
    }

    /// Apply changes made by the server itself (seeding, administration): checked
    /// like a push but not authorised; recorded under device `Id::nil()`.
    fn seed(&self, changes: &[Change], now_ms: u64) -> Result<Vec<PushResult>, StoreError>;

    /// A one-time enrollment code for a member, valid `ttl_ms`, written `K7QX-M2PA`.
    /// Only its hash is stored.
    fn create_enroll_code(
        &self,
        member: Id,
        ttl_ms: u64,
        now_ms: u64,
    ) -> Result<String, StoreError>;

    /// Redeem a code: a new device acting for the code's member, and its credential
    /// `<device_id>.<secret>` (shown once; only a hash is stored).
    fn enroll(
        &self,
        code: &str,
        device_name: &str,
        now_ms: u64,
    ) -> Result<EnrollResponse, EnrollError>;

    /// The device a bearer credential belongs to; tells revoked devices apart.
    fn authenticate(&self, credential: &str) -> Result<DeviceId, AuthError>;

    /// Revoke a device's credential. Returns whether the device existed and was live.
    fn revoke_device(&self, device: DeviceId, now_ms: u64) -> Result<bool, StoreError>;

    /// The member a device acts for.
    fn device_member(&self, device: DeviceId) -> Result<Option<Id>, StoreError>;

    /// A stored row by id, whatever its scope (for administration and tests).
    fn row(&self, id: Id) -> Result<Option<StoredRow>, StoreError>;

    /// The non-deleted member with this card number.
    fn member_by_card(&self, card_no: &str) -> Result<Option<Id>, StoreError>;

    /// Whether no row has been stored yet.
    fn is_empty(&self) -> Result<bool, StoreError>;

    // ---- Administration (issue 3). Every backend implements them (no default body,
    // so the compiler checks both are complete). Authorisation is NOT done here:
    // `crate::admin` decides from `actor` and the permission table.

    /// The member a live device acts for, with their roles now (`authz::Actor::load`
    /// over the backend's `TreeView`, in one read snapshot). Unknown device:
    /// `StoreError::UnknownDevice`; revoked: `StoreError::RevokedDevice`.
    fn actor(&self, device: DeviceId) -> Result<Actor, StoreError>;

    /// Where a member stands (`authz::Standing::load` over the backend's `TreeView`,
    /// in one read snapshot): their row and the organisations of their posts.
    fn standing(&self, member: Id) -> Result<Standing, StoreError>;

    /// Every device of a member, revoked ones included, oldest first.
    fn devices_of(&self, member: Id) -> Result<Vec<DeviceInfo>, StoreError>;

    /// One device, revoked or not.
    fn device_info(&self, device: DeviceId) -> Result<Option<DeviceInfo>, StoreError>;

    /// Set a device's name (already trimmed and checked). Returns whether it exists.
    fn rename_device(&self, device: DeviceId, name: &str) -> Result<bool, StoreError>;

    /// A page of the audit log (see [`AuditQuery`]): entries whose `org_path` lies in
    /// `[path, path.upper_bound())`, newest (highest id) first, `id < before`,
    /// `id > after`, at most `limit` (capped at `protocol::MAX_AUDIT`), and whether
    /// more match. Entries are appended by `push`/`seed`, one per judged change (not
    /// for a replayed change id), from [`crate::audit::AuditRecord::new`], in the same
    /// transaction, and never updated or deleted.
    fn audit(&self, query: &AuditQuery) -> Result<(Vec<AuditEntry>, bool), StoreError>;

    // ---- Blobs (issue 5): attachment files addressed by their SHA-256 (64 lower-case
    // hex digits, checked by the caller). Access is decided by `crate::library` from
    // `blob_refs`, not here.

    /// The size of a stored blob, if the store holds it.
    fn blob_size(&self, sha256: &str) -> Result<Option<u64>, StoreError>;

    /// Store a blob whose content the caller has hashed to `sha256`. Storing one that
    /// is already held changes nothing. Never leaves a partial blob visible.
    fn put_blob(&self, sha256: &str, bytes: &[u8]) -> Result<(), StoreError> {
        self.put_blob_from(sha256, &mut &bytes[..])
    }

    /// Store under `sha256` the bytes `src` yields until its end, a chunk at a time
    /// (never the whole blob in memory). If a read fails, nothing is stored: the HTTP
    /// upload makes the last read fail when the bytes do not hash to `sha256`, or
    /// when there are too many. A blob already held is kept and `src` may be left
    /// unread. Never leaves a partial blob visible.
    fn put_blob_from(&self, sha256: &str, src: &mut dyn std::io::Read) -> Result<(), StoreError>;

    /// At most `len` bytes of a blob from `offset` (fewer at its end), or `None` if
    /// the blob is not held.
    fn read_blob(&self, sha256: &str, offset: u64, len: u64)
        -> Result<Option<Vec<u8>>, StoreError>;

    /// The live file rows (attachments, task files) naming this hash, whatever their
    /// scope.
    fn blob_refs(&self, sha256: &str) -> Result<Vec<StoredRow>, StoreError>;
}
