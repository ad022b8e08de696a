//! Conformance check of check-ins at push (issue 12, `meetings::check_ins`): no device
//! pulls a proof or a code; a proof taken from another member's check-in is refused;
//! apps before issue 12 still check in with the code itself; a check-in reaching the
//! server after the deadline is refused; refused tries are limited per device, by the
//! server's clock.

use super::SECRET;
use crate::fixture::{Devices, Pen, Tree};
use crate::refused_because;
use crate::{accept, pull_all};
use sotay_model::ids::{DeviceId, Id};
use sotay_model::meetings::{
    check_in_deadline, code_for_slot, proof_for, CheckIn, Meeting, Proof, WITHHELD_CODE,
};
use sotay_model::protocol::{Cursor, Outcome};
use sotay_model::{Change, Entity};
use sotay_server::meetings::changes::check_in_change;
use sotay_server::meetings::check_ins::{REFUSALS_ALLOWED, REFUSAL_WINDOW_MS};
use sotay_server::store::Store;

fn push_at(store: &impl Store, device: DeviceId, change: &Change, now_ms: u64) -> Outcome {
    let mut r = store
        .push(device, std::slice::from_ref(change), now_ms)
        .expect("push");
    r.remove(0).outcome
}

/// `good` is a check-in of `t.m2` the server has taken.
pub(super) fn check(
    store: &impl Store,
    t: &Tree,
    d: &Devices,
    pen: &mut Pen,
    m: &Meeting,
    good: &CheckIn,
) {
    let slot = good.slot;
    let ci = |pen: &mut Pen, member: Id, proof: Proof| CheckIn {
        id: pen.id(),
        meeting_id: m.id,
        org_id: t.c1,
        member_id: member,
        slot,
        proof: Some(proof),
    };

    // What the server keeps and every device pulls: neither proof nor code.
    let stored = store.row(good.id).expect("row").expect("stored").row;
    assert_eq!(CheckIn::from_row(&stored).expect("check-in").proof, None);
    for dev in [d.sec, d.m1, d.m2, d.dc] {
        let (_, rows, _) = pull_all(store, dev, Cursor::default());
        let ins: Vec<_> = rows
            .values()
            .filter(|r| r.entity == Entity::CheckIn)
            .collect();
        assert!(!ins.is_empty(), "device {dev} reads the cell's check-ins");
        for r in ins {
            assert_eq!(
                r.fields.get("proof").map(|f| &f.value),
                Some(&serde_json::Value::Null)
            );
            assert_eq!(r.str("code"), Some(WITHHELD_CODE));
        }
    }

    // m2's proof (as m2's device sent it) is worthless to m1.
    let Some(Proof::Bound(m2_proof)) = good.proof.clone() else {
        panic!("the good check-in carries a bound proof");
    };
    let copied = ci(pen, t.m1, Proof::Bound(m2_proof));
    refused_because(
        &push_at(
            store,
            d.m1,
            &check_in_change(pen.id(), &copied, pen.hlc(d.m1)),
            20_000,
        ),
        "không đúng",
    );
    // An app before issue 12 sends the code itself: still taken, and withheld too.
    let code = code_for_slot(&SECRET, m.id, slot);
    let legacy = ci(pen, t.m1, Proof::Code(code.clone()));
    accept(
        store,
        d.m1,
        &check_in_change(pen.id(), &legacy, pen.hlc(d.m1)),
    );
    let kept = store.row(legacy.id).expect("row").expect("stored").row;
    assert_eq!(kept.str("code"), Some(WITHHELD_CODE));

    // The right proof, reaching the server after the deadline (by the server's clock).
    let late_at = check_in_deadline(m.ends_at) + 1;
    let late = ci(pen, t.m1, Proof::Bound(proof_for(&code, t.m1, m.id, slot)));
    let change = check_in_change(pen.id(), &late, pen.hlc(d.m1));
    refused_because(&push_at(store, d.m1, &change, late_at), "hết hạn");
    assert!(store.row(late.id).expect("row").is_none());

    // Refused tries: REFUSALS_ALLOWED within the window, then even a right proof is
    // refused unjudged from that device only, until the window has passed.
    let t0 = 10 * REFUSAL_WINDOW_MS;
    for n in 0..REFUSALS_ALLOWED {
        let wrong = ci(
            pen,
            t.sec,
            Proof::Bound(proof_for("7KQ3M9PX", t.sec, m.id, slot)),
        );
        let at = t0 + u64::from(n);
        let out = push_at(
            store,
            d.sec,
            &check_in_change(pen.id(), &wrong, pen.hlc(d.sec)),
            at,
        );
        refused_because(&out, "không đúng");
    }
    let right = ci(
        pen,
        t.sec,
        Proof::Bound(proof_for(&code, t.sec, m.id, slot)),
    );
    let change = check_in_change(pen.id(), &right, pen.hlc(d.sec));
    let at = t0 + u64::from(REFUSALS_ALLOWED);
    refused_because(&push_at(store, d.sec, &change, at), "tạm thời");
    assert!(store.row(right.id).expect("row").is_none());
    // Another device is not limited by it.
    let other = ci(pen, t.m2, Proof::Bound(proof_for(&code, t.m2, m.id, slot)));
    let c = check_in_change(pen.id(), &other, pen.hlc(d.m2));
    assert!(matches!(
        push_at(store, d.m2, &c, at),
        Outcome::Accepted { .. }
    ));
    // The limited try did not count: once the first refusals leave the window, the
    // same change (a new change id) is taken.
    let again = Change {
        change_id: pen.id(),
        ..change
    };
    let out = push_at(store, d.sec, &again, t0 + REFUSAL_WINDOW_MS + 1);
    assert!(matches!(out, Outcome::Accepted { .. }), "{out:?}");
}
