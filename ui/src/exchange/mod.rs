//! Information exchange (issue 16, trao đổi thông tin) in the UI: "Thông báo" (the
//! feed of announcements received, the committee's "Gửi thông báo", "Đã gửi" and who
//! has read it), comment threads (on an announcement, a document, a meeting), "Hỏi
//! đáp" (questions to a committee, its answers and the published questions and
//! answers) and "Góp ý dự thảo" (`screens`); the Api calls (`client`), the forms' and
//! threads' rules (`form`), the notices shown in a browser (`notices`; the apps show
//! them as OS notifications, src-tauri's reminders) and the strings (`strings`).

pub mod client;
pub mod form;
pub mod notices;
pub mod screens;
pub mod strings;

#[cfg(test)]
mod form_tests;

thread_local! {
    /// An announcement another screen asked Trao đổi to open (Home's card, a notice):
    /// read once when the page appears, so it opens on that announcement.
    static OPEN_ON_ARRIVAL: std::cell::Cell<Option<sotay_model::ids::Id>> =
        const { std::cell::Cell::new(None) };
}

/// Ask Trao đổi to open announcement `id` when it next appears.
pub fn open_on_arrival(id: sotay_model::ids::Id) {
    OPEN_ON_ARRIVAL.with(|o| o.set(Some(id)));
}

/// The announcement to open on arrival, once.
pub(crate) fn take_open_on_arrival() -> Option<sotay_model::ids::Id> {
    OPEN_ON_ARRIVAL.with(|o| o.take())
}
