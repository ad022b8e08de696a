//! The sync status, always in view: a chip in the top bar (online / offline /
//! syncing) and a line under it with the last sync time, pending changes, what the
//! last sync did, the "Đồng bộ ngay" button, and while a sync pulls, a progress bar
//! with the rows received so far and the rows still to come.

use crate::components::icons::{icon, Icon};
use crate::effects;
use crate::format::{local_offset_minutes, show_time};
use crate::hooks::use_app;
use crate::i18n::{self, Key, Lang, Text};
use crate::sync::strings::SyncKey;
use sotay_model::sync::SyncReport;
use yew::prelude::*;

#[function_component(SyncChip)]
pub fn sync_chip() -> Html {
    let app = use_app();
    let (class, label) = if app.syncing {
        ("syncing", SyncKey::SyncingNow)
    } else if app.online() {
        ("online", SyncKey::Online)
    } else {
        ("offline", SyncKey::Offline)
    };
    html! {
        <span class={classes!("chip", class)} data-testid="sync-status" data-state={class}
            role="status">
            <span class="dot" aria-hidden="true"></span>
            <span class="chip-label">{ app.t(label) }</span>
        </span>
    }
}

/// What the last sync did; one that sent and received nothing says so in words, not
/// as "gửi 0, nhận 0". A sync empties the outbox, so changes waiting now were made
/// after it: "không có gì mới" would then contradict the pending count beside it (a
/// meeting planned just after a sync showed both), and the line says nothing.
pub fn result_text(lang: Lang, r: &SyncReport, pending: u64) -> Option<String> {
    if r.pushed == 0 && r.pulled == 0 {
        return (pending == 0).then(|| SyncKey::SyncNothing.text(lang).to_string());
    }
    let (pushed, pulled) = (r.pushed.to_string(), r.pulled.to_string());
    Some(i18n::fill(
        SyncKey::SyncDone.text(lang),
        &[&pushed, &pulled],
    ))
}

#[function_component(SyncBar)]
pub fn sync_bar() -> Html {
    let app = use_app();
    let status = app.status.clone().unwrap_or_default();
    let when = match status.last_synced_ms {
        Some(ms) => app.tf(SyncKey::SyncedAt, &[&show_time(ms, local_offset_minutes())]),
        None => app.t(SyncKey::NeverSynced).to_string(),
    };
    let pending = match status.pending_changes {
        0 => app.t(SyncKey::NoPending).to_string(),
        n => app.tf(Key::PendingChanges, &[&n.to_string()]),
    };
    // A failed poll or a failed sync says why, in the replica's own words.
    let problem = match (&app.status_error, &app.last_sync) {
        (Some(e), _) => Some(e.message.clone()),
        (None, Some(Err(e))) => Some(app.tf(SyncKey::SyncFailed, &[&e.message])),
        _ => None,
    };
    let result = match &app.last_sync {
        Some(Ok(r)) if !app.syncing => result_text(app.lang, r, status.pending_changes),
        _ => None,
    };
    let progress = status
        .progress
        .filter(|_| app.syncing || status.progress.is_some());
    let onclick = {
        let d = app.dispatcher();
        Callback::from(move |_| effects::sync_now(d.clone(), false))
    };
    html! {
        <div class="syncbar" data-testid="sync-bar">
            <div class="syncbar-text">
                <span data-testid="sync-time">{ when }</span>
                <span class={classes!("pending", (status.pending_changes > 0).then_some("has"))}
                    data-testid="sync-pending">{ pending }</span>
                // Fades out after a few seconds (assets/shell.css); keyed on the sync's
                // time so each sync's line shows and fades anew, even with the same words.
                if let Some(r) = result {
                    <span class="sync-result" key={format!("{:?}", status.last_synced_ms)}
                        data-testid="sync-result">{ r }</span>
                }
            </div>
            <button type="button" class={classes!("btn", "btn-small", app.syncing.then_some("spinning"))}
                data-testid="sync-now" disabled={app.syncing} {onclick}
                title={app.t(SyncKey::SyncNow)} aria-label={app.t(SyncKey::SyncNow)}>
                { icon(Icon::Sync) }
                <span>{ app.t(SyncKey::SyncNow) }</span>
            </button>
            if let Some(p) = progress {
                <div class="sync-progress" data-testid="sync-progress">
                    <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
                        aria-valuenow={crate::devices::screens::enroll::percent(Some(p)).map(|v| v.to_string())}>
                        <div class={classes!("progress-bar", crate::devices::screens::enroll::percent(Some(p)).is_none().then_some("indeterminate"))}
                            style={crate::devices::screens::enroll::percent(Some(p)).map(|v| format!("width: {v}%"))}></div>
                    </div>
                    <span>{ app.tf(SyncKey::SyncProgress, &[&p.pulled.to_string(), &(p.pulled + p.remaining).to_string()]) }</span>
                </div>
            }
            if let Some(p) = problem {
                <p class="sync-error" role="alert" data-testid="sync-error">{ p }</p>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sync_that_moved_nothing_says_so_in_words() {
        let report = |pushed, pulled| SyncReport {
            pushed,
            pulled,
            ..SyncReport::default()
        };
        let nothing = result_text(Lang::Vi, &report(0, 0), 0).expect("a line");
        assert_eq!(nothing, "Đã đồng bộ, không có gì mới");
        assert!(!nothing.contains('0'));
        assert_eq!(
            result_text(Lang::Vi, &report(2, 0), 0).as_deref(),
            Some("Đã đồng bộ: gửi 2, nhận 0")
        );
    }

    /// Issue 23: after planning a meeting the bar said "6 thay đổi chờ gửi" and "Đã đồng
    /// bộ, không có gì mới" at once; the empty sync was before the meeting was made.
    #[test]
    fn nothing_new_is_not_said_while_changes_wait() {
        let empty = SyncReport::default();
        assert_eq!(result_text(Lang::Vi, &empty, 6), None);
        let moved = SyncReport {
            pushed: 2,
            ..SyncReport::default()
        };
        assert_eq!(
            result_text(Lang::Vi, &moved, 6).as_deref(),
            Some("Đã đồng bộ: gửi 2, nhận 0")
        );
    }
}
