//! A small organisation tree every conformance check starts from, and a pen that
//! writes device changes with fresh ids and increasing stamps.

use serde_json::{json, Value};
use sotay_model::entities::{
    Gender, Member, MemberStatus, OrgKind, Organisation, Position, PositionTitle,
};
use sotay_model::hlc::Hlc;
use sotay_model::ids::{DeviceId, Id};
use sotay_model::protocol::Outcome;
use sotay_model::{Change, Entity};
use sotay_server::rows;
use sotay_server::store::{Store, DEFAULT_CODE_TTL_MS};

/// When the fixture is seeded; device stamps in checks come later.
pub const SEED_MS: u64 = 1_000;

/// ```text
/// P  Đảng bộ tỉnh
/// ├─ D1 Huyện ủy ─ G1 Đảng ủy xã ─┬─ C1 Chi bộ thôn 1: sec (Bí thư), m1, m2
/// │                               └─ C2 Chi bộ thôn 2: dc (Cấp ủy viên of D1), c2m
/// └─ D2 Huyện ủy ─ G2 Đảng ủy xã ─── C3 Chi bộ thôn 3: o
/// ```
#[derive(Clone, Debug)]
pub struct Tree {
    pub p: Id,
    pub d1: Id,
    pub d2: Id,
    pub g1: Id,
    pub g2: Id,
    pub c1: Id,
    pub c2: Id,
    pub c3: Id,
    pub sec: Id,
    pub m1: Id,
    pub m2: Id,
    pub dc: Id,
    pub c2m: Id,
    pub o: Id,
    pub sec_position: Id,
    pub dc_position: Id,
}

/// One enrolled device per fixture member.
#[derive(Clone, Debug)]
pub struct Devices {
    pub sec: DeviceId,
    pub m1: DeviceId,
    pub m2: DeviceId,
    pub dc: DeviceId,
    pub c2m: DeviceId,
    pub o: DeviceId,
}

fn id(n: u128) -> Id {
    Id::from_u128(0x5eed_0000 + n)
}

/// A valid member of `cell` (card number derived from the id).
pub fn member(member_id: Id, name: &str, cell: Id) -> Member {
    Member {
        id: member_id,
        full_name: name.into(),
        birth_date: "1980-05-17".into(),
        gender: Gender::Female,
        joined_date: "2005-03-26".into(),
        official_date: Some("2006-03-26".into()),
        card_no: format!("{:08}", member_id.0.as_u128() % 100_000_000),
        status: MemberStatus::Full,
        cell_id: cell,
    }
}

impl Tree {
    pub fn ids() -> Tree {
        Tree {
            p: id(1),
            d1: id(2),
            d2: id(3),
            g1: id(4),
            g2: id(5),
            c1: id(6),
            c2: id(7),
            c3: id(8),
            sec: id(20),
            m1: id(21),
            m2: id(22),
            dc: id(23),
            c2m: id(24),
            o: id(25),
            sec_position: id(40),
            dc_position: id(41),
        }
    }

    /// Store the tree through `Store::seed`; panics if any row is refused.
    pub fn seed(store: &impl Store) -> Tree {
        let t = Tree::ids();
        let hlc = rows::server_hlc(SEED_MS);
        let org = |oid, name: &str, kind, parent| Organisation {
            id: oid,
            name: name.into(),
            kind,
            parent_id: parent,
        };
        let orgs = [
            org(t.p, "Đảng bộ tỉnh Thái Bình", OrgKind::Province, None),
            org(t.d1, "Đảng bộ huyện Vũ Thư", OrgKind::District, Some(t.p)),
            org(t.d2, "Đảng bộ huyện Tiền Hải", OrgKind::District, Some(t.p)),
            org(t.g1, "Đảng bộ xã Tân Hòa", OrgKind::Grassroots, Some(t.d1)),
            org(t.g2, "Đảng bộ xã Nam Hà", OrgKind::Grassroots, Some(t.d2)),
            org(t.c1, "Chi bộ thôn Hòa Bình", OrgKind::Cell, Some(t.g1)),
            org(t.c2, "Chi bộ thôn Đoàn Kết", OrgKind::Cell, Some(t.g1)),
            org(t.c3, "Chi bộ thôn Nam Hải", OrgKind::Cell, Some(t.g2)),
        ];
        let members = [
            member(t.sec, "Nguyễn Thị Hoa", t.c1),
            member(t.m1, "Trần Văn Minh", t.c1),
            member(t.m2, "Lê Thị Lan", t.c1),
            member(t.dc, "Phạm Đức Thắng", t.c2),
            member(t.c2m, "Vũ Thị Thu", t.c2),
            member(t.o, "Đỗ Văn Nam", t.c3),
        ];
        let positions = [
            Position {
                id: t.sec_position,
                member_id: t.sec,
                org_id: t.c1,
                title: PositionTitle::Secretary,
            },
            Position {
                id: t.dc_position,
                member_id: t.dc,
                org_id: t.d1,
                title: PositionTitle::CommitteeMember,
            },
        ];
        let mut changes: Vec<Change> = Vec::new();
        let mut n = 1000;
        let mut next = || {
            n += 1;
            id(n)
        };
        changes.extend(
            orgs.iter()
                .map(|o| rows::organisation_change(next(), o, hlc)),
        );
        changes.extend(members.iter().map(|m| rows::member_change(next(), m, hlc)));
        changes.extend(
            positions
                .iter()
                .map(|p| rows::position_change(next(), p, hlc)),
        );
        let results = store.seed(&changes, SEED_MS).expect("seed the fixture");
        for r in &results {
            assert!(
                matches!(r.outcome, Outcome::Accepted { .. }),
                "fixture row refused: {r:?}"
            );
        }
        t
    }

    /// Enroll one device for every fixture member.
    pub fn enroll_all(&self, store: &impl Store) -> Devices {
        let dev = |m: Id, name: &str| {
            let code = store
                .create_enroll_code(m, DEFAULT_CODE_TTL_MS, SEED_MS)
                .expect("create a code");
            store
                .enroll(&code, name, SEED_MS)
                .expect("enroll")
                .device_id
        };
        Devices {
            sec: dev(self.sec, "điện thoại bí thư"),
            m1: dev(self.m1, "điện thoại m1"),
            m2: dev(self.m2, "điện thoại m2"),
            dc: dev(self.dc, "máy tính huyện ủy"),
            c2m: dev(self.c2m, "điện thoại c2m"),
            o: dev(self.o, "điện thoại o"),
        }
    }
}

/// Writes device changes: fresh change ids, stamps increasing from 10 000 ms.
#[derive(Debug)]
pub struct Pen {
    next: u128,
    now: u64,
}

impl Default for Pen {
    fn default() -> Self {
        Pen {
            next: 0x0c4a_0000_0000,
            now: 10_000,
        }
    }
}

impl Pen {
    pub fn id(&mut self) -> Id {
        self.next += 1;
        Id::from_u128(self.next)
    }

    pub fn hlc(&mut self, device: DeviceId) -> Hlc {
        self.now += 1;
        Hlc {
            wall_ms: self.now,
            counter: 0,
            node: device,
        }
    }

    pub fn now(&self) -> u64 {
        self.now
    }

    /// Set fields of an existing row, as `device`.
    pub fn edit(
        &mut self,
        device: DeviceId,
        entity: Entity,
        row: Id,
        org: Id,
        fields: Vec<(&str, Value)>,
    ) -> Change {
        let (cid, hlc) = (self.id(), self.hlc(device));
        rows::edit_change(cid, entity, row, org, fields, hlc)
    }

    pub fn delete(&mut self, device: DeviceId, entity: Entity, row: Id, org: Id) -> Change {
        let (cid, hlc) = (self.id(), self.hlc(device));
        rows::delete_change(cid, entity, row, org, hlc)
    }

    /// A cell study material `id` issued by `org`, in force.
    pub fn document(&mut self, device: DeviceId, id: Id, org: Id) -> Change {
        self.edit(
            device,
            Entity::Document,
            id,
            org,
            vec![
                ("kind", json!("cell_study_material")),
                ("number", json!("07-TL/CB")),
                ("title", json!("Tài liệu sinh hoạt chuyên đề")),
                ("org_id", json!(org)),
                ("issuer", json!("Chi bộ")),
                ("issued_on", json!("2025-03-02")),
                ("status", json!("in_force")),
            ],
        )
    }

    pub fn new_member(&mut self, device: DeviceId, name: &str, cell: Id) -> Change {
        let (cid, rid, hlc) = (self.id(), self.id(), self.hlc(device));
        rows::member_change(cid, &member(rid, name, cell), hlc)
    }

    pub fn new_org(&mut self, device: DeviceId, name: &str, kind: OrgKind, parent: Id) -> Change {
        let (cid, rid, hlc) = (self.id(), self.id(), self.hlc(device));
        let org = Organisation {
            id: rid,
            name: name.into(),
            kind,
            parent_id: Some(parent),
        };
        rows::organisation_change(cid, &org, hlc)
    }

    pub fn new_position(
        &mut self,
        device: DeviceId,
        member: Id,
        org: Id,
        title: PositionTitle,
    ) -> Change {
        let (cid, rid, hlc) = (self.id(), self.id(), self.hlc(device));
        rows::position_change(
            cid,
            &Position {
                id: rid,
                member_id: member,
                org_id: org,
                title,
            },
            hlc,
        )
    }
}
