//! Tasks (issue 14, nhiệm vụ; báo cáo tiến độ) in the UI: the Nhiệm vụ screens
//! (`screens`), their Api calls (`client`), the forms' and lists' rules (`form`) and the
//! strings (`strings`). Files on a task and on its reports use the library's file list
//! and picker (`crate::library::screens::attachments`).

pub mod client;
pub mod form;
pub mod screens;
pub mod strings;

thread_local! {
    /// A task another screen asked Nhiệm vụ to open (Home's card): read once when the
    /// page appears, so the tab opens on that task, not on the list.
    static OPEN_ON_ARRIVAL: std::cell::Cell<Option<sotay_model::ids::Id>> =
        const { std::cell::Cell::new(None) };
}

/// Ask Nhiệm vụ to open task `id` when it next appears.
pub fn open_on_arrival(id: sotay_model::ids::Id) {
    OPEN_ON_ARRIVAL.with(|o| o.set(Some(id)));
}

/// The task to open on arrival, once.
pub(crate) fn take_open_on_arrival() -> Option<sotay_model::ids::Id> {
    OPEN_ON_ARRIVAL.with(|o| o.take())
}
