//! Devices and the audit log over HTTP (issue 3): who sees, names and revokes which
//! devices; a revoked device is refused at once; the audit log records every judged
//! change in the push's transaction, is read by committees over their subtree only,
//! pages by id, and cannot be updated or deleted even with direct SQL.

mod common;

use common::{code, TestServer};
use reqwest::StatusCode;
use serde_json::json;
use sotay_conformance::fixture::Pen;
use sotay_model::protocol::{AuditPage, DeviceInfo, DeviceList, PushRequest, PROTOCOL_VERSION};
use sotay_model::Entity;
use sotay_server::Limits;

#[tokio::test]
async fn members_and_their_committee_see_name_and_revoke_devices_others_cannot() {
    let s = TestServer::start(Limits::default()).await;
    let t = s.tree.clone();
    let m1 = s.device(t.m1);
    let m1_tablet = s.device(t.m1);
    let sec = s.device(t.sec).credential;
    let o = s.device(t.o).credential;

    // Own devices, with no member named.
    let (status, v) = s.post("/v1/devices", Some(&m1.credential), json!({})).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let list: DeviceList = serde_json::from_value(v).expect("list");
    // Both enrolled in the same millisecond: compare as sets.
    let ids: std::collections::BTreeSet<_> = list.devices.iter().map(|d| d.device_id).collect();
    assert_eq!(ids, [m1.device_id, m1_tablet.device_id].into());

    // The cell's secretary administers m1; a member of another district does not,
    // and m1 cannot look at the secretary's devices.
    let (status, _) = s
        .post("/v1/devices", Some(&sec), json!({"member_id": t.m1}))
        .await;
    assert_eq!(status, StatusCode::OK);
    for (cred, body) in [
        (&o, json!({"member_id": t.m1})),
        (&m1.credential, json!({"member_id": t.sec})),
    ] {
        let (status, v) = s.post("/v1/devices", Some(cred), body).await;
        assert_eq!((status, code(&v)), (StatusCode::FORBIDDEN, "forbidden"));
    }

    // Naming: by the member, trimmed; refused to strangers and for empty names.
    let (status, v) = s
        .post(
            "/v1/devices/rename",
            Some(&m1.credential),
            json!({"device_id": m1_tablet.device_id, "name": "  Máy tính bảng  "}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let info: DeviceInfo = serde_json::from_value(v).expect("info");
    assert_eq!(info.name, "Máy tính bảng");
    let (status, _) = s
        .post(
            "/v1/devices/rename",
            Some(&o),
            json!({"device_id": m1_tablet.device_id, "name": "của tôi"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = s
        .post(
            "/v1/devices/rename",
            Some(&m1.credential),
            json!({"device_id": m1_tablet.device_id, "name": "   "}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Revocation by a stranger is refused and changes nothing; by the committee it
    // takes effect at the device's next contact.
    let (status, _) = s
        .post(
            "/v1/devices/revoke",
            Some(&o),
            json!({"device_id": m1.device_id}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let pull = json!({"cursor": {"epoch": 0, "seq": 0}, "limit": 10});
    let (status, _) = s.post("/v1/pull", Some(&m1.credential), pull.clone()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, v) = s
        .post(
            "/v1/devices/revoke",
            Some(&sec),
            json!({"device_id": m1.device_id}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(v["revoked_ms"].as_u64().is_some());
    let (status, v) = s.post("/v1/pull", Some(&m1.credential), pull.clone()).await;
    assert_eq!(
        (status, code(&v)),
        (StatusCode::UNAUTHORIZED, "device_revoked")
    );
    let (status, v) = s.post("/v1/devices", Some(&m1.credential), json!({})).await;
    assert_eq!(
        (status, code(&v)),
        (StatusCode::UNAUTHORIZED, "device_revoked")
    );
    // The member revokes their other device themselves.
    let (status, _) = s
        .post(
            "/v1/devices/revoke",
            Some(&m1_tablet.credential),
            json!({"device_id": m1_tablet.device_id}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = s.post("/v1/pull", Some(&m1_tablet.credential), pull).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_audit_log_records_every_judged_change_for_committees_over_the_subtree() {
    let s = TestServer::start(Limits::default()).await;
    let t = s.tree.clone();
    let sec = s.device(t.sec);
    let m1 = s.device(t.m1);
    let dc = s.device(t.dc).credential;
    let mut pen = Pen::default();

    // The secretary renames a member (accepted); m1 tries to (refused).
    let ok = pen.edit(
        sec.device_id,
        Entity::Member,
        t.m2,
        t.c1,
        vec![("full_name", json!("Lê Thị Lan Anh"))],
    );
    let refused = pen.edit(
        m1.device_id,
        Entity::Member,
        t.m2,
        t.c1,
        vec![("full_name", json!("Giả Mạo"))],
    );
    for (cred, change) in [
        (&sec.credential, ok.clone()),
        (&m1.credential, refused.clone()),
    ] {
        let body = serde_json::to_value(PushRequest {
            protocol: PROTOCOL_VERSION,
            changes: vec![change.clone(), change],
        })
        .expect("json");
        let (status, _) = s.post("/v1/push", Some(cred), body).await;
        assert_eq!(status, StatusCode::OK);
    }

    let read = |cred: String, body: serde_json::Value| {
        let s = &s;
        async move { s.post("/v1/audit", Some(&cred), body).await }
    };
    let (status, v) = read(
        sec.credential.clone(),
        json!({"org_id": t.c1, "limit": 100}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let page: AuditPage = serde_json::from_value(v).expect("page");
    let mine: Vec<_> = page
        .entries
        .iter()
        .filter(|e| e.change_id == ok.change_id || e.change_id == refused.change_id)
        .collect();
    assert_eq!(
        mine.len(),
        2,
        "one entry per judged change, none for the retries"
    );
    let (r, a) = (mine[0], mine[1]);
    assert!(r.id > a.id, "newest first");
    assert_eq!(
        (a.device_id, a.member_id, a.accepted),
        (sec.device_id, Some(t.sec), true)
    );
    assert_eq!(
        (r.device_id, r.member_id, r.accepted),
        (m1.device_id, Some(t.m1), false)
    );
    assert_eq!(
        r.reason,
        Some(sotay_model::protocol::RejectReason::Forbidden)
    );
    assert_eq!(a.row_id, t.m2);
    // Issue 23 item 11: the entry says which row (by its name now) and which device.
    assert_eq!(a.title.as_deref(), Some("Lê Thị Lan Anh"));
    assert_eq!(a.device_name.as_deref(), Some("máy thử"));
    assert_eq!(r.device_name.as_deref(), Some("máy thử"));
    // A post is named by its holder, not by its kind's wire word.
    let posts: Vec<_> = page
        .entries
        .iter()
        .filter(|e| e.entity == Entity::Position)
        .collect();
    assert!(!posts.is_empty(), "the seeded posts are in the log");
    for p in posts {
        let title = p.title.as_deref().unwrap_or_default();
        let kinds = [
            "secretary",
            "deputy_secretary",
            "committee_member",
            "office_staff",
        ];
        assert!(!title.is_empty() && !kinds.contains(&title), "{title:?}");
    }
    assert_eq!(a.org_path, vec![t.p, t.d1, t.g1, t.c1]);
    assert_eq!(a.action, sotay_model::protocol::AuditAction::Edit);
    assert!(page.entries.iter().all(|e| e.org_path.contains(&t.c1)));

    // The district's committee reads it too, through its subtree; paging by id.
    let (_, v) = read(dc.clone(), json!({"org_id": t.d1, "limit": 1})).await;
    let first: AuditPage = serde_json::from_value(v).expect("page");
    assert_eq!(first.entries.len(), 1);
    assert!(first.more);
    assert_eq!(first.entries[0].change_id, refused.change_id);
    let (_, v) = read(
        dc.clone(),
        json!({"org_id": t.d1, "limit": 1, "before": first.entries[0].id}),
    )
    .await;
    let second: AuditPage = serde_json::from_value(v).expect("page");
    assert_eq!(second.entries[0].change_id, ok.change_id);
    let (_, v) = read(
        dc.clone(),
        json!({"org_id": t.d1, "limit": 10, "after": first.entries[0].id}),
    )
    .await;
    let newer: AuditPage = serde_json::from_value(v).expect("page");
    assert!(newer.entries.is_empty());

    // Refused: a plain member, a secretary above their organisation, another district.
    for (cred, org) in [
        (m1.credential.clone(), t.c1),
        (sec.credential.clone(), t.g1),
        (dc.clone(), t.d2),
        (dc.clone(), t.m1),
    ] {
        let (status, v) = read(cred, json!({"org_id": org, "limit": 10})).await;
        assert_eq!(
            (status, code(&v)),
            (StatusCode::FORBIDDEN, "forbidden"),
            "{org}"
        );
    }
}

#[tokio::test]
async fn the_audit_table_refuses_update_and_delete_even_from_sql() {
    let s = TestServer::start(Limits::default()).await;
    let path = s.dir.path().join("sotay.db");
    let conn = rusqlite::Connection::open(&path).expect("open");
    let count = |c: &rusqlite::Connection| -> i64 {
        c.query_row("SELECT COUNT(*) FROM audit", [], |r| r.get(0))
            .expect("count")
    };
    let before = count(&conn);
    assert!(before > 0, "seeding is audited too");
    let upd = conn.execute("UPDATE audit SET accepted = 0", []);
    let del = conn.execute("DELETE FROM audit", []);
    for r in [upd, del] {
        let e = r.expect_err("append-only");
        assert!(e.to_string().contains("append-only"), "{e}");
    }
    assert_eq!(count(&conn), before);
}
