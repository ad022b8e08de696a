//! The province generator: deterministic for a seed, every row accepted, members where
//! the report says, and a tree of the expected shape.

use sotay_model::Entity;
use sotay_server::demo::{generate, GenOptions, GenReport};
use sotay_server::{SqliteStore, Store};

fn make(seed: u64) -> (tempfile::TempDir, SqliteStore, GenReport) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(dir.path().join("sotay.db")).expect("open");
    let opts = GenOptions {
        members: 2_000,
        years: 3,
        seed,
        codes_at_ms: 1_000,
    };
    let report = generate(&store, &opts).expect("generate");
    (dir, store, report)
}

#[test]
fn same_seed_same_province() {
    let (_a, store_a, a) = make(11);
    let (_b, store_b, b) = make(11);
    let (_c, _, c) = make(12);
    assert_eq!(a.cell_members, b.cell_members);
    assert_ne!(
        a.cell_members, c.cell_members,
        "another seed, another province"
    );
    for cell in a.cell_members.iter().take(20) {
        for id in cell.members.iter().chain([&cell.id]) {
            let ra = store_a.row(*id).expect("row").expect("stored");
            let rb = store_b.row(*id).expect("row").expect("stored");
            assert_eq!(ra, rb, "row {id} differs between two runs with one seed");
        }
    }
}

#[test]
fn members_sit_in_their_cells_and_the_tree_has_its_levels() {
    let (_d, store, r) = make(3);
    assert_eq!(r.districts, 8);
    assert!(r.members >= 2_000);
    assert_eq!(
        r.cell_members
            .iter()
            .map(|c| c.members.len())
            .sum::<usize>(),
        r.members
    );
    assert!(r.transfers > 0, "years of history move some members");
    for cell in &r.cell_members {
        let c = store.row(cell.id).expect("row").expect("cell");
        assert_eq!(c.row.str("kind"), Some("cell"));
        for m in &cell.members {
            let s = store.row(*m).expect("row").expect("member");
            assert_eq!(s.row.entity, Entity::Member);
            assert_eq!(s.row.id("cell_id"), Some(cell.id), "member {m} moved?");
        }
    }
    let officer = r.enroll[0].member_id;
    assert_eq!(
        store.member_by_card(&r.enroll[0].card_no).expect("card"),
        Some(officer)
    );
}
