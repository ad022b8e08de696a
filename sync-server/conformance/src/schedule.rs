//! Conformance check of the schedule (issue 15): a committee's entries are published by
//! its own committee and office and read down its subtree; a member's own entries are
//! written by that member alone and reach no other device, not even their committee's.

use super::fixture::{Pen, Tree};
use super::{accept, forbidden, pulled, refuse, Backend};
use serde_json::json;
use sotay_model::schedule::{PersonalEntry, Recurrence, Rule, ScheduleEntry, Timing};
use sotay_model::Entity;
use sotay_server::rows::row_change;
use sotay_server::store::Store;
use std::collections::BTreeSet;

fn timing() -> Timing {
    Timing {
        starts_at: 1_796_000_000_000,
        ends_at: 1_796_003_600_000,
        all_day: false,
        tz_offset_min: 420,
        recurrence: Some(Recurrence {
            rule: Rule::Weekly {
                days: vec![0, 2],
                interval: 1,
            },
            until: None,
            count: Some(10),
            exceptions: vec![],
        }),
    }
}

/// Publishing, reading and privacy of entries, through `push`/`pull`.
pub fn schedule_entries_published_and_private<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let mut pen = Pen::default();
    let committee = |pen: &mut Pen, org, by| ScheduleEntry {
        id: pen.id(),
        org_id: org,
        published_by: by,
        title: "Thường trực làm việc với các chi bộ".into(),
        place: "Hội trường".into(),
        notes: String::new(),
        attendees: vec![],
        timing: timing(),
    };
    // The district committee publishes its week; the cell's secretary the cell's.
    let district = committee(&mut pen, t.d1, t.dc);
    accept(
        &store,
        d.dc,
        &row_change(pen.id(), &district, pen.hlc(d.dc)),
    );
    let cell = committee(&mut pen, t.c1, t.sec);
    accept(&store, d.sec, &row_change(pen.id(), &cell, pen.hlc(d.sec)));
    // Refused and not stored: a plain member publishing; a secretary in the district's
    // name; an entry naming another publisher.
    for (dev, e) in [
        (d.m1, committee(&mut pen, t.c1, t.m1)),
        (d.sec, committee(&mut pen, t.d1, t.sec)),
    ] {
        forbidden(&refuse(
            &store,
            dev,
            &row_change(pen.id(), &e, pen.hlc(dev)),
        ));
        assert!(store.row(e.id).expect("row").is_none());
    }
    let in_other_name = committee(&mut pen, t.c1, t.dc);
    refuse(
        &store,
        d.sec,
        &row_change(pen.id(), &in_other_name, pen.hlc(d.sec)),
    );
    assert!(store.row(in_other_name.id).expect("row").is_none());

    // Read down the subtree: the district's entry reaches its cells' members.
    assert_eq!(
        pulled(&store, d.m1, Entity::ScheduleEntry),
        BTreeSet::from([district.id, cell.id])
    );
    assert_eq!(
        pulled(&store, d.c2m, Entity::ScheduleEntry),
        BTreeSet::from([district.id])
    );
    assert!(pulled(&store, d.o, Entity::ScheduleEntry).is_empty());

    // Own entries: written by their owner, read by nobody else.
    let own = |pen: &mut Pen, owner, cell| PersonalEntry {
        id: pen.id(),
        org_id: cell,
        owner_id: owner,
        title: "Khám sức khỏe định kỳ".into(),
        place: String::new(),
        notes: "Nhịn ăn sáng".into(),
        timing: timing(),
    };
    let mine = own(&mut pen, t.m1, t.c1);
    accept(&store, d.m1, &row_change(pen.id(), &mine, pen.hlc(d.m1)));
    let for_m1 = own(&mut pen, t.m1, t.c1);
    forbidden(&refuse(
        &store,
        d.sec,
        &row_change(pen.id(), &for_m1, pen.hlc(d.sec)),
    ));
    let elsewhere = own(&mut pen, t.m1, t.c2);
    refuse(
        &store,
        d.m1,
        &row_change(pen.id(), &elsewhere, pen.hlc(d.m1)),
    );
    assert_eq!(
        pulled(&store, d.m1, Entity::PersonalEntry),
        BTreeSet::from([mine.id])
    );
    for dev in [d.sec, d.m2, d.dc, d.c2m, d.o] {
        assert!(
            pulled(&store, dev, Entity::PersonalEntry).is_empty(),
            "an own entry reached another device"
        );
    }
    // Its owner edits it; the committee may not.
    accept(
        &store,
        d.m1,
        &pen.edit(
            d.m1,
            Entity::PersonalEntry,
            mine.id,
            t.c1,
            vec![("place", json!("Trạm y tế xã"))],
        ),
    );
    forbidden(&refuse(
        &store,
        d.sec,
        &pen.edit(
            d.sec,
            Entity::PersonalEntry,
            mine.id,
            t.c1,
            vec![("place", json!("Hội trường"))],
        ),
    ));
}
