//! Demo data: Đảng bộ tỉnh Thái Bình with its 8 district-level organisations, a few
//! grassroots organisations, sections and cells in each, about 500 members with
//! consistent dates and committee positions, and one-time enrollment codes for a few
//! people to try the app as. Deterministic from a fixed seed (and the given time).

mod dues;
mod evaluation;
mod exchange;
mod generate;
mod inspection;
mod library;
mod meetings;
mod names;
mod places;
mod schedule;
mod tasks;
mod transfers;

pub use exchange::ExchangeReport;
pub use generate::{generate, GenCell, GenOptions, GenReport};

use crate::rows::{member_change, organisation_change, position_change, server_hlc};
use crate::store::{Store, DEFAULT_CODE_TTL_MS};
use crate::StoreError;
use names::{DISTRICTS, FAMILY, GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE, SECTIONS};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sotay_model::entities::{
    Gender, Member, MemberStatus, OrgKind, Organisation, Position, PositionTitle,
};
use sotay_model::ids::Id;
use sotay_model::protocol::Outcome;
use sotay_model::Change;
use std::collections::{BTreeSet, HashSet};

const SEED: u64 = 0x7a1_b1a4;

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(
        "cơ sở dữ liệu đã có dữ liệu; dữ liệu mẫu chỉ được tạo trong một thư mục dữ liệu trống"
    )]
    NotEmpty,
    #[error("máy chủ từ chối dữ liệu mẫu: {0}")]
    Refused(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A person to try the app as, and their fresh one-time code.
#[derive(Clone, Debug, PartialEq)]
pub struct EnrollLine {
    /// `province_officer`, `cell_secretary`, `member` or `other_member`.
    pub role: &'static str,
    pub member_id: Id,
    pub card_no: String,
    pub code: String,
}

impl std::fmt::Display for EnrollLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "enroll: {} {} {}", self.role, self.card_no, self.code)
    }
}

/// What was seeded.
#[derive(Clone, Debug, PartialEq)]
pub struct DemoReport {
    pub province: Id,
    pub districts: usize,
    pub grassroots: usize,
    pub sections: usize,
    pub cells: usize,
    pub members: usize,
    pub positions: usize,
    /// In order: province_officer, cell_secretary, member, member, other_member.
    pub enroll: Vec<EnrollLine>,
    /// Announcements, discussion, questions and opinions seeded (issue 16).
    pub exchange: ExchangeReport,
}

struct Builder {
    rng: StdRng,
    now_ms: u64,
    changes: Vec<Change>,
    cards: HashSet<String>,
    /// Members who hold a position, so "plain" people can be picked for the codes.
    officers: HashSet<Id>,
    members: Vec<Member>,
    positions: usize,
    /// (organisation, its parent), as made.
    parents: Vec<(Id, Id)>,
    /// (member, organisation, title) of every post, as made.
    posts: Vec<(Id, Id, PositionTitle)>,
}

fn date(y: u32, m: u32, d: u32) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

impl Builder {
    fn new(rng: StdRng, now_ms: u64) -> Builder {
        Builder {
            rng,
            now_ms,
            changes: Vec::new(),
            cards: HashSet::new(),
            officers: HashSet::new(),
            members: Vec::new(),
            positions: 0,
            parents: Vec::new(),
            posts: Vec::new(),
        }
    }

    fn id(&mut self) -> Id {
        Id::v7(self.now_ms, self.rng.gen())
    }

    fn org(&mut self, name: &str, kind: OrgKind, parent: Option<Id>) -> Id {
        let org = Organisation {
            id: self.id(),
            name: name.into(),
            kind,
            parent_id: parent,
        };
        let cid = self.id();
        self.changes
            .push(organisation_change(cid, &org, server_hlc(self.now_ms)));
        if let Some(p) = parent {
            self.parents.push((org.id, p));
        }
        org.id
    }

    fn name(&mut self, gender: Gender) -> String {
        let family = FAMILY
            .choose_weighted(&mut self.rng, |f| f.1)
            .map(|f| f.0)
            .unwrap_or("Nguyễn");
        let (middle, given) = match gender {
            Gender::Male => (MIDDLE_MALE, GIVEN_MALE),
            Gender::Female => (MIDDLE_FEMALE, GIVEN_FEMALE),
        };
        let m = middle.choose(&mut self.rng).copied().unwrap_or("Văn");
        let g = given.choose(&mut self.rng).copied().unwrap_or("An");
        format!("{family} {m} {g}")
    }

    fn card(&mut self) -> String {
        loop {
            let c = format!("{:08}", self.rng.gen_range(10_000_000..100_000_000u32));
            if self.cards.insert(c.clone()) {
                return c;
            }
        }
    }

    /// A member with dates that agree: joined at 19 or later; official a year after
    /// joining, except the few who joined in 2026 and are still probationary.
    fn member(&mut self, cell: Id) -> Id {
        let gender = if self.rng.gen_bool(0.55) {
            Gender::Male
        } else {
            Gender::Female
        };
        let by = self.rng.gen_range(1950..=2003);
        let probationary = by >= 1985 && self.rng.gen_bool(0.12);
        let (jy, jm) = if probationary {
            (2026, self.rng.gen_range(1..=10))
        } else {
            (
                self.rng.gen_range(by + 19..=(by + 45).min(2024)),
                self.rng.gen_range(1..=12),
            )
        };
        let jd = self.rng.gen_range(1..=28);
        let m = Member {
            id: self.id(),
            full_name: self.name(gender),
            birth_date: date(by, self.rng.gen_range(1..=12), self.rng.gen_range(1..=28)),
            gender,
            joined_date: date(jy, jm, jd),
            official_date: (!probationary).then(|| date(jy + 1, jm, jd)),
            card_no: self.card(),
            status: if probationary {
                MemberStatus::Probationary
            } else {
                MemberStatus::Full
            },
            cell_id: cell,
        };
        let cid = self.id();
        self.changes
            .push(member_change(cid, &m, server_hlc(self.now_ms)));
        let id = m.id;
        self.members.push(m);
        id
    }

    fn position(&mut self, member: Id, org: Id, title: PositionTitle) {
        let p = Position {
            id: self.id(),
            member_id: member,
            org_id: org,
            title,
        };
        let cid = self.id();
        self.changes
            .push(position_change(cid, &p, server_hlc(self.now_ms)));
        self.officers.insert(member);
        self.positions += 1;
        self.posts.push((member, org, title));
    }
}

/// The members of each cell, in the order made.
struct Cell {
    id: Id,
    district: usize,
    members: Vec<Id>,
}

/// Seed the demo into an empty store and create the enrollment codes (valid 7 days).
pub fn seed_demo(store: &dyn Store, now_ms: u64) -> Result<DemoReport, DemoError> {
    if !store.is_empty()? {
        return Err(DemoError::NotEmpty);
    }
    let mut b = Builder {
        rng: StdRng::seed_from_u64(SEED),
        now_ms,
        changes: Vec::new(),
        cards: HashSet::new(),
        officers: HashSet::new(),
        members: Vec::new(),
        positions: 0,
        parents: Vec::new(),
        posts: Vec::new(),
    };
    let province = b.org("Đảng bộ tỉnh Thái Bình", OrgKind::Province, None);
    let mut cells: Vec<Cell> = Vec::new();
    // Per grassroots: (id, district index, cells index range).
    let mut grassroots: Vec<(Id, usize, Vec<usize>)> = Vec::new();
    let mut districts = Vec::new();
    let mut sections = 0;
    for (di, (dname, gs)) in DISTRICTS.iter().enumerate() {
        let d = b.org(dname, OrgKind::District, Some(province));
        districts.push(d);
        for (gi, gr) in gs.iter().enumerate() {
            let gid = b.org(gr.name, OrgKind::Grassroots, Some(d));
            let mut mine = Vec::new();
            let mut parents: Vec<(Id, &[&str])> = vec![(gid, gr.cells)];
            for &(sd, sg, sname, scells) in SECTIONS {
                if (sd, sg) == (di, gi) {
                    let sid = b.org(sname, OrgKind::Section, Some(gid));
                    sections += 1;
                    parents.push((sid, scells));
                }
            }
            for (parent, names) in parents {
                for cname in names {
                    let cid = b.org(cname, OrgKind::Cell, Some(parent));
                    let n = b.rng.gen_range(6..=12);
                    let members = (0..n).map(|_| b.member(cid)).collect();
                    mine.push(cells.len());
                    cells.push(Cell {
                        id: cid,
                        district: di,
                        members,
                    });
                }
            }
            grassroots.push((gid, di, mine));
        }
    }
    use PositionTitle::*;
    // Each cell: its secretary and deputy are its first two members.
    for c in &cells {
        b.position(c.members[0], c.id, Secretary);
        b.position(c.members[1], c.id, DeputySecretary);
    }
    // Grassroots committees come from the third and fourth members of their cells.
    for (gid, _, idx) in &grassroots {
        let pick = |k: usize, nth: usize| cells[idx[k % idx.len()]].members[nth];
        b.position(pick(0, 2), *gid, Secretary);
        b.position(pick(1, 2), *gid, DeputySecretary);
        b.position(pick(0, 3), *gid, CommitteeMember);
    }
    // District committees: the fifth members of cells in the district.
    for (di, d) in districts.iter().enumerate() {
        let pool: Vec<Id> = cells
            .iter()
            .filter(|c| c.district == di)
            .map(|c| c.members[4])
            .collect();
        for (title, k) in [
            (Secretary, 0),
            (DeputySecretary, 1),
            (CommitteeMember, 2),
            (CommitteeMember, 3),
            (OfficeStaff, 4),
        ] {
            if let Some(m) = pool.get(k) {
                b.position(*m, *d, title);
            }
        }
    }
    // The provincial committee: sixth members of the city's cells.
    let city: Vec<Id> = cells
        .iter()
        .filter(|c| c.district == 0)
        .map(|c| c.members[5])
        .collect();
    let provincial = [
        Secretary,
        DeputySecretary,
        DeputySecretary,
        CommitteeMember,
        CommitteeMember,
        CommitteeMember,
        OfficeStaff,
    ];
    for (m, title) in city.iter().zip(provincial) {
        b.position(*m, province, title);
    }
    let officer = city
        .get(3)
        .copied()
        .ok_or_else(|| DemoError::Refused("thiếu cán bộ tỉnh".into()))?;

    let results = store.seed(&b.changes, now_ms)?;
    if let Some(r) = results
        .iter()
        .find(|r| !matches!(r.outcome, Outcome::Accepted { .. }))
    {
        return Err(DemoError::Refused(format!("{:?}", r.outcome)));
    }

    // People to try: a secretary of a cell in Vũ Thư, two plain members of that cell,
    // and a plain member of a cell in Tiền Hải.
    let plain = |c: &Cell| -> Vec<Id> {
        c.members
            .iter()
            .copied()
            .filter(|m| !b.officers.contains(m))
            .collect()
    };
    // (A cell's first member holds only the cell secretary's post.)
    let cell = cells
        .iter()
        .find(|c| c.district == 7 && plain(c).len() >= 2)
        .ok_or_else(|| DemoError::Refused("không chọn được chi bộ mẫu".into()))?;
    let other = cells
        .iter()
        .find(|c| c.district == 6 && !plain(c).is_empty())
        .ok_or_else(|| DemoError::Refused("không chọn được chi bộ thứ hai".into()))?;
    let cell_plain = plain(cell);
    let held = meetings::seed(store, &mut b.rng, now_ms, cell.id, &cell.members)?;
    let demo_tree = tasks::DemoTree {
        province,
        province_officer: officer,
        cell: cell.id,
        cell_members: cell_plain.clone(),
        parents: &b.parents,
        posts: &b.posts,
        held,
    };
    tasks::seed(
        store,
        &mut StdRng::seed_from_u64(SEED ^ 0x7a5c),
        now_ms,
        &demo_tree,
    )?;
    let people = schedule::DemoPeople {
        province,
        province_officer: officer,
        cell: cell.id,
        cell_secretary: cell.members[0],
        member: cell_plain[0],
    };
    schedule::seed(
        store,
        &mut StdRng::seed_from_u64(SEED ^ 0x5c4e),
        now_ms,
        &people,
    )?;
    let dues = dues::DemoDues {
        province,
        cells: &cells,
        members: &b.members,
        parents: &b.parents,
    };
    dues::seed(
        store,
        &mut StdRng::seed_from_u64(SEED ^ 0xd0e5),
        now_ms,
        &dues,
    )?;
    let evaluation = evaluation::DemoEvaluation {
        cells: &cells,
        members: &b.members,
        grassroots: &grassroots,
        districts: &districts,
        posts: &b.posts,
    };
    evaluation::seed(
        store,
        &mut StdRng::seed_from_u64(SEED ^ 0xe7a1),
        now_ms,
        &evaluation,
    )?;
    let exchange = exchange::DemoExchange {
        province,
        province_officer: officer,
        cell,
        cells: &cells,
        parents: &b.parents,
        posts: &b.posts,
        plain: &cell_plain,
    };
    let exchange = exchange::seed(
        store,
        &mut StdRng::seed_from_u64(SEED ^ 0xec5a),
        now_ms,
        &exchange,
    )?;
    library::seed(
        store,
        now_ms,
        (province, cell, &cells, &b.parents),
        &cell_plain,
    )?;
    // Transfers into the demo cell from cells of two other districts (issue 19).
    let source = |district: usize| {
        cells
            .iter()
            .find(|c| c.district == district && c.id != other.id && !plain(c).is_empty())
            .map(|c| (c.id, c.members[0], plain(c)[0]))
            .ok_or_else(|| DemoError::Refused("không chọn được chi bộ chuyển đi".into()))
    };
    let moves = transfers::DemoTransfers {
        cell: cell.id,
        secretary: cell.members[0],
        from: [source(4)?, source(5)?],
        members: &b.members,
    };
    transfers::seed(store, now_ms, &moves)?;
    // Inspection and discipline this year (issue 17), around the demo cell.
    let inspection = inspection::DemoInspection {
        cell: cell.id,
        other_cell: other.id,
        plain: &cell_plain,
        cells: &cells,
        parents: &b.parents,
        posts: &b.posts,
    };
    inspection::seed(
        store,
        &mut StdRng::seed_from_u64(SEED ^ 0x15bc),
        now_ms,
        &inspection,
    )?;
    let picks = [
        ("province_officer", officer),
        ("cell_secretary", cell.members[0]),
        ("member", cell_plain[0]),
        ("member", cell_plain[1]),
        ("other_member", plain(other)[0]),
    ];
    let mut enroll = Vec::new();
    for (role, member_id) in picks {
        let card_no = b
            .members
            .iter()
            .find(|m| m.id == member_id)
            .map(|m| m.card_no.clone())
            .unwrap_or_default();
        let code = store.create_enroll_code(member_id, DEFAULT_CODE_TTL_MS, now_ms)?;
        enroll.push(EnrollLine {
            role,
            member_id,
            card_no,
            code,
        });
    }
    let distinct: BTreeSet<Id> = enroll.iter().map(|e| e.member_id).collect();
    debug_assert_eq!(distinct.len(), enroll.len());
    Ok(DemoReport {
        province,
        districts: districts.len(),
        grassroots: grassroots.len(),
        sections,
        cells: cells.len(),
        members: b.members.len(),
        positions: b.positions,
        enroll,
        exchange,
    })
}
