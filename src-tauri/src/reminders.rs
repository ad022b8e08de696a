//! Reminders that reach the person (issue 15): while the app runs, this task asks the
//! replica every half minute for the reminders due since it last asked
//! (`AgendaReminders` with `after_ms`) and shows each as an OS notification through
//! Tauri's notification plugin. It needs no network: the agenda is the device's copy.
//! The plugin is used from Rust only; no capability gives it to the webview.
//!
//! On the same timer it asks for the exchange's notices (issue 16: new announcements,
//! reminders to read one, answers to the member's questions, replies to their
//! comments; `ExchangeNotices`) and shows each once, the same way.

use sotay_model::exchange::api::{Notice, NoticeKind};
use sotay_model::exchange::requests::ExchangeNotices;
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

/// An exchange notice's title and body, in Vietnamese.
pub fn notice_text(n: &Notice) -> (String, String) {
    let kind = match n.kind {
        NoticeKind::Announcement => "Thông báo mới",
        NoticeKind::Reminder => "Nhắc đọc thông báo",
        NoticeKind::Answer => "Câu hỏi của đồng chí đã được trả lời",
        NoticeKind::Reply => "Có người trả lời bình luận của đồng chí",
    };
    (kind.to_string(), n.title.clone())
}

/// How far back the exchange is asked again: a notice's time is its row's stamp (when
/// the sender wrote it), so a row written offline arrives with an older one.
const LOOK_BACK_MS: u64 = 7 * 24 * 3_600_000;

/// The exchange notices shown while the app runs (the UI's `exchange::form::NoticeMark`
/// does the same for a browser; the app does not link the UI).
struct Notified {
    /// The latest notice shown, or the start.
    since: u64,
    seen: HashSet<(u8, Id, u64)>,
    started: bool,
}

impl Notified {
    fn new(since: u64) -> Notified {
        Notified {
            since,
            seen: HashSet::new(),
            started: false,
        }
    }

    fn ask_from(&self) -> u64 {
        self.since.saturating_sub(LOOK_BACK_MS)
    }

    /// What of one answer to show: each notice once; at the first answer, those from
    /// before the app started are not news.
    fn take(&mut self, notices: Vec<Notice>) -> Vec<Notice> {
        let first = !self.started;
        self.started = true;
        let since = self.since;
        let fresh: Vec<Notice> = notices
            .into_iter()
            .filter(|n| self.seen.insert((n.kind as u8, n.id, n.at_ms)))
            .filter(|n| !(first && n.at_ms <= since))
            .collect();
        self.since = fresh.iter().map(|n| n.at_ms).fold(since, u64::max);
        let floor = self.ask_from();
        self.seen.retain(|k| k.2 > floor);
        fresh
    }
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
    let mut notified = Notified::new(after);
    loop {
        tokio::time::sleep(EVERY).await;
        let news = replica
            .ask(ExchangeNotices {
                since_ms: notified.ask_from(),
            })
            .await;
        if let Ok(news) = news {
            for n in notified.take(news.notices) {
                let (title, body) = notice_text(&n);
                if let Err(e) = app.notification().builder().title(title).body(body).show() {
                    tracing::warn!("không hiện được thông báo trao đổi: {e}");
                }
            }
        }
        let asked_at = now_ms();
        let due = replica
            .ask(AgendaReminders {
                within_hours: None,
                // The device's setting (SetReminderLead, chosen on the schedule
                // screen): the page's reminders in a browser read the same one.
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

    fn notice(kind: NoticeKind, n: u128, at_ms: u64) -> Notice {
        Notice {
            kind,
            id: Id::from_u128(n),
            title: "Triển khai Nghị quyết".into(),
            at_ms,
            target: None,
        }
    }

    #[test]
    fn each_exchange_notice_shows_once_and_a_late_synced_one_still_shows() {
        let start = 30 * 86_400_000;
        let mut n = Notified::new(start);
        // Before the app started: not news. After: news, once.
        let first = n.take(vec![
            notice(NoticeKind::Announcement, 1, start - 5),
            notice(NoticeKind::Answer, 2, start + 5),
        ]);
        assert_eq!(first, vec![notice(NoticeKind::Answer, 2, start + 5)]);
        // Written offline an hour before the app started, synced now: news.
        let late = notice(NoticeKind::Reply, 3, start - 3_600_000);
        let again = n.take(vec![notice(NoticeKind::Answer, 2, start + 5), late.clone()]);
        assert_eq!(again, vec![late]);
        assert_eq!(n.since, start + 5);
        assert_eq!(n.ask_from(), start + 5 - LOOK_BACK_MS);
    }

    #[test]
    fn an_exchange_notice_says_what_it_is_in_vietnamese() {
        let (title, body) = notice_text(&notice(NoticeKind::Reminder, 1, 0));
        assert_eq!(title, "Nhắc đọc thông báo");
        assert_eq!(body, "Triển khai Nghị quyết");
    }

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
