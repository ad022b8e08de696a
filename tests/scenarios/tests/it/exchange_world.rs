//! A province of two districts on a real server (axum on 127.0.0.1:0, SQLite file,
//! its clock held at [`T0`]) and enrolled phones, for the information exchange
//! scenarios (issue 16). Nothing waits on time: phones sync when a test says so.
//!
//! ```text
//! P  Đảng bộ tỉnh ─┬─ D1 Huyện Vũ Thư ─ G1 Xã Tân Hòa ─┬─ C1 Thôn Hòa Bình
//!                  │                                  └─ C2 Thôn Đoàn Kết
//!                  └─ D2 Huyện Tiền Hải ─ G2 Xã Nam Hà ── C3 Thôn Nam Hải
//! ```
//! Each cell has [`PER_CELL`] members (the first three of each with a phone), one who
//! left the Party; the officers below sit in cells too.

#![allow(dead_code)]

use sotay_conformance::fixture;
use sotay_model::api::{requests, Call, Request};
use sotay_model::entities::{MemberStatus, OrgKind, Organisation, Position, PositionTitle};
use sotay_model::protocol::Outcome;
use sotay_model::{Id, RowState};
use sotay_replica::{Replica, SeededEnv};
use sotay_server::{rows, SqliteStore, Store};
use std::collections::HashMap;
use std::sync::Arc;

/// 1 December 2026, 09:00 in Hà Nội.
pub const T0: u64 = 1_796_090_400_000;
pub const PER_CELL: usize = 5;

pub struct Member {
    pub id: Id,
    pub name: String,
    pub cell: Id,
    pub active: bool,
}

pub struct World {
    pub url: String,
    pub dir: tempfile::TempDir,
    pub store: Arc<SqliteStore>,
    pub p: Id,
    pub d1: Id,
    pub d2: Id,
    pub g1: Id,
    pub g2: Id,
    pub c1: Id,
    pub c2: Id,
    pub c3: Id,
    pub parent: HashMap<Id, Id>,
    pub names: HashMap<Id, String>,
    /// Every member, officers included.
    pub members: Vec<Member>,
    /// Committee member of the province (sits in C1).
    pub province: Id,
    /// Committee members of D1 (sits in C2) and D2 (sits in C3).
    pub district1: Id,
    pub district2: Id,
    /// Secretary of G1 (sits in C1) and of C1.
    pub commune1: Id,
    pub cell1: Id,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for World {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

pub struct Phone {
    pub replica: Replica,
    pub member: Id,
    pub name: String,
    _home: tempfile::TempDir,
}

fn id(n: u128) -> Id {
    Id::from_u128(0xe8c4_0000_0000 + n)
}

const GIVEN: [&str; 8] = ["An", "Bình", "Cúc", "Dũng", "Giang", "Hà", "Khánh", "Lan"];

impl World {
    pub async fn start() -> World {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Arc::new(SqliteStore::open(dir.path().join("sotay.db")).expect("store"));
        let (p, d1, d2, g1, g2, c1, c2, c3) =
            (id(1), id(2), id(3), id(4), id(5), id(6), id(7), id(8));
        let tree = [
            (p, "Đảng bộ tỉnh Thái Bình", OrgKind::Province, None),
            (d1, "Đảng bộ huyện Vũ Thư", OrgKind::District, Some(p)),
            (d2, "Đảng bộ huyện Tiền Hải", OrgKind::District, Some(p)),
            (g1, "Đảng bộ xã Tân Hòa", OrgKind::Grassroots, Some(d1)),
            (g2, "Đảng bộ xã Nam Hà", OrgKind::Grassroots, Some(d2)),
            (c1, "Chi bộ thôn Hòa Bình", OrgKind::Cell, Some(g1)),
            (c2, "Chi bộ thôn Đoàn Kết", OrgKind::Cell, Some(g1)),
            (c3, "Chi bộ thôn Nam Hải", OrgKind::Cell, Some(g2)),
        ];
        let hlc = rows::server_hlc(1_000);
        let mut changes = Vec::new();
        let mut next = 100u128;
        let mut change_id = || {
            next += 1;
            id(next)
        };
        let (mut parent, mut names) = (HashMap::new(), HashMap::new());
        for (oid, name, kind, up) in tree {
            let org = Organisation {
                id: oid,
                name: name.into(),
                kind,
                parent_id: up,
            };
            changes.push(rows::organisation_change(change_id(), &org, hlc));
            names.insert(oid, name.to_string());
            if let Some(up) = up {
                parent.insert(oid, up);
            }
        }
        let mut members = Vec::new();
        for (k, cell) in [c1, c2, c3].into_iter().enumerate() {
            for (n, given) in GIVEN.iter().enumerate().take(PER_CELL) {
                let m = id(1_000 + (k * 100 + n) as u128);
                let name = format!(
                    "{} {} {}",
                    ["Nguyễn Văn", "Trần Thị", "Lê Đức"][k],
                    given,
                    k + 1
                );
                let mut row = fixture::member(m, &name, cell);
                // The last of each cell left the Party: no longer a recipient.
                let active = n + 1 < PER_CELL;
                if !active {
                    row.status = MemberStatus::Left;
                }
                changes.push(rows::member_change(change_id(), &row, hlc));
                members.push(Member {
                    id: m,
                    name,
                    cell,
                    active,
                });
            }
        }
        let officers = [
            (
                id(900),
                "Phạm Quang Tỉnh",
                c1,
                p,
                PositionTitle::CommitteeMember,
            ),
            (
                id(901),
                "Vũ Thị Huyện",
                c2,
                d1,
                PositionTitle::CommitteeMember,
            ),
            (
                id(902),
                "Đặng Văn Hải",
                c3,
                d2,
                PositionTitle::CommitteeMember,
            ),
            (id(903), "Hoàng Thị Xã", c1, g1, PositionTitle::Secretary),
            (id(904), "Bùi Văn Thôn", c1, c1, PositionTitle::Secretary),
        ];
        for (n, (m, name, cell, org, title)) in officers.into_iter().enumerate() {
            changes.push(rows::member_change(
                change_id(),
                &fixture::member(m, name, cell),
                hlc,
            ));
            let post = Position {
                id: id(950 + n as u128),
                member_id: m,
                org_id: org,
                title,
            };
            changes.push(rows::position_change(change_id(), &post, hlc));
            members.push(Member {
                id: m,
                name: name.into(),
                cell,
                active: true,
            });
        }
        for r in store.seed(&changes, 1_000).expect("seed") {
            assert!(matches!(r.outcome, Outcome::Accepted { .. }), "{r:?}");
        }
        let (url, tx) = crate::common::serve_seeded(store.clone(), Arc::new(|| T0)).await;
        World {
            url,
            dir,
            store,
            p,
            d1,
            d2,
            g1,
            g2,
            c1,
            c2,
            c3,
            parent,
            names,
            members,
            province: id(900),
            district1: id(901),
            district2: id(902),
            commune1: id(903),
            cell1: id(904),
            stop: Some(tx),
        }
    }

    /// The members of `cell` who have a phone in the scenarios: its first three.
    pub fn with_phones(&self, cell: Id) -> Vec<Id> {
        self.members
            .iter()
            .filter(|m| m.cell == cell && m.active)
            .take(3)
            .map(|m| m.id)
            .collect()
    }

    /// `org` and the organisations above it, nearest first.
    pub fn chain(&self, org: Id) -> Vec<Id> {
        let mut out = vec![org];
        while let Some(up) = self.parent.get(out.last().expect("one")) {
            out.push(*up);
        }
        out
    }

    /// A phone of `member`, enrolled and synced, its clock at [`T0`].
    pub async fn phone(&self, member: Id, name: &str) -> Phone {
        let home = tempfile::tempdir().expect("home");
        let seed = member.0.as_u128() as u64 ^ name.len() as u64;
        let env = Arc::new(SeededEnv::new(seed, T0));
        let replica = crate::common::enrolled_replica(
            &self.store,
            &self.url,
            home.path(),
            env,
            (member, name),
            T0,
        )
        .await;
        let p = Phone {
            replica,
            member,
            name: name.into(),
            _home: home,
        };
        p.sync().await;
        p
    }

    /// The live rows of an entity in the server's database file.
    pub fn server_rows(&self, entity: &str) -> Vec<RowState> {
        crate::common::server_rows_in(&self.dir.path().join("sotay.db"), entity)
    }
}

impl Phone {
    pub async fn sync(&self) {
        self.replica
            .call(Request::SyncNow(requests::SyncNow))
            .await
            .unwrap_or_else(|e| panic!("{} syncs: {e:?}", self.name));
    }

    pub async fn ask<C: Call>(&self, req: C) -> C::Answer {
        let tag = C::TAG;
        self.replica
            .ask(req)
            .await
            .unwrap_or_else(|e| panic!("{} asks {tag}: {e:?}", self.name))
    }

    /// Every row this phone's database holds, deleted ones included.
    pub fn rows(&self) -> Vec<RowState> {
        self.replica.db().all_rows().expect("rows")
    }

    /// Whether any row or pending change on this phone holds `text`.
    pub fn holds_text(&self, text: &str) -> bool {
        let db = self.replica.db();
        let in_rows = db
            .all_rows()
            .expect("rows")
            .iter()
            .any(|r| serde_json::to_string(r).expect("json").contains(text));
        let in_outbox = db
            .pending_changes()
            .expect("outbox")
            .iter()
            .any(|c| serde_json::to_string(c).expect("json").contains(text));
        in_rows || in_outbox
    }

    /// The Vietnamese messages of the changes the server refused.
    pub async fn rejections(&self) -> Vec<String> {
        self.ask(requests::ListRejected)
            .await
            .into_iter()
            .map(|r| r.message)
            .collect()
    }
}
