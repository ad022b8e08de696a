//! Devices and enrollment codes on PostgreSQL: one-time codes, credentials, revocation.

use super::conn::{Conn, Tx};
use super::view::{parse_id, PgView};
use crate::credentials::{
    credential, hash_code, hash_secret, new_code, new_device_id, new_secret, normalise_code,
    parse_credential, same_hash,
};
use crate::error::{AuthError, EnrollError, StoreError};
use crate::tree::TreeView;
use rand::rngs::StdRng;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::{DeviceInfo, EnrollResponse};
use sotay_model::Entity;
use std::sync::Mutex;

/// The member of a device that may still act, or why not.
pub fn live_member(tx: &Tx<'_>, device: DeviceId) -> Result<Id, StoreError> {
    let found = tx.opt(
        "SELECT member_id, revoked_ms FROM devices WHERE device_id = $1",
        &[&device.to_string()],
    )?;
    let Some(r) = found else {
        return Err(StoreError::UnknownDevice(device));
    };
    let revoked: Option<i64> = r.try_get(1)?;
    if revoked.is_some() {
        return Err(StoreError::RevokedDevice(device));
    }
    parse_id(r.try_get(0)?)
}

pub fn member_of(conn: &mut Conn, device: DeviceId) -> Result<Option<Id>, StoreError> {
    let rows = conn.query(
        "SELECT member_id FROM devices WHERE device_id = $1",
        &[&device.to_string()],
    )?;
    rows.first().map(|r| parse_id(r.try_get(0)?)).transpose()
}

fn draw<T>(rng: &Mutex<StdRng>, f: impl FnOnce(&mut StdRng) -> T) -> T {
    // An RNG is valid in any state: a poisoned lock is safe to keep using.
    f(&mut rng.lock().unwrap_or_else(|e| e.into_inner()))
}

pub fn create_code(
    conn: &mut Conn,
    rng: &Mutex<StdRng>,
    member: Id,
    ttl_ms: u64,
    now_ms: u64,
) -> Result<String, StoreError> {
    let tx = conn.begin()?;
    match PgView(&tx).row(member)? {
        Some(s) if s.row.entity == Entity::Member && !s.tombstoned() => {}
        _ => return Err(StoreError::UnknownMember(member)),
    }
    loop {
        let code = draw(rng, new_code);
        let hash = hash_code(&normalise_code(&code).unwrap_or_default());
        let inserted = tx.exec(
            "INSERT INTO enroll_codes (code_hash, member_id, created_ms, expires_ms)
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            &[
                &hash,
                &member.to_string(),
                &(now_ms as i64),
                &(now_ms.saturating_add(ttl_ms) as i64),
            ],
        )?;
        // A collision with a live code is astronomically rare; draw again rather than fail.
        if inserted == 1 {
            tx.commit()?;
            return Ok(code);
        }
    }
}

pub fn enroll(
    conn: &mut Conn,
    rng: &Mutex<StdRng>,
    code: &str,
    name: &str,
    now_ms: u64,
) -> Result<EnrollResponse, EnrollError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(EnrollError::BadDeviceName);
    }
    let hash = hash_code(&normalise_code(code).ok_or(EnrollError::BadCode)?);
    let tx = conn.begin()?;
    // FOR UPDATE: two servers redeeming the same code at once must not both succeed.
    let found = tx.opt(
        "SELECT member_id, expires_ms, used_ms FROM enroll_codes WHERE code_hash = $1 FOR UPDATE",
        &[&hash],
    )?;
    let member = match found {
        Some(r) => {
            let expires: i64 = r.try_get(1).map_err(StoreError::from)?;
            let used: Option<i64> = r.try_get(2).map_err(StoreError::from)?;
            if used.is_some() || (now_ms as i64) >= expires {
                return Err(EnrollError::BadCode);
            }
            parse_id(r.try_get(0).map_err(StoreError::from)?)?
        }
        None => return Err(EnrollError::BadCode),
    };
    let (device, secret) = draw(rng, |r| (new_device_id(r, now_ms), new_secret(r)));
    tx.exec(
        "INSERT INTO devices (device_id, member_id, name, secret_hash, created_ms) VALUES ($1, $2, $3, $4, $5)",
        &[&device.to_string(), &member.to_string(), &name, &hash_secret(&secret), &(now_ms as i64)],
    )?;
    tx.exec(
        "UPDATE enroll_codes SET used_ms = $1, device_id = $2 WHERE code_hash = $3",
        &[&(now_ms as i64), &device.to_string(), &hash],
    )?;
    tx.commit()?;
    Ok(EnrollResponse {
        device_id: device,
        member_id: member,
        credential: credential(device, &secret),
    })
}

pub fn authenticate(conn: &mut Conn, cred: &str) -> Result<DeviceId, AuthError> {
    let (device, secret) = parse_credential(cred).ok_or(AuthError::Unknown)?;
    let rows = conn.query(
        "SELECT secret_hash, revoked_ms FROM devices WHERE device_id = $1",
        &[&device.to_string()],
    )?;
    let r = rows.first().ok_or(AuthError::Unknown)?;
    let stored: &str = r.try_get(0).map_err(StoreError::from)?;
    let revoked: Option<i64> = r.try_get(1).map_err(StoreError::from)?;
    // Say "revoked" only to the holder of the right secret.
    if !same_hash(stored, &hash_secret(secret)) {
        return Err(AuthError::Unknown);
    }
    match revoked {
        Some(_) => Err(AuthError::Revoked),
        None => Ok(device),
    }
}

pub fn revoke(conn: &mut Conn, device: DeviceId, now_ms: u64) -> Result<bool, StoreError> {
    let rows = conn.query(
        "UPDATE devices SET revoked_ms = $1 WHERE device_id = $2 AND revoked_ms IS NULL RETURNING 1",
        &[&(now_ms as i64), &device.to_string()],
    )?;
    Ok(rows.len() == 1)
}

fn to_info(r: &postgres::Row) -> Result<DeviceInfo, StoreError> {
    let created: i64 = r.try_get(3)?;
    let revoked: Option<i64> = r.try_get(4)?;
    Ok(DeviceInfo {
        device_id: parse_id(r.try_get(0)?)?,
        member_id: parse_id(r.try_get(1)?)?,
        name: r.try_get(2)?,
        created_ms: created as u64,
        revoked_ms: revoked.map(|r| r as u64),
    })
}

/// A member's devices, oldest first, revoked ones included.
pub fn of_member(conn: &mut Conn, member: Id) -> Result<Vec<DeviceInfo>, StoreError> {
    conn.query(
        "SELECT device_id, member_id, name, created_ms, revoked_ms FROM devices
         WHERE member_id = $1 ORDER BY created_ms, device_id",
        &[&member.to_string()],
    )?
    .iter()
    .map(to_info)
    .collect()
}

pub fn info(conn: &mut Conn, device: DeviceId) -> Result<Option<DeviceInfo>, StoreError> {
    conn.query(
        "SELECT device_id, member_id, name, created_ms, revoked_ms FROM devices WHERE device_id = $1",
        &[&device.to_string()],
    )?
    .first()
    .map(to_info)
    .transpose()
}

pub fn rename(conn: &mut Conn, device: DeviceId, name: &str) -> Result<bool, StoreError> {
    let rows = conn.query(
        "UPDATE devices SET name = $1 WHERE device_id = $2 RETURNING 1",
        &[&name, &device.to_string()],
    )?;
    Ok(rows.len() == 1)
}
