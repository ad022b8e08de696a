//! The audit log's content, independent of the backend: what one judged change says
//! about who changed what, where and with what verdict (DESIGN §5). Backends append
//! [`AuditRecord`]s in the push's transaction and never update or delete them.

use crate::error::StoreError;
use crate::store::Store;
use crate::tree::{OrgPath, StoredRow, TreeView};
use sotay_model::entities::OrgKind;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{AuditAction, AuditEntry, Outcome, RejectReason};
use sotay_model::{Change, Entity};
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// One entry to append; the backend gives it its increasing `id`.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditRecord {
    pub at_ms: u64,
    pub member_id: Option<Id>,
    pub device_id: DeviceId,
    pub change_id: Id,
    pub entity: Entity,
    pub row_id: Id,
    pub org_id: Id,
    /// `None` when the change named no existing place (then only the server's
    /// operator sees the entry).
    pub org_path: Option<OrgPath>,
    pub action: AuditAction,
    pub reason: Option<RejectReason>,
}

impl AuditRecord {
    /// The record of `change`, judged with `outcome`. `before` is the stored row as it
    /// was before the change; `path` the accepted row's path (if accepted).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        view: &impl TreeView,
        member_id: Option<Id>,
        device_id: DeviceId,
        change: &Change,
        before: Option<&StoredRow>,
        accepted_path: Option<&OrgPath>,
        outcome: &Outcome,
        now_ms: u64,
    ) -> Result<AuditRecord, StoreError> {
        let action = if change.tombstone.is_some() {
            AuditAction::Delete
        } else if before.is_some() {
            AuditAction::Edit
        } else {
            AuditAction::Create
        };
        let org_path = match accepted_path {
            Some(p) => Some(p.clone()),
            None => claimed_path(view, change, before)?,
        };
        let reason = match outcome {
            Outcome::Accepted { .. } => None,
            Outcome::Rejected { reason, .. } => Some(reason.clone()),
        };
        Ok(AuditRecord {
            at_ms: now_ms,
            member_id,
            device_id,
            change_id: change.change_id,
            entity: change.entity,
            row_id: change.row_id,
            org_id: org_path
                .as_ref()
                .and_then(OrgPath::org)
                .unwrap_or(change.org_id),
            org_path,
            action,
            reason,
        })
    }

    /// As the protocol shows it, with the id the backend gave it.
    pub fn into_entry(self, id: u64) -> AuditEntry {
        AuditEntry {
            id,
            at_ms: self.at_ms,
            member_id: self.member_id,
            device_id: self.device_id,
            change_id: self.change_id,
            entity: self.entity,
            row_id: self.row_id,
            org_id: self.org_id,
            org_path: self.org_path.map(|p| p.ids()).unwrap_or_default(),
            accepted: self.reason.is_none(),
            action: self.action,
            reason: self.reason,
            title: None,
            device_name: None,
        }
    }
}

/// Where a refused change would have put the row: the stored row's place, else the
/// claimed organisation, else (a new organisation) below its claimed parent.
fn claimed_path(
    view: &impl TreeView,
    change: &Change,
    before: Option<&StoredRow>,
) -> Result<Option<OrgPath>, StoreError> {
    if let Some(b) = before {
        return Ok(Some(b.path.clone()));
    }
    if change.entity == Entity::Organisation {
        let parent = change
            .fields
            .get("parent_id")
            .and_then(|f| f.value.as_str())
            .and_then(|s| s.parse::<Id>().ok());
        return Ok(match parent {
            Some(p) => view
                .org(p)?
                .filter(|o| !o.tombstoned && o.kind != OrgKind::Cell)
                .map(|o| o.path.child(change.row_id)),
            None => None,
        });
    }
    Ok(view
        .org(change.org_id)?
        .filter(|o| !o.tombstoned)
        .map(|o| o.path))
}

/// A page of the log under one organisation: entries whose path lies in the subtree
/// at `path` (the organisation included), newest first.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditQuery {
    pub path: OrgPath,
    pub before: Option<u64>,
    pub after: Option<u64>,
    pub limit: u32,
}

/// The fields that name a row, best first, and the rows that are named by another
/// (a check-in, minutes or a meeting key by their meeting; a read mark, note or
/// attachment by their document; a post by its holder).
const NAMING_FIELDS: &[&str] = &["topic", "title", "full_name", "name"];
const NAMED_BY: &[&str] = &["meeting_id", "document_id", "member_id", "task_id"];

/// Fill in each entry's row title and device name from the store as it is now, so the
/// log says "Tạo cuộc họp Sinh hoạt tháng 12" from "Máy tính văn phòng", not an entity
/// and an id. The reader oversees every entry's organisation already (`admin::audit`),
/// and a row named through another is in the same organisation or below it.
pub fn describe(store: &dyn Store, entries: &mut [AuditEntry]) -> Result<(), StoreError> {
    let mut devices: HashMap<DeviceId, Option<String>> = HashMap::new();
    let mut titles: HashMap<Id, Option<String>> = HashMap::new();
    for e in entries.iter_mut() {
        if e.member_id.is_some() {
            let name = match devices.entry(e.device_id) {
                Entry::Occupied(o) => o.get().clone(),
                Entry::Vacant(v) => v
                    .insert(store.device_info(e.device_id)?.map(|d| d.name))
                    .clone(),
            };
            e.device_name = name;
        }
        e.title = match titles.entry(e.row_id) {
            Entry::Occupied(o) => o.get().clone(),
            Entry::Vacant(v) => v.insert(row_title(store, e.row_id)?).clone(),
        };
    }
    Ok(())
}

/// A row's own name, or that of the row it belongs to (one step).
fn row_title(store: &dyn Store, id: Id) -> Result<Option<String>, StoreError> {
    let Some(stored) = store.row(id)? else {
        return Ok(None);
    };
    let row = &stored.row;
    if let Some(own) = own_name(row) {
        return Ok(Some(own));
    }
    for field in NAMED_BY {
        if let Some(other) = row.id(field) {
            if let Some(owner) = store.row(other)? {
                if let Some(name) = own_name(&owner.row) {
                    return Ok(Some(name));
                }
            }
        }
    }
    Ok(None)
}

fn own_name(row: &sotay_model::change::RowState) -> Option<String> {
    // A post's `title` is its kind (`committee_member`), not a name: it is known by
    // its holder.
    if row.entity == Entity::Position {
        return None;
    }
    let text = |f: &str| row.str(f).map(str::trim).filter(|s| !s.is_empty());
    let name = NAMING_FIELDS.iter().find_map(|f| text(f))?;
    // A document is known by its number first: "57-NQ/TW Về phát triển…".
    Some(match text("number") {
        Some(n) if row.entity == Entity::Document => format!("{n} {name}"),
        _ => name.to_string(),
    })
}
