//! Conformance checks of enrollment codes, credentials and revocation.

use super::fixture::{Pen, Tree, SEED_MS};
use super::Backend;
use serde_json::json;
use sotay_model::ids::Id;
use sotay_model::protocol::Cursor;
use sotay_model::Entity;
use sotay_server::error::{AuthError, EnrollError, StoreError};
use sotay_server::store::Store;

/// Codes work once, expire, are checked exactly, and ignore case and dashes.
pub fn enrollment_codes<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let code = store
        .create_enroll_code(t.m1, 60_000, SEED_MS)
        .expect("code");
    assert_eq!(code.len(), 9, "codes are written XXXX-XXXX");
    let sloppy = code.to_lowercase().replace('-', " ");
    let enrolled = store
        .enroll(&sloppy, "Điện thoại của Minh", SEED_MS + 1)
        .expect("enroll");
    assert_eq!(enrolled.member_id, t.m1);
    assert!(enrolled
        .credential
        .starts_with(&format!("{}.", enrolled.device_id)));
    assert_eq!(
        store.authenticate(&enrolled.credential).expect("auth"),
        enrolled.device_id
    );
    assert_eq!(
        store.device_member(enrolled.device_id).expect("member"),
        Some(t.m1)
    );
    assert!(
        matches!(
            store.enroll(&code, "lần hai", SEED_MS + 2),
            Err(EnrollError::BadCode)
        ),
        "one-time"
    );

    let expiring = store
        .create_enroll_code(t.m2, 60_000, SEED_MS)
        .expect("code");
    assert!(
        matches!(
            store.enroll(&expiring, "muộn", SEED_MS + 60_000),
            Err(EnrollError::BadCode)
        ),
        "expired"
    );
    assert!(
        matches!(
            store.enroll("ABCD-EFGH", "đoán", SEED_MS),
            Err(EnrollError::BadCode)
        ),
        "wrong code"
    );
    assert!(matches!(
        store.enroll("not a code", "đoán", SEED_MS),
        Err(EnrollError::BadCode)
    ));
    let fresh = store
        .create_enroll_code(t.m2, 60_000, SEED_MS)
        .expect("code");
    assert!(matches!(
        store.enroll(&fresh, "   ", SEED_MS),
        Err(EnrollError::BadDeviceName)
    ));
    assert!(
        store.enroll(&fresh, "máy m2", SEED_MS).is_ok(),
        "a refused name does not use the code up"
    );
    assert!(matches!(
        store.create_enroll_code(Id::from_u128(999), 60_000, SEED_MS),
        Err(StoreError::UnknownMember(_))
    ));

    assert!(matches!(
        store.authenticate("garbage"),
        Err(AuthError::Unknown)
    ));
    let wrong_secret = format!("{}.{}", enrolled.device_id, "00".repeat(32));
    assert!(matches!(
        store.authenticate(&wrong_secret),
        Err(AuthError::Unknown)
    ));
    let store = b.reopen(store);
    assert_eq!(
        store
            .authenticate(&enrolled.credential)
            .expect("auth after restart"),
        enrolled.device_id
    );
}

/// A revoked device is told so, and can neither push nor pull.
pub fn revoked_device_refused<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let code = store
        .create_enroll_code(t.sec, 60_000, SEED_MS)
        .expect("code");
    let e = store.enroll(&code, "máy bí thư", SEED_MS).expect("enroll");
    assert!(store
        .revoke_device(e.device_id, SEED_MS + 5)
        .expect("revoke"));
    assert!(!store
        .revoke_device(e.device_id, SEED_MS + 6)
        .expect("revoke twice"));
    assert!(matches!(
        store.authenticate(&e.credential),
        Err(AuthError::Revoked)
    ));
    let wrong_secret = format!("{}.{}", e.device_id, "11".repeat(32));
    assert!(
        matches!(store.authenticate(&wrong_secret), Err(AuthError::Unknown)),
        "only the secret's holder learns of the revocation"
    );
    let mut pen = Pen::default();
    let edit = pen.edit(
        e.device_id,
        Entity::Member,
        t.m1,
        t.c1,
        vec![("full_name", json!("X"))],
    );
    assert!(matches!(
        store.push(e.device_id, &[edit], 20_000),
        Err(StoreError::RevokedDevice(_))
    ));
    assert!(matches!(
        store.pull(e.device_id, Cursor::default(), 10),
        Err(StoreError::RevokedDevice(_))
    ));
    assert!(matches!(
        store.pull(Id::from_u128(12345), Cursor::default(), 10),
        Err(StoreError::UnknownDevice(_))
    ));
    assert_eq!(
        store
            .row(t.m1)
            .expect("read")
            .expect("row")
            .row
            .str("full_name"),
        Some("Trần Văn Minh")
    );
}
