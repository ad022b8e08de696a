//! The `audit` table: appending entries (inside the push transaction) and reading a
//! subtree's page. The table's triggers refuse UPDATE and DELETE.

use super::view::parse_id;
use crate::audit::{AuditQuery, AuditRecord};
use crate::error::StoreError;
use crate::tree::OrgPath;
use rusqlite::types::Value;
use rusqlite::Connection;
use sotay_model::protocol::{AuditAction, AuditEntry, MAX_AUDIT};
use sotay_model::Entity;

fn action_str(a: AuditAction) -> &'static str {
    match a {
        AuditAction::Create => "create",
        AuditAction::Edit => "edit",
        AuditAction::Delete => "delete",
    }
}

pub fn append(conn: &Connection, e: &AuditRecord) -> Result<(), StoreError> {
    let reason = e.reason.as_ref().map(serde_json::to_string).transpose()?;
    conn.prepare_cached(
        "INSERT INTO audit (at_ms, member_id, device_id, change_id, entity, row_id, org_id, org_path, action, accepted, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(rusqlite::params![
        e.at_ms as i64,
        e.member_id.map(|m| m.to_string()),
        e.device_id.to_string(),
        e.change_id.to_string(),
        e.entity.as_str(),
        e.row_id.to_string(),
        e.org_id.to_string(),
        e.org_path.as_ref().map(OrgPath::as_str).unwrap_or(""),
        action_str(e.action),
        e.reason.is_none(),
        reason,
    ])?;
    Ok(())
}

/// Entries in the subtree at `q.path`, newest first, at most `q.limit`, and whether
/// older ones remain.
pub fn page(conn: &Connection, q: &AuditQuery) -> Result<(Vec<AuditEntry>, bool), StoreError> {
    let limit = q.limit.clamp(1, MAX_AUDIT);
    let mut params = vec![
        Value::Text(q.path.as_str().into()),
        Value::Text(q.path.upper_bound()),
    ];
    let mut sql = String::from(
        "SELECT id, at_ms, member_id, device_id, change_id, entity, row_id, org_id, org_path, action, reason
         FROM audit WHERE org_path >= ?1 AND org_path < ?2",
    );
    if let Some(b) = q.before {
        params.push(Value::Integer(b.min(i64::MAX as u64) as i64));
        sql.push_str(&format!(" AND id < ?{}", params.len()));
    }
    if let Some(a) = q.after {
        params.push(Value::Integer(a.min(i64::MAX as u64) as i64));
        sql.push_str(&format!(" AND id > ?{}", params.len()));
    }
    params.push(Value::Integer(i64::from(limit) + 1));
    sql.push_str(&format!(" ORDER BY id DESC LIMIT ?{}", params.len()));
    let mut stmt = conn.prepare(&sql)?;
    type Raw = (
        i64,
        i64,
        Option<String>,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
    );
    let raw: Vec<Raw> = stmt
        .query_map(rusqlite::params_from_iter(params.iter()), |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    let more = raw.len() > limit as usize;
    let mut out = Vec::with_capacity(raw.len().min(limit as usize));
    for (id, at, member, device, change, entity, row, org, path, action, reason) in
        raw.into_iter().take(limit as usize)
    {
        let entity = Entity::parse(&entity).ok_or_else(|| {
            StoreError::Corrupt(format!("loại dữ liệu lạ trong nhật ký: {entity}"))
        })?;
        let action = match action.as_str() {
            "create" => AuditAction::Create,
            "edit" => AuditAction::Edit,
            "delete" => AuditAction::Delete,
            other => {
                return Err(StoreError::Corrupt(format!(
                    "hành động lạ trong nhật ký: {other}"
                )))
            }
        };
        let reason: Option<sotay_model::protocol::RejectReason> =
            reason.as_deref().map(serde_json::from_str).transpose()?;
        out.push(AuditEntry {
            id: id as u64,
            at_ms: at as u64,
            member_id: member.as_deref().map(parse_id).transpose()?,
            device_id: parse_id(&device)?,
            change_id: parse_id(&change)?,
            entity,
            row_id: parse_id(&row)?,
            org_id: parse_id(&org)?,
            org_path: OrgPath::parse(&path).map(|p| p.ids()).unwrap_or_default(),
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
