//! A cell of 40 members on a real server (axum on 127.0.0.1:0, SQLite file) with
//! enrolled replicas, each with its own manual clock, for the meeting scenarios.
//! Nothing waits on time: devices sync when a test says so.

#![allow(dead_code)]

use sotay_conformance::fixture;
use sotay_model::api::{requests, ApiError, Request, Response};
use sotay_model::entities::{OrgKind, Organisation, Position, PositionTitle};
use sotay_model::meetings::{reconcile, AttendanceList, AttendanceMark, CheckIn, Meeting};
use sotay_model::protocol::Outcome;
use sotay_model::{Id, RowState};
use sotay_replica::{Replica, SeededEnv};
use sotay_server::{rows, SqliteStore, Store};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

pub const MEMBERS: usize = 40;

pub struct Cell {
    pub url: String,
    pub store: Arc<SqliteStore>,
    pub dir: tempfile::TempDir,
    pub province: Id,
    pub grassroots: Id,
    pub cell: Id,
    /// `members[0]` is the secretary, `members[1]` the deputy secretary.
    pub members: Vec<Id>,
    /// A committee member of the grassroots organisation above the cell.
    pub above: Id,
    /// The server's clock (Unix ms), 0 for the real time: see [`Cell::server_at`].
    pub server_clock: Arc<AtomicU64>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Cell {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

pub struct Device {
    pub replica: Replica,
    pub env: Arc<SeededEnv>,
    pub member: Id,
    pub name: String,
    _home: tempfile::TempDir,
}

pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

const GIVEN: [&str; 10] = [
    "An", "Bình", "Cúc", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga",
];
const FAMILY: [&str; 4] = ["Nguyễn Văn", "Trần Thị", "Lê Đức", "Phạm Thị"];

impl Cell {
    pub async fn start() -> Cell {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Arc::new(SqliteStore::open(dir.path().join("sotay.db")).expect("store"));
        let id = |n: u128| Id::from_u128(0xce11_0000_0000 + n);
        let (province, district, grassroots, cell) = (id(1), id(2), id(3), id(4));
        let hlc = rows::server_hlc(1_000);
        let mut changes = Vec::new();
        let tree = [
            (province, "Đảng bộ tỉnh Thái Bình", OrgKind::Province, None),
            (
                district,
                "Đảng bộ huyện Kiến Xương",
                OrgKind::District,
                Some(province),
            ),
            (
                grassroots,
                "Đảng bộ xã Quang Trung",
                OrgKind::Grassroots,
                Some(district),
            ),
            (cell, "Chi bộ thôn Đông", OrgKind::Cell, Some(grassroots)),
        ];
        for (n, (oid, name, kind, parent)) in tree.into_iter().enumerate() {
            let org = Organisation {
                id: oid,
                name: name.into(),
                kind,
                parent_id: parent,
            };
            changes.push(rows::organisation_change(id(100 + n as u128), &org, hlc));
        }
        let members: Vec<Id> = (0..MEMBERS as u128).map(|n| id(1_000 + n)).collect();
        for (n, &m) in members.iter().enumerate() {
            let name = format!("{} {} {}", FAMILY[n % 4], GIVEN[n % 10], n);
            changes.push(rows::member_change(
                id(2_000 + n as u128),
                &fixture::member(m, &name, cell),
                hlc,
            ));
        }
        let above = id(1_999);
        changes.push(rows::member_change(
            id(2_999),
            &fixture::member(above, "Đỗ Thị Hằng", cell),
            hlc,
        ));
        let positions = [
            (members[0], cell, PositionTitle::Secretary),
            (members[1], cell, PositionTitle::DeputySecretary),
            (above, grassroots, PositionTitle::CommitteeMember),
        ];
        for (n, (member_id, org_id, title)) in positions.into_iter().enumerate() {
            let p = Position {
                id: id(3_000 + n as u128),
                member_id,
                org_id,
                title,
            };
            changes.push(rows::position_change(id(3_100 + n as u128), &p, hlc));
        }
        for r in store.seed(&changes, 1_000).expect("seed") {
            assert!(matches!(r.outcome, Outcome::Accepted { .. }), "{r:?}");
        }
        let server_clock = Arc::new(AtomicU64::new(0));
        let clock = server_clock.clone();
        let (url, tx) = crate::common::serve_seeded(
            store.clone(),
            Arc::new(move || match clock.load(Ordering::Relaxed) {
                0 => now_ms(),
                set => set,
            }),
        )
        .await;
        Cell {
            url,
            store,
            dir,
            province,
            grassroots,
            cell,
            members,
            above,
            server_clock,
            stop: Some(tx),
        }
    }

    /// Set the server's clock (Unix ms). The server refuses stamps ahead of it and
    /// check-ins reaching it after their meeting's deadline (issue 12), and replicas
    /// set their clocks by it: a scene that moves its devices' clocks moves this too.
    pub fn server_at(&self, ms: u64) {
        self.server_clock.store(ms, Ordering::Relaxed);
    }

    fn server_now(&self) -> u64 {
        match self.server_clock.load(Ordering::Relaxed) {
            0 => now_ms(),
            set => set,
        }
    }

    /// A device of `member`, enrolled and synced, its clock at `clock_ms`.
    pub async fn device(&self, member: Id, name: &str, clock_ms: u64) -> Device {
        let home = tempfile::tempdir().expect("home");
        let env = Arc::new(SeededEnv::new(member.0.as_u128() as u64, clock_ms));
        let replica = crate::common::enrolled_replica(
            &self.store,
            &self.url,
            home.path(),
            env.clone(),
            (member, name),
            self.server_now(),
        )
        .await;
        let d = Device {
            replica,
            env,
            member,
            name: name.into(),
            _home: home,
        };
        d.sync().await;
        d
    }

    /// The live rows of an entity in the server's database file.
    pub fn server_rows(&self, entity: &str) -> Vec<RowState> {
        crate::common::server_rows_in(&self.dir.path().join("sotay.db"), entity)
    }

    /// The server's attendance list of a meeting, by the model's rule over its rows.
    pub fn server_attendance(&self, meeting: Id) -> AttendanceList {
        let m = self
            .server_rows("meeting")
            .iter()
            .find(|r| r.row_id == meeting)
            .and_then(|r| Meeting::from_row(r).ok())
            .expect("the server holds the meeting");
        let ins: Vec<CheckIn> = self
            .server_rows("check_in")
            .iter()
            .filter_map(|r| CheckIn::from_row(r).ok())
            .collect();
        let marks: Vec<AttendanceMark> = self
            .server_rows("attendance_mark")
            .iter()
            .filter_map(|r| AttendanceMark::from_row(r).ok())
            .collect();
        reconcile(&m, &ins, &marks)
    }
}

impl Device {
    /// This device's credential, as it sends it to the server.
    pub fn credential(&self) -> String {
        self.identity().credential
    }

    pub fn device_id(&self) -> Id {
        self.identity().device_id
    }

    fn identity(&self) -> sotay_replica::Identity {
        self.replica
            .db()
            .identity()
            .expect("identity")
            .expect("enrolled")
    }

    /// Push one change straight to the server with this device's own credential, as
    /// a forging client would: the server's answer for that change.
    pub async fn push_raw(&self, server_url: &str, change: sotay_model::Change) -> Outcome {
        let resp: sotay_model::protocol::PushResponse = reqwest::Client::new()
            .post(format!("{server_url}/v1/push"))
            .bearer_auth(self.credential())
            .json(&sotay_model::protocol::PushRequest {
                protocol: sotay_model::protocol::PROTOCOL_VERSION,
                changes: vec![change],
            })
            .send()
            .await
            .expect("push")
            .json()
            .await
            .expect("answer");
        resp.results.into_iter().next().expect("one result").outcome
    }

    pub async fn call(&self, req: Request) -> Result<Response, ApiError> {
        self.replica.call(req).await
    }

    /// The device's home folder (its database file and sealed files).
    pub fn home(&self) -> &std::path::Path {
        self._home.path()
    }

    pub async fn sync(&self) {
        self.call(Request::SyncNow(requests::SyncNow))
            .await
            .expect("sync");
    }

    pub fn at(&self, ms: u64) -> &Self {
        self.env.set_now(ms);
        self
    }

    pub async fn created(&self, req: Request) -> Id {
        match self.call(req).await.expect("local write") {
            Response::Created { id } => id,
            other => panic!("{}: unexpected {other:?}", self.name),
        }
    }

    pub async fn attendance(&self, meeting: Id) -> AttendanceList {
        match self
            .call(Request::GetAttendance(requests::GetAttendance {
                meeting_id: meeting,
            }))
            .await
            .expect("attendance")
        {
            Response::Attendance { attendance } => attendance,
            other => panic!("unexpected {other:?}"),
        }
    }

    pub async fn code(&self, meeting: Id) -> String {
        match self
            .call(Request::ShowCheckInCode(requests::ShowCheckInCode {
                meeting_id: meeting,
            }))
            .await
            .expect("code")
        {
            Response::CheckInCode(c) => {
                assert!(c.qr_svg.starts_with("<?xml") || c.qr_svg.contains("<svg"));
                c.code
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    /// The Vietnamese messages of the changes the server refused.
    pub async fn rejections(&self) -> Vec<String> {
        match self
            .call(Request::ListRejected(requests::ListRejected))
            .await
            .expect("rejected")
        {
            Response::Rejected { rejected } => rejected.into_iter().map(|r| r.message).collect(),
            other => panic!("unexpected {other:?}"),
        }
    }
}
