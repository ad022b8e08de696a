//! The little province every simulation starts from: one district, one grassroots
//! organisation with two cells, members in both, and the people whose devices take
//! part — a district committee member, the two cell secretaries and plain members —
//! with a meeting per cell and a few tasks.

use sotay_model::entities::{
    Gender, Member, MemberStatus, OrgKind, Organisation, Position, PositionTitle,
};
use sotay_model::ids::Id;
use sotay_model::Change;
use sotay_server::rows;

pub struct World {
    pub orgs: Vec<Organisation>,
    pub cells: [Id; 2],
    pub members: Vec<Member>,
    /// The members whose devices the simulation enrolls, in device order.
    pub device_members: Vec<Id>,
    /// One meeting per cell with its check-in secret (issue 6).
    pub meetings: Vec<super::meetings::SimMeeting>,
    pub changes: Vec<Change>,
}

const NAMES: &[&str] = &[
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Đức",
    "Vũ Thị Hà",
    "Đặng Văn Hùng",
    "Bùi Thị Lan",
    "Đỗ Văn Minh",
    "Ngô Thị Nga",
    "Dương Văn Phúc",
    "Lý Thị Quỳnh",
    "Trịnh Văn Sơn",
    "Đinh Thị Thu",
];

/// Fixed ids keep a seed's trace the same from run to run.
fn id(n: u128) -> Id {
    Id::from_u128(0x5107_0000_0000_0000_0000_0000_0000_0000 | n)
}

pub fn build() -> World {
    let org = |n, name: &str, kind, parent: Option<Id>| Organisation {
        id: id(n),
        name: name.into(),
        kind,
        parent_id: parent,
    };
    let province = org(1, "Đảng bộ tỉnh Thái Bình", OrgKind::Province, None);
    let district = org(
        2,
        "Đảng bộ huyện Vũ Thư",
        OrgKind::District,
        Some(province.id),
    );
    let commune = org(
        3,
        "Đảng bộ xã Tân Hòa",
        OrgKind::Grassroots,
        Some(district.id),
    );
    let cell_a = org(4, "Chi bộ thôn Đông", OrgKind::Cell, Some(commune.id));
    let cell_b = org(5, "Chi bộ thôn Tây", OrgKind::Cell, Some(commune.id));
    let cells = [cell_a.id, cell_b.id];
    let orgs = vec![province, district, commune, cell_a, cell_b];

    let members: Vec<Member> = NAMES
        .iter()
        .enumerate()
        .map(|(i, name)| Member {
            id: id(100 + i as u128),
            full_name: (*name).into(),
            birth_date: format!("19{}-0{}-1{}", 60 + i, 1 + i % 9, i % 10),
            gender: if i % 2 == 0 {
                Gender::Male
            } else {
                Gender::Female
            },
            joined_date: format!("20{:02}-05-19", i),
            official_date: Some(format!("20{:02}-05-19", i + 1)),
            card_no: format!("{:08}", 10_000 + i),
            status: MemberStatus::Full,
            cell_id: if i < 8 { cells[0] } else { cells[1] },
        })
        .collect();

    // Devices: district committee member, also on its inspection committee (member 0), secretaries of A (1) and B (8),
    // plain members of A (2, 3, 4) and of B (9, 10).
    let positions = [
        (0usize, district_id(&orgs), PositionTitle::CommitteeMember),
        (1, cells[0], PositionTitle::Secretary),
        (8, cells[1], PositionTitle::Secretary),
        (0, district_id(&orgs), PositionTitle::InspectionMember),
    ];
    let device_members = [0usize, 1, 8, 2, 3, 4, 9, 10]
        .iter()
        .map(|&i| members[i].id)
        .collect();

    let mut changes = Vec::new();
    let mut n = 10_000u128;
    let mut next = || {
        n += 1;
        id(n)
    };
    for o in &orgs {
        changes.push(rows::organisation_change(next(), o, rows::server_hlc(1)));
    }
    for m in &members {
        changes.push(rows::member_change(next(), m, rows::server_hlc(1)));
    }
    for (i, (member, org, title)) in positions.into_iter().enumerate() {
        let p = Position {
            id: id(500 + i as u128),
            member_id: members[member].id,
            org_id: org,
            title,
        };
        changes.push(rows::position_change(next(), &p, rows::server_hlc(1)));
    }
    let in_cell = |c: Id| {
        members
            .iter()
            .filter(|m| m.cell_id == c)
            .map(|m| m.id)
            .collect()
    };
    let (meetings, meeting_changes) = super::meetings::seed(
        &mut next,
        [
            (cells[0], members[1].id, in_cell(cells[0])),
            (cells[1], members[8].id, in_cell(cells[1])),
        ],
        super::node::START_MS,
    );
    changes.extend(meeting_changes);
    let others =
        |c: Id, sec: Id| -> Vec<Id> { in_cell(c).into_iter().filter(|m| *m != sec).collect() };
    changes.extend(super::tasks::seed(
        &mut next,
        (orgs[1].id, orgs[2].id, members[0].id),
        &[
            (cells[0], members[1].id, others(cells[0], members[1].id)),
            (cells[1], members[8].id, others(cells[1], members[8].id)),
        ],
        super::node::START_MS,
    ));
    changes.extend(super::records::seed(&mut next, orgs[1].id, &members));
    changes.extend(super::inspection::seed(&mut next, orgs[1].id));
    changes.extend(super::exchange::seed(
        &mut next,
        (orgs[1].id, orgs[2].id, members[0].id),
    ));
    World {
        orgs,
        cells,
        members,
        device_members,
        meetings,
        changes,
    }
}

fn district_id(orgs: &[Organisation]) -> Id {
    orgs[1].id
}
