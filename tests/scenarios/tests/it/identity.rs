//! Identity and access through the typed Api (issue 3), with a real server and real
//! replicas over HTTP: a transfer and a revocation leave no old row in the device's
//! database FILE (read directly with SQLite, not through the Api); codes with QR;
//! positions and statuses judged by the server; the audit log read by a committee.

use crate::common;

use common::{call, count_in_file, demo_server, now_ms, rows_in_file};
use sotay_model::administration::MemberPatch;
use sotay_model::api::{requests, ApiErrorKind, Request, Response};
use sotay_model::entities::{MemberStatus, PositionTitle};
use sotay_model::Id;
use sotay_server::Store;

fn cell_of(server: &common::Server, member: Id) -> Id {
    server
        .store
        .row(member)
        .expect("row")
        .expect("member")
        .row
        .id("cell_id")
        .expect("cell")
}

async fn synced(r: &sotay_replica::Replica) -> sotay_model::sync::SyncReport {
    match call(r, Request::SyncNow(requests::SyncNow))
        .await
        .expect("sync")
    {
        Response::Synced(s) => s,
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn a_transferred_members_device_drops_the_old_cell_from_its_database_file() {
    let server = demo_server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let officer = server
        .device(&dir.path().join("officer"), "province_officer", 0)
        .await;
    let home = dir.path().join("member");
    let device = server.device(&home, "member", 0).await;
    let (me, _) = server.code("member", 0);
    let (cellmate, _) = server.code("member", 1);
    let (elsewhere, _) = server.code("other_member", 0);
    let (old, new) = (cell_of(&server, me), cell_of(&server, elsewhere));
    assert_ne!(old, new);

    let held_before = rows_in_file(&home);
    assert!(held_before.iter().any(|r| r.2 == old.to_string()));
    assert!(held_before.iter().any(|r| r.1 == cellmate.to_string()));
    assert!(!held_before.iter().any(|r| r.2 == new.to_string()));

    call(
        &officer,
        Request::TransferMember(requests::TransferMember {
            id: me,
            cell_id: new,
        }),
    )
    .await
    .expect("transfer");
    let report = synced(&officer).await;
    assert_eq!((report.accepted, report.rejected), (1, 0));
    synced(&device).await;

    let held = rows_in_file(&home);
    let old_s = old.to_string();
    // What stays is what the member still reads as their own wherever they are: the
    // tasks given to them by name, their reports and the reviews of them, their own
    // schedule entries (the demo has some in the old cell), their dues basis and
    // payments, their self-assessments and the decisions on them, and what they said
    // or asked through Trao đổi.
    let own = |entity: &str, state: &str| {
        let field = match entity {
            "task" | "task_review" => "assignee_id",
            "progress_report" | "task_file" | "dues_basis" | "dues_payment" | "self_assessment"
            | "rating_decision" => "member_id",
            // Their history follows them to the new cell (issue 19): their study marks
            // and notes and their meeting check-ins are read there.
            "read_mark" | "study_note" | "check_in" => "member_id",
            "personal_entry" => "owner_id",
            // Their read receipts, their questions and the answers to them, their
            // comments and opinions (issue 16).
            "announcement_read" => "member_id",
            // A conclusion notified to them, their discipline records and appeals
            // (issue 17).
            "inspection_notice" | "discipline" | "appeal" => "member_id",
            "question" | "answer" => "asker_id",
            "comment" | "meeting_comment" | "opinion" | "open_opinion" => "author_id",
            _ => return false,
        };
        state.contains(&format!("\"{field}\":{{\"value\":\"{me}\""))
    };
    let leftovers: Vec<_> = held
        .iter()
        .filter(|(entity, row, org, state)| {
            (*org == old_s || *row == old_s || state.contains(&old_s) && *row != me.to_string())
                && !own(entity, state)
        })
        .collect();
    assert!(
        held.iter().any(|(e, _, _, s)| own(e, s)),
        "the demo gives this member tasks and entries of their own"
    );
    assert!(
        leftovers.is_empty(),
        "rows of the old cell remain in the file: {leftovers:?}"
    );
    assert!(!held.iter().any(|r| r.1 == cellmate.to_string()));
    assert!(
        held.iter()
            .any(|r| r.2 == new.to_string() && r.0 == "member" && r.1 != me.to_string()),
        "the new cell's members arrived"
    );
    let me_row = held
        .iter()
        .find(|r| r.1 == me.to_string())
        .expect("own row");
    assert_eq!(me_row.2, new.to_string());
}

#[tokio::test]
async fn a_revoked_device_is_refused_at_next_contact_and_wipes_its_database_file() {
    let server = demo_server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let secretary = server
        .device(&dir.path().join("sec"), "cell_secretary", 0)
        .await;
    let home = dir.path().join("member");
    let device = server.device(&home, "member", 0).await;
    let (me, _) = server.code("member", 0);

    // The member sees their own device; the secretary sees it, names and revokes it.
    let own = match call(
        &device,
        Request::ListDevices(requests::ListDevices { member_id: None }),
    )
    .await
    {
        Ok(Response::Devices { devices }) => devices,
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(own.len(), 1);
    let target = own[0].device_id;
    match call(
        &secretary,
        Request::ListDevices(requests::ListDevices {
            member_id: Some(me),
        }),
    )
    .await
    {
        Ok(Response::Devices { devices }) => assert_eq!(devices, own),
        other => panic!("unexpected {other:?}"),
    }
    match call(
        &secretary,
        Request::RenameDevice(requests::RenameDevice {
            device_id: target,
            name: "Điện thoại cũ".into(),
        }),
    )
    .await
    {
        Ok(Response::Device { device }) => assert_eq!(device.name, "Điện thoại cũ"),
        other => panic!("unexpected {other:?}"),
    }
    assert!(count_in_file(&home, "rows") > 0);
    match call(
        &secretary,
        Request::RevokeDevice(requests::RevokeDevice { device_id: target }),
    )
    .await
    {
        Ok(Response::Device { device }) => assert!(device.revoked_ms.is_some()),
        other => panic!("unexpected {other:?}"),
    }

    let e = call(&device, Request::SyncNow(requests::SyncNow))
        .await
        .expect_err("refused");
    assert_eq!(e.kind, ApiErrorKind::Unauthorized, "{}", e.message);
    assert!(e.message.contains("thu hồi"), "{}", e.message);
    for table in ["rows", "outbox", "rejected", "meta"] {
        assert_eq!(count_in_file(&home, table), 0, "{table} wiped");
    }
    match call(&device, Request::Status(requests::Status)).await {
        Ok(Response::Status(s)) => assert!(!s.enrolled && s.me.is_none()),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn a_committee_issues_a_code_with_its_qr_through_the_api_and_it_enrolls_once() {
    let server = demo_server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let secretary = server
        .device(&dir.path().join("sec"), "cell_secretary", 0)
        .await;
    let plain = server.device(&dir.path().join("m0"), "member", 0).await;
    let (cellmate, _) = server.code("member", 1);

    let issued = match call(
        &secretary,
        Request::IssueEnrollCode(requests::IssueEnrollCode {
            member_id: cellmate,
            ttl_hours: None,
        }),
    )
    .await
    {
        Ok(Response::EnrollCode(c)) => c,
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(issued.member_id, cellmate);
    assert!(issued.qr_svg.contains("<svg") && issued.qr_svg.contains("</svg>"));
    let hours = (issued.expires_ms.saturating_sub(now_ms())) / 3_600_000;
    assert!((71..=72).contains(&hours), "{hours} h");

    let phone = server
        .enroll(&dir.path().join("phone"), issued.code.clone(), "Điện thoại")
        .await;
    match call(&phone, Request::Status(requests::Status)).await {
        Ok(Response::Status(s)) => assert_eq!(s.me.map(|m| m.id), Some(cellmate)),
        other => panic!("unexpected {other:?}"),
    }
    let again = sotay_replica::Replica::open(dir.path().join("again")).expect("open");
    let e = call(
        &again,
        Request::Enroll(requests::Enroll {
            server: server.url.clone(),
            code: issued.code,
            device_name: "Máy khác".into(),
            pin_sha256: None,
        }),
    )
    .await
    .expect_err("a code is used once");
    assert_eq!(e.kind, ApiErrorKind::Invalid, "{}", e.message);

    let e = call(
        &plain,
        Request::IssueEnrollCode(requests::IssueEnrollCode {
            member_id: cellmate,
            ttl_hours: Some(1),
        }),
    )
    .await
    .expect_err("plain members issue no codes");
    assert_eq!(e.kind, ApiErrorKind::Forbidden, "{}", e.message);
    assert!(e.message.contains("quyền"), "{}", e.message);
}

#[tokio::test]
async fn positions_statuses_and_the_audit_log_through_the_api() {
    let server = demo_server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let secretary = server
        .device(&dir.path().join("sec"), "cell_secretary", 0)
        .await;
    let officer = server
        .device(&dir.path().join("officer"), "province_officer", 0)
        .await;
    let home = dir.path().join("m0");
    let plain = server.device(&home, "member", 0).await;
    let (me, _) = server.code("member", 0);
    let (cellmate, _) = server.code("member", 1);
    let cell = cell_of(&server, me);

    // The secretary (a leader of the cell) assigns and removes a position: accepted.
    let position = match call(
        &secretary,
        Request::AssignPosition(requests::AssignPosition {
            member_id: cellmate,
            org_id: cell,
            title: PositionTitle::DeputySecretary,
        }),
    )
    .await
    {
        Ok(Response::Created { id }) => id,
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(synced(&secretary).await.accepted, 1);
    assert!(server.store.row(position).expect("row").is_some());
    call(
        &secretary,
        Request::RemovePosition(requests::RemovePosition { id: position }),
    )
    .await
    .expect("remove");
    assert_eq!(synced(&secretary).await.accepted, 1);
    let stored = server.store.row(position).expect("row").expect("kept");
    assert!(stored.row.tombstone.is_some());

    // A plain member makes themselves secretary: refused by the server, rolled back.
    let forged = match call(
        &plain,
        Request::AssignPosition(requests::AssignPosition {
            member_id: me,
            org_id: cell,
            title: PositionTitle::Secretary,
        }),
    )
    .await
    {
        Ok(Response::Created { id }) => id,
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(synced(&plain).await.rejected, 1);
    assert!(server.store.row(forged).expect("row").is_none());
    match call(
        &plain,
        Request::ListPositions(requests::ListPositions { org_id: cell }),
    )
    .await
    {
        Ok(Response::Positions { positions }) => {
            assert!(!positions.iter().any(|p| p.id == forged), "rolled back")
        }
        other => panic!("unexpected {other:?}"),
    }

    // The secretary edits a member; the audit log shows who did what, and the refusal.
    call(
        &secretary,
        Request::UpdateMember(requests::UpdateMember {
            id: cellmate,
            patch: MemberPatch {
                full_name: Some("Nguyễn Thị Thu Hà".into()),
                ..Default::default()
            },
        }),
    )
    .await
    .expect("edit");
    synced(&secretary).await;
    let (entries, _) = match call(
        &secretary,
        Request::ListAudit(requests::ListAudit {
            org_id: cell,
            before: None,
            after: None,
            limit: Some(50),
        }),
    )
    .await
    {
        Ok(Response::Audit(sotay_model::protocol::AuditPage { entries, more })) => (entries, more),
        other => panic!("unexpected {other:?}"),
    };
    let (sec_member, _) = server.code("cell_secretary", 0);
    let edit = entries
        .iter()
        .find(|e| e.row_id == cellmate)
        .expect("the edit");
    assert!(edit.accepted && edit.member_id == Some(sec_member));
    let refused = entries
        .iter()
        .find(|e| e.row_id == forged)
        .expect("the refusal");
    assert!(!refused.accepted && refused.member_id == Some(me));
    let e = call(
        &plain,
        Request::ListAudit(requests::ListAudit {
            org_id: cell,
            before: None,
            after: None,
            limit: None,
        }),
    )
    .await
    .expect_err("plain members read no audit");
    assert_eq!(e.kind, ApiErrorKind::Forbidden);

    // Marked as having left: the member's device keeps only their own row.
    call(
        &officer,
        Request::SetMemberStatus(requests::SetMemberStatus {
            id: me,
            status: MemberStatus::Left,
        }),
    )
    .await
    .expect("status");
    assert_eq!(synced(&officer).await.accepted, 1);
    synced(&plain).await;
    let held = rows_in_file(&home);
    assert!(!held.is_empty());
    for (entity, row, _, state) in &held {
        assert!(
            row == &me.to_string() || state.contains(&me.to_string()),
            "{entity} {row} is not about the member who left"
        );
    }
}
