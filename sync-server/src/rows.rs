//! Building changes on the server side (seeding, tests, the simulator) from the
//! model's entity structs, and the content hash that makes change ids idempotent.

use serde_json::Value;
use sha2::{Digest, Sha256};
use sotay_model::entities::{Member, Organisation, Position};
use sotay_model::hlc::Hlc;
use sotay_model::ids::Id;
use sotay_model::row::Row;
use sotay_model::{Change, Entity, FieldValue};
use std::collections::BTreeMap;

/// A stamp for a change the server makes itself: node `Id::nil()`, which orders
/// before every device at the same instant.
pub fn server_hlc(now_ms: u64) -> Hlc {
    Hlc {
        wall_ms: now_ms,
        counter: 0,
        node: Id::nil(),
    }
}

fn change(
    change_id: Id,
    entity: Entity,
    row_id: Id,
    org_id: Id,
    fields: Vec<(&str, Value)>,
    hlc: Hlc,
) -> Change {
    let fields: BTreeMap<String, FieldValue> = fields
        .into_iter()
        .map(|(k, value)| (k.to_string(), FieldValue { value, hlc }))
        .collect();
    Change {
        change_id,
        entity,
        row_id,
        org_id,
        fields,
        tombstone: None,
    }
}

/// A change that creates (or sets every field of) any entity's row, written by its
/// [`Row`] codec.
pub fn row_change<R: Row>(change_id: Id, row: &R, hlc: Hlc) -> Change {
    change(
        change_id,
        R::ENTITY,
        row.id(),
        row.owning_org(),
        row.to_fields(),
        hlc,
    )
}

/// A change that creates (or sets every field of) an organisation.
pub fn organisation_change(change_id: Id, org: &Organisation, hlc: Hlc) -> Change {
    row_change(change_id, org, hlc)
}

/// A change that creates (or sets every field of) a member.
pub fn member_change(change_id: Id, m: &Member, hlc: Hlc) -> Change {
    row_change(change_id, m, hlc)
}

/// A change that creates a position.
pub fn position_change(change_id: Id, p: &Position, hlc: Hlc) -> Change {
    row_change(change_id, p, hlc)
}

/// A change that creates (or sets every field of) a document.
pub fn document_change(
    change_id: Id,
    d: &sotay_model::library::documents::Document,
    hlc: Hlc,
) -> Change {
    row_change(change_id, d, hlc)
}

/// A change that sets some fields of an existing row.
pub fn edit_change(
    change_id: Id,
    entity: Entity,
    row_id: Id,
    org_id: Id,
    fields: Vec<(&str, Value)>,
    hlc: Hlc,
) -> Change {
    change(change_id, entity, row_id, org_id, fields, hlc)
}

/// A change that deletes a row.
pub fn delete_change(change_id: Id, entity: Entity, row_id: Id, org_id: Id, hlc: Hlc) -> Change {
    let mut c = change(change_id, entity, row_id, org_id, vec![], hlc);
    c.tombstone = Some(hlc);
    c
}

/// The hash of a change's content, to tell a retry (same hash) from a different
/// change reusing an id. Fields are a `BTreeMap`, so the serialisation is canonical.
pub fn content_hash(change: &Change) -> Result<String, serde_json::Error> {
    Ok(content_hash_of_json(&serde_json::to_vec(change)?))
}

/// [`content_hash`] of a change already serialised with `serde_json` (the push path
/// stores that very text, so it serialises each change once).
pub fn content_hash_of_json(json: &[u8]) -> String {
    hex::encode(Sha256::digest(json))
}
