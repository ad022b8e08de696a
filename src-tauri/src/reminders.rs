//! Reminders that reach the person (issue 15): while the app runs, this task asks the
//! replica every half minute for the reminders due since it last asked
//! (`AgendaReminders` with `after_ms`) and shows each as an OS notification through
//! Tauri's notification plugin. It needs no network: the agenda is the device's copy.
//! The plugin is used from Rust only; no capability gives it to the webview.

use sotay_model::schedule::requests::AgendaReminders;
use sotay_model::schedule::{ItemKind, Reminder};
use sotay_model::Id;
use sotay_replica::Replica;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;
use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;

/// How often the app looks for reminders that fell due.
pub const EVERY: Duration = Duration::from_secs(30);

/// The notification's title and body, in Vietnamese.
pub fn text(r: &Reminder, offset_min: i32) -> (String, String) {
    let i = &r.item;
    let kind = match i.kind {
        ItemKind::Meeting => "Sắp đến giờ sinh hoạt",
        ItemKind::TaskDue => "Nhiệm vụ đến hạn hôm nay",
        ItemKind::StudyDue => "Hạn học tập hôm nay",
        ItemKind::Own | ItemKind::Committee => "Sắp đến lịch công tác",
    };
    let when = if i.all_day {
        String::new()
    } else {
        let (_, minute) = sotay_model::schedule::calendar::Date::at(i.starts_at, offset_min);
        format!("{:02}:{:02} ", minute / 60, minute % 60)
    };
    let place = if i.place.is_empty() {
        String::new()
    } else {
        format!(" — {}", i.place)
    };
    (kind.to_string(), format!("{when}{}{place}", i.title))
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Poll and notify until the app ends. A locked or not yet enrolled replica answers
/// an error: it is asked again at the next turn, from the same point.
pub async fn run<R: Runtime>(app: AppHandle<R>, replica: Arc<Replica>) {
    let mut after = now_ms();
    // Two polls may both see a reminder due at the very millisecond between them.
    let mut shown: HashSet<(Id, u64)> = HashSet::new();
    loop {
        tokio::time::sleep(EVERY).await;
        let asked_at = now_ms();
        let due = replica
            .ask(AgendaReminders {
                within_hours: None,
                lead_minutes: None,
                after_ms: Some(after),
            })
            .await;
        let Ok(due) = due else {
            continue;
        };
        for r in due {
            if !shown.insert((r.item.id, r.remind_at)) {
                continue;
            }
            let (title, body) = text(&r, 420);
            if let Err(e) = app.notification().builder().title(title).body(body).show() {
                tracing::warn!("không hiện được nhắc lịch: {e}");
            }
        }
        shown.retain(|(_, at)| *at + 3_600_000 > asked_at);
        after = asked_at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sotay_model::schedule::AgendaItem;

    #[test]
    fn a_reminder_says_what_when_and_where_in_vietnamese() {
        let item = AgendaItem {
            kind: ItemKind::Meeting,
            id: Id::from_u128(1),
            title: "Sinh hoạt chi bộ tháng 12".into(),
            place: "Nhà văn hóa thôn".into(),
            org_name: "Chi bộ thôn 1".into(),
            // 19:30 in Hà Nội.
            starts_at: 1_796_041_800_000,
            ends_at: 1_796_049_000_000,
            all_day: false,
            recurring: false,
        };
        let r = Reminder {
            remind_at: item.starts_at - 3_600_000,
            item,
        };
        assert_eq!(
            text(&r, 420),
            (
                "Sắp đến giờ sinh hoạt".to_string(),
                "19:30 Sinh hoạt chi bộ tháng 12 — Nhà văn hóa thôn".to_string()
            )
        );
        let mut due = r.clone();
        due.item.kind = ItemKind::TaskDue;
        due.item.all_day = true;
        due.item.place.clear();
        assert_eq!(text(&due, 420).1, "Sinh hoạt chi bộ tháng 12");
    }
}
