//! The storage boundary: one trait every backend implements (SQLite now, PostgreSQL
//! later), with synchronous methods so the deterministic simulator can call it without
//! a runtime; HTTP handlers call it through `tokio::task::spawn_blocking`.
//!
//! Backends keep SQL only: merging, validation and authorisation live in
//! [`crate::apply`] and [`crate::authz`], and [`crate::conformance`] checks that every
//! backend behaves the same.

use crate::error::{AuthError, EnrollError, StoreError};
use crate::tree::StoredRow;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{Cursor, EnrollResponse, PullResponse, PushResult};
use sotay_model::Change;

/// How long a one-time enrollment code stays valid unless said otherwise: 7 days.
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

    /// Rows in the device's read scope after `cursor`, in sequence order, at most
    /// `limit` (capped at `protocol::MAX_PULL`). A cursor from another scope epoch is
    /// answered from the start with `reset: true`.
    fn pull(
        &self,
        device: DeviceId,
        cursor: Cursor,
        limit: u32,
    ) -> Result<PullResponse, StoreError>;

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
}
