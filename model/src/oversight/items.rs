//! The items behind a dashboard figure (issue 18, item 2): the tasks a task figure
//! counts, the meetings the meetings figure counts, and the months a cell held none.
//! What `oversight_items` answers.

use super::period::Period;
use crate::ids::Id;
use crate::meetings::MeetingKind;
use crate::tasks::api::TaskCard;
use crate::tasks::Bucket;
use serde::{Deserialize, Serialize};

/// Which figure's items (`OversightItems::kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// Tasks due in the period, not done and not yet past their day.
    TasksOpen,
    TasksOnTime,
    TasksLate,
    TasksOverdue,
    /// Meetings of the period held by now (started and not cancelled).
    MeetingsHeld,
    /// Each cell of the subtree and month of the period up to this one in which the cell
    /// held no meeting: what makes a cell's light amber ("không họp chi bộ trong kỳ").
    MeetingsMissed,
}

impl ItemKind {
    pub const ALL: [ItemKind; 6] = [
        ItemKind::TasksOpen,
        ItemKind::TasksOnTime,
        ItemKind::TasksLate,
        ItemKind::TasksOverdue,
        ItemKind::MeetingsHeld,
        ItemKind::MeetingsMissed,
    ];

    /// The task bucket a task figure counts (`sotay_model::tasks::derive`'s).
    pub fn bucket(self) -> Option<Bucket> {
        match self {
            ItemKind::TasksOpen => Some(Bucket::Open),
            ItemKind::TasksOnTime => Some(Bucket::OnTime),
            ItemKind::TasksLate => Some(Bucket::Late),
            ItemKind::TasksOverdue => Some(Bucket::Overdue),
            ItemKind::MeetingsHeld | ItemKind::MeetingsMissed => None,
        }
    }

    /// The figure's name, for the breadcrumb.
    pub fn label_vi(self) -> &'static str {
        match self {
            ItemKind::TasksOpen => "Nhiệm vụ đang làm",
            ItemKind::TasksOnTime => "Nhiệm vụ hoàn thành đúng hạn",
            ItemKind::TasksLate => "Nhiệm vụ hoàn thành trễ hạn",
            ItemKind::TasksOverdue => "Nhiệm vụ quá hạn",
            ItemKind::MeetingsHeld => "Cuộc họp đã tổ chức",
            ItemKind::MeetingsMissed => "Tháng chi bộ không sinh hoạt",
        }
    }
}

/// A meeting the meetings figure counts, with its attendance as counted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeldMeeting {
    pub meeting_id: Id,
    pub org_id: Id,
    pub org_name: String,
    pub kind: MeetingKind,
    pub topic: String,
    /// Unix ms (UTC).
    pub starts_at: u64,
    pub convened: u32,
    pub present: u32,
}

/// A cell that held no meeting in a month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MissedMonth {
    pub org_id: Id,
    pub org_name: String,
    /// `yyyy-mm`.
    pub month: String,
}

/// Answer type `oversight_items`: the items of one figure of `org_id`'s dashboard over
/// `period`. Only the list `kind` names is filled.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OversightItemList {
    pub org_id: Id,
    pub org_name: String,
    pub period: Period,
    pub kind: ItemKind,
    /// The dashboard's breadcrumb: the organisations above `org_id` up to the highest
    /// this device oversees, root first.
    pub trail: Vec<(Id, String)>,
    /// Overdue first, then by due date (the task lists' order).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<TaskCard>,
    /// Earliest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meetings: Vec<HeldMeeting>,
    /// By month, then by the cell's name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missed: Vec<MissedMonth>,
}

impl OversightItemList {
    /// How many items: the figure they stand behind.
    pub fn count(&self) -> usize {
        self.tasks.len() + self.meetings.len() + self.missed.len()
    }
}
