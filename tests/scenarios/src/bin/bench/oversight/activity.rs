//! The five years a province officer's device holds (issue 18's bench), made as the
//! features' rows from the generated province's organisations, members and posts.
//! Months run from January 2022 to the bench's "now" (2 December 2026): cells meet on
//! a day between the 3rd and the 10th, so December's meetings are still to come.
//! Rates are stated where they are drawn.

use super::data::{row, Pages};
use anyhow::Result;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sotay_model::entities::{Member, MemberStatus, OrgKind, Organisation, Position};
use sotay_model::Id;
use std::collections::HashMap;

pub(super) const FIRST_YEAR: u32 = 2022;
pub(super) const MONTHS: u32 = 60;
pub(super) const DAY_MS: u64 = 86_400_000;

/// Unix ms of a local (Vietnam) time.
pub fn vn_ms(y: u32, m: u32, d: u32, hour: u32, minute: u32) -> u64 {
    // Howard Hinnant's days-from-civil.
    let (y, m) = (i64::from(y) - i64::from(m <= 2), i64::from(m));
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let local = days * DAY_MS as i64 + i64::from(hour * 60 + minute) * 60_000;
    (local - 7 * 3_600_000) as u64
}

pub(super) fn day_of(ms: u64) -> String {
    sotay_model::tasks::vn_day(ms)
}

/// A member and the month index (from January 2022) they stopped being active, if
/// they did.
#[derive(Clone)]
pub(super) struct Person {
    pub member: Member,
    pub until: u32,
}

/// The generated province as the device holds it.
pub struct Tree {
    orgs: HashMap<Id, Organisation>,
    /// Cells in a stable order, each with its people.
    pub(super) cells: Vec<(Id, Vec<Person>)>,
    pub(super) posts: HashMap<Id, Vec<Id>>,
}

impl Tree {
    pub fn new(orgs: Vec<Organisation>, members: Vec<Member>, positions: Vec<Position>) -> Tree {
        let mut by_cell: HashMap<Id, Vec<Person>> = HashMap::new();
        for m in members {
            by_cell.entry(m.cell_id).or_default().push(Person {
                member: m,
                until: MONTHS,
            });
        }
        let mut cells: Vec<(Id, Vec<Person>)> = by_cell.into_iter().collect();
        cells.sort_by_key(|(id, _)| *id);
        for (_, people) in &mut cells {
            people.sort_by_key(|p| p.member.id);
        }
        let mut posts: HashMap<Id, Vec<Id>> = HashMap::new();
        for p in positions {
            posts.entry(p.org_id).or_default().push(p.member_id);
        }
        Tree {
            orgs: orgs.into_iter().map(|o| (o.id, o)).collect(),
            cells,
            posts,
        }
    }

    pub(super) fn chain(&self, org: Id) -> Vec<Id> {
        let mut out = vec![org];
        while let Some(p) = self
            .orgs
            .get(out.last().expect("one"))
            .and_then(|o| o.parent_id)
        {
            out.push(p);
        }
        out
    }

    pub(super) fn above(&self, cell: Id, kind: OrgKind) -> Option<Id> {
        self.chain(cell)
            .into_iter()
            .find(|o| self.orgs.get(o).is_some_and(|x| x.kind == kind))
    }

    pub(super) fn of_kind(&self, kind: OrgKind) -> Vec<Id> {
        let mut out: Vec<Id> = self
            .orgs
            .values()
            .filter(|o| o.kind == kind)
            .map(|o| o.id)
            .collect();
        out.sort();
        out
    }

    /// The first post holder of `org` (its secretary in the generator's order).
    pub(super) fn head(&self, org: Id) -> Id {
        self.posts
            .get(&org)
            .and_then(|p| p.first().copied())
            .unwrap_or(Id::nil())
    }
}

pub struct Activity<'a> {
    pub(super) tree: &'a Tree,
    /// Each cell's people, with the month those who left or died did.
    pub(super) people: Vec<(Id, Vec<Person>)>,
    pub(super) now: u64,
    next: u128,
}

impl<'a> Activity<'a> {
    /// Ids are numbered from `first_id` (another range for each batch of rows).
    pub fn new(tree: &'a Tree, now: u64, first_id: u128) -> Activity<'a> {
        // About half a percent of members leave or die each year (never an officer).
        let mut rng = StdRng::seed_from_u64(18);
        let mut people = tree.cells.clone();
        for (_, list) in &mut people {
            for p in list.iter_mut().skip(6) {
                if rng.gen_bool(0.025) {
                    p.until = rng.gen_range(1..MONTHS - 1);
                }
            }
        }
        Activity {
            tree,
            people,
            now,
            next: first_id,
        }
    }

    pub(super) fn id(&mut self) -> Id {
        self.next += 1;
        Id::from_u128(0x0b5e_1800_0000_0000_0000_0000_0000_0000 | self.next)
    }

    pub(super) fn month(k: u32) -> (u32, u32) {
        (FIRST_YEAR + k / 12, k % 12 + 1)
    }

    pub fn write(&mut self, out: &mut Pages) -> Result<()> {
        let t = std::time::Instant::now();
        let step = |what: &str, out: &Pages| {
            eprintln!(
                "  oversight: {what} written, {} rows, {:.0} s",
                out.rows,
                t.elapsed().as_secs_f64()
            );
        };
        self.statuses(out)?;
        self.meetings(out)?;
        step("meetings", out);
        self.tasks(out)?;
        step("tasks", out);
        self.study(out)?;
        step("study", out);
        self.dues(out)?;
        step("dues", out);
        self.ratings(out)?;
        self.announcements(out)?;
        step("ratings and announcements", out);
        Ok(())
    }

    /// The people of each organisation's subtree.
    pub(super) fn below<'p>(
        &self,
        people: &'p [(Id, Vec<Person>)],
    ) -> HashMap<Id, Vec<&'p Person>> {
        let mut out: HashMap<Id, Vec<&Person>> = HashMap::new();
        for (cell, list) in people {
            for org in self.tree.chain(*cell) {
                out.entry(org).or_default().extend(list.iter());
            }
        }
        out
    }

    /// What a day's sync brings: `cells` cells met that morning and checked in.
    pub fn one_day(&mut self, out: &mut Pages, cells: usize) -> Result<()> {
        let mut rng = StdRng::seed_from_u64(26);
        let people = std::mem::take(&mut self.people);
        for (cell, list) in people.iter().take(cells) {
            let invited = list
                .iter()
                .filter(|p| p.until >= MONTHS)
                .map(|p| p.member.id);
            self.meeting(
                &mut rng,
                out,
                *cell,
                self.now - 3 * 3_600_000,
                invited.collect(),
            )?;
        }
        self.people = people;
        Ok(())
    }

    fn statuses(&mut self, out: &mut Pages) -> Result<()> {
        let mut rng = StdRng::seed_from_u64(19);
        for (_, list) in &self.people {
            for p in list.iter().filter(|p| p.until < MONTHS) {
                let mut m = p.member.clone();
                m.status = if rng.gen_bool(0.7) {
                    MemberStatus::Left
                } else {
                    MemberStatus::Deceased
                };
                let (y, mo) = Self::month(p.until);
                out.push(row(&m, vn_ms(y, mo, 15, 9, 0)))?;
            }
        }
        Ok(())
    }
}
