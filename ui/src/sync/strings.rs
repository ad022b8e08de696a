//! The sync screens' strings (the sync bar, refused changes), Vietnamese and English
//! side by side.

crate::catalog! {
    /// One visible string of the sync screens.
    SyncKey {
        Online => "Trực tuyến", "Online";
        Offline => "Ngoại tuyến", "Offline";
        SyncingNow => "Đang đồng bộ…", "Syncing…";
        SyncedAt => "Đồng bộ lúc {}", "Synced at {}";
        NeverSynced => "Chưa đồng bộ lần nào", "Never synced";
        NoPending => "Không có thay đổi chờ gửi", "No changes waiting";
        SyncNow => "Đồng bộ ngay", "Sync now";
        SyncFailed => "Đồng bộ không thành công: {}", "Sync failed: {}";
        SyncNothing => "Đã đồng bộ, không có gì mới", "Synced, nothing new";
        SyncDone => "Đã đồng bộ: gửi {}, nhận {}", "Synced: sent {}, received {}";
        RejectedTitle => "Máy chủ đã từ chối một số thay đổi", "The server refused some changes";
        RejectedHint => "Các thay đổi này đã được hoàn tác trên máy.", "These changes were undone on this device.";
        Dismiss => "Đã hiểu", "Got it";
        SyncProgress => "Đang nhận dữ liệu: {} / {} bản ghi", "Receiving data: {} / {} records";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sync_string_has_both_languages_and_the_same_holes() {
        crate::i18n::check_catalog(SyncKey::ALL);
    }
}
