//! Issue 12, item 1, driven as the attack was: in the demo province, the officer
//! issues a code to the secretary of the cell where the Provincial Secretary is a
//! member; that secretary's device then tries to take the leader over (an enrollment
//! code for them, their devices, their record, their status, their deletion, a post
//! they hold). Every try is refused with a Vietnamese reason, pushed changes are rolled
//! back on the device, and nothing changes on the server; the province itself still
//! does all of it. Real server over HTTP, real replicas.

use crate::common;

use common::{call, demo_server};
use sotay_model::administration::MemberPatch;
use sotay_model::api::{requests, ApiErrorKind, Request, Response};
use sotay_model::entities::{Member, MemberStatus, PositionTitle};
use sotay_model::protocol::RejectReason;
use sotay_model::Id;
use sotay_replica::Replica;
use sotay_server::Store;

const OUTRANKED: &str = "Đồng chí không có quyền quản lý đảng viên giữ chức vụ ở cấp trên";

async fn synced(r: &Replica) -> sotay_model::sync::SyncReport {
    match call(r, Request::SyncNow(requests::SyncNow))
        .await
        .expect("sync")
    {
        Response::Synced(s) => s,
        other => panic!("unexpected {other:?}"),
    }
}

/// The holder of `title` in `org`, as the officer's device lists the positions.
async fn holder(officer: &Replica, org: Id, title: PositionTitle) -> Id {
    match call(
        officer,
        Request::ListPositions(requests::ListPositions { org_id: org }),
    )
    .await
    {
        Ok(Response::Positions { positions }) => positions
            .iter()
            .find(|p| p.title == title)
            .map(|p| p.member_id)
            .expect("the post is held"),
        other => panic!("unexpected {other:?}"),
    }
}

async fn member(r: &Replica, id: Id) -> Member {
    match call(r, Request::GetMember(requests::GetMember { id })).await {
        Ok(Response::Member { member }) => member,
        other => panic!("unexpected {other:?}"),
    }
}

async fn code_for(r: &Replica, member_id: Id) -> Result<String, sotay_model::api::ApiError> {
    match call(
        r,
        Request::IssueEnrollCode(requests::IssueEnrollCode {
            member_id,
            ttl_hours: None,
        }),
    )
    .await
    {
        Ok(Response::EnrollCode(c)) => Ok(c.code),
        Ok(other) => panic!("unexpected {other:?}"),
        Err(e) => Err(e),
    }
}

fn device_of(r: &Replica) -> Id {
    r.db()
        .identity()
        .expect("identity")
        .expect("enrolled")
        .device_id
}

/// An online request refused with the reason that names the level above.
fn outranked(what: &str, answer: Result<Response, sotay_model::api::ApiError>) {
    let Err(e) = answer else {
        panic!("{what}: ACCEPTED, the cell's office took over the leader");
    };
    assert_eq!(e.kind, ApiErrorKind::Forbidden, "{what}: {}", e.message);
    assert!(e.message.starts_with(OUTRANKED), "{what}: {}", e.message);
}

#[tokio::test]
async fn a_cells_office_cannot_take_over_a_provincial_leader_and_the_province_can() {
    let server = demo_server().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let officer = server
        .device(&dir.path().join("officer"), "province_officer", 0)
        .await;
    let province = server.report.province;
    let leader = holder(&officer, province, PositionTitle::Secretary).await;
    let cell = member(&officer, leader).await.cell_id;
    let cell_secretary = holder(&officer, cell, PositionTitle::Secretary).await;
    assert_ne!(cell_secretary, leader);

    // The officer issues codes to the cell's secretary and to the leader (both allowed).
    let code = code_for(&officer, cell_secretary).await.expect("code");
    let office = server
        .enroll(&dir.path().join("office"), code, "Máy chi bộ")
        .await;
    let code = code_for(&officer, leader).await.expect("code");
    let leader_phone = server
        .enroll(&dir.path().join("leader"), code, "Máy bí thư")
        .await;
    let leader_device = device_of(&leader_phone);
    let before = member(&office, leader).await;

    // The cell may give the leader a post in the cell (its own level) …
    let cell_post = match call(
        &office,
        Request::AssignPosition(requests::AssignPosition {
            member_id: leader,
            org_id: cell,
            title: PositionTitle::CommitteeMember,
        }),
    )
    .await
    {
        Ok(Response::Created { id }) => id,
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(synced(&office).await.accepted, 1);

    // … but administers nothing of them: online requests are refused with the reason.
    outranked(
        "code",
        call(
            &office,
            Request::IssueEnrollCode(requests::IssueEnrollCode {
                member_id: leader,
                ttl_hours: None,
            }),
        )
        .await,
    );
    outranked(
        "device list",
        call(
            &office,
            Request::ListDevices(requests::ListDevices {
                member_id: Some(leader),
            }),
        )
        .await,
    );
    outranked(
        "rename",
        call(
            &office,
            Request::RenameDevice(requests::RenameDevice {
                device_id: leader_device,
                name: "Bị chiếm".into(),
            }),
        )
        .await,
    );
    outranked(
        "revoke",
        call(
            &office,
            Request::RevokeDevice(requests::RevokeDevice {
                device_id: leader_device,
            }),
        )
        .await,
    );

    // Pushed changes to the leader's record or posts: rejected with the reason and
    // rolled back on the device.
    let tries = [
        Request::UpdateMember(requests::UpdateMember {
            id: leader,
            patch: MemberPatch {
                full_name: Some("Kẻ Mạo Danh".into()),
                birth_date: Some("1990-01-01".into()),
                card_no: Some("99999999".into()),
                ..Default::default()
            },
        }),
        Request::SetMemberStatus(requests::SetMemberStatus {
            id: leader,
            status: MemberStatus::Left,
        }),
        Request::RemovePosition(requests::RemovePosition { id: cell_post }),
        Request::DeleteMember(requests::DeleteMember { id: leader }),
    ];
    for req in tries {
        let what = format!("{req:?}");
        call(&office, req).await.expect("written on the device");
        let report = synced(&office).await;
        assert_eq!((report.accepted, report.rejected), (0, 1), "{what}");
        assert_eq!(member(&office, leader).await, before, "{what}: rolled back");
    }
    let rejected = match call(&office, Request::ListRejected(requests::ListRejected)).await {
        Ok(Response::Rejected { rejected }) => rejected,
        other => panic!("unexpected {other:?}"),
    };
    // (A transfer is refused too: the authorisation matrix has it; this device holds
    // no other cell to move the leader to.)
    assert_eq!(rejected.len(), 4);
    for r in &rejected {
        assert!(
            matches!(r.reason, RejectReason::Outranked(_)) && r.message.starts_with(OUTRANKED),
            "{r:?}"
        );
        assert!(
            r.message.contains("Đảng bộ tỉnh Thái Bình"),
            "{}",
            r.message
        );
    }

    // Nothing changed on the server; the leader's device still acts with their post.
    let stored = server.store.row(leader).expect("row").expect("kept");
    assert!(stored.row.tombstone.is_none());
    assert_eq!(stored.row.str("full_name"), Some(before.full_name.as_str()));
    assert!(server
        .store
        .row(cell_post)
        .expect("row")
        .expect("kept")
        .row
        .tombstone
        .is_none());
    synced(&leader_phone).await;
    match call(&leader_phone, Request::Status(requests::Status)).await {
        Ok(Response::Status(s)) => assert!(s
            .positions
            .iter()
            .any(|p| p.org_id == province && p.title == PositionTitle::Secretary)),
        other => panic!("unexpected {other:?}"),
    }

    // The province does all of it.
    code_for(&officer, leader)
        .await
        .expect("a code from the province");
    match call(
        &officer,
        Request::ListDevices(requests::ListDevices {
            member_id: Some(leader),
        }),
    )
    .await
    {
        Ok(Response::Devices { devices }) => {
            assert!(devices.iter().any(|d| d.device_id == leader_device))
        }
        other => panic!("unexpected {other:?}"),
    }
    call(
        &officer,
        Request::UpdateMember(requests::UpdateMember {
            id: leader,
            patch: MemberPatch {
                full_name: Some("Nguyễn Văn Chính".into()),
                ..Default::default()
            },
        }),
    )
    .await
    .expect("edit");
    synced(&officer).await;
    call(
        &officer,
        Request::RemovePosition(requests::RemovePosition { id: cell_post }),
    )
    .await
    .expect("remove");
    assert_eq!(synced(&officer).await.accepted, 1);
    match call(
        &officer,
        Request::RevokeDevice(requests::RevokeDevice {
            device_id: leader_device,
        }),
    )
    .await
    {
        Ok(Response::Device { device }) => assert!(device.revoked_ms.is_some()),
        other => panic!("unexpected {other:?}"),
    }
    call(
        &officer,
        Request::SetMemberStatus(requests::SetMemberStatus {
            id: leader,
            status: MemberStatus::Left,
        }),
    )
    .await
    .expect("status");
    call(
        &officer,
        Request::DeleteMember(requests::DeleteMember { id: leader }),
    )
    .await
    .expect("delete");
    let report = synced(&officer).await;
    assert_eq!((report.accepted, report.rejected), (2, 0));
    assert!(server
        .store
        .row(leader)
        .expect("row")
        .expect("kept")
        .row
        .tombstone
        .is_some());
}
