//! Properties of push decoding and merging with arbitrary stamps, field names and
//! values (issue 12): nothing panics, and a real `SqliteStore` accepts no change whose
//! stamps break the rules of `sotay_server::stamps` (another device's node, a wall
//! time beyond the server's clock plus `MAX_SKEW_MS`, an absurd counter); merging is
//! commutative and idempotent whatever the stamps.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Value};
use sotay_conformance::fixture::Tree;
use sotay_model::change::FieldValue;
use sotay_model::hlc::{Hlc, MAX_COUNTER, MAX_SKEW_MS};
use sotay_model::protocol::{Outcome, PullResponse, PushRequest};
use sotay_model::{Change, DeviceId, Entity, Id, RowState};
use sotay_server::{SqliteStore, Store};
use std::collections::BTreeMap;

/// The server's clock during the pushes.
const NOW: u64 = 1_780_000_000_000;

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

fn wall() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(u64::MAX),
        Just(0u64),
        Just(NOW + MAX_SKEW_MS),
        Just(NOW + MAX_SKEW_MS + 1),
        (NOW - 3_600_000)..(NOW + 2 * MAX_SKEW_MS),
        any::<u64>(),
    ]
}

fn counter() -> impl Strategy<Value = u32> {
    prop_oneof![
        Just(u32::MAX),
        Just(MAX_COUNTER),
        Just(MAX_COUNTER + 1),
        0u32..8,
        any::<u32>(),
    ]
}

fn stamp(nodes: Vec<DeviceId>) -> impl Strategy<Value = Hlc> {
    (wall(), counter(), proptest::sample::select(nodes)).prop_map(|(wall_ms, counter, node)| Hlc {
        wall_ms,
        counter,
        node,
    })
}

fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("full_name".to_string()),
        Just("birth_date".to_string()),
        Just("status".to_string()),
        Just("cell_id".to_string()),
        "[a-z_]{1,12}",
        any::<String>(),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        "Nguyễn Văn [A-Z][a-z]{1,8}".prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
        Just(json!({"a": [1, 2, {"b": null}]})),
    ]
}

fn broken(device: DeviceId, h: &Hlc) -> bool {
    h.node != device || h.wall_ms > NOW + MAX_SKEW_MS || h.counter > MAX_COUNTER
}

#[test]
fn the_server_accepts_no_stamp_the_rules_refuse() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(dir.path().join("sotay.db")).expect("store");
    let tree = Tree::seed(&store);
    let devices = tree.enroll_all(&store);
    // The cell secretary may edit the members of C1: many changes pass every other
    // rule, so the stamp rules decide.
    let me = devices.sec;
    let nodes = vec![me, me, me, devices.m1, DeviceId::nil()];
    let targets = vec![tree.m1, tree.m2, tree.sec];
    let fields =
        proptest::collection::btree_map(field_name(), (value(), stamp(nodes.clone())), 1..4);
    let strategy = (
        fields,
        proptest::option::weighted(0.1, stamp(nodes)),
        proptest::sample::select(targets),
        any::<u64>(),
    );
    let accepted = std::cell::Cell::new(0u32);
    // A fixed seed: with a random one, a run now and then drew no change that passes
    // every other rule (names, values, rights), and the check below failed by chance
    // (seen once in a clean-clone gate). 1,024 cases of this seed accept 24.
    let mut runner = TestRunner::new_with_rng(
        config(1_024),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    runner
        .run(&strategy, |(fields, tombstone, row, n)| {
            let change = Change {
                change_id: Id::from_u128(u128::from(n) << 64 | 0xc4a9),
                entity: Entity::Member,
                row_id: row,
                org_id: tree.c1,
                fields: fields
                    .into_iter()
                    .map(|(k, (value, hlc))| (k, FieldValue { value, hlc }))
                    .collect(),
                tombstone,
            };
            let results = store
                .push(me, std::slice::from_ref(&change), NOW)
                .expect("push");
            prop_assert_eq!(results.len(), 1);
            if let Outcome::Accepted { .. } = results[0].outcome {
                accepted.set(accepted.get() + 1);
                prop_assert!(
                    !change.stamps().any(|h| broken(me, &h)),
                    "accepted against the rules: {:?}",
                    change
                );
            }
            let stored = store.row(row).expect("read").expect("row");
            prop_assert!(stored.row.is_plausible(NOW), "{:?}", stored.row);
            Ok(())
        })
        .expect("property");
    eprintln!("{} generated changes accepted", accepted.get());
    assert!(
        accepted.get() > 0,
        "no generated change was accepted: the rules were not reached"
    );
}

#[test]
fn decoding_any_push_or_pull_body_never_panics() {
    let nodes = vec![DeviceId::from_u128(1), DeviceId::nil()];
    let strategy = (
        proptest::collection::btree_map(field_name(), (value(), stamp(nodes)), 0..4),
        any::<Vec<u8>>(),
        (0usize..200, any::<u8>()),
    );
    let mut runner = TestRunner::new(config(512));
    runner
        .run(&strategy, |(fields, noise, (at, byte))| {
            let change = Change {
                change_id: Id::from_u128(1),
                entity: Entity::Member,
                row_id: Id::from_u128(2),
                org_id: Id::from_u128(3),
                fields: fields
                    .into_iter()
                    .map(|(k, (value, hlc))| (k, FieldValue { value, hlc }))
                    .collect(),
                tombstone: None,
            };
            let body = json!({"protocol": 1, "changes": [change]}).to_string();
            let back: PushRequest = serde_json::from_str(&body).expect("own output");
            prop_assert_eq!(&back.changes[0], &change);
            // The same body with one byte changed, and bytes of noise: Ok or Err.
            let mut bent = body.into_bytes();
            let i = at % bent.len();
            bent[i] = byte;
            let _ = serde_json::from_slice::<PushRequest>(&bent);
            let _ = serde_json::from_slice::<PushRequest>(&noise);
            let _ = serde_json::from_slice::<PullResponse>(&noise);
            Ok(())
        })
        .expect("property");
}

/// Changes to one row whose values follow from their stamps (two changes with the
/// same stamp on a field carry the same value, as from one honest device).
fn changes() -> impl Strategy<Value = Vec<Change>> {
    let nodes = vec![
        DeviceId::from_u128(1),
        DeviceId::from_u128(2),
        DeviceId::nil(),
    ];
    let one = (
        proptest::collection::btree_map(
            prop_oneof![
                Just("name".to_string()),
                Just("kind".to_string()),
                "[a-z]{1,3}"
            ],
            stamp(nodes.clone()),
            0..3,
        ),
        proptest::option::weighted(0.2, stamp(nodes)),
    );
    proptest::collection::vec(one, 1..6).prop_map(|list| {
        list.into_iter()
            .enumerate()
            .map(|(i, (fields, tombstone))| Change {
                change_id: Id::from_u128(i as u128 + 1),
                entity: Entity::StudyNote,
                row_id: Id::from_u128(99),
                org_id: Id::from_u128(98),
                fields: fields
                    .into_iter()
                    .map(|(k, hlc)| {
                        let value = json!(format!("{}.{}.{}", hlc.wall_ms, hlc.counter, hlc.node));
                        (k, FieldValue { value, hlc })
                    })
                    .collect::<BTreeMap<_, _>>(),
                tombstone,
            })
            .collect()
    })
}

#[test]
fn merging_is_commutative_and_idempotent_whatever_the_stamps() {
    let strategy = (changes(), any::<u64>(), any::<u64>());
    let mut runner = TestRunner::new(config(512));
    runner
        .run(&strategy, |(list, shuffle, now)| {
            let empty = || RowState::empty(Entity::StudyNote, Id::from_u128(99));
            let mut forward = empty();
            for c in &list {
                forward.apply(c);
            }
            // Another order: rotated and reversed as `shuffle` says.
            let mut order = list.clone();
            order.rotate_left(shuffle as usize % list.len());
            if shuffle & 1 == 1 {
                order.reverse();
            }
            let mut other = empty();
            for c in &order {
                other.apply(c);
            }
            prop_assert_eq!(&forward, &other);
            for c in &list {
                prop_assert!(
                    !forward.clone().apply(c),
                    "applying a change twice changed the row"
                );
            }
            // Repairing is idempotent, leaves trusted stamps alone, and repaired copies
            // merge to the same row whichever side was repaired first.
            let mut repaired = forward.clone();
            repaired.repair_stamps(now);
            prop_assert!(repaired.is_plausible(now));
            prop_assert!(!repaired.clone().repair_stamps(now));
            let mut merged = other.clone();
            merged.repair_stamps(now);
            merged.merge(&repaired);
            prop_assert_eq!(&merged, &repaired);
            Ok(())
        })
        .expect("property");
}
