//! Devices and enrollment codes: one-time codes, credentials, revocation.

use super::view::{parse_id, SqlView};
use crate::credentials::{
    credential, hash_code, hash_secret, new_code, new_device_id, new_secret, normalise_code,
    parse_credential, same_hash,
};
use crate::error::{AuthError, EnrollError, StoreError};
use crate::tree::TreeView;
use rand::rngs::StdRng;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{DeviceInfo, EnrollResponse};
use sotay_model::Entity;

/// The member of a device that may still act, or why not.
pub fn live_member(conn: &Connection, device: DeviceId) -> Result<Id, StoreError> {
    let found: Option<(String, Option<i64>)> = conn
        .prepare_cached("SELECT member_id, revoked_ms FROM devices WHERE device_id = ?1")?
        .query_row([device.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match found {
        None => Err(StoreError::UnknownDevice(device)),
        Some((_, Some(_))) => Err(StoreError::RevokedDevice(device)),
        Some((member, None)) => parse_id(&member),
    }
}

pub fn member_of(conn: &Connection, device: DeviceId) -> Result<Option<Id>, StoreError> {
    let m: Option<String> = conn
        .query_row(
            "SELECT member_id FROM devices WHERE device_id = ?1",
            [device.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    m.map(|s| parse_id(&s)).transpose()
}

pub fn create_code(
    conn: &Connection,
    rng: &mut StdRng,
    member: Id,
    ttl_ms: u64,
    now_ms: u64,
) -> Result<String, StoreError> {
    match SqlView(conn).row(member)? {
        Some(s) if s.row.entity == Entity::Member && !s.tombstoned() => {}
        _ => return Err(StoreError::UnknownMember(member)),
    }
    loop {
        let code = new_code(rng);
        let hash = hash_code(&normalise_code(&code).unwrap_or_default());
        let inserted = conn.execute(
            "INSERT OR IGNORE INTO enroll_codes (code_hash, member_id, created_ms, expires_ms) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![hash, member.to_string(), now_ms as i64, now_ms.saturating_add(ttl_ms) as i64],
        )?;
        // A collision with a live code is astronomically rare; draw again rather than fail.
        if inserted == 1 {
            return Ok(code);
        }
    }
}

pub fn enroll(
    conn: &mut Connection,
    rng: &mut StdRng,
    code: &str,
    name: &str,
    now_ms: u64,
) -> Result<EnrollResponse, EnrollError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(EnrollError::BadDeviceName);
    }
    let hash = hash_code(&normalise_code(code).ok_or(EnrollError::BadCode)?);
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(StoreError::from)?;
    let found: Option<(String, i64, Option<i64>)> = tx
        .query_row(
            "SELECT member_id, expires_ms, used_ms FROM enroll_codes WHERE code_hash = ?1",
            [&hash],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .map_err(StoreError::from)?;
    let member = match found {
        Some((member, expires, None)) if (now_ms as i64) < expires => parse_id(&member)?,
        _ => return Err(EnrollError::BadCode),
    };
    let device = new_device_id(rng, now_ms);
    let secret = new_secret(rng);
    tx.execute(
        "INSERT INTO devices (device_id, member_id, name, secret_hash, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
        rusqlite::params![device.to_string(), member.to_string(), name, hash_secret(&secret), now_ms as i64],
    )
    .map_err(StoreError::from)?;
    tx.execute(
        "UPDATE enroll_codes SET used_ms = ?1, device_id = ?2 WHERE code_hash = ?3",
        rusqlite::params![now_ms as i64, device.to_string(), hash],
    )
    .map_err(StoreError::from)?;
    tx.commit().map_err(StoreError::from)?;
    Ok(EnrollResponse {
        device_id: device,
        member_id: member,
        credential: credential(device, &secret),
    })
}

pub fn authenticate(conn: &Connection, cred: &str) -> Result<DeviceId, AuthError> {
    let (device, secret) = parse_credential(cred).ok_or(AuthError::Unknown)?;
    let found: Option<(String, Option<i64>)> = conn
        .prepare_cached("SELECT secret_hash, revoked_ms FROM devices WHERE device_id = ?1")
        .and_then(|mut s| {
            s.query_row([device.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()
        })
        .map_err(StoreError::from)?;
    let (stored, revoked) = found.ok_or(AuthError::Unknown)?;
    // Say "revoked" only to the holder of the right secret.
    if !same_hash(&stored, &hash_secret(secret)) {
        return Err(AuthError::Unknown);
    }
    match revoked {
        Some(_) => Err(AuthError::Revoked),
        None => Ok(device),
    }
}

pub fn revoke(conn: &Connection, device: DeviceId, now_ms: u64) -> Result<bool, StoreError> {
    let n = conn.execute(
        "UPDATE devices SET revoked_ms = ?1 WHERE device_id = ?2 AND revoked_ms IS NULL",
        rusqlite::params![now_ms as i64, device.to_string()],
    )?;
    Ok(n == 1)
}

fn device_info(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<(String, String, String, i64, Option<i64>)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn to_info(
    (device, member, name, created, revoked): (String, String, String, i64, Option<i64>),
) -> Result<DeviceInfo, StoreError> {
    Ok(DeviceInfo {
        device_id: parse_id(&device)?,
        member_id: parse_id(&member)?,
        name,
        created_ms: created as u64,
        revoked_ms: revoked.map(|r| r as u64),
    })
}

/// A member's devices, oldest first, revoked ones included.
pub fn of_member(conn: &Connection, member: Id) -> Result<Vec<DeviceInfo>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT device_id, member_id, name, created_ms, revoked_ms FROM devices
         WHERE member_id = ?1 ORDER BY created_ms, device_id",
    )?;
    let raw = stmt
        .query_map([member.to_string()], device_info)?
        .collect::<Result<Vec<_>, _>>()?;
    raw.into_iter().map(to_info).collect()
}

pub fn info(conn: &Connection, device: DeviceId) -> Result<Option<DeviceInfo>, StoreError> {
    conn.prepare_cached(
        "SELECT device_id, member_id, name, created_ms, revoked_ms FROM devices WHERE device_id = ?1",
    )?
    .query_row([device.to_string()], device_info)
    .optional()?
    .map(to_info)
    .transpose()
}

pub fn rename(conn: &Connection, device: DeviceId, name: &str) -> Result<bool, StoreError> {
    let n = conn.execute(
        "UPDATE devices SET name = ?1 WHERE device_id = ?2",
        rusqlite::params![name, device.to_string()],
    )?;
    Ok(n == 1)
}
