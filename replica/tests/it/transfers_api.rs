//! The transfer requests in their JSON wire form (what the UI sends), on an enrolled
//! replica with no server: the cell's secretary issues a transfer (official, temporary,
//! out of the province), one open per member, cancels one and hands one over; a copy
//! pulled into the cell is confirmed or refused; a plain member writes none of it, and
//! every refusal is in Vietnamese with nothing written.

use crate::common;

use common::wire_ok as ok;
use common::*;
use serde_json::{json, Value};
use sotay_model::api::ApiErrorKind;
use sotay_model::row::Row;
use sotay_model::transfers::{Transfer, TransferKind, TransferStatus};
use sotay_model::{Entity, Id};
use sotay_replica::{apply_pull_page, Db, SeededEnv};

/// 2 December 2026, 10:00 in Hà Nội.
const NOW: u64 = 1_796_180_400_000;
const ME: u128 = 0x4D;
const BINH: u128 = 0x60;
const CUC: u128 = 0x61;
const DUNG: u128 = 0x62;

fn id(n: u128) -> Id {
    Id::from_u128(n)
}

/// Binh and Dung in my cell A, Cuc in cell B; `posts`: where I hold posts.
fn world(home: &std::path::Path, posts: &[(u128, &str)]) -> (Db, SeededEnv) {
    let (mut db, env) = enrolled(home);
    let mut rows = vec![
        member(ME, "Nguyễn Thị Hoa", CELL_A),
        member(BINH, "Trần Văn Bình", CELL_A),
        member(DUNG, "Phạm Văn Dũng", CELL_A),
        member(CUC, "Lê Thị Cúc", CELL_B),
    ];
    rows.extend(posts_of(id(ME), posts));
    apply_pull_page(&mut db, &page(rows, 10, false), 10_000).expect("rows");
    env.set_now(NOW);
    (db, env)
}

fn stored(db: &Db, t: Id) -> Transfer {
    let r = db.row(t).expect("read").expect("held");
    Transfer::from_row(&r).expect("a transfer")
}

fn list(db: &mut Db, env: &SeededEnv) -> Value {
    ok(
        db,
        env,
        json!({"type": "list_transfers", "org_id": id(CELL_A)}),
    )
}

#[test]
fn the_secretary_issues_cancels_and_hands_over_and_the_cell_confirms_what_comes_in() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), &[(CELL_A, "secretary")]);

    // Official, to a cell of another grassroots organisation.
    let issued = ok(
        &mut db,
        &env,
        json!({"type": "issue_transfer", "member_id": id(BINH), "kind": "official",
               "dest_org_id": id(CELL_C), "reason": "Chuyển nơi cư trú"}),
    );
    let t = serde_json::from_value::<Id>(issued["id"].clone()).expect("id");
    let sent = stored(&db, t);
    assert_eq!(
        (
            sent.org_id,
            sent.dest_name.as_str(),
            sent.status,
            sent.issued_date.as_str()
        ),
        (
            id(CELL_A),
            "Chi bộ thôn 3",
            TransferStatus::Issued,
            "2026-12-02"
        )
    );
    assert_eq!(sent.member_name, "Trần Văn Bình");
    let listed = list(&mut db, &env);
    assert_eq!(listed["type"], "transfers");
    assert_eq!(listed["outgoing"][0]["transfer"]["id"], json!(t));
    assert_eq!(listed["outgoing"][0]["may_cancel"], true);

    // One open transfer per member; the dates go with the kind; not to one's own cell.
    refused(
        &mut db,
        &env,
        json!({"type": "issue_transfer", "member_id": id(BINH), "dest_org_id": id(CELL_B)}),
        ApiErrorKind::Invalid,
        "chờ tiếp nhận",
    );
    for (req, words) in [
        (
            json!({"type": "issue_transfer", "member_id": id(DUNG), "kind": "temporary",
                   "dest_org_id": id(CELL_B)}),
            "ngày kết thúc",
        ),
        (
            json!({"type": "issue_transfer", "member_id": id(DUNG), "dest_org_id": id(CELL_A)}),
            "khác chi bộ",
        ),
        (
            json!({"type": "issue_transfer", "member_id": id(DUNG)}),
            "nơi chuyển đến",
        ),
    ] {
        refused(&mut db, &env, req, ApiErrorKind::Invalid, words);
    }

    // Cancelled before an answer: it can be issued again.
    ok(
        &mut db,
        &env,
        json!({"type": "cancel_transfer", "transfer_id": t, "reason": "Nhầm chi bộ"}),
    );
    assert_eq!(stored(&db, t).status, TransferStatus::Cancelled);
    refused(
        &mut db,
        &env,
        json!({"type": "cancel_transfer", "transfer_id": t}),
        ApiErrorKind::Invalid,
        "đã được xử lý",
    );

    // Temporary, until a date.
    let temp = ok(
        &mut db,
        &env,
        json!({"type": "issue_transfer", "member_id": id(BINH), "kind": "temporary",
               "dest_org_id": id(CELL_B), "end_date": "2027-03-31",
               "reason": "Đi học tập trung"}),
    );
    let temp = serde_json::from_value::<Id>(temp["id"].clone()).expect("id");
    assert_eq!(stored(&db, temp).kind, TransferKind::Temporary);

    // Out of the province: handed over; an in-province one is not.
    refused(
        &mut db,
        &env,
        json!({"type": "hand_over_transfer", "transfer_id": temp}),
        ApiErrorKind::Invalid,
        "ra ngoài tỉnh",
    );
    let out = ok(
        &mut db,
        &env,
        json!({"type": "issue_transfer", "member_id": id(DUNG),
               "dest_name": "Đảng bộ tỉnh Nam Định", "reason": "Chuyển công tác"}),
    );
    let out = serde_json::from_value::<Id>(out["id"].clone()).expect("id");
    ok(
        &mut db,
        &env,
        json!({"type": "hand_over_transfer", "transfer_id": out,
               "note": "Đã bàn giao hồ sơ đảng viên"}),
    );
    assert_eq!(stored(&db, out).status, TransferStatus::SentOut);

    // A copy coming into cell A (Cuc, from cell B), pulled from the server.
    let incoming = |n: u128| {
        let tid = id(n);
        let t = Transfer {
            id: tid,
            org_id: id(CELL_B),
            transfer_id: tid,
            member_id: id(CUC),
            member_name: "Lê Thị Cúc".into(),
            card_no: String::new(),
            from_org_id: id(CELL_B),
            from_org_name: "Chi bộ thôn 2".into(),
            dest_org_id: Some(id(CELL_A)),
            dest_name: "Chi bộ thôn 1".into(),
            kind: TransferKind::Official,
            reason: "Chuyển nơi cư trú".into(),
            end_date: None,
            issued_by: id(0x99),
            issued_date: "2026-11-30".into(),
            status: TransferStatus::Issued,
            decided_by: None,
            decided_date: None,
            note: String::new(),
        };
        let copy = t.copy_for_receiver().expect("a receiver");
        (
            tid,
            row(
                Entity::TransferIn,
                copy.id(),
                &copy.to_fields(),
                stamp(6_000, OTHER_DEVICE),
            ),
        )
    };
    let (first, r1) = incoming(0x700);
    let (second, r2) = incoming(0x701);
    apply_pull_page(&mut db, &page(vec![r1, r2], 40, false), NOW).expect("copies");
    let listed = list(&mut db, &env);
    assert_eq!(listed["incoming"].as_array().map(Vec::len), Some(2));
    assert_eq!(listed["incoming"][0]["may_decide"], true);
    refused(
        &mut db,
        &env,
        json!({"type": "refuse_transfer", "transfer_id": second, "reason": " "}),
        ApiErrorKind::Invalid,
        "lý do",
    );
    ok(
        &mut db,
        &env,
        json!({"type": "confirm_transfer", "transfer_id": first}),
    );
    ok(
        &mut db,
        &env,
        json!({"type": "refuse_transfer", "transfer_id": second,
               "reason": "Đảng viên chưa nộp hồ sơ"}),
    );
    let copy = |t: Id| stored(&db, sotay_model::transfers::TransferIn::row_id(t));
    assert_eq!(copy(first).status, TransferStatus::Confirmed);
    assert_eq!(copy(first).decided_by, Some(id(ME)));
    assert_eq!(copy(second).note, "Đảng viên chưa nộp hồ sơ");
    refused(
        &mut db,
        &env,
        json!({"type": "confirm_transfer", "transfer_id": second}),
        ApiErrorKind::Invalid,
        "đã được xử lý",
    );
}

#[test]
fn a_plain_member_issues_and_confirms_nothing() {
    let home = tempfile::tempdir().expect("tempdir");
    let (mut db, env) = world(home.path(), &[(CELL_B, "office_staff")]);
    refused(
        &mut db,
        &env,
        json!({"type": "issue_transfer", "member_id": id(BINH), "dest_org_id": id(CELL_C)}),
        ApiErrorKind::Forbidden,
        "cấp ủy",
    );
    refused(
        &mut db,
        &env,
        json!({"type": "confirm_transfer", "transfer_id": id(0x700)}),
        ApiErrorKind::NotFound,
        "Không tìm thấy",
    );
    // My own cell's list, for a member: nothing in or out.
    let listed = ok(&mut db, &env, json!({"type": "list_transfers"}));
    assert_eq!(listed["incoming"], json!([]));
    assert_eq!(listed["outgoing"], json!([]));
}
