//! Announcements, read receipts and comments (issue 16).

use super::{absent, blank_and_delete, holds, id, live_of, put, seeded, world};
use crate::fixture::{Pen, SEED_MS};
use crate::{accept, forbidden, refuse, refused_because, Backend};
use serde_json::json;
use sotay_model::entities::{OrgKind, Organisation};
use sotay_model::exchange::{Announcement, AnnouncementRead, Comment, TargetKind};
use sotay_model::ids::Id;
use sotay_model::protocol::AuditAction;
use sotay_model::Entity;
use sotay_server::audit::AuditQuery;
use sotay_server::rows::{self, row_change, server_hlc};
use sotay_server::store::Store;
use std::collections::BTreeSet;

fn copy(batch: Id, org: Id, sender_org: Id, sent_by: Id) -> Announcement {
    Announcement {
        id: Announcement::row_id(batch, org),
        org_id: org,
        batch_id: batch,
        sender_org_id: sender_org,
        sent_by,
        title: "Thông báo về việc chuẩn bị đại hội chi bộ nhiệm kỳ 2025 - 2027".into(),
        body: "Các chi bộ hoàn thành dự thảo báo cáo chính trị trước ngày 15/12.".into(),
        must_read_by: Some("2026-12-15".into()),
        reminders: 0,
        sent_ms: 0,
        reminded_ms: 0,
    }
}

fn receipt(copy: Id, cell: Id, member: Id) -> AnnouncementRead {
    AnnouncementRead {
        id: AnnouncementRead::row_id(copy, member),
        org_id: cell,
        announcement_id: copy,
        member_id: member,
        read_ms: 0,
    }
}

fn comment(id: Id, org: Id, (kind, target): (TargetKind, Id), author: Id) -> Comment {
    Comment {
        id,
        org_id: org,
        target_kind: kind,
        target_id: target,
        reply_to: None,
        author_id: author,
        body: "Đề nghị bổ sung thời gian tổ chức đại hội ở các chi bộ nông thôn.".into(),
        hidden_reason: String::new(),
        written_ms: 0,
        edited_ms: 0,
    }
}

/// A copy sent from the province to D1 reaches D1's subtree and the province office,
/// never D2; only the sender's office edits it; receipts and comments follow their
/// rules; a hidden comment is a blank tombstone everywhere and in the audit log.
pub fn exchange_announcements_read_receipts_and_comments<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let w = world(&store);
    let (t, d) = (&w.t, &w.d);
    let mut pen = Pen::default();

    // Sending: the province office to D1.
    let to_d1 = copy(id(300), t.d1, t.p, w.po);
    let wrong_id = Announcement {
        id: pen.id(),
        ..to_d1.clone()
    };
    refused_because(
        &refuse(&store, w.dev_po, &put(&mut pen, w.dev_po, &wrong_id)),
        "mã thông báo",
    );
    absent(&store, wrong_id.id);
    let not_sender = Announcement {
        sent_by: t.dc,
        ..to_d1.clone()
    };
    refused_because(
        &refuse(&store, w.dev_po, &put(&mut pen, w.dev_po, &not_sender)),
        "đúng người gửi",
    );
    // The cell's secretary may write its copy (the table) but not in G1's name.
    let from_above = copy(id(301), t.c1, t.g1, t.sec);
    refused_because(
        &refuse(&store, d.sec, &put(&mut pen, d.sec, &from_above)),
        "tổ chức gửi",
    );
    absent(&store, from_above.id);
    absent(&store, to_d1.id);
    accept(&store, w.dev_po, &put(&mut pen, w.dev_po, &to_d1));
    // D1 to one of its cells.
    let to_c1 = copy(id(302), t.c1, t.d1, t.dc);
    accept(&store, d.dc, &put(&mut pen, d.dc, &to_c1));
    let in_d1 = [d.m1, d.m2, d.sec, d.dc, d.c2m, w.dev_g1s, w.dev_po];
    w.pulled_by(&store, to_d1.id, &in_d1);
    w.pulled_by(
        &store,
        to_c1.id,
        &[d.m1, d.m2, d.sec, d.dc, w.dev_g1s, w.dev_po],
    );

    // D1's office may edit the copy by the table, but only the sender's office does.
    let title = |pen: &mut Pen, dev| {
        let fields = vec![("title", json!("Tiêu đề khác"))];
        pen.edit(dev, Entity::Announcement, to_d1.id, t.d1, fields)
    };
    refused_because(&refuse(&store, d.dc, &title(&mut pen, d.dc)), "tổ chức gửi");
    let withdraw = pen.delete(d.dc, Entity::Announcement, to_d1.id, t.d1);
    refused_because(&refuse(&store, d.dc, &withdraw), "tổ chức gửi");
    accept(&store, w.dev_po, &title(&mut pen, w.dev_po));
    // A reminder counts up, never down.
    let remind = |pen: &mut Pen, n: u32| {
        let fields = vec![("reminders", json!(n))];
        pen.edit(w.dev_po, Entity::Announcement, to_d1.id, t.d1, fields)
    };
    accept(&store, w.dev_po, &remind(&mut pen, 1));
    refused_because(
        &refuse(&store, w.dev_po, &remind(&mut pen, 0)),
        "số lần nhắc",
    );
    // Not to an organisation outside the sender's subtree, even by the server.
    let sideways = copy(id(303), t.c3, t.d1, t.dc);
    let out = store
        .seed(
            &[row_change(id(304), &sideways, server_hlc(SEED_MS))],
            SEED_MS,
        )
        .expect("seed");
    refused_because(&out[0].outcome, "tổ chức cấp dưới");
    // A copy whose sending organisation was deleted since takes no edit.
    let gone = id(305);
    let org = Organisation {
        id: gone,
        name: "Đảng ủy xã đã sáp nhập".into(),
        kind: OrgKind::Grassroots,
        parent_id: Some(t.d1),
    };
    let orphan = copy(id(306), gone, gone, t.dc);
    let hlc = server_hlc(SEED_MS);
    seeded(
        &store,
        &[
            rows::organisation_change(id(307), &org, hlc),
            row_change(id(308), &orphan, hlc),
            rows::delete_change(id(309), Entity::Organisation, gone, gone, hlc),
        ],
    );
    let edit = pen.edit(
        d.dc,
        Entity::Announcement,
        orphan.id,
        gone,
        vec![("body", json!("Nội dung mới"))],
    );
    refused_because(&refuse(&store, d.dc, &edit), "không còn tồn tại");

    // Read receipts: the reader's own, of a copy sent to their cell or above.
    let read = receipt(to_d1.id, t.c1, t.m1);
    for (bad, why) in [
        (
            AnnouncementRead {
                id: pen.id(),
                ..read.clone()
            },
            "mã xác nhận",
        ),
        (receipt(pen.id(), t.c1, t.m1), "không tồn tại"),
    ] {
        refused_because(&refuse(&store, d.m1, &put(&mut pen, d.m1, &bad)), why);
        absent(&store, bad.id);
    }
    let for_m2 = receipt(to_d1.id, t.c1, t.m2);
    forbidden(&refuse(&store, d.m1, &put(&mut pen, d.m1, &for_m2)));
    let elsewhere = receipt(to_d1.id, t.c3, t.o);
    refused_because(
        &refuse(&store, d.o, &put(&mut pen, d.o, &elsewhere)),
        "không gửi đến chi bộ",
    );
    absent(&store, elsewhere.id);
    accept(&store, d.m1, &put(&mut pen, d.m1, &read));
    w.pulled_by(&store, read.id, &[d.m1, d.sec, d.dc, w.dev_g1s, w.dev_po]);
    // A withdrawn copy is read no more.
    accept(
        &store,
        d.dc,
        &pen.delete(d.dc, Entity::Announcement, to_c1.id, t.c1),
    );
    let late = receipt(to_c1.id, t.c1, t.m2);
    refused_because(
        &refuse(&store, d.m2, &put(&mut pen, d.m2, &late)),
        "đã được thu hồi",
    );

    // Comments: in the author's name, on a live item of its kind and organisation.
    let on_copy = (TargetKind::Announcement, to_d1.id);
    let c1 = comment(id(310), t.d1, on_copy, t.m1);
    let refusals = [
        (comment(pen.id(), t.d1, on_copy, t.m2), "đúng người viết"),
        (
            comment(pen.id(), t.d1, (TargetKind::Announcement, pen.id()), t.m1),
            "không tồn tại",
        ),
        (
            comment(pen.id(), t.d1, (TargetKind::Document, to_d1.id), t.m1),
            "không tồn tại",
        ),
        (
            comment(pen.id(), t.d1, (TargetKind::Announcement, to_c1.id), t.m1),
            "đã bị xóa",
        ),
        (comment(pen.id(), t.c1, on_copy, t.m1), "tổ chức của mục"),
    ];
    for (bad, why) in &refusals {
        refused_because(&refuse(&store, d.m1, &put(&mut pen, d.m1, bad)), why);
        absent(&store, bad.id);
    }
    accept(&store, d.m1, &put(&mut pen, d.m1, &c1));
    let on_doc = comment(id(311), t.p, (TargetKind::Document, w.doc), t.m2);
    accept(&store, d.m2, &put(&mut pen, d.m2, &on_doc));
    let reply = Comment {
        reply_to: Some(c1.id),
        body: "Nhất trí với ý kiến của đồng chí Minh.".into(),
        ..comment(id(312), t.d1, on_copy, t.m2)
    };
    let astray = Comment {
        reply_to: Some(on_doc.id),
        ..comment(id(313), t.d1, on_copy, t.m2)
    };
    refused_because(
        &refuse(&store, d.m2, &put(&mut pen, d.m2, &astray)),
        "cùng chủ đề",
    );
    accept(&store, d.m2, &put(&mut pen, d.m2, &reply));
    let on_meeting = sotay_model::exchange::MeetingComment(comment(
        id(314),
        t.c1,
        (TargetKind::Meeting, w.meeting),
        t.m2,
    ));
    accept(&store, d.m2, &put(&mut pen, d.m2, &on_meeting));
    w.pulled_by(
        &store,
        on_meeting.0.id,
        &[d.m1, d.m2, d.sec, d.dc, w.dev_g1s, w.dev_po],
    );

    // The author edits; a reason belongs to a hidden comment only; a withdrawal blanks.
    let edit = |pen: &mut Pen, field: &str, value: &str| {
        let fields = vec![(field, json!(value))];
        pen.edit(d.m1, Entity::Comment, c1.id, t.d1, fields)
    };
    accept(
        &store,
        d.m1,
        &edit(&mut pen, "body", "Đề nghị lùi thời gian một tuần."),
    );
    refused_because(
        &refuse(&store, d.m1, &edit(&mut pen, "hidden_reason", "tự ẩn")),
        "lý do ẩn chỉ ghi",
    );
    let keeps_text = pen.delete(d.m2, Entity::Comment, reply.id, t.d1);
    refused_because(&refuse(&store, d.m2, &keeps_text), "xóa cả nội dung");
    let withdrawn = blank_and_delete(&mut pen, d.m2, Entity::Comment, (reply.id, t.d1), None);
    accept(&store, d.m2, &withdrawn);

    // The committee of D1 hides c1, with a reason; the cell's secretary (below) cannot.
    let hide = |pen: &mut Pen, dev, reason| {
        blank_and_delete(pen, dev, Entity::Comment, (c1.id, t.d1), reason)
    };
    refused_because(
        &refuse(&store, d.dc, &hide(&mut pen, d.dc, None)),
        "ghi lý do",
    );
    let long = "x".repeat(501);
    refused_because(
        &refuse(&store, d.dc, &hide(&mut pen, d.dc, Some(&long))),
        "dài quá",
    );
    forbidden(&refuse(
        &store,
        d.sec,
        &hide(&mut pen, d.sec, Some("Lạc đề")),
    ));
    let hidden = hide(&mut pen, d.dc, Some("Nội dung không phù hợp với chủ đề"));
    accept(&store, d.dc, &hidden);
    refused_because(
        &refuse(&store, d.m1, &edit(&mut pen, "body", "Viết lại")),
        "không thay đổi được nữa",
    );
    // Every device that holds it holds a blank tombstone; none elsewhere holds it.
    for (name, dev) in w.devices() {
        let rows = holds(&store, dev);
        let held = rows.get(&c1.id);
        if [d.o, w.dev_d2s].contains(&dev) {
            assert!(held.is_none(), "{name} holds a comment of D1");
            continue;
        }
        let row = held.unwrap_or_else(|| panic!("{name} never heard of the hidden comment"));
        assert!(row.tombstone.is_some(), "{name}: not deleted");
        assert_eq!(row.str("body"), Some(""), "{name} still holds the text");
        assert!(!live_of(&store, dev, Entity::Comment).contains(&c1.id));
    }
    // The audit log of D1 keeps who hid it.
    let d1_path = store.row(t.d1).expect("row").expect("D1").path;
    let query = AuditQuery {
        path: d1_path,
        before: None,
        after: None,
        limit: 500,
    };
    let (log, _) = store.audit(&query).expect("audit");
    let entry = log
        .iter()
        .find(|e| e.change_id == hidden.change_id)
        .expect("the hiding is in the audit log");
    assert_eq!(
        (entry.member_id, entry.action, entry.accepted, entry.row_id),
        (Some(t.dc), AuditAction::Delete, true, c1.id)
    );
    let live: BTreeSet<Id> = BTreeSet::from([on_doc.id]);
    assert_eq!(live_of(&store, d.m1, Entity::Comment), live);
}
