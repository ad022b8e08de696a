//! A province-sized data set (`sotay-server generate`, `cargo xtask gen`): Thái Bình's
//! 8 district-level organisations, communes, wards and agencies as grassroots
//! organisations, their cells, and `members` members with the demo's names, dates and
//! committee positions, plus `years` of history (transfers between cells). Everything
//! is stored through one `Store::seed` call (one transaction). Deterministic for a seed.
//!
//! Meetings, tasks, documents and announcements are not entities yet, so they are not
//! generated.

use super::names::DISTRICTS;
use super::places::{
    commune_prefix, AGENCIES, COMMUNE_CELLS, COMMUNE_FIRST, COMMUNE_SECOND, DISTRICT_WEIGHT,
    VILLAGE,
};
use super::{Builder, DemoError, EnrollLine};
use crate::rows::{edit_change, server_hlc};
use crate::store::{Store, DEFAULT_CODE_TTL_MS};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::json;
use sotay_model::entities::{OrgKind, PositionTitle};
use sotay_model::ids::Id;
use sotay_model::protocol::Outcome;
use sotay_model::Entity;
use std::collections::{HashMap, HashSet};

/// The data set's clock: history ends on 1 January 2026 (fixed, for determinism).
const END_MS: u64 = 1_767_225_600_000;
const YEAR_MS: u64 = 365 * 24 * 3600 * 1000;
/// Average members per cell (Thái Bình: about 100,000 members in 4,000 cells).
const PER_CELL: usize = 25;
/// Cells per grassroots organisation, on average.
const CELLS_PER_GRASSROOTS: usize = 11;

#[derive(Clone, Debug)]
pub struct GenOptions {
    pub members: usize,
    pub years: u32,
    pub seed: u64,
    /// When the enrollment codes are issued (they are valid 7 days from it).
    pub codes_at_ms: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GenReport {
    pub districts: usize,
    pub grassroots: usize,
    pub sections: usize,
    pub cells: usize,
    pub members: usize,
    pub positions: usize,
    /// Member transfers in the years of history.
    pub transfers: usize,
    /// Changes seeded in all (every one accepted).
    pub changes: usize,
    /// province_officer, district_officer, grassroots_secretary, cell_secretary, member.
    pub enroll: Vec<EnrollLine>,
    /// Every cell with its members now, the secretary first (for load tests).
    pub cell_members: Vec<GenCell>,
}

/// A generated cell: `members[0]` is its secretary.
#[derive(Clone, Debug, PartialEq)]
pub struct GenCell {
    pub id: Id,
    pub members: Vec<Id>,
}

struct Cell {
    id: Id,
    grassroots: usize,
    members: Vec<Id>,
}

/// Split `total` into parts proportional to `weights` (each at least `min`).
fn apportion(total: usize, weights: &[usize], min: usize) -> Vec<usize> {
    let sum: usize = weights.iter().sum::<usize>().max(1);
    let mut parts: Vec<usize> = weights.iter().map(|w| (total * w / sum).max(min)).collect();
    let (n, mut i) = (parts.len(), 0);
    while parts.iter().sum::<usize>() < total {
        parts[i % n] += 1;
        i += 1;
    }
    parts
}

/// Grassroots names of one district: the demo's real ones first, then communes
/// (wards in the city) with made-up names, then agencies.
fn grassroots_names(rng: &mut StdRng, district: usize, n: usize) -> Vec<(String, bool)> {
    let (dname, known) = DISTRICTS[district];
    let short = dname.trim_start_matches("Đảng bộ ");
    let agencies = (n / 6).min(AGENCIES.len());
    let mut out: Vec<(String, bool)> = known
        .iter()
        .take(n - agencies)
        .map(|g| (g.name.to_string(), true))
        .collect();
    let mut used: HashSet<String> = out.iter().map(|g| g.0.clone()).collect();
    let mut tries = 0;
    while out.len() < n - agencies {
        let k = out.len();
        let mut place = format!(
            "{} {}",
            COMMUNE_FIRST.choose(rng).copied().unwrap_or("Đông"),
            COMMUNE_SECOND.choose(rng).copied().unwrap_or("Hòa")
        );
        tries += 1;
        // Past a national scale the two-syllable names run out: number them.
        if tries > 20 * n {
            place = format!("{place} {k}");
        }
        if used.insert(place.clone()) {
            out.push((
                format!("Đảng bộ {} {place}", commune_prefix(district, k)),
                true,
            ));
        }
    }
    for (agency, _) in AGENCIES.iter().take(agencies) {
        out.push((format!("{agency} {short}"), false));
    }
    out
}

/// Cell names of a grassroots organisation with `n` cells.
fn cell_names(commune: bool, agency: usize, n: usize) -> Vec<String> {
    let fixed: Vec<String> = if commune {
        COMMUNE_CELLS
            .iter()
            .take((n / 4).clamp(1, COMMUNE_CELLS.len()))
            .map(|s| s.to_string())
            .collect()
    } else {
        AGENCIES[agency % AGENCIES.len()]
            .1
            .iter()
            .map(|s| s.to_string())
            .collect()
    };
    let mut out: Vec<String> = fixed.into_iter().take(n).collect();
    let mut k = 0;
    while out.len() < n {
        out.push(match (commune, VILLAGE.get(k)) {
            (true, Some(v)) => format!("Chi bộ thôn {v}"),
            (true, None) => format!("Chi bộ thôn {}", k + 1),
            (false, _) => format!("Chi bộ số {}", k + 1),
        });
        k += 1;
    }
    out
}

/// Generate the province into an empty store.
pub fn generate(store: &dyn Store, opts: &GenOptions) -> Result<GenReport, DemoError> {
    if !store.is_empty()? {
        return Err(DemoError::NotEmpty);
    }
    if opts.members < 400 {
        return Err(DemoError::Refused(
            "cần ít nhất 400 đảng viên để có đủ các cấp tổ chức".into(),
        ));
    }
    let start_ms = END_MS - u64::from(opts.years) * YEAR_MS;
    let mut b = Builder::new(StdRng::seed_from_u64(opts.seed), start_ms);
    let cells_total = (opts.members / PER_CELL).max(64);
    let grassroots_total = (cells_total / CELLS_PER_GRASSROOTS).max(16);
    let weights: Vec<usize> = DISTRICT_WEIGHT.iter().map(|&w| w as usize).collect();
    let per_district = apportion(grassroots_total, &weights, 2);

    let province = b.org("Đảng bộ tỉnh Thái Bình", OrgKind::Province, None);
    let mut districts = Vec::new();
    // (id, district index, commune?) and the cells of each grassroots.
    let mut grassroots: Vec<(Id, usize)> = Vec::new();
    let mut cells: Vec<Cell> = Vec::new();
    let mut sections = 0;
    for (di, &(dname, _)) in DISTRICTS.iter().enumerate() {
        let d = b.org(dname, OrgKind::District, Some(province));
        districts.push(d);
        let names = grassroots_names(&mut b.rng, di, per_district[di]);
        let sizes: Vec<usize> = names
            .iter()
            .map(|(_, commune)| if *commune { b.rng.gen_range(6..=18) } else { 3 })
            .collect();
        let share = cells_total * weights[di] / weights.iter().sum::<usize>();
        let cell_counts = apportion(share.max(names.len() * 2), &sizes, 2);
        for (gi, ((gname, commune), n)) in names.iter().zip(cell_counts).enumerate() {
            let g = b.org(gname, OrgKind::Grassroots, Some(d));
            let gindex = grassroots.len();
            grassroots.push((g, di));
            let names = cell_names(*commune, gi, n);
            // Large communes group some villages under a section (đảng bộ bộ phận).
            let section = (*commune && n >= 20).then(|| {
                sections += 1;
                b.org(
                    &format!("Đảng bộ bộ phận cụm {}", VILLAGE[gi % VILLAGE.len()]),
                    OrgKind::Section,
                    Some(g),
                )
            });
            for (k, cname) in names.iter().enumerate() {
                let parent = match section {
                    Some(s) if k >= n - 3 => s,
                    _ => g,
                };
                let id = b.org(cname, OrgKind::Cell, Some(parent));
                cells.push(Cell {
                    id,
                    grassroots: gindex,
                    members: Vec::new(),
                });
            }
        }
    }

    // Members: cells of 8 to 40 (agencies' smaller), scaled to the total asked for.
    let sizes: Vec<usize> = cells.iter().map(|_| b.rng.gen_range(8..=40)).collect();
    let counts = apportion(opts.members, &sizes, 6);
    for (c, n) in cells.iter_mut().zip(counts) {
        c.members = (0..n).map(|_| b.member(c.id)).collect();
    }
    let members_made = b.members.len();

    use PositionTitle::*;
    for c in &cells {
        b.position(c.members[0], c.id, Secretary);
        b.position(c.members[1], c.id, DeputySecretary);
    }
    let mut by_grassroots: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, c) in cells.iter().enumerate() {
        by_grassroots.entry(c.grassroots).or_default().push(i);
    }
    for (gi, (g, _)) in grassroots.iter().enumerate() {
        let idx = &by_grassroots[&gi];
        let pick = |k: usize, nth: usize| cells[idx[k % idx.len()]].members[nth];
        b.position(pick(0, 2), *g, Secretary);
        b.position(pick(1, 2), *g, DeputySecretary);
        b.position(pick(0, 3), *g, CommitteeMember);
        b.position(pick(1, 3), *g, CommitteeMember);
    }
    let district_of = |c: &Cell| grassroots[c.grassroots].1;
    for (di, d) in districts.iter().enumerate() {
        let pool: Vec<Id> = cells
            .iter()
            .filter(|c| district_of(c) == di)
            .map(|c| c.members[4])
            .collect();
        let titles = [
            Secretary,
            DeputySecretary,
            CommitteeMember,
            CommitteeMember,
            OfficeStaff,
        ];
        for (m, title) in pool.iter().zip(titles) {
            b.position(*m, *d, title);
        }
    }
    let city: Vec<Id> = cells
        .iter()
        .filter(|c| district_of(c) == 0)
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

    // History: each year about 1 in 200 plain members moves to another cell of the
    // same grassroots organisation.
    let mut transfers = 0;
    for year in 1..=opts.years {
        b.now_ms = start_ms + u64::from(year) * YEAR_MS - 30 * 24 * 3600 * 1000;
        for _ in 0..members_made / 200 {
            let from = b.rng.gen_range(0..cells.len());
            let siblings = &by_grassroots[&cells[from].grassroots];
            let to = siblings[b.rng.gen_range(0..siblings.len())];
            let Some(&who) = cells[from]
                .members
                .get(6..)
                .and_then(|m| m.choose(&mut b.rng))
            else {
                continue;
            };
            if to == from || b.officers.contains(&who) {
                continue;
            }
            // Each transfer a second later: two moves of one member never tie.
            b.now_ms += 1000;
            let (cid, new_cell) = (b.id(), cells[to].id);
            b.changes.push(edit_change(
                cid,
                Entity::Member,
                who,
                new_cell,
                vec![("cell_id", json!(new_cell))],
                server_hlc(b.now_ms),
            ));
            cells[from].members.retain(|m| *m != who);
            cells[to].members.push(who);
            transfers += 1;
        }
    }

    let results = store.seed(&b.changes, END_MS)?;
    if let Some(r) = results
        .iter()
        .find(|r| !matches!(r.outcome, Outcome::Accepted { .. }))
    {
        return Err(DemoError::Refused(format!("{:?}", r.outcome)));
    }

    let plain = cells
        .iter()
        .flat_map(|c| c.members.iter().copied())
        .find(|m| !b.officers.contains(m))
        .ok_or_else(|| DemoError::Refused("không chọn được đảng viên mẫu".into()))?;
    let first_city_cell = cells.iter().position(|c| district_of(c) == 0).unwrap_or(0);
    let picks = [
        ("province_officer", city.get(3).copied()),
        (
            "district_officer",
            cells.get(first_city_cell).map(|c| c.members[4]),
        ),
        (
            "grassroots_secretary",
            Some(cells[by_grassroots[&0][0]].members[2]),
        ),
        ("cell_secretary", Some(cells[0].members[0])),
        ("member", Some(plain)),
    ];
    let mut enroll = Vec::new();
    for (role, who) in picks {
        let member_id = who.ok_or_else(|| DemoError::Refused(format!("thiếu {role}")))?;
        let card_no = b
            .members
            .iter()
            .find(|m| m.id == member_id)
            .map(|m| m.card_no.clone())
            .unwrap_or_default();
        let code = store.create_enroll_code(member_id, DEFAULT_CODE_TTL_MS, opts.codes_at_ms)?;
        enroll.push(EnrollLine {
            role,
            member_id,
            card_no,
            code,
        });
    }
    Ok(GenReport {
        districts: districts.len(),
        grassroots: grassroots.len(),
        sections,
        cells: cells.len(),
        members: members_made,
        positions: b.positions,
        transfers,
        changes: b.changes.len(),
        enroll,
        cell_members: cells
            .into_iter()
            .map(|c| GenCell {
                id: c.id,
                members: c.members,
            })
            .collect(),
    })
}
