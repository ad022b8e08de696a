//! A device trying to reach outside its scope through every endpoint (issue 3): codes,
//! devices (list, rename, revoke), audit, push and pull, with forged ids, author fields
//! and cursors, using its own valid credential. Every attempt is refused, no answer
//! carries anything of the targets, and the server's database is unchanged (rows,
//! devices, codes), apart from the audit entries that record the refused pushes
//! under the real device.

use crate::common;

use common::{demo_server, now_ms};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sotay_model::api::{requests, Request, Response};
use sotay_model::hlc::Hlc;
use sotay_model::protocol::{
    AuditPage, Cursor, Outcome, PullResponse, PushResponse, RejectReason, PROTOCOL_VERSION,
};
use sotay_model::{Change, Entity, FieldValue, Id};
use sotay_server::Store;
use std::collections::BTreeSet;

struct Raw {
    client: reqwest::Client,
    url: String,
}

impl Raw {
    async fn post(&self, path: &str, cred: &str, mut body: Value) -> (StatusCode, String) {
        body["protocol"] = json!(PROTOCOL_VERSION);
        let resp = self
            .client
            .post(format!("{}{path}", self.url))
            .bearer_auth(cred)
            .json(&body)
            .send()
            .await
            .expect("send");
        let status = resp.status();
        (status, resp.text().await.expect("body"))
    }
}

/// Everything in the server's file an attacker could change, as text to compare.
fn server_state(path: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).expect("open server db");
    let mut out = Vec::new();
    for sql in [
        "SELECT row_id || seq || state FROM rows ORDER BY row_id",
        "SELECT device_id || member_id || name || COALESCE(revoked_ms, '-') FROM devices ORDER BY device_id",
        "SELECT code_hash || member_id || expires_ms || COALESCE(used_ms, '-') FROM enroll_codes ORDER BY code_hash",
    ] {
        let mut stmt = conn.prepare(sql).expect("prepare");
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .expect("query")
            .collect::<Result<Vec<_>, _>>()
            .expect("rows");
        out.extend(rows);
    }
    out
}

fn credential(r: &sotay_replica::Replica) -> (Id, String) {
    let id = r.db().identity().expect("identity").expect("enrolled");
    (id.device_id, id.credential)
}

#[tokio::test]
async fn forged_requests_to_every_endpoint_are_refused_leak_nothing_and_change_nothing() {
    let server = demo_server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let secretary = server
        .device(&dir.path().join("sec"), "cell_secretary", 0)
        .await;
    let victim = server
        .device(&dir.path().join("victim"), "other_member", 0)
        .await;
    let attacker = server.device(&dir.path().join("me"), "member", 0).await;
    let (me, _) = server.code("member", 0);
    let (cellmate, _) = server.code("member", 1);
    let (sec_member, _) = server.code("cell_secretary", 0);
    let (outsider, _) = server.code("other_member", 0);
    let (sec_device, sec_cred) = credential(&secretary);
    let (victim_device, _) = credential(&victim);
    let (my_device, cred) = credential(&attacker);
    let row = |id: Id| server.store.row(id).expect("row").expect("exists");
    let my_cell = row(me).row.id("cell_id").expect("cell");
    let their_cell = row(outsider).row.id("cell_id").expect("cell");
    let province = server.report.province;
    let outsider_name = row(outsider)
        .row
        .str("full_name")
        .expect("name")
        .to_string();
    let raw = Raw {
        client: reqwest::Client::new(),
        url: server.url.clone(),
    };
    let before = server_state(&server.db_path());

    let mut attempts = 0;
    let mut refuse = |status: StatusCode, body: &str, what: &str| {
        attempts += 1;
        assert!(
            status == StatusCode::FORBIDDEN || status == StatusCode::BAD_REQUEST,
            "{what}: {status} {body}"
        );
        for secret in [
            outsider_name.as_str(),
            &victim_device.to_string(),
            &sec_device.to_string(),
        ] {
            assert!(!body.contains(secret), "{what} leaked {secret}: {body}");
        }
    };
    let strangers = [
        outsider,
        cellmate,
        sec_member,
        Id::from_u128(42),
        their_cell,
        province,
    ];
    for m in strangers {
        let (s, b) = raw.post("/v1/codes", &cred, json!({"member_id": m})).await;
        refuse(s, &b, "code");
        let (s, b) = raw
            .post(
                "/v1/codes",
                &cred,
                json!({"member_id": m, "ttl_ms": u64::MAX}),
            )
            .await;
        refuse(s, &b, "code with a forged validity");
        let (s, b) = raw
            .post("/v1/devices", &cred, json!({"member_id": m}))
            .await;
        refuse(s, &b, "device list");
    }
    for d in [victim_device, sec_device, Id::from_u128(43), outsider] {
        let (s, b) = raw
            .post(
                "/v1/devices/rename",
                &cred,
                json!({"device_id": d, "name": "Bị chiếm"}),
            )
            .await;
        refuse(s, &b, "rename");
        let (s, b) = raw
            .post("/v1/devices/revoke", &cred, json!({"device_id": d}))
            .await;
        refuse(s, &b, "revoke");
    }
    for org in [my_cell, their_cell, province, me, Id::from_u128(44)] {
        for (before, after) in [
            (None, None),
            (Some(u64::MAX), Some(0)),
            (Some(0), Some(u64::MAX)),
        ] {
            let (s, b) = raw
                .post(
                    "/v1/audit",
                    &cred,
                    json!({"org_id": org, "before": before, "after": after, "limit": u32::MAX}),
                )
                .await;
            refuse(s, &b, "audit");
        }
    }
    // A committee's own credential cannot reach past its subtree either, whatever the
    // cursor; inside it, forged cursors give pages, not errors.
    let (s, b) = raw
        .post(
            "/v1/audit",
            &sec_cred,
            json!({"org_id": their_cell, "limit": 10}),
        )
        .await;
    refuse(s, &b, "secretary's audit of another district");
    for (before, after) in [
        (Some(u64::MAX), None),
        (None, Some(u64::MAX)),
        (Some(0), Some(0)),
    ] {
        let (s, b) = raw
            .post(
                "/v1/audit",
                &sec_cred,
                json!({"org_id": my_cell, "before": before, "after": after, "limit": 5}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{b}");
        let page: AuditPage = serde_json::from_str(&b).expect("page");
        assert!(page.entries.iter().all(|e| e.org_path.contains(&my_cell)));
    }
    // A stolen device id with the attacker's own secret is not a credential.
    let secret = cred.split_once('.').expect("cred").1;
    let (s, _) = raw
        .post(
            "/v1/pull",
            &format!("{sec_device}.{secret}"),
            json!({"cursor": {"epoch": 0, "seq": 0}, "limit": 10}),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    // Pushes whose stamps claim the secretary's device as author.
    let hlc = Hlc {
        wall_ms: now_ms() + 1_000_000,
        counter: 0,
        node: sec_device,
    };
    let edit = |row: Id, org: Id, field: &str, value: Value, n: u8| Change {
        change_id: Id::v7(now_ms(), [n; 10]),
        entity: Entity::Member,
        row_id: row,
        org_id: org,
        fields: [(field.to_string(), FieldValue { value, hlc })].into(),
        tombstone: None,
    };
    let forged = vec![
        edit(cellmate, my_cell, "full_name", json!("Giả Danh Bí Thư"), 1),
        edit(outsider, their_cell, "full_name", json!("Giả Danh"), 2),
        edit(me, my_cell, "status", json!("full"), 3),
    ];
    let (s, b) = raw
        .post("/v1/push", &cred, json!({"changes": forged.clone()}))
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let answer: PushResponse = serde_json::from_str(&b).expect("push");
    for r in &answer.results {
        match &r.outcome {
            Outcome::Rejected { reason, current } => {
                assert_eq!(reason, &RejectReason::Forbidden);
                if r.change_id == forged[1].change_id {
                    assert!(current.is_none(), "an outsider's row must not be revealed");
                }
            }
            other => panic!("forged change accepted: {other:?}"),
        }
    }
    assert!(!b.contains(&outsider_name));
    // The audit log names the real device and member, not the forged stamps' node.
    let (_, b) = raw
        .post(
            "/v1/audit",
            &sec_cred,
            json!({"org_id": my_cell, "limit": 50}),
        )
        .await;
    let page: AuditPage = serde_json::from_str(&b).expect("page");
    let logged = page
        .entries
        .iter()
        .find(|e| e.change_id == forged[0].change_id)
        .expect("the refused push is audited");
    assert_eq!((logged.device_id, logged.member_id), (my_device, Some(me)));
    assert!(!logged.accepted);

    // Pulls with forged cursors (another device's epoch, far-future sequences) give
    // the device its own scope and nothing more.
    let scope =
        |page: &PullResponse| -> BTreeSet<Id> { page.rows.iter().map(|r| r.row.row_id).collect() };
    let (_, b) = raw
        .post(
            "/v1/pull",
            &cred,
            json!({"cursor": {"epoch": 0, "seq": 0}, "limit": 5000}),
        )
        .await;
    let mine: PullResponse = serde_json::from_str(&b).expect("pull");
    let (_, b) = raw
        .post(
            "/v1/pull",
            &sec_cred,
            json!({"cursor": {"epoch": 0, "seq": 0}, "limit": 1}),
        )
        .await;
    let sec_epoch = serde_json::from_str::<PullResponse>(&b)
        .expect("pull")
        .cursor
        .epoch;
    for cursor in [
        Cursor {
            epoch: sec_epoch,
            seq: 0,
        },
        Cursor {
            epoch: mine.cursor.epoch,
            seq: 0,
        },
        Cursor {
            epoch: mine.cursor.epoch,
            seq: u64::MAX >> 12,
        },
        Cursor {
            epoch: u64::MAX >> 12,
            seq: 1,
        },
    ] {
        let (s, b) = raw
            .post("/v1/pull", &cred, json!({"cursor": cursor, "limit": 5000}))
            .await;
        assert_eq!(s, StatusCode::OK, "{b}");
        let page: PullResponse = serde_json::from_str(&b).expect("pull");
        assert!(
            scope(&page).is_subset(&scope(&mine)),
            "{cursor:?} widened the scope"
        );
        assert!(!b.contains(&outsider_name), "{cursor:?} leaked a name");
    }
    assert!(!scope(&mine).contains(&outsider));

    // Through the Api too: refused with Vietnamese messages, nothing changed.
    for req in [
        Request::IssueEnrollCode(requests::IssueEnrollCode {
            member_id: outsider,
            ttl_hours: None,
        }),
        Request::ListDevices(requests::ListDevices {
            member_id: Some(outsider),
        }),
        Request::RevokeDevice(requests::RevokeDevice {
            device_id: victim_device,
        }),
        Request::ListAudit(requests::ListAudit {
            org_id: province,
            before: None,
            after: None,
            limit: None,
        }),
    ] {
        let e = attacker.call(req).await.expect_err("refused");
        assert!(e.message.contains("quyền"), "{}", e.message);
        attempts += 1;
    }
    println!("forged requests refused: {attempts}");
    assert_eq!(
        before,
        server_state(&server.db_path()),
        "nothing changed on the server"
    );
    // The victim's device still works.
    assert!(matches!(
        victim.call(Request::SyncNow(requests::SyncNow)).await,
        Ok(Response::Synced(_))
    ));
}
