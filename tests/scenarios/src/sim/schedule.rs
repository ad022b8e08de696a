//! The schedule in the simulation (issue 15): devices add, move and delete their
//! member's own entries and, where they hold a post, their committee's, offline
//! through the typed Api. Rows converge like every row (checked by `check`); here the
//! privacy rule is checked: no device ever holds another member's own entry.

use super::node::Sim;
use anyhow::Result;
use rand::rngs::SmallRng;
use rand::Rng;
use sotay_model::api::Request;
use sotay_model::schedule::api::{EntryPatch, NewEntry};
use sotay_model::schedule::requests::{DeleteScheduleEntry, UpdateScheduleEntry};
use sotay_model::schedule::{PersonalEntry, Recurrence, Rule, Timing};
use sotay_model::{Entity, Id};
use sotay_replica::Env;

impl Sim {
    /// Add, move or delete an entry, offline.
    pub fn schedule_edit(&mut self, who: usize, rng: &mut SmallRng) -> Result<()> {
        let node = &self.nodes[who];
        let now = node.env.now_ms();
        let held: Vec<Id> = node
            .replica
            .db()
            .live_rows_of(&[Entity::PersonalEntry, Entity::ScheduleEntry])?
            .iter()
            .map(|r| r.row_id)
            .collect();
        let req: Request = match (rng.gen_range(0..4u32), held.is_empty()) {
            (0, false) => DeleteScheduleEntry {
                id: held[rng.gen_range(0..held.len())],
            }
            .into(),
            (1, false) => UpdateScheduleEntry {
                id: held[rng.gen_range(0..held.len())],
                patch: EntryPatch {
                    place: Some(format!("Phòng {}", rng.gen_range(1..20u32))),
                    ..EntryPatch::default()
                },
            }
            .into(),
            _ => {
                let org = rng
                    .gen_bool(0.3)
                    .then(|| self.world.orgs[rng.gen_range(1..self.world.orgs.len())].id);
                let start = now + rng.gen_range(0..14u64) * 86_400_000;
                NewEntry {
                    org_id: org,
                    title: format!("Lịch {}", rng.gen_range(0..1000u32)),
                    place: String::new(),
                    notes: String::new(),
                    attendees: vec![],
                    timing: Timing {
                        starts_at: start,
                        ends_at: start + 3_600_000,
                        all_day: false,
                        tz_offset_min: 420,
                        recurrence: rng.gen_bool(0.3).then(|| Recurrence {
                            rule: Rule::Weekly {
                                days: vec![rng.gen_range(0..7u8)],
                                interval: 1,
                            },
                            until: None,
                            count: Some(rng.gen_range(1..10u32)),
                            exceptions: vec![],
                        }),
                    },
                }
                .into()
            }
        };
        match self.nodes[who].replica.call_local(req) {
            Ok(_) => self.stats.local_edits += 1,
            Err(_) => self.stats.refused_locally += 1,
        }
        Ok(())
    }

    /// No device holds another member's own entry, and the server's view of a device's
    /// scope holds none either.
    pub fn check_schedule(&self, out: &mut Vec<String>) -> Result<()> {
        for (i, node) in self.nodes.iter().enumerate() {
            let foreign = |rows: &mut dyn Iterator<Item = &sotay_model::RowState>| {
                rows.filter(|r| r.entity == Entity::PersonalEntry)
                    .filter_map(|r| PersonalEntry::from_row(r).ok())
                    .any(|e| e.owner_id != node.member)
            };
            if foreign(&mut node.replica.db().all_rows()?.iter()) {
                out.push(format!("device {i} holds another member's own entry"));
            }
            if !node.revoked && foreign(&mut self.server_view(node.device)?.values()) {
                out.push(format!(
                    "the server would give device {i} another member's own entry"
                ));
            }
        }
        Ok(())
    }
}
