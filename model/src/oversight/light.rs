//! The traffic-light ranking of an organisation over a period, one stated rule:
//!
//! - **red** when more than 20% of its tasks due so far are overdue, or fewer than 60%
//!   of those convened attended its meetings, or it collected less than 70% of the dues
//!   owed;
//! - **amber** when any task is overdue, or attendance is under 80%, or dues collected
//!   are under 95% of those owed, or a cell held no meeting in a period of a month or
//!   more (the Party's rule is a meeting a month);
//! - **green** otherwise.
//!
//! A figure with nothing to count (no meeting convened, no dues owed) says nothing.

use super::api::Figures;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    Green,
    Amber,
    Red,
}

/// The light and the reasons for it, in Vietnamese (empty for green).
pub fn light(f: &Figures, is_cell: bool) -> (Light, Vec<String>) {
    let mut red = Vec::new();
    let mut amber = Vec::new();
    let due = f.tasks.on_time + f.tasks.late + f.tasks.overdue;
    if f.tasks.overdue > 0 {
        let msg = format!("{} nhiệm vụ quá hạn", f.tasks.overdue);
        if f.tasks.overdue * 5 > due {
            red.push(msg);
        } else {
            amber.push(msg);
        }
    }
    if let Some(rate) = (f.meetings.present * 100).checked_div(f.meetings.convened) {
        let msg = format!("dự họp {rate}%");
        if rate < 60 {
            red.push(msg);
        } else if rate < 80 {
            amber.push(msg);
        }
    } else if is_cell && f.meetings.held == 0 {
        amber.push("không họp chi bộ trong kỳ".into());
    }
    if f.dues.expected > 0 {
        let rate = f.dues.collected.saturating_mul(100) / f.dues.expected;
        let msg = format!("thu đảng phí {rate}%");
        if rate < 70 {
            red.push(msg);
        } else if rate < 95 {
            amber.push(msg);
        }
    }
    if !red.is_empty() {
        red.extend(amber);
        (Light::Red, red)
    } else if !amber.is_empty() {
        (Light::Amber, amber)
    } else {
        (Light::Green, Vec::new())
    }
}
