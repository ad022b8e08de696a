//! What members do: study, dues, ratings and reading announcements.

use super::activity::{day_of, vn_ms, Activity, DAY_MS, FIRST_YEAR, MONTHS};
use super::data::{row, Pages};
use anyhow::Result;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sotay_model::dues::{expected_for, DuesBasis, DuesPayment, DuesRule, Month, PayMethod};
use sotay_model::entities::OrgKind;
use sotay_model::evaluation::{Rating, RatingDecision};
use sotay_model::exchange::{Announcement, AnnouncementRead};
use sotay_model::study::{ReadMark, StudyAssignment};
use sotay_model::Id;

impl Activity<'_> {
    /// Study assignments: the province one a year, each district one, each grassroots
    /// organisation two; 80% of the members below open each, 85% of them finish.
    pub(super) fn study(&mut self, out: &mut Pages) -> Result<()> {
        let mut rng = StdRng::seed_from_u64(22);
        let mut orgs: Vec<(Id, &[(u32, u32)])> = Vec::new();
        for p in self.tree.of_kind(OrgKind::Province) {
            orgs.push((p, &[(6, 30)]));
        }
        for d in self.tree.of_kind(OrgKind::District) {
            orgs.push((d, &[(9, 30)]));
        }
        for g in self.tree.of_kind(OrgKind::Grassroots) {
            orgs.push((g, &[(4, 30), (10, 31)]));
        }
        let people = std::mem::take(&mut self.people);
        let below = self.below(&people);
        for (org, dues) in orgs {
            let below = below.get(&org).cloned().unwrap_or_default();
            for y in FIRST_YEAR..FIRST_YEAR + MONTHS / 12 {
                for &(mo, d) in dues {
                    let due = vn_ms(y, mo, d, 17, 0);
                    let a = StudyAssignment {
                        id: self.id(),
                        org_id: org,
                        document_id: self.id(),
                        due_on: day_of(due),
                        note: String::new(),
                    };
                    out.push(row(&a, due - 45 * DAY_MS))?;
                    let k = (y - FIRST_YEAR) * 12 + mo - 1;
                    for p in below.iter().filter(|p| p.until > k) {
                        let opened = due - rng.gen_range(1..40) * DAY_MS;
                        if !rng.gen_bool(0.8) || opened > self.now {
                            continue;
                        }
                        let finished = opened + rng.gen_range(1..5) * DAY_MS;
                        let m = ReadMark {
                            id: ReadMark::row_id(p.member.id, a.document_id),
                            member_id: p.member.id,
                            document_id: a.document_id,
                            org_id: p.member.cell_id,
                            opened_ms: opened,
                            finished_ms: (rng.gen_bool(0.85) && finished <= self.now)
                                .then_some(finished),
                        };
                        out.push(row(&m, opened))?;
                    }
                }
            }
        }
        self.people = people;
        Ok(())
    }

    /// The province's three rules; a basis per member from January 2022 (retired
    /// members on the pension rule), a raise for a third of earners from July 2024;
    /// quarterly payments of three months (90%), of one month (4%) or none.
    pub(super) fn dues(&mut self, out: &mut Pages) -> Result<()> {
        let mut rng = StdRng::seed_from_u64(23);
        let province = self.tree.of_kind(OrgKind::Province)[0];
        let at = vn_ms(2021, 12, 1, 8, 0);
        let rules: Vec<DuesRule> = [
            ("luong", "Hưởng lương", 10, 0),
            ("huu", "Hưu trí", 5, 0),
            ("khac", "Đảng viên khác", 0, 5_000),
        ]
        .iter()
        .map(|&(category, name, per_mille, fixed_dong)| DuesRule {
            id: DuesRule::row_id(province, category),
            org_id: province,
            category: category.into(),
            name: name.into(),
            per_mille,
            fixed_dong,
            retired: false,
        })
        .collect();
        for r in &rules {
            out.push(row(r, at))?;
        }
        let people = std::mem::take(&mut self.people);
        let mut receipt = 0u64;
        for (cell, list) in &people {
            let treasurer = list.first().map(|p| p.member.id).unwrap_or(Id::nil());
            for p in list {
                let m = &p.member;
                let born: u32 = m
                    .birth_date
                    .get(..4)
                    .and_then(|y| y.parse().ok())
                    .unwrap_or(1980);
                let (category, income) = if born < 1966 {
                    ("huu", rng.gen_range(40..90) * 100_000)
                } else if rng.gen_bool(0.85) {
                    ("luong", rng.gen_range(50..200) * 100_000)
                } else {
                    ("khac", 0)
                };
                let start = Month::of(FIRST_YEAR, 1);
                let mut bases = vec![DuesBasis {
                    id: DuesBasis::row_id(m.id, start),
                    org_id: *cell,
                    member_id: m.id,
                    from_month: start,
                    category: category.into(),
                    income_dong: income,
                }];
                if category == "luong" && rng.gen_bool(0.33) {
                    let raise = Month::of(2024, 7);
                    bases.push(DuesBasis {
                        id: DuesBasis::row_id(m.id, raise),
                        from_month: raise,
                        income_dong: income / 10 * 11,
                        ..bases[0].clone()
                    });
                }
                for b in &bases {
                    out.push(row(b, at))?;
                }
                for q in 0..MONTHS / 3 {
                    let first = start.plus(q * 3);
                    let paid_on = vn_ms(first.year(), first.number(), 10, 19, 0);
                    let r: f64 = rng.gen();
                    if q * 3 >= p.until || paid_on > self.now || r >= 0.94 {
                        continue;
                    }
                    let months = if r < 0.9 { 3 } else { 1 };
                    let amount: i64 = (0..months)
                        .filter_map(|k| expected_for(&bases, &rules, first.plus(k)))
                        .sum();
                    receipt += 1;
                    let pay = DuesPayment {
                        id: self.id(),
                        org_id: *cell,
                        member_id: m.id,
                        month: first,
                        months,
                        amount_dong: amount,
                        method: PayMethod::Cash,
                        receipt_no: format!("BL{receipt:07}"),
                        paid_on: day_of(paid_on),
                        recorded_by: treasurer,
                        reverses: None,
                        reason: String::new(),
                    };
                    out.push(row(&pay, paid_on))?;
                }
            }
        }
        self.people = people;
        Ok(())
    }

    /// Each year 2022–2025 decided for every member then active: 10% excellent, 60%
    /// good, 27% completed, 3% not completed (2026 is not decided by December).
    pub(super) fn ratings(&mut self, out: &mut Pages) -> Result<()> {
        let mut rng = StdRng::seed_from_u64(24);
        for (cell, list) in &self.people {
            let g = self.tree.above(*cell, OrgKind::Grassroots).unwrap_or(*cell);
            for year in FIRST_YEAR..FIRST_YEAR + MONTHS / 12 - 1 {
                for p in list
                    .iter()
                    .filter(|p| p.until > (year - FIRST_YEAR + 1) * 12)
                {
                    let r: f64 = rng.gen();
                    let rating = match r {
                        x if x < 0.10 => Rating::Excellent,
                        x if x < 0.70 => Rating::Good,
                        x if x < 0.97 => Rating::Completed,
                        _ => Rating::NotCompleted,
                    };
                    let d = RatingDecision {
                        id: RatingDecision::row_id(p.member.id, year),
                        org_id: *cell,
                        member_id: p.member.id,
                        year,
                        rating,
                        note: String::new(),
                        decided_org_id: g,
                        decided_by: self.tree.head(g),
                    };
                    out.push(row(&d, vn_ms(year + 1, 1, 15, 9, 0)))?;
                }
            }
        }
        Ok(())
    }

    /// Announcements of 2026, the exchange's first year: the province's every month,
    /// each district's and grassroots organisation's every quarter, to their whole
    /// subtree; 70–80% of the members reached read each within nine days.
    pub(super) fn announcements(&mut self, out: &mut Pages) -> Result<()> {
        let mut rng = StdRng::seed_from_u64(25);
        let mut sends: Vec<(Id, u32, f64)> = Vec::new();
        for p in self.tree.of_kind(OrgKind::Province) {
            sends.extend((1..=11).map(|mo| (p, mo, 0.7)));
        }
        for d in self.tree.of_kind(OrgKind::District) {
            sends.extend([1, 4, 7, 10].map(|mo| (d, mo, 0.75)));
        }
        for g in self.tree.of_kind(OrgKind::Grassroots) {
            sends.extend([2, 5, 8, 11].map(|mo| (g, mo, 0.8)));
        }
        let people = std::mem::take(&mut self.people);
        let below = self.below(&people);
        for (org, mo, rate) in sends {
            let sent = vn_ms(2026, mo, 5, 9, 0);
            let batch = self.id();
            let copy = Announcement {
                id: Announcement::row_id(batch, org),
                org_id: org,
                batch_id: batch,
                sender_org_id: org,
                sent_by: self.tree.head(org),
                title: format!("Thông báo tháng {mo}/2026"),
                body: "Đề nghị các đồng chí đọc và thực hiện.".into(),
                must_read_by: Some(day_of(sent + 10 * DAY_MS)),
                reminders: 0,
                sent_ms: 0,
                reminded_ms: 0,
            };
            out.push(row(&copy, sent))?;
            let reached = below.get(&org).map(Vec::as_slice).unwrap_or_default();
            let k = (2026 - FIRST_YEAR) * 12 + mo - 1;
            for p in reached.iter().filter(|p| p.until > k) {
                let at = sent + rng.gen_range(1..9 * 24) * 3_600_000;
                if !rng.gen_bool(rate) || at > self.now {
                    continue;
                }
                let read = AnnouncementRead {
                    id: AnnouncementRead::row_id(copy.id, p.member.id),
                    org_id: p.member.cell_id,
                    announcement_id: copy.id,
                    member_id: p.member.id,
                    read_ms: 0,
                };
                out.push(row(&read, at))?;
            }
        }
        self.people = people;
        Ok(())
    }
}
