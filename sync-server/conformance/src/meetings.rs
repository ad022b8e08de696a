//! Conformance check of meetings (issue 6): who plans, reads and marks; the check-in
//! secret reaches only the committee and the holders of a copy; check-in codes are
//! verified against the meeting's secret, and withheld from what devices pull
//! ([`check_ins`]); approved minutes are locked.

use super::fixture::{Pen, Tree};
use super::{accept, forbidden, pulled, refuse, refused_because, Backend};
use serde_json::json;
use sotay_model::ids::Id;
use sotay_model::meetings::{
    code_for_slot, proof_for, slot_of, Absence, Attendance, AttendanceMark, CheckIn, Meeting,
    MeetingKey, MeetingKind, MeetingStatus, Minutes, MinutesItemContent, MinutesStatus, Proof,
};
use sotay_model::Entity;
use sotay_server::meetings::changes::{
    check_in_change, key_change, mark_change, meeting_change, minutes_change,
};
use sotay_server::store::Store;
use std::collections::BTreeSet;

mod check_ins;

pub const START: u64 = 1_796_000_000_000;
const SECRET: [u8; 32] = [9; 32];

pub fn meeting(id: Id, org: Id, invited: Vec<Id>, chair: Id, taker: Id) -> Meeting {
    Meeting {
        id,
        org_id: org,
        kind: MeetingKind::Regular,
        topic: "Sinh hoạt chi bộ thường kỳ tháng 12".into(),
        starts_at: START,
        ends_at: START + 2 * 3_600_000,
        place: "Nhà văn hóa thôn".into(),
        chair_id: Some(chair),
        minute_taker_id: Some(taker),
        agenda: vec!["Thông tin thời sự".into(), "Kiểm điểm nghị quyết".into()],
        materials: vec![],
        invited,
        guests: vec!["Đồng chí đại diện Đảng ủy xã".into()],
        status: MeetingStatus::Planned,
        note: String::new(),
    }
}

/// Planning, reading, keys, check-ins, marks and minutes, all through `push`/`pull`.
pub fn meetings_attendance_and_minutes<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let mut pen = Pen::default();
    let m = meeting(pen.id(), t.c1, vec![t.sec, t.m1, t.m2], t.sec, t.m1);

    // A plain member and a committee above do not plan the cell's meetings.
    forbidden(&refuse(
        &store,
        d.m1,
        &meeting_change(pen.id(), &m, pen.hlc(d.m1)),
    ));
    forbidden(&refuse(
        &store,
        d.dc,
        &meeting_change(pen.id(), &m, pen.hlc(d.dc)),
    ));
    accept(&store, d.sec, &meeting_change(pen.id(), &m, pen.hlc(d.sec)));
    let key = |holder| MeetingKey {
        id: MeetingKey::row_id(m.id, holder),
        meeting_id: m.id,
        org_id: t.c1,
        holder_id: holder,
        secret: SECRET,
    };
    accept(
        &store,
        d.sec,
        &key_change(pen.id(), &key(None), pen.hlc(d.sec)),
    );
    accept(
        &store,
        d.sec,
        &key_change(pen.id(), &key(Some(t.m1)), pen.hlc(d.sec)),
    );
    let mut forged = key(Some(t.m2));
    forged.secret = [1; 32];
    refused_because(
        &refuse(
            &store,
            d.sec,
            &key_change(pen.id(), &forged, pen.hlc(d.sec)),
        ),
        "trùng",
    );

    // Members read the meeting; the secret only the committee and the copy's holder.
    for dev in [d.m1, d.m2, d.dc, d.sec] {
        assert!(pulled(&store, dev, Entity::Meeting).contains(&m.id));
    }
    assert!(pulled(&store, d.o, Entity::Meeting).is_empty());
    let office_copy = MeetingKey::row_id(m.id, None);
    let m1_copy = MeetingKey::row_id(m.id, Some(t.m1));
    assert_eq!(
        pulled(&store, d.sec, Entity::MeetingKey),
        BTreeSet::from([office_copy, m1_copy])
    );
    assert_eq!(
        pulled(&store, d.m1, Entity::MeetingKey),
        BTreeSet::from([m1_copy])
    );
    assert!(pulled(&store, d.m2, Entity::MeetingKey).is_empty());
    assert!(pulled(&store, d.dc, Entity::MeetingKey).is_empty());

    // Check-ins: a good code; then another meeting's, an expired one, a forged one,
    // one for someone else. Nothing refused is stored.
    let slot = slot_of(START + 5 * 60_000);
    let ci = |pen: &mut Pen, member, code: String, slot| CheckIn {
        id: pen.id(),
        meeting_id: m.id,
        org_id: t.c1,
        member_id: member,
        slot,
        proof: Some(Proof::Bound(proof_for(&code, member, m.id, slot))),
    };
    let good = ci(&mut pen, t.m2, code_for_slot(&SECRET, m.id, slot), slot);
    accept(
        &store,
        d.m2,
        &check_in_change(pen.id(), &good, pen.hlc(d.m2)),
    );
    let refusals = [
        (
            ci(
                &mut pen,
                t.m2,
                code_for_slot(&SECRET, Id::from_u128(77), slot),
                slot,
            ),
            "không đúng",
        ),
        (
            ci(
                &mut pen,
                t.m2,
                code_for_slot(&SECRET, m.id, slot - 300),
                slot - 300,
            ),
            "hết hạn",
        ),
        (ci(&mut pen, t.m2, "7KQ3M9PX".into(), slot), "không đúng"),
    ];
    for (c, why) in refusals {
        refused_because(
            &refuse(&store, d.m2, &check_in_change(pen.id(), &c, pen.hlc(d.m2))),
            why,
        );
        assert!(store.row(c.id).expect("row").is_none(), "nothing recorded");
    }
    let for_m1 = ci(&mut pen, t.m1, code_for_slot(&SECRET, m.id, slot), slot);
    forbidden(&refuse(
        &store,
        d.m2,
        &check_in_change(pen.id(), &for_m1, pen.hlc(d.m2)),
    ));
    let edit = pen.edit(
        d.m2,
        Entity::CheckIn,
        good.id,
        t.c1,
        vec![("slot", json!(slot + 1))],
    );
    refuse(&store, d.m2, &edit);
    check_ins::check(&store, &t, &d, &mut pen, &m, &good);

    // Marks: the minute-taker and the secretary mark; a plain member does not; a
    // correction must name the member's own check-in of this meeting.
    let mk = |pen: &mut Pen, member, a, overrides: Option<Id>| AttendanceMark {
        id: pen.id(),
        meeting_id: m.id,
        org_id: t.c1,
        member_id: member,
        attendance: a,
        reason: "Đồng chí báo ốm".into(),
        overrides,
        hlc: pen.hlc(Id::nil()),
    };
    let excused = Attendance::Absent(Absence::Excused);
    let by_taker = mk(&mut pen, t.sec, Attendance::Present, None);
    accept(
        &store,
        d.m1,
        &mark_change(pen.id(), &by_taker, pen.hlc(d.m1)),
    );
    let by_member = mk(&mut pen, t.m1, Attendance::Present, None);
    forbidden(&refuse(
        &store,
        d.m2,
        &mark_change(pen.id(), &by_member, pen.hlc(d.m2)),
    ));
    let wrong = mk(&mut pen, t.m1, excused, Some(good.id));
    refused_because(
        &refuse(
            &store,
            d.sec,
            &mark_change(pen.id(), &wrong, pen.hlc(d.sec)),
        ),
        "đính chính",
    );
    let correction = mk(&mut pen, t.m2, excused, Some(good.id));
    accept(
        &store,
        d.sec,
        &mark_change(pen.id(), &correction, pen.hlc(d.sec)),
    );
    // The correction is kept in the audit log: who, from which device, accepted.
    let cell_path = store.row(t.c1).expect("row").expect("cell").path;
    let query = sotay_server::audit::AuditQuery {
        path: cell_path,
        before: None,
        after: None,
        limit: 500,
    };
    let (entries, _) = store.audit(&query).expect("audit");
    assert!(
        entries.iter().any(|e| e.row_id == correction.id
            && e.accepted
            && e.member_id == Some(t.sec)
            && e.device_id == d.sec),
        "the correction is audited"
    );

    // A plain member who chairs another meeting edits it; others do not.
    let m2_chairs = meeting(pen.id(), t.c1, vec![t.m1, t.m2], t.m2, t.sec);
    accept(
        &store,
        d.sec,
        &meeting_change(pen.id(), &m2_chairs, pen.hlc(d.sec)),
    );
    let topic = |pen: &mut Pen, dev| {
        pen.edit(
            dev,
            Entity::Meeting,
            m2_chairs.id,
            t.c1,
            vec![("topic", json!("Chuyên đề mới"))],
        )
    };
    accept(&store, d.m2, &topic(&mut pen, d.m2));
    forbidden(&refuse(&store, d.m1, &topic(&mut pen, d.m1)));

    // Minutes: drafted by the minute-taker, approved by the chair only, then locked.
    let v1 = Minutes {
        id: pen.id(),
        meeting_id: m.id,
        org_id: t.c1,
        version: 1,
        previous_id: None,
        reason: String::new(),
        items: vec![MinutesItemContent {
            title: "Thông tin thời sự".into(),
            content: "Đồng chí Bí thư thông tin".into(),
            ..Default::default()
        }],
        conclusions: vec![],
        votes: vec![],
        status: MinutesStatus::Draft,
        approved_by: None,
    };
    accept(&store, d.m1, &minutes_change(pen.id(), &v1, pen.hlc(d.m1)));
    let approve = |pen: &mut Pen, dev, by: Id| {
        pen.edit(
            dev,
            Entity::Minutes,
            v1.id,
            t.c1,
            vec![("status", json!("approved")), ("approved_by", json!(by))],
        )
    };
    refused_because(
        &refuse(&store, d.m1, &approve(&mut pen, d.m1, t.m1)),
        "chủ trì",
    );
    accept(&store, d.sec, &approve(&mut pen, d.sec, t.sec));
    let locked_before = store.row(v1.id).expect("row");
    let items = json!([{"title": "Sửa lén", "content": "", "opinions": "", "conclusions": []}]);
    for dev in [d.m1, d.sec] {
        let e = pen.edit(
            dev,
            Entity::Minutes,
            v1.id,
            t.c1,
            vec![("items", items.clone())],
        );
        refused_because(&refuse(&store, dev, &e), "đã được chủ trì duyệt");
        let back = pen.edit(
            dev,
            Entity::Minutes,
            v1.id,
            t.c1,
            vec![("status", json!("draft"))],
        );
        refused_because(&refuse(&store, dev, &back), "đã được chủ trì duyệt");
    }
    refused_because(
        &refuse(
            &store,
            d.sec,
            &pen.delete(d.sec, Entity::Minutes, v1.id, t.c1),
        ),
        "duyệt",
    );
    assert_eq!(
        store.row(v1.id).expect("row"),
        locked_before,
        "the approved version is unchanged"
    );
    let v2 = Minutes {
        id: pen.id(),
        version: 2,
        previous_id: Some(v1.id),
        reason: "Bổ sung ý kiến của đồng chí Lan".into(),
        status: MinutesStatus::Draft,
        approved_by: None,
        ..v1.clone()
    };
    accept(&store, d.m1, &minutes_change(pen.id(), &v2, pen.hlc(d.m1)));
    let v9 = Minutes {
        id: pen.id(),
        version: 9,
        previous_id: Some(v1.id),
        ..v2.clone()
    };
    refused_because(
        &refuse(&store, d.m1, &minutes_change(pen.id(), &v9, pen.hlc(d.m1))),
        "tiếp theo",
    );
    assert!(
        pulled(&store, d.dc, Entity::Minutes).contains(&v2.id),
        "the committee above reads them"
    );
}
