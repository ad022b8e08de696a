//! Meetings (issue 6) in the UI: the Sinh hoạt screens (`screens`), their Api calls
//! (`client`), the meeting form's rules (`form`) and the strings (`strings`).

pub mod client;
pub mod form;
pub mod screens;
pub mod strings;

thread_local! {
    /// A meeting another screen asked Sinh hoạt to open (Home's meeting card): read
    /// once when the page appears, so the tab opens on that meeting, not on the list.
    static OPEN_ON_ARRIVAL: std::cell::Cell<Option<sotay_model::ids::Id>> =
        const { std::cell::Cell::new(None) };
}

/// Ask Sinh hoạt to open meeting `id` when it next appears.
pub fn open_on_arrival(id: sotay_model::ids::Id) {
    OPEN_ON_ARRIVAL.with(|o| o.set(Some(id)));
}

/// The meeting to open on arrival, once.
pub(crate) fn take_open_on_arrival() -> Option<sotay_model::ids::Id> {
    OPEN_ON_ARRIVAL.with(|o| o.take())
}
