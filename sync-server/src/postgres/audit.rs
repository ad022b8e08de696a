//! The `audit` table on PostgreSQL: reading a subtree's page (entries are appended by
//! a push batch, in one statement with the change records, see `batch.rs`). Triggers refuse UPDATE,
//! DELETE and TRUNCATE.

use super::conn::Tx;
use super::pull::{refs, Param};
use super::view::parse_id;
use crate::audit::AuditQuery;
use crate::error::StoreError;
use crate::tree::OrgPath;
use sotay_model::protocol::{AuditAction, AuditEntry, RejectReason, MAX_AUDIT};
use sotay_model::Entity;

pub(super) fn action_str(a: AuditAction) -> &'static str {
    match a {
        AuditAction::Create => "create",
        AuditAction::Edit => "edit",
        AuditAction::Delete => "delete",
    }
}

/// Entries in the subtree at `q.path`, newest first, at most `q.limit`, and whether
/// older ones remain.
pub fn page(tx: &Tx<'_>, q: &AuditQuery) -> Result<(Vec<AuditEntry>, bool), StoreError> {
    let limit = q.limit.clamp(1, MAX_AUDIT);
    let mut params: Vec<Param> = vec![
        Box::new(q.path.as_str().to_string()),
        Box::new(q.path.upper_bound()),
    ];
    let mut sql = String::from(
        "SELECT id, at_ms, member_id, device_id, change_id, entity, row_id, org_id, org_path, action, reason
         FROM audit WHERE org_path >= $1 AND org_path < $2",
    );
    if let Some(b) = q.before {
        params.push(Box::new(b.min(i64::MAX as u64) as i64));
        sql.push_str(&format!(" AND id < ${}", params.len()));
    }
    if let Some(a) = q.after {
        params.push(Box::new(a.min(i64::MAX as u64) as i64));
        sql.push_str(&format!(" AND id > ${}", params.len()));
    }
    params.push(Box::new(i64::from(limit) + 1));
    sql.push_str(&format!(" ORDER BY id DESC LIMIT ${}", params.len()));
    let raw = tx.query(&sql, &refs(&params))?;
    let more = raw.len() > limit as usize;
    let mut out = Vec::with_capacity(raw.len().min(limit as usize));
    for r in raw.iter().take(limit as usize) {
        let entity: &str = r.try_get(5)?;
        let entity = Entity::parse(entity).ok_or_else(|| {
            StoreError::Corrupt(format!("loại dữ liệu lạ trong nhật ký: {entity}"))
        })?;
        let action = match r.try_get::<_, &str>(9)? {
            "create" => AuditAction::Create,
            "edit" => AuditAction::Edit,
            "delete" => AuditAction::Delete,
            other => {
                return Err(StoreError::Corrupt(format!(
                    "hành động lạ trong nhật ký: {other}"
                )))
            }
        };
        let reason: Option<RejectReason> = r
            .try_get::<_, Option<&str>>(10)?
            .map(serde_json::from_str)
            .transpose()?;
        let id: i64 = r.try_get(0)?;
        let at: i64 = r.try_get(1)?;
        out.push(AuditEntry {
            id: id as u64,
            at_ms: at as u64,
            member_id: r.try_get::<_, Option<&str>>(2)?.map(parse_id).transpose()?,
            device_id: parse_id(r.try_get(3)?)?,
            change_id: parse_id(r.try_get(4)?)?,
            entity,
            row_id: parse_id(r.try_get(6)?)?,
            org_id: parse_id(r.try_get(7)?)?,
            org_path: OrgPath::parse(r.try_get(8)?)
                .map(|p| p.ids())
                .unwrap_or_default(),
            action,
            accepted: reason.is_none(),
            reason,
            // Named when the log is read (`audit::describe`).
            title: None,
            device_name: None,
        });
    }
    Ok((out, more))
}
