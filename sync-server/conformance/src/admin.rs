//! Conformance checks of the administration methods: the actor of a device, a
//! member's devices, renaming, and the audit log (one entry per judged change, in the
//! push's transaction, by subtree, newest first, paged by id).

use super::fixture::{Pen, Tree, SEED_MS};
use super::{accept, refuse, Backend};
use serde_json::json;
use sotay_model::entities::PositionTitle;
use sotay_model::protocol::{AuditAction, RejectReason};
use sotay_model::Entity;
use sotay_server::audit::AuditQuery;
use sotay_server::error::StoreError;
use sotay_server::store::Store;

/// `actor`, `devices_of`, `device_info`, `rename_device`, and revocation seen by them.
pub fn administration_of_devices<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let actor = store.actor(d.sec).expect("actor");
    assert_eq!(actor.member, t.sec);
    assert_eq!(actor.cell.as_ref().map(|c| c.0), Some(t.c1));
    assert_eq!(
        actor
            .positions
            .iter()
            .map(|p| (p.0, p.1))
            .collect::<Vec<_>>(),
        vec![(PositionTitle::Secretary, t.c1)]
    );

    let code = store
        .create_enroll_code(t.m1, 60_000, SEED_MS)
        .expect("code");
    let second = store
        .enroll(&code, "Máy tính bảng", SEED_MS + 5)
        .expect("enroll");
    let list = store.devices_of(t.m1).expect("devices");
    assert_eq!(
        list.iter().map(|x| x.device_id).collect::<Vec<_>>(),
        vec![d.m1, second.device_id],
        "oldest first"
    );
    assert!(list
        .iter()
        .all(|x| x.member_id == t.m1 && x.revoked_ms.is_none()));
    assert!(store
        .rename_device(second.device_id, "Máy bảng")
        .expect("rename"));
    assert!(!store
        .rename_device(sotay_model::Id::from_u128(999), "x")
        .expect("rename unknown"));
    let info = store
        .device_info(second.device_id)
        .expect("info")
        .expect("exists");
    assert_eq!(info.name, "Máy bảng");
    assert_eq!(info.created_ms, SEED_MS + 5);

    assert!(store
        .revoke_device(second.device_id, 7_000)
        .expect("revoke"));
    let info = store
        .device_info(second.device_id)
        .expect("info")
        .expect("exists");
    assert_eq!(info.revoked_ms, Some(7_000));
    assert!(matches!(
        store.actor(second.device_id),
        Err(StoreError::RevokedDevice(_))
    ));
    assert!(matches!(
        store.actor(sotay_model::Id::from_u128(998)),
        Err(StoreError::UnknownDevice(_))
    ));
    assert!(store
        .device_info(sotay_model::Id::from_u128(998))
        .expect("info")
        .is_none());
    posts_above_the_cell_are_administered_from_above(&store, &t, &d);
}

/// `standing` (a member's row and the organisations of their posts) and the rule built
/// on it (issue 12): once m1 of C1 holds a post of D1, C1's secretary keeps neither
/// their record nor their posts, and says why; D1's committee still does.
fn posts_above_the_cell_are_administered_from_above(
    store: &impl Store,
    t: &super::fixture::Tree,
    d: &super::fixture::Devices,
) {
    let s = store.standing(t.dc).expect("standing");
    assert_eq!(s.row.as_ref().map(|r| r.row.row_id), Some(t.dc));
    assert_eq!(s.levels.iter().map(|l| l.0).collect::<Vec<_>>(), vec![t.d1]);
    let none = store
        .standing(sotay_model::Id::from_u128(997))
        .expect("standing");
    assert!(none.row.is_none() && none.levels.is_empty());

    let mut pen = Pen::default();
    let in_cell = pen.new_position(d.sec, t.m1, t.c1, PositionTitle::CommitteeMember);
    accept(store, d.sec, &in_cell);
    let above = sotay_server::rows::position_change(
        pen.id(),
        &sotay_model::entities::Position {
            id: pen.id(),
            member_id: t.m1,
            org_id: t.d1,
            title: PositionTitle::OfficeStaff,
        },
        sotay_server::rows::server_hlc(SEED_MS),
    );
    let seeded = store.seed(&[above], SEED_MS).expect("seed");
    assert!(matches!(
        seeded[0].outcome,
        sotay_model::protocol::Outcome::Accepted { .. }
    ));
    let levels = store.standing(t.m1).expect("standing").levels;
    assert_eq!(
        levels.iter().map(|l| l.0).collect::<Vec<_>>(),
        vec![t.d1, t.c1]
    );
    let rename = pen.edit(
        d.sec,
        Entity::Member,
        t.m1,
        t.c1,
        vec![("full_name", json!("Kẻ Mạo Danh"))],
    );
    let remove = pen.delete(d.sec, Entity::Position, in_cell.row_id, t.c1);
    for change in [rename, remove] {
        match refuse(store, d.sec, &change) {
            sotay_model::protocol::Outcome::Rejected {
                reason: RejectReason::Outranked(why),
                ..
            } => assert!(why.contains("cấp trên"), "{why}"),
            other => panic!("{other:?}"),
        }
    }
    let rename = pen.edit(
        d.dc,
        Entity::Member,
        t.m1,
        t.c1,
        vec![("full_name", json!("Lê Thị Hoa"))],
    );
    accept(store, d.dc, &rename);
    // Marked as left by D1, m1's posts give them nothing, yet still count: otherwise
    // the cell could bring them back, posts and all.
    let left = pen.edit(
        d.dc,
        Entity::Member,
        t.m1,
        t.c1,
        vec![("status", json!("left"))],
    );
    accept(store, d.dc, &left);
    let back = pen.edit(
        d.sec,
        Entity::Member,
        t.m1,
        t.c1,
        vec![("status", json!("full"))],
    );
    assert!(matches!(
        refuse(store, d.sec, &back),
        sotay_model::protocol::Outcome::Rejected {
            reason: RejectReason::Outranked(_),
            ..
        }
    ));
}

/// Every judged change is audited once, with who, what, where and the verdict.
pub fn audit_log<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let mut pen = Pen::default();
    let q = |path: &str, before, after, limit| AuditQuery {
        path: sotay_server::tree::OrgPath::parse(path).expect("path"),
        before,
        after,
        limit,
    };
    let c1_path = format!("/{}/{}/{}/{}/", t.p, t.d1, t.g1, t.c1);
    let (seeded, _) = store.audit(&q(&c1_path, None, None, 500)).expect("audit");
    assert!(
        seeded
            .iter()
            .any(|e| e.row_id == t.m1 && e.member_id.is_none()),
        "seeding is audited as the server's"
    );

    let ok = pen.edit(
        d.sec,
        Entity::Member,
        t.m1,
        t.c1,
        vec![("full_name", json!("Trần Văn Minh Tuấn"))],
    );
    accept(&store, d.sec, &ok);
    accept(&store, d.sec, &ok); // a replay is not a new entry
    let bad = pen.delete(d.m2, Entity::Member, t.m1, t.c1);
    refuse(&store, d.m2, &bad);
    let elsewhere = pen.edit(
        d.o,
        Entity::Member,
        t.o,
        t.c3,
        vec![("full_name", json!("Tên khác"))],
    );
    refuse(&store, d.o, &elsewhere);

    let (page, more) = store.audit(&q(&c1_path, None, None, 2)).expect("audit");
    assert!(more);
    assert_eq!(page.len(), 2);
    let (r, a) = (&page[0], &page[1]);
    assert!(r.id > a.id, "newest first");
    assert_eq!(r.change_id, bad.change_id);
    assert_eq!(
        (r.device_id, r.member_id, r.accepted, r.action),
        (d.m2, Some(t.m2), false, AuditAction::Delete)
    );
    assert_eq!(r.reason, Some(RejectReason::Forbidden));
    assert_eq!(a.change_id, ok.change_id);
    assert_eq!(
        (a.device_id, a.member_id, a.accepted, a.action),
        (d.sec, Some(t.sec), true, AuditAction::Edit)
    );
    assert_eq!((a.entity, a.row_id, a.org_id), (Entity::Member, t.m1, t.c1));
    assert_eq!(a.org_path, vec![t.p, t.d1, t.g1, t.c1]);
    assert_eq!(a.reason, None);
    let all: Vec<_> = store.audit(&q(&c1_path, None, None, 500)).expect("audit").0;
    assert_eq!(
        all.iter().filter(|e| e.change_id == ok.change_id).count(),
        1,
        "one entry per judged change"
    );
    assert!(
        !all.iter().any(|e| e.change_id == elsewhere.change_id),
        "another subtree's entries stay out"
    );
    let (older, _) = store
        .audit(&q(&c1_path, Some(r.id), None, 1))
        .expect("audit");
    assert_eq!(older[0].id, a.id);
    let (newer, _) = store
        .audit(&q(&c1_path, None, Some(a.id), 500))
        .expect("audit");
    assert_eq!(newer.iter().map(|e| e.id).collect::<Vec<_>>(), vec![r.id]);
    let province = format!("/{}/", t.p);
    let (whole, _) = store.audit(&q(&province, None, None, 500)).expect("audit");
    assert!(whole.iter().any(|e| e.change_id == elsewhere.change_id));
}

/// A member marked as left (or deceased) keeps no cell or post: their devices read
/// only their own rows, and no new position may be given to them.
pub fn members_who_left_lose_their_scope<B: Backend>(b: &mut B) {
    let store = b.fresh();
    let t = Tree::seed(&store);
    let d = t.enroll_all(&store);
    let mut pen = Pen::default();
    let (_, before, _) = super::pull_all(&store, d.sec, sotay_model::protocol::Cursor::default());
    assert!(before.len() > 3);
    let left = pen.edit(
        d.dc,
        Entity::Member,
        t.sec,
        t.c1,
        vec![("status", json!("left"))],
    );
    accept(&store, d.dc, &left);
    let actor = store.actor(d.sec).expect("actor");
    assert!(actor.cell.is_none() && actor.positions.is_empty());
    let (_, after, pages) =
        super::pull_all(&store, d.sec, sotay_model::protocol::Cursor::default());
    assert!(
        after
            .values()
            .all(|r| sotay_server::tree::subject_of(r) == Some(t.sec)),
        "only their own rows: {:?}",
        after.keys().collect::<Vec<_>>()
    );
    assert!(pages.iter().all(|p| p
        .rows
        .iter()
        .all(|r| sotay_server::tree::subject_of(&r.row) == Some(t.sec))));
    let post = pen.new_position(d.dc, t.sec, t.c1, PositionTitle::CommitteeMember);
    match refuse(&store, d.dc, &post) {
        sotay_model::protocol::Outcome::Rejected {
            reason: RejectReason::Invalid(why),
            ..
        } => assert!(why.contains("ra khỏi Đảng"), "{why}"),
        other => panic!("{other:?}"),
    }
}
